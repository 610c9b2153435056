"""The best hits of a disjunction of terms, scored in bulk (issue #17: a prefix as fast as on a
plain Whoosh index).

A query word is looked up in ten fields (a title and a body per language analyser), so a prefix
or a misspelling stands for an ``Or`` of terms over those fields: ``elect*`` is nine terms in
four fields. Whoosh's collector walks such a query through a tree of union matchers, document
by document, a dozen method calls per document and level: 80% of the search. Here each term's
postings are read a block at a time (document ids and weights, never the positions) and scored
with the same BM25F formula, and the per-term scores are added in the grouping of the very
tree Whoosh built for the query (``Or``'s weighted tree), so every document gets the same float
score as from Whoosh's matchers. The hits are the same too: the ``limit`` best by score, then by
document number (Whoosh's collector keeps the lower number on a tie). A matcher this module does
not know is asked for its documents and scores one by one, as Whoosh's collector would.
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Callable

from .querycost import Superseded

STOP_EVERY_BLOCKS = 16  # posting blocks read between two questions to ``stop``


def is_disjunction(query) -> bool:
    """Whether ``query`` is terms joined by ``Or`` only (what a word, a prefix or a fuzzy word
    over the language fields becomes once ``querycost.bound_query`` has expanded it)."""
    from whoosh import query as q

    if query is q.NullQuery or type(query) is q.Term:
        return True
    if type(query) is q.Or and not query.minmatch and query.scale is None:
        return all(is_disjunction(sub) for sub in query.subqueries)
    return False


def top_docs(
    searcher,
    query,
    limit: int,
    allow: set[int] | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[tuple[float, int]]:
    """The ``limit`` best (score, document number) pairs of ``query`` (a disjunction:
    ``is_disjunction``), best first, ties by lower document number, as Whoosh's top collector
    orders them; only documents in ``allow`` when it is given (a filter's documents)."""
    context = searcher.context()
    found: list[tuple[float, int]] = []
    ask = _Asker(stop)
    for subsearcher, offset in searcher.leaf_searchers():
        ask()
        scores = _scores(query.matcher(subsearcher, context), subsearcher.reader(), ask)
        if allow is not None:
            scores = {d: s for d, s in scores.items() if offset + d in allow}
        if len(scores) > limit:  # only the documents scored at least the limit-th best
            floor = heapq.nlargest(limit, scores.values())[-1]
            found += [(s, offset + d) for d, s in scores.items() if s >= floor]
        else:
            found += [(s, offset + d) for d, s in scores.items()]
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    return found[:limit]


class _Asker:
    """Asks ``stop`` before each segment and every ``STOP_EVERY_BLOCKS`` posting blocks."""

    def __init__(self, stop: Callable[[], bool] | None):
        self.stop = stop
        self.blocks = 0

    def __call__(self, block: bool = False) -> None:
        if self.stop is None:
            return
        if block:
            self.blocks += 1
            if self.blocks % STOP_EVERY_BLOCKS:
                return
        if self.stop():
            raise Superseded


def _scores(matcher, reader, ask: _Asker) -> dict[int, float]:
    """Each matched document's score (segment document number → score), added up in the
    grouping of ``matcher``'s tree."""
    from whoosh.matching import NullMatcherClass, UnionMatcher, WrappingMatcher
    from whoosh.matching.wrappers import FilterMatcher

    kind = type(matcher)
    if kind is UnionMatcher:
        # UnionMatcher.score(): a.score() + b.score() where both match (addition commutes,
        # so the smaller dictionary is added into the larger)
        left, right = _scores(matcher.a, reader, ask), _scores(matcher.b, reader, ask)
        if len(left) < len(right):
            left, right = right, left
        get = left.get
        for docnum, score in right.items():
            other = get(docnum)
            left[docnum] = score if other is None else other + score
        return left
    if kind is NullMatcherClass:
        return {}
    if kind is FilterMatcher:
        scores = _scores(matcher.child, reader, ask)
        ids, exclude = matcher._ids, matcher._exclude
        kept = {d: s for d, s in scores.items() if (d in ids) != exclude}
        if matcher.boost != 1.0:
            kept = {d: s * matcher.boost for d, s in kept.items()}
        return kept
    if kind is WrappingMatcher:
        boost = matcher.boost
        return {d: s * boost for d, s in _scores(matcher.child, reader, ask).items()}
    leaf = _leaf_scores(matcher, reader, ask)
    if leaf is not None:
        return leaf
    # any other matcher: its own documents and scores, one by one
    scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores


def _leaf_scores(matcher, reader, ask: _Asker) -> dict[int, float] | None:
    """A term's postings scored by BM25F a block at a time, or None when the matcher or its
    scorer is not the kind this reads (then it is read one posting at a time)."""
    from whoosh.scoring import BM25FScorer

    from .codec import CompactLeafMatcher

    if type(matcher) is not CompactLeafMatcher or type(matcher.scorer) is not BM25FScorer:
        return None
    scorer = matcher.scorer
    norms = _norms(reader, matcher.term()[0], scorer)
    if norms is None:
        return None
    # whoosh.scoring.bm25, in its order of operations (the same floats), the part that
    # depends on the document's length alone from ``_norms``:
    # idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
    idf, k1_plus_1 = scorer.idf, scorer.K1 + 1
    scores: dict[int, float] = {}
    for ids, weights in matcher.blocks():
        ask(block=True)
        block = [
            idf * ((tf * k1_plus_1) / (tf + norms[d])) for d, tf in zip(ids, weights, strict=True)
        ]
        scores.update(zip(ids, block, strict=True))
    return scores


_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # reader → {key: norms}


def _norms(reader, fieldname: str, scorer) -> list | None:
    """``K1 * ((1 - B) + B * fl / avgfl)`` for each document of a segment, where ``fl`` is its
    length in ``fieldname`` as the scorer's ``dfl`` reads it (Whoosh: the length byte's value,
    None for a byte of 0, 1 for a field without lengths): one read of the length column, kept
    while the reader lives. A length is one of 256 values, so the norms are too. None when the
    reader is not a segment's (the scorer is then asked document by document)."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    b, k1, avgfl = scorer.B, scorer.K1, scorer.avgfl
    key = (fieldname, avgfl, b, k1)
    known = _NORMS.setdefault(reader, {})
    norms = known.get(key)
    if norms is not None:
        return norms
    count = reader.doc_count_all()
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        norms = [k1 * ((1 - b) + b * 1 / avgfl)] * count
    else:
        by_byte = [None] + [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) for n in range(1, 256)]
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored) if stored else b""
        norms = [by_byte[n] for n in raw] + [None] * (count - stored)
    known[key] = norms
    return norms
