"""Sentence and clause boundaries inside a paragraph, for scoping what a figure is about."""

from __future__ import annotations

import bisect
import re

# not the last dot of an abbreviation with dots inside ('5:00 p.m. GMT', 'the U.S. Geological'),
# nor an initial or a title's capital ('M. Abdelmadjid Tebboune', 'J. Smith')
_SENTENCE_BREAK = re.compile(
    r"(?<!\.[A-Za-z])(?<![\s(][A-Z])[.!?؟…]+[\"'»”)]*(?=\s|$)|(?<=\s)\d{1,2}(?=\s{2,})|\n"
)
# a '"' between Hebrew letters is a gershayim inside a word ('רע"ם', 'ש"ס'), not a quote
_CLAUSE_BREAK = re.compile(
    r"[;:،؛()«»“”\[\]]|(?<![\u05d0-\u05ea])\"|\"(?![\u05d0-\u05ea])|,(?=\s)|\s[–—-]\s"
)
_BARE_NUMBER = re.compile(r"\(\d[\d.,]*\)")


class Boundaries:
    """Break offsets of a text span; ``scope(offset)`` gives the (start, end) holding an offset."""

    def __init__(self, breaks: list[int]):
        self.breaks = breaks

    @classmethod
    def sentences_and_clauses(
        cls, text: str, start: int, end: int
    ) -> tuple[Boundaries, Boundaries]:
        sentence = {start, end}
        for match in _SENTENCE_BREAK.finditer(text, start, end):
            sentence.update(match.span())
        clause = set(sentence)
        bare = {  # '(245) مقعدا': brackets around a number alone break no clause
            offset
            for match in _BARE_NUMBER.finditer(text, start, end)
            for offset in (match.start(), match.end() - 1)
        }
        for match in _CLAUSE_BREAK.finditer(text, start, end):
            if match.start() not in bare:
                clause.update(match.span())
        return cls(sorted(sentence)), cls(sorted(clause))

    def scope(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.breaks, offset)
        return self.breaks[max(0, i - 1)], self.breaks[min(i, len(self.breaks) - 1)]

    def same(self, a: int, b: int) -> bool:
        return self.scope(a) == self.scope(b)
