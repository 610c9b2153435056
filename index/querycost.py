"""Bounding what one query may cost: fuzzy edit distance, and how many index terms wildcards,
prefixes, ranges and fuzzy terms may expand to (and for how long), each cut said in a note.

Whoosh expands a multi-term query over the whole term dictionary of every field, with no limit:
``valorisation~4`` or ``*a*`` took tens of seconds on 3,000 articles. A query is rewritten here into
plain terms, at most ``MAX_EXPANDED_TERMS`` of them in all, so that searching it is bounded too.
"""

from __future__ import annotations

import re
import time

MAX_FUZZY_DISTANCE = 2  # as Lucene: past 2 edits almost every short word matches
FUZZY_PREFIX = 1  # a fuzzy word keeps its first letter: a far smaller search of the dictionary
MAX_EXPANDED_TERMS = 400  # index terms that all the wildcards of one query may stand for
EXPANSION_SECONDS = 0.3  # time to look for them in the term dictionary


class Superseded(Exception):
    """A newer query took this one's place (a ``stop`` callable said so): it has no answer."""


class _Budget:
    def __init__(self, stop=None) -> None:
        self.terms = MAX_EXPANDED_TERMS
        self.deadline = time.monotonic() + EXPANSION_SECONDS
        self.notes: list[str] = []
        self.stop = stop

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def out_of_time(self) -> bool:
        if self.stop is not None and self.stop():
            raise Superseded
        return time.monotonic() > self.deadline


def _pattern_terms(query, reader, budget: _Budget):
    """The index terms a wildcard or regex matches, looked up with an eye on the clock."""
    field = reader.schema[query.fieldname]
    pattern = re.compile(query._get_pattern())
    prefix = query._find_prefix(query.text)
    if prefix:
        candidates = reader.expand_prefix(query.fieldname, prefix)
    else:
        candidates = reader.lexicon(query.fieldname)
    for count, btext in enumerate(candidates):
        if count % 512 == 0 and budget.out_of_time():
            budget.note(_too_long(query))
            return
        if pattern.match(field.from_bytes(btext)):
            yield btext


def _fuzzy_words(node, reader, automata: dict):
    """The words of a fuzzy term's field within its distance: Whoosh's own search (a
    Levenshtein automaton stepped through the field's sorted words, ``SegmentReader.
    terms_within``) with each automaton made once per query, not once per field (a word is
    looked for in ten fields, with two or three texts among them: 1.4 ms of automata)."""
    from whoosh.reading import SegmentReader

    if type(reader).terms_within is not SegmentReader.terms_within:
        return node._btexts(reader)  # (an index of several segments: Whoosh merges them)
    auto = reader._codec.automata(reader._storage, reader._segment)
    key = (node.text, node.maxdist, node.prefixlength)
    if key not in automata:
        automata[key] = auto.levenshtein_dfa(*key)
    field = reader.schema[node.fieldname]
    return auto.find_matches(automata[key], reader.cursor(field.spelling_fieldname(node.fieldname)))


_LONG_FUZZY = re.compile(r"~(\d{2,})")


def cap_fuzzy_digits(text: str) -> tuple[str, list[str]]:
    """Whoosh's parser reads one digit after ``~``: ``word~10`` would be ``word~1`` AND ``0``.
    Any distance of two digits or more is capped here, with a note."""
    notes = [
        f"fuzzy search allows at most {MAX_FUZZY_DISTANCE} edits (asked {m.group(1)})"
        for m in _LONG_FUZZY.finditer(text)
    ]
    return _LONG_FUZZY.sub(f"~{MAX_FUZZY_DISTANCE}", text), notes


def _label(node) -> str:
    text = getattr(node, "text", None)
    return text if text is not None else f"[{node.start} TO {node.end}]"


def _too_long(node) -> str:
    return (
        f"'{_label(node)}' took too long to look up; only the words found in "
        f"{EXPANSION_SECONDS:g} s are searched"
    )


def bound_query(query, reader, stop=None):
    """``query`` with every multi-term part replaced by the index terms it stands for (within
    the limits), and the notes that say what was cut; ``Superseded`` when ``stop()`` becomes
    true while the terms are looked up."""
    from whoosh import query as q

    budget = _Budget(stop)
    automata = {}  # (text, distance, prefix) → its Levenshtein automaton

    def visit(node):
        if isinstance(node, q.Every):
            return q.Every()  # every document: cheaper than every term of a field
        if isinstance(node, q.FuzzyTerm) and node.maxdist > MAX_FUZZY_DISTANCE:
            budget.note(
                f"fuzzy search allows at most {MAX_FUZZY_DISTANCE} edits (asked {node.maxdist})"
            )
            node = node.copy()
            node.maxdist = MAX_FUZZY_DISTANCE
        if isinstance(node, q.FuzzyTerm) and node.prefixlength < FUZZY_PREFIX:
            node = node.copy()
            node.prefixlength = FUZZY_PREFIX
        if isinstance(node, q.MultiTerm):
            return _expand(node)
        return node.apply(visit)

    def _expand(node):
        if isinstance(node, (q.Wildcard, q.Regex)):
            candidates = _pattern_terms(node, reader, budget)
        elif type(node) is q.FuzzyTerm:
            candidates = _fuzzy_words(node, reader, automata)
        else:
            candidates = node._btexts(reader)
        terms = []
        for btext in candidates:
            if budget.out_of_time():
                budget.note(_too_long(node))
                break
            if budget.terms <= 0:
                budget.note(
                    f"'{_label(node)}' matches too many words; "
                    f"only the first {MAX_EXPANDED_TERMS} words of the query's wildcards "
                    "are searched"
                )
                break
            budget.terms -= 1
            text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            terms.append(q.Term(node.fieldname, text, boost=node.boost))
        if not terms:
            return q.NullQuery
        return terms[0] if len(terms) == 1 else q.Or(terms)

    bounded = visit(query)
    return bounded, budget.notes
