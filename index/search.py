"""Full-text search over the Whoosh index, with hits located in the article text."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .querycost import Superseded
from .schema import BRIEF, body_field, search_fields, title_field

__all__ = ["Hit", "Hits", "QueryError", "Searcher", "Superseded"]

SNIPPET_CHARS = 220
MAX_SPANS = 2000
MAX_SCAN_CHARS = 1_000_000


class QueryError(ValueError):
    """The query could not be understood; the message says why in one line."""


@dataclass
class Hit:
    path: str
    title: str
    lang: str
    score: float
    snippet: str
    snippet_highlights: list[tuple[int, int]]
    spans: list[tuple[int, int]] = field(default_factory=list)
    outlet: str = ""  # the source by name (sources.py)
    published: str = ""

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "lang": self.lang,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            # where the query's terms are in the snippet: [start, end) offsets into it
            "highlights": [[start, end] for start, end in self.snippet_highlights],
            "outlet": self.outlet,
            "published": self.published,
        }


class Hits(list):
    """Search hits, with the notes that say what the query's cost limits cut and the index
    terms the query matched (to locate them in an article later)."""

    def __init__(
        self, hits=(), notes: list[str] | None = None, terms: set[tuple[str, str]] | None = None
    ):
        super().__init__(hits)
        self.notes = notes or []
        self.terms = terms or set()

    def spans_in(self, fields: dict) -> list[tuple[int, int]]:
        """Where the query's terms are in one stored article."""
        return locate_terms(fields, self.terms)


class Searcher:
    """A long-lived searcher over one index; safe to call from one worker thread at a time."""

    def __init__(self, index_dir: Path):
        from .store import fresh_searcher

        self._index_dir = index_dir
        self._fresh = fresh_searcher
        self._searcher = fresh_searcher(index_dir)
        self._lock = threading.Lock()
        self._parser = _make_parser(self._searcher.schema)
        self._column: tuple | None = None  # (searcher, its brief column reader)
        self._languages: tuple = (None, {})  # (searcher, {language: its documents})

    def _brief_column(self):
        """The brief column's reader, opened once per searcher: opening it reads an offset
        for every document (3 ms at 10,000 articles, each query)."""
        if self._column is None or self._column[0] is not self._searcher:
            self._column = (self._searcher, self._searcher.reader().column_reader(BRIEF))
        return self._column[1]

    def close(self) -> None:
        self._searcher.close()

    def knows(self, word: str) -> bool:
        """Whether some article has ``word`` as a word (in any language's title or body, as
        that language's analyser reads it): the app's typing looks for words that start with
        the last word only when it is no word yet (``tui.app.as_you_type``)."""
        from .analysis import analyse_word
        from .langdetect import LANGS

        with self._lock:
            self._searcher = self._fresh(self._index_dir, self._searcher)
            reader = self._searcher.reader()
            for lang in LANGS:
                term = analyse_word(word, lang)
                if term and any((f, term) in reader for f in (title_field(lang), body_field(lang))):
                    return True
        return False

    def parse(self, text: str):
        text = text.strip()
        if not text:
            raise QueryError("empty query")
        if len(text) > 2000:
            raise QueryError("query too long (over 2000 characters)")
        cleaned = drop_stop_words("".join(ch if ch.isprintable() else " " for ch in text))
        word = _bare_word(cleaned, self._searcher.schema)
        if word is not None:
            return word
        try:
            return self._parser.parse(cleaned)
        except Exception as err:  # Whoosh raises many kinds of errors for odd syntax
            raise QueryError(f"cannot parse query: {err}") from None

    def search(
        self,
        text: str,
        lang: str | None = None,
        limit: int = 10,
        details: bool = True,
        stop: Callable[[], bool] | None = None,
    ) -> Hits:
        """The best ``limit`` hits. With ``details``, each with its snippet and the spans of
        the query's terms in its text; without, only path, title and language (the app's list
        needs no more, and locates terms in the one article it opens).

        ``stop``: asked before the search starts and as it goes (terms looked up, documents
        matched); once it says True the search ends with ``Superseded`` (the app's typing: a
        query that a newer one replaced is not worth finishing)."""
        from .codec import lookups_remembered
        from .querycost import bound_query, cap_fuzzy_digits

        text, notes = cap_fuzzy_digits(text)
        query = self.parse(text)
        with self._lock:
            if stop is not None and stop():
                raise Superseded
            self._searcher = self._fresh(self._index_dir, self._searcher)
            with lookups_remembered(self._searcher):
                query, more_notes = bound_query(query, self._searcher.reader(), stop)
                notes += [note for note in more_notes if note not in notes]
                allow = self._language_docs(lang) if lang else None
                try:
                    results = self._top(query, max(1, limit), allow, stop)
                except Superseded:
                    raise
                except Exception as err:
                    raise QueryError(f"cannot run query: {err}") from None
                terms = _query_terms(query, self._searcher.reader())
            if not details:
                column = self._brief_column()
                return Hits((_brief(hit, column[hit.docnum]) for hit in results), notes, terms)
            return Hits((self._hit(hit, terms) for hit in results), notes, terms)

    def _top(self, query, limit: int, allow: set[int] | None, stop):
        """The ``limit`` best hits of ``query``: a disjunction of terms (a word, a prefix, a
        misspelling over the language fields) scored in bulk (``disjunction.top_docs``: the
        same scores and order as Whoosh's collector), any other query by Whoosh's collector."""
        from whoosh.searching import Results

        from .disjunction import is_disjunction, top_docs

        searcher = self._searcher
        if is_disjunction(query):
            return Results(searcher, query, top_docs(searcher, query, limit, allow, stop))
        collector = searcher.collector(limit=limit, filter=allow)
        if stop is not None:
            collector = _stoppable(collector, stop)
        searcher.search_with_collector(query, collector)
        return collector.results()

    def _language_docs(self, lang: str) -> set[int]:
        """The documents of one language (the ``lang`` filter), found once per searcher: a
        filter query read every one of them again for each search (17,000 at 50,000 articles);
        never changed once made."""
        from whoosh.query import Term

        if self._languages[0] is not self._searcher:
            self._languages = (self._searcher, {})
        known = self._languages[1]
        if lang not in known:
            known[lang] = set(self._searcher.docs_for_query(Term("lang", lang)))
        return known[lang]

    def _hit(self, hit, terms: set[tuple[str, str]]) -> Hit:
        fields = hit.fields()
        outlet, published = _source_of(fields)
        spans = locate_terms(fields, terms)
        snippet, highlights = make_snippet(fields["text"], spans, fields["body_start"])
        return Hit(
            path=fields["path"],
            title=fields["title"],
            lang=fields["lang"],
            score=hit.score,
            snippet=snippet,
            snippet_highlights=highlights,
            spans=spans,
            outlet=outlet,
            published=published,
        )


STOP_EVERY = 256  # matched documents between two questions to ``stop``


def _stoppable(collector, stop: Callable[[], bool]):
    """``collector`` collecting as Whoosh's own loop does (``Collector.collect_matches``),
    asking ``stop`` every ``STOP_EVERY`` documents and raising ``Superseded`` when it says so."""
    from whoosh.collectors import WrappingCollector

    class Stoppable(WrappingCollector):
        def collect_matches(self) -> None:
            child = self.child
            for count, sub_docnum in enumerate(child.matches()):
                if count % STOP_EVERY == 0 and stop():
                    raise Superseded
                child.collect(sub_docnum)

    return Stoppable(collector)


def _source_of(stored) -> tuple[str, str]:
    """A hit's source by name (``sources.outlet``) and date, from its stored fields."""
    from .sources import outlet

    return outlet(stored.get("source", ""), stored["path"]), stored.get("date", "")


def _brief(hit, brief: tuple) -> Hit:
    """A hit without snippet or spans (the app's list needs no more), from the index's brief
    column: its stored text is not read."""
    from .sources import outlet

    path, title, lang, source, date = brief
    return Hit(
        path,
        title,
        lang,
        hit.score,
        "",
        [],
        outlet=outlet(source, path),
        published=date,
    )


_QUERY_PIECE = re.compile(r'"[^"]*"|\S+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def drop_stop_words(query: str) -> str:
    """The query without the bare words that any language's analyser drops ('de', 'of',
    'في'): each word is searched in every language's fields, and a word that one analyser
    drops would be required, and missing, in the others, so 'milliards de dollars' found
    nothing. Quoted phrases, operators and field:value terms stay; a query of stop words
    only stays as it is."""
    from .analysis import _stop_words

    stop = _stop_words("fr") | _stop_words("en") | _stop_words("ar")
    pieces = _QUERY_PIECE.findall(query)
    kept = [
        p
        for p in pieces  # only bare words: '[a TO z]', 'x*', 'lang:fr' stay whole
        if not p.isalpha() or p in _OPERATORS or p.casefold() not in stop
    ]
    if not kept or all(p in _OPERATORS for p in kept):
        return query
    return " ".join(kept)


def _bare_word(text: str, schema):
    """A query of one bare word (letters and digits only: no syntax of Whoosh's can be in it)
    as Whoosh's parser makes it, each field's term from that field's analyser (stop words
    left out), without the parser's machinery (0.28 of a rare word's 1.1 ms); None for any
    other query, or a word an analyser splits."""
    from whoosh import query as q

    if not text.isalnum() or text in _OPERATORS:
        return None
    terms = []
    for name in search_fields():
        texts = list(schema[name].process_text(text, mode="query"))
        if len(texts) > 1:
            return None
        if texts:
            terms.append(q.Term(name, texts[0]))
    if not terms:
        return q.NullQuery
    return terms[0] if len(terms) == 1 else q.Or(terms)


def _make_parser(schema):
    from whoosh import qparser

    parser = qparser.MultifieldParser(search_fields(), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def _query_terms(query, reader) -> set[tuple[str, str]]:
    terms = set()
    for fieldname, text in query.existing_terms(reader, expand=True):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        terms.add((fieldname, text))
    for fieldname, text in query.all_terms():
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        terms.add((fieldname, text))
    return terms


def locate_terms(
    fields: dict, terms: set[tuple[str, str]], limit: int = MAX_SPANS
) -> list[tuple[int, int]]:
    """Character spans of the query's terms in an article, paragraph by paragraph: at most
    ``limit`` of them, from its first ``MAX_SCAN_CHARS`` characters (a 4 MB article is found
    by the index; only its beginning is searched for highlights)."""
    from .analysis import TOKEN_RE, analyse_word

    text = fields["text"]
    spans: list[tuple[int, int]] = []
    wanted_title = {t for f, t in terms if f == title_field(fields["lang"])}
    by_field: dict[str, set[str]] = {}
    for fieldname, term in terms:
        by_field.setdefault(fieldname, set()).add(term)
    for start, end, lang in fields["paragraphs"]:
        if start > MAX_SCAN_CHARS or len(spans) >= limit:
            break
        wanted = by_field.get(body_field(lang), set())
        if start < fields["body_start"]:
            wanted = wanted | wanted_title
        if not wanted:
            continue
        # the analyser's own steps (``language_analyzer``: this pattern, then analyse_word),
        # without its token objects: each word is a cached lookup
        for found in TOKEN_RE.finditer(text, start, end):
            if analyse_word(found.group(), lang) in wanted:
                spans.append(found.span())
    return spans[:limit]


def _densest_start(spans: list[tuple[int, int]]) -> int:
    """Start of the span opening the window of SNIPPET_CHARS with the most spans (one pass)."""
    best, best_count, right = spans[0][0], 0, 0
    for left, (start, _) in enumerate(spans):
        while right < len(spans) and spans[right][0] - start < SNIPPET_CHARS:
            right += 1
        if right - left > best_count:
            best, best_count = start, right - left
    return best


def make_snippet(
    text: str, spans: list[tuple[int, int]], body_start: int
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line excerpt around the densest run of hits, with the hit offsets inside it."""
    from .sanitize import sanitize_inline

    if spans:
        begin = max(0, _densest_start(spans) - SNIPPET_CHARS // 3)
    else:
        begin = body_start
    limit = max(0, begin - 30)
    while begin > limit and not text[begin - 1].isspace():
        begin -= 1
    end = min(len(text), begin + SNIPPET_CHARS)
    while end < len(text) and not text[end].isspace() and end - begin < SNIPPET_CHARS + 30:
        end += 1
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - begin
    highlights = [(s + shift, e + shift) for s, e in spans if s >= begin and e <= end]
    return prefix + sanitize_inline(text[begin:end]) + suffix, highlights
