"""Sentence and clause boundaries inside a paragraph, for scoping what a figure is about."""

from __future__ import annotations

import bisect
import re

_SENTENCE_BREAK = re.compile(r"[.!?؟…]+[\"'»”)]*(?=\s|$)|(?<=\s)\d{1,2}(?=\s{2,})|\n")
_CLAUSE_BREAK = re.compile(r"[;:،؛()«»“”\"\[\]]|,(?=\s)|\s[–—-]\s")


class Boundaries:
    """Break offsets of a text span; ``scope(offset)`` gives the (start, end) holding an offset."""

    def __init__(self, text: str, start: int, end: int, clauses: bool):
        breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text, start, end)]
        breaks += [m.end() for m in _SENTENCE_BREAK.finditer(text, start, end)]
        if clauses:
            breaks += [m.start() for m in _CLAUSE_BREAK.finditer(text, start, end)]
            breaks += [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)]
        self.breaks = sorted({start, end, *breaks})

    def scope(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.breaks, offset)
        return self.breaks[max(0, i - 1)], self.breaks[min(i, len(self.breaks) - 1)]

    def same(self, a: int, b: int) -> bool:
        return self.scope(a) == self.scope(b)
