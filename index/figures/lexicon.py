"""Tokens with their normalised forms, and phrase tables built from the data files.

A token has several *forms* it may match under: its normalised spelling, the same without an
elided article (d'utilisateurs → utilisateurs) or an Arabic proclitic (لقيمة → قيمة), and its
stem. Phrases from the data files are matched form by form, so the grammar reads knowledge
without knowing any particular word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

from ..analysis import _MARKS, analyse_word, normalize_arabic
from ..datafiles import json_data, word_list
from ..langdetect import script_of

_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_INVISIBLE = "[\u200b-\u200d\u2060\ufeff\u00ad]"
_INVISIBLE_RE = re.compile(_INVISIBLE)
_D = f"(?:{_INVISIBLE}*{_DIGIT})"
# '3ر6' (6.3), '4ر75' (75.4): a decimal some Arabic agencies write with the letter ra, the
# fraction first in the text's order (``numbers.parse_number``)
ARABIC_RA_DECIMAL = "\u0631"
NUMBER_PATTERN = (
    rf"{_D}+{ARABIC_RA_DECIMAL}{_D}+(?![^\W\d_])"
    rf"|{_D}{{1,3}}(?:[ \u00a0\u202f,.\u066c]{_D}{{3}})+(?![0-9\u0660-\u0669])(?:[.,\u066b]{_D}+)?"
    rf"|{_D}+(?:[.,\u066b]{_D}+)?"
)
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
# the same tokens, found faster: a number is tried only where a digit (or an invisible) starts,
# and a word's letters are never given back (nothing after them can fail)
_NUMBER_START = f"(?=[{_INVISIBLE[1:-1]}{_DIGIT[1:-1]}])"
_TOKEN = re.compile(
    rf"(?P<num>{_NUMBER_START}(?:{NUMBER_PATTERN}))"
    rf"|(?P<word>{_LETTER}++(?:['’]{_LETTER}++)*+['’]?)|(?P<sym>[$€£%٪\-–])"
)


@dataclass(slots=True)
class Token:
    start: int
    end: int
    raw: str
    kind: str  # "num", "word" or "sym"
    forms: frozenset[str] = field(default_factory=frozenset)
    elided: str = ""
    lang: str = "fr"

    @property
    def norm(self) -> str:
        return normalize(self.raw)

    @property
    def stems(self) -> frozenset[str]:
        """Forms as the search index analyses them (only attribute matching needs them)."""
        return _stems(self.forms, self.lang) if self.kind == "word" else frozenset()


@lru_cache(maxsize=131_072)
def _stems(forms: frozenset[str], lang: str) -> frozenset[str]:
    return frozenset(s for s in (analyse_word(form, lang) for form in forms) if s)


@lru_cache(maxsize=262_144)
def normalize(word: str) -> str:
    """Case-folded, ’ as ', Arabic without harakat/tatweel and with one alef form (cached:
    a corpus repeats its words, and every token's ``norm`` asks)."""
    word = _INVISIBLE_RE.sub("", word).replace("’", "'")
    if any(script_of(ch) == "arabic" for ch in word[:2]):
        return normalize_arabic(word)
    return word.casefold()


@cache
def proclitics() -> tuple[str, ...]:
    return tuple(normalize(p) for p in json_data("grammar.json")["proclitics"])


@lru_cache(maxsize=131_072)
def word_forms(raw: str) -> tuple[frozenset[str], str]:
    """The spellings a word may match under, and the elided article it carried ('' if none)."""
    norm = normalize(raw)
    forms = {norm}
    elided = ""
    if "'" in norm and script_of(norm[0]) == "arabic":  # 'و’إكس': a quote inside, not an elision
        norm = norm.replace("'", "")
        forms.add(norm)
    if "'" in norm:
        head, _, tail = norm.partition("'")
        if tail and head in word_list("elisions_fr.txt"):
            forms.add(tail)
            elided = head + "'"
        elif tail == "s" and len(head) > 1:
            forms.add(head)  # the possessive: "Turkey's", "Syria’s health ministry"
    elif norm.endswith("s'") and len(norm) > 3:
        forms.add(norm[:-1])  # "the Warriors' payroll"
    elif norm[:1] in proclitics() and len(norm) > 2 and script_of(norm[0]) == "arabic":
        forms.add(norm[1:])
        if norm.startswith("ال") and len(norm) > 3:
            forms.add(norm[2:])
        if norm[1:].startswith("ال") and len(norm) > 4:
            forms.add(norm[3:])
        if norm[1:].startswith("ل") and len(norm) > 4 and norm[0] == "ل":
            forms.add(norm[2:])  # للدولار: ل + (ا)ل + دولار
        elif norm[1:3] == "لل" and len(norm) > 5:
            forms.add(norm[3:])  # وللدولار
    elif norm.startswith("ال") and len(norm) > 3:
        forms.add(norm[2:])
    elif norm[:1] in hebrew_prefixes() and len(norm) > 3 and script_of(norm[0]) == "hebrew":
        forms.add(norm[1:])  # בטורקיה → טורקיה, והרוגים → הרוגים
        if norm[1:2] in hebrew_prefixes() and len(norm) > 4:
            forms.add(norm[2:])  # שבטורקיה, ובבית
    return frozenset(forms), elided


@cache
def hebrew_prefixes() -> frozenset[str]:
    return frozenset(json_data("grammar.json")["hebrew_prefixes"])


def tokenize(text: str, start: int = 0, end: int | None = None, lang: str = "fr") -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        kind = match.lastgroup or "sym"
        raw = match.group()
        if kind == "word":  # (each token made in one call: this runs on every word)
            forms, elided = word_forms(raw)
            token = Token(match.start(), match.end(), raw, kind, forms, elided, lang)
            if (
                len(tokens) >= 2
                and tokens[-1].raw == "-"
                and tokens[-2].kind == "num"
                and tokens[-2].end == tokens[-1].start
                and tokens[-1].end == token.start
            ):
                tokens.pop()  # '6.3-magnitude', '120-seat': a number and its unit, one compound
        elif kind == "num":
            lead = len(raw) - len(raw.lstrip("\u200b\u200c\u200d\u2060\ufeff\u00ad"))
            token = Token(match.start() + lead, match.end(), raw[lead:], kind, frozenset())
        else:
            token = Token(match.start(), match.end(), raw, kind, frozenset({raw}))
        append(token)
    return tokens


class PhraseTable:
    """Phrases (sequences of words) mapped to payloads, matched against token forms or stems."""

    def __init__(self, use_stems: bool = False):
        self.use_stems = use_stems
        self.by_first: dict[str, list[tuple[tuple[str, ...], Any]]] = {}

    def add(self, words: tuple[str, ...], payload: Any) -> None:
        if words:
            self.by_first.setdefault(words[0], []).append((words, payload))
            self.by_first[words[0]].sort(key=lambda item: -len(item[0]))
            self.__dict__.pop("first_words", None)  # a table may grow after being read
            self.__dict__.pop("last_words", None)

    @cached_property
    def first_words(self) -> frozenset[str]:
        """Words a phrase can start with."""
        return frozenset(self.by_first)

    @cached_property
    def last_words(self) -> frozenset[str]:
        """Words a phrase can end with."""
        return frozenset(words[-1] for phrases in self.by_first.values() for words, _ in phrases)

    def _keys(self, token: Token) -> frozenset[str]:
        return token.stems if self.use_stems else token.forms

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, Any] | None:
        """The longest phrase starting at token i: (number of tokens, payload); between a
        word's forms, the longer one first ('הקולות' before 'קולות'), so the answer never
        depends on set order. Stem tables step over stop words, as the search index does."""
        if i >= len(tokens):
            return None
        keys = self._keys(tokens[i])
        if keys.isdisjoint(self.first_words):
            return None
        best: tuple[int, Any] | None = None
        hits = keys & self.first_words
        for key in hits if len(hits) == 1 else sorted(hits, key=lambda key: (-len(key), key)):
            for words, payload in self.by_first[key]:
                k, matched = i + 1, 1
                while matched < len(words) and k < len(tokens):
                    following = self._keys(tokens[k])
                    if self.use_stems and not following and tokens[k].kind == "word":
                        k += 1
                        continue
                    if words[matched] not in following:
                        break
                    matched, k = matched + 1, k + 1
                if matched == len(words):
                    if best is None or k - i > best[0]:
                        best = (k - i, payload)
                    break  # phrases are longest first: this key's best
        return best

    def find_all(self, tokens: list[Token]) -> list[tuple[int, int, Any]]:
        """Every phrase in ``tokens``, longest first, not overlapping: (start character, end
        character, payload)."""
        disjoint = self.first_words.isdisjoint  # (tested on every token: the common case)
        starts = (
            [i for i, token in enumerate(tokens) if not disjoint(token.stems)]
            if self.use_stems
            else [i for i, token in enumerate(tokens) if not disjoint(token.forms)]
        )
        found = []
        after = 0  # the end of the last phrase found: the next one starts there or after
        for i in starts:
            if i < after:
                continue
            match = self.match_at(tokens, i)
            if match:
                n, payload = match
                found.append((tokens[i].start, tokens[i + n - 1].end, payload))
                after = i + n
        return found

    def match_ending_at(self, tokens: list[Token], j: int) -> tuple[int, Any] | None:
        """The longest phrase whose last token is tokens[j]."""
        if 0 <= j < len(tokens) and self._keys(tokens[j]).isdisjoint(self.last_words):
            return None  # no phrase ends with any of its forms
        best = None
        for i in range(max(0, j - 4), j + 1):
            found = self.match_at(tokens, i)
            if found and i + found[0] - 1 == j and (best is None or found[0] > best[0]):
                best = found
        return best


@cache
def listed_phrases(file: str, *keys: str) -> PhraseTable:
    """The phrases a data file lists under ``keys`` (``listed_phrases('scopes.json', 'regions',
    'events')``) as a table, each with the last key as its payload."""
    listed: Any = json_data(file)
    for key in keys:
        listed = listed[key]
    table = PhraseTable()
    for phrase in listed:
        table.add(phrase_words(phrase), keys[-1])
    return table


@cache
def grouped_phrases(file: str, *keys: str) -> PhraseTable:
    """The phrases a data file groups under ``keys`` (``{payload: [phrase, …]}``, '_doc' left
    out: ``grouped_phrases('grammar.json', 'blocs', 'sides')``) as a table, each with its
    group's name as its payload."""
    grouped: Any = json_data(file)
    for key in keys:
        grouped = grouped[key]
    table = PhraseTable()
    for payload, phrases in grouped.items():
        if payload != "_doc":
            for phrase in phrases:
                table.add(phrase_words(phrase) or (phrase,), payload)
    return table


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(phrase) if t.kind != "num")


def phrase_stems(phrase: str, lang: str) -> tuple[str, ...]:
    words = []
    for token in tokenize(phrase, lang=lang):
        stem = analyse_word(token.norm, lang) if token.kind == "word" else token.raw
        if stem:
            words.append(stem)
    return tuple(words)


@cache
def form_table(kind: str) -> PhraseTable:
    """Tables over normalised spellings: 'currency', 'percent', 'count', 'measure', 'scale',
    qualifiers 'qual_before'/'qual_after', 'range_from'/'range_to', 'change', time words,
    'links', 'of', 'part_of', 'one'."""
    table = PhraseTable()
    units = json_data("units.json")
    qualifiers = json_data("qualifiers.json")
    times = json_data("time_words.json")
    grammar = json_data("grammar.json")
    scales = json_data("scales.json")

    def add_all(words: list[str], payload: Any) -> None:
        for word in words:
            table.add(phrase_words(word) or (word,), payload)

    if kind == "currency":
        from .currencies import GENERIC, name_forms, nouns

        for phrase, code in name_forms().items():  # 'livres égyptiennes', 'الجنيه المصري'
            add_all([phrase], code)
        listed = {normalize(w): code for code, ws in units["currency"].items() for w in ws}
        for noun in nouns():  # 'livres', 'pounds': whose, the article's countries say
            add_all([noun], f"{GENERIC}{noun}|{listed.get(noun, '')}")
        for code, words in units["currency"].items():
            add_all([w for w in words if normalize(w) not in nouns()], code)
    elif kind == "percent":
        add_all(units["percent"], "%")
    elif kind == "count":
        for unit, spec in units["count"].items():
            add_all(spec["words"], unit)
    elif kind == "measure":
        for unit, words in units["measure"].items():
            add_all(words, unit)
    elif kind == "scale":
        for word, value in {**scales["words"], **scales["dual"]}.items():
            table.add(phrase_words(word), value)
    elif kind in ("qual_before", "qual_after"):
        side = kind.split("_")[1]
        for name, spec in qualifiers.items():
            if isinstance(spec, dict) and side in spec:
                add_all(spec[side], name)
    elif kind in ("range_from", "range_to"):
        add_all(qualifiers["range"][kind.split("_")[1]], kind)
    elif kind == "change":
        add_all(qualifiers["change_verbs"], "change")
    elif kind in (
        "now",
        "past",
        "relative_before",
        "relative_after",
        "year_before",
        "month_alone_after",
    ):
        add_all(times[kind], kind)
    elif kind == "months":
        for month, words in times["months"].items():
            add_all(words, int(month))
    elif kind == "relative":
        for shift, words in times["relative"].items():
            add_all(words, shift)
        add_all(times["earlier_report"], "days:-1")  # 'le précédent bilan': the day before
    elif kind in ("links", "of", "part_of", "others"):
        add_all(grammar[kind], kind)
    elif kind == "one":
        add_all(scales["one"], 1)
    else:
        raise KeyError(kind)
    return table


@cache
def language_scales(lang: str) -> dict[str, float]:
    by_language = json_data("scales.json")["by_language"]
    return {normalize(k): v for k, v in by_language.get(lang, by_language["other"]).items()}


@cache
def suffix_scales() -> dict[str, float]:
    return dict(json_data("scales.json")["suffix"])


@cache
def _measure_dimensions() -> dict[str, str]:
    spec = json_data("measures.json")["dimensions"]
    return {m: kind for kind, measures in spec.items() if kind != "_doc" for m in measures}


@cache
def unit_dimension(unit: str | None) -> str | None:
    """'money' (a currency), 'count' (a counted noun), a physical dimension ('length' for km,
    'magnitude' for a magnitude scale: ``units.json`` 'dimensions'), or None (no unit, a
    percentage, a duration: any measure)."""
    from .currencies import codes, is_generic

    units = json_data("units.json")
    if unit in units["currency"] or unit in codes() or is_generic(unit):
        return "money"
    if unit in units["count"]:
        return "count"
    return next(
        (kind for kind, names in units["dimensions"].items() if kind != "_doc" and unit in names),
        None,
    )


@cache
def money_measures() -> frozenset[str]:
    return frozenset(json_data("measures.json")["dimensions"]["money"])


def measure_fits(unit: str | None, attribute: str) -> bool:
    """Whether a figure in ``unit`` can be of ``attribute`` (``measures.json`` 'dimensions')."""
    have = unit_dimension(unit)
    want = _measure_dimensions().get(attribute)
    return have is None or want is None or have == want


@cache
def cumulative_measures() -> frozenset[str]:
    """Running counts that only rise (``measures.json`` 'cumulative')."""
    return frozenset(json_data("measures.json")["cumulative"])


@cache
def day_measures() -> frozenset[str]:
    """Running counts (``measures.json`` 'by_day'): a toll changes from one day to the next."""
    return frozenset(json_data("measures.json")["by_day"])


@cache
def event_measures() -> frozenset[str]:
    """Measures of an event itself (``measures.json`` 'of_event'): no place owns them."""
    return frozenset(json_data("measures.json")["of_event"])


@cache
def count_attributes() -> dict[str, str | None]:
    return {unit: spec["attribute"] for unit, spec in json_data("units.json")["count"].items()}


@cache
def attribute_table(lang: str) -> PhraseTable:
    """Measure words matched by their stems ('valorisé' finds 'valorisation')."""
    table = PhraseTable(use_stems=True)
    for attribute, spec in json_data("attributes.json").items():
        if attribute.startswith("_") or spec.get("exact"):
            continue
        for strength in ("words", "weak"):
            for phrase in spec[strength]:
                table.add(phrase_stems(phrase, lang), (attribute, strength == "words"))
    return table


@cache
def exact_attribute_table() -> PhraseTable:
    """Measure words of concepts marked 'exact', matched by their spelling only (their forms are
    listed): a stem would catch common words ('élèves' and 'élevé' share 'élev')."""
    table = PhraseTable()
    for attribute, spec in json_data("attributes.json").items():
        if attribute.startswith("_") or not spec.get("exact"):
            continue
        for strength in ("words", "weak"):
            for phrase in spec[strength]:
                table.add(phrase_words(phrase), (attribute, strength == "words"))
    return table


@cache
def not_measure_table() -> PhraseTable:
    """Phrases holding a measure word that name no measure ('au cours de': during), by
    spelling (``grammar.json`` not_measures)."""
    table = PhraseTable()
    for phrase in json_data("grammar.json")["not_measures"]:
        table.add(phrase_words(phrase), None)
    return table


def match_attributes(tokens: list[Token], lang: str) -> list[tuple[int, int, Any]]:
    """(start, end, (attribute, strong)) of every measure word, stemmed and exact tables
    together; where two overlap, the longer wins, and a phrase that names no measure ('au
    cours des 12 derniers mois') wins over the word it holds."""
    found = sorted(
        [
            *not_measure_table().find_all(tokens),
            *attribute_table(lang).find_all(tokens),
            *exact_attribute_table().find_all(tokens),
        ],
        key=lambda item: (item[0], -(item[1] - item[0])),
    )
    kept: list[tuple[int, int, Any]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return [item for item in kept if item[2] is not None]


@cache
def entity_table() -> tuple[PhraseTable, dict[tuple[str, ...], str]]:
    """Entity names by normalised spelling, and the case-sensitive names by exact spelling."""
    table = PhraseTable()
    exact: dict[tuple[str, ...], str] = {}
    for entity, spec in json_data("entities.json").items():
        sensitive = set(spec.get("case_sensitive", []))
        for name in spec["names"]:
            if name in sensitive:
                exact[tuple(name.split())] = entity
            else:
                table.add(phrase_words(name), entity)
    return table, exact


def entity_spans(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """The listed entities ``tokens`` name, left to right, the longest name at each place:
    (start, end, entity) (here, not in reader.py: ``ask`` reads a question's entity without
    the reader's rules)."""
    table, exact = entity_table()
    first_words = table.first_words
    exact_first = {words[0] for words in exact}
    spans = []
    i = 0
    while i < len(tokens):
        found = table.match_at(tokens, i) if tokens[i].forms & first_words else None
        if found is None and tokens[i].raw in exact_first:
            for words, entity in exact.items():
                n = len(words)
                if tuple(t.raw for t in tokens[i : i + n]) == words:
                    found = (n, entity)
                    break
        if found:
            n, entity = found
            spans.append((tokens[i].start, tokens[i + n - 1].end, str(entity)))
            i += n
        else:
            i += 1
    return spans


@cache
def descriptor_table() -> PhraseTable:
    """What articles call an entity once named ('la plateforme'), by normalised spelling."""
    table = PhraseTable()
    for entity, spec in json_data("entities.json").items():
        if isinstance(spec, dict):
            for phrase in spec.get("descriptors", []):
                table.add(phrase_words(phrase), entity)
    return table
