"""Figure extraction: numbers with their scale, unit and qualifier, and what they are about.

The grammar is small and reads every word it needs from the data files under ``index/data``:
scale words, currencies, counted nouns, qualifiers, time words, entity names, attribute words.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..article import Article
from ..datafiles import json_data
from ..langdetect import script_of
from .context import Boundaries
from .lexicon import (
    Token,
    attribute_table,
    count_attributes,
    descriptor_table,
    entity_table,
    form_table,
    language_scales,
    match_attributes,
    suffix_scales,
    tokenize,
)
from .model import Figure
from .names import ArticleNames, attribution_table, find_names
from .numbers import is_year, parse_number
from .places import (
    find_places,
    find_regions,
    find_scopes,
    gross_table,
    mostly_table,
    net_table,
    place_name,
)
from .when import month_without_year, resolve_relative

ENTITY_LOOKBACK_CHARS = 600
OBJECT_GAP_CHARS = 25  # 'valorisant xAI à 80 milliards': the name is close to the figure
ABOUT_TOLERANCE = 0.10
_CLOCK_GAPS = (":", "h", "H")


@dataclass
class Mention:
    """A number being read: token span, value parts and what has been found around it."""

    first: int  # index of the first token (qualifier or currency included)
    last: int  # index of the last token (unit included)
    number: int  # index of the number token
    value: float
    scale: float = 1.0
    unit: str | None = None
    qualifier: str = "exact"
    low: float | None = None
    high: float | None = None
    from_value: float | None = None
    attribute: str | None = None
    entity: str | None = None
    when: str | None = None
    has_scale: bool = False
    owner_from: str = ""


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    value: str


def _gap(text: str, a: Token, b: Token) -> str:
    return text[a.end : b.start]


def _spaced(text: str, a: Token, b: Token) -> bool:
    """Tokens separated by nothing but white space."""
    return not _gap(text, a, b).strip()


class ParagraphReader:
    def __init__(self, text: str, start: int, end: int, lang: str, article_date: str = ""):
        self.text = text
        self.lang = lang
        self.article_date = article_date
        self.tokens = tokenize(text, start, end, lang)
        self.sentences, self.clauses = Boundaries.sentences_and_clauses(text, start, end)
        self.not_figures: set[int] = set()
        self.marks: list[Mark] = []

    def may_have_figures(self) -> bool:
        """A digit, a scale word or a number word before a unit: else nothing to read."""
        scales, units = form_table("scale").first_words, unit_first_words()
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.kind == "num" or token.forms & scales:
                return True
            if i and token.forms & units and is_number_word(tokens[i - 1].norm, self.lang):
                return True
        return False

    # --- matching helpers ------------------------------------------------------------------
    def match(self, kind: str, i: int) -> tuple[int, Any] | None:
        if 0 <= i < len(self.tokens):
            return form_table(kind).match_at(self.tokens, i)
        return None

    def match_before(self, kind: str, j: int) -> tuple[int, Any] | None:
        if 0 <= j < len(self.tokens):
            return form_table(kind).match_ending_at(self.tokens, j)
        return None

    def linked(self, a: int, b: int) -> bool:
        return 0 <= a < b < len(self.tokens) and _spaced(self.text, self.tokens[a], self.tokens[b])

    # --- times -------------------------------------------------------------------------
    def find_times(self) -> None:
        tokens = self.tokens
        time_words = time_first_words()
        for i, token in enumerate(tokens):
            if token.kind != "num":
                if token.forms & time_words:
                    for kind in ("now", "past"):
                        found = self.match(kind, i)
                        if found:
                            self.marks.append(Mark(token.start, tokens[i + found[0] - 1].end, kind))
                    relative = self.match("relative", i)
                    when = (
                        resolve_relative(str(relative[1]), self.article_date) if relative else None
                    )
                    if relative and when:
                        self.marks.append(Mark(token.start, tokens[i + relative[0] - 1].end, when))
                    month = self.match("months", i)
                    if month:
                        self._month_date(i, month[0], int(month[1]))
                continue
            value = parse_number(token.raw, self.lang)
            if value is None:
                self.not_figures.add(i)
                continue
            if (
                i not in self.not_figures
                and is_year(token.raw, value)
                and not any(
                    self.match(kind, i + 1)
                    for kind in ("scale", "currency", "count", "percent", "others")
                )
            ):
                self.not_figures.add(i)
                self.marks.append(Mark(token.start, token.end, str(int(value))))
                continue
            if i + 1 < len(tokens) and _gap(self.text, token, tokens[i + 1]) in _CLOCK_GAPS:
                if tokens[i + 1].kind == "num" and len(tokens[i + 1].raw) == 2:
                    self.not_figures.update({i, i + 1})
            if (
                i + 2 < len(tokens)
                and tokens[i + 1].raw in ("h", "H")
                and tokens[i + 1].start == token.end
                and tokens[i + 2].kind == "num"
                and tokens[i + 2].start == tokens[i + 1].end
            ):
                self.not_figures.update({i, i + 2})
            if 1 <= value <= 31 and value.is_integer() and self.linked(i, i + 1):
                month = self.match("months", i + 1)
                if month:
                    self.not_figures.add(i)
            relative = self.match_before("relative_before", i - 1)
            measure = self.match("measure", i + 1)
            if relative and measure and measure[1] in ("days", "months", "years", "hours"):
                self.not_figures.add(i)
                self.marks.append(Mark(token.start, token.end, "past"))
            if measure and self.match("relative_after", i + 1 + measure[0]):
                self.not_figures.add(i)
                self.marks.append(Mark(token.start, token.end, "past"))

    def _month_date(self, i: int, length: int, month: int) -> None:
        tokens = self.tokens
        j = i + length
        year_follows = (
            j < len(tokens) and tokens[j].kind == "num" and self.linked(i + length - 1, j)
        )
        if not year_follows and self.match_before("month_alone_after", i - 1):
            when = month_without_year(month, self.article_date)  # 'en décembre', 'في فبراير'
            if when:
                self.marks.append(Mark(tokens[i].start, tokens[j - 1].end, when))
        if year_follows:
            value = parse_number(tokens[j].raw, self.lang) or 0
            if is_year(tokens[j].raw, value):
                self.not_figures.add(j)
                self.marks.append(Mark(tokens[i].start, tokens[j].end, f"{int(value)}-{month:02d}"))
                return
            if 1 <= value <= 31:
                self.not_figures.add(j)
                k = j + 1
                if k < len(tokens) and tokens[k].kind == "num":
                    year = parse_number(tokens[k].raw, self.lang) or 0
                    if (
                        is_year(tokens[k].raw, year)
                        and len(_gap(self.text, tokens[j], tokens[k])) <= 2
                    ):
                        self.not_figures.add(k)
                        self.marks.append(
                            Mark(tokens[i].start, tokens[k].end, f"{int(year)}-{month:02d}")
                        )

    # --- numbers ---------------------------------------------------------------------------
    def find_mentions(self) -> list[Mention]:
        mentions = []
        for i, token in enumerate(self.tokens):
            if token.kind == "num" and i not in self.not_figures:
                mention = self._read_number(i)
                if mention is not None:
                    mentions.append(mention)
            elif token.kind == "word" and (i == 0 or self.tokens[i - 1].kind != "num"):
                mention = self._read_scale_alone(i) or self._read_spelled(i)
                if mention is not None:
                    mentions.append(mention)
        mentions = self._merge_ranges(mentions)
        self._share_part_units(mentions)
        return [m for m in mentions if self._is_figure(m)]

    def _glued_to_word(self, i: int) -> bool:
        """'B2B', 'GPT4': a number stuck to letters is part of a name. Arabic proclitics ('بـ12')
        are not letters of a name."""
        if i == 0 or self.tokens[i - 1].end != self.tokens[i].start:
            return False
        before = self.tokens[i - 1]
        stripped = before.raw.rstrip("\u0640\u05be")  # tatweel 'بـ12', maqaf 'מ־320'
        return before.kind == "word" and not (
            stripped != before.raw
            or (len(stripped) <= 2 and script_of(stripped[0]) in ("arabic", "hebrew"))
        )

    def _is_list_marker(self, i: int) -> bool:
        """'... de dollars 2  xAI vaut ...': a small number set off by two spaces numbers a list."""
        token = self.tokens[i]
        after = self.text[token.end : token.end + 2]
        return len(token.raw) <= 2 and after == "  " or after[:1] in (")",) and i == 0

    def _read_number(self, i: int) -> Mention | None:
        tokens = self.tokens
        value = parse_number(tokens[i].raw, self.lang)
        if value is None or self._glued_to_word(i) or self._is_list_marker(i):
            return None
        mention = Mention(first=i, last=i, number=i, value=value)
        j = i + 1
        if j < len(tokens) and tokens[j].kind == "word":
            suffix = suffix_scales().get(tokens[j].raw)
            attached = tokens[j].start == tokens[i].end
            if (
                suffix
                and (attached or tokens[j].raw in ("bn", "Bn", "mn", "tn"))
                and self.linked(i, j)
            ):
                mention.scale, mention.has_scale, mention.last = suffix, True, j
                j += 1
        if not mention.has_scale and self.linked(i, j):
            found = self.match("scale", j)
            lang_scale = language_scales(self.lang).get(tokens[j].norm) if j < len(tokens) else None
            if found:
                mention.scale, mention.has_scale = float(found[1]), True
                mention.last = j + found[0] - 1
                j += found[0]
            elif lang_scale:
                mention.scale, mention.has_scale, mention.last = lang_scale, True, j
                j += 1
        if mention.has_scale:
            j = self._read_compound_rest(mention, j)
        self._read_unit_after(mention, j)
        self._read_before(mention)
        return mention

    def _read_compound_rest(self, mention: Mention, j: int) -> int:
        """'35 ألفا و418': the units after a scale word, joined by the conjunction and 'و'
        (grammar.json 'compound_and'), belong to the same number."""
        tokens = self.tokens
        if j + 1 < len(tokens) and tokens[j].norm in compound_and() and tokens[j + 1].kind == "num":
            attached = tokens[j].end == tokens[j + 1].start
            if attached or self.linked(j, j + 1) and self.linked(mention.last, j):
                rest = parse_number(tokens[j + 1].raw, self.lang)
                if rest is not None and 0 < rest < mention.scale:
                    mention.value += rest / mention.scale
                    mention.last = j + 1
                    return j + 2
        return j

    def _read_scale_alone(self, i: int) -> Mention | None:
        """'un milliard de dollars', 'بمليار دولار', 'مليارين': a scale word as a number."""
        if not self.tokens[i].forms & form_table("scale").first_words:
            return None
        found = self.match("scale", i)
        if not found:
            return None
        scale = float(found[1])
        singular_or_dual = scale not in (1e3, 1e6, 1e9, 1e12) or self.tokens[i].norm in (
            "مليار",
            "مليون",
            "الف",
            "بمليار",
            "بمليون",
            "لمليار",
            "لمليون",
        )
        one = self.match_before("one", i - 1)
        if not (one and self.linked(i - 1, i)) and not singular_or_dual:
            return None
        first = i - 1 if one and self.linked(i - 1, i) else i
        value = 1.0 if scale in (1e3, 1e6, 1e9, 1e12) else scale / _base_scale(scale)
        mention = Mention(
            first=first,
            last=i + found[0] - 1,
            number=i,
            value=value,
            scale=_base_scale(scale),
            has_scale=True,
        )
        self._read_unit_after(mention, i + found[0])
        if mention.unit is None:
            return None
        self._read_before(mention)
        return mention

    def _read_spelled(self, i: int) -> Mention | None:
        """'six mois', 'twelve employees': a number written in words (French or English) that a
        unit follows."""
        if self.lang not in ("fr", "en") or i + 1 >= len(self.tokens):
            return None
        if not self.tokens[i + 1].forms & unit_first_words() or not self.linked(i, i + 1):
            return None
        if self.match("scale", i) or self.match("one", i):
            return None
        if not any(self.match(kind, i + 1) for kind in ("measure", "count", "currency", "scale")):
            return None
        if not is_number_word(self.tokens[i].norm, self.lang):
            return None
        value = float(number_word_value(self.tokens[i].norm, self.lang) or 0)
        mention = Mention(first=i, last=i, number=i, value=value)
        found = self.match("scale", i + 1)
        if found:
            mention.scale, mention.has_scale = float(found[1]), True
            mention.last = i + found[0]
        self._read_unit_after(mention, mention.last + 1)
        if mention.unit is None and not mention.has_scale:
            return None
        self._read_before(mention)
        return mention

    def _read_unit_after(self, mention: Mention, j: int) -> None:
        tokens = self.tokens
        last = mention.last
        if not (j < len(tokens) and self.linked(last, j)):
            return
        for kind in ("percent", "currency", "measure"):
            found = self.match(kind, j)
            if found:
                mention.unit = "%" if kind == "percent" else str(found[1])
                mention.last = j + found[0] - 1
                return
        of = self.match("of", j)
        if of and self.linked(j, j + of[0]):
            found = self.match("currency", j + of[0])
            if found:
                mention.unit, mention.last = str(found[1]), j + of[0] + found[0] - 1
                return
        if tokens[j].elided:
            for kind in ("currency", "count"):
                found = self.match(kind, j)
                if found:
                    mention.unit, mention.last = str(found[1]), j + found[0] - 1
                    return
        for skip in range(0, 3):
            k = j + skip
            if k >= len(tokens) or tokens[k].kind != "word" or not self.linked(k - 1, k):
                break
            found = self.match("count", k)
            if found:
                mention.unit, mention.last = str(found[1]), k + found[0] - 1
                return
            if self.match("of", k) and skip == 0 and tokens[k].norm in ("de", "of", "d'"):
                continue

    def _read_before(self, mention: Mention) -> None:
        tokens = self.tokens
        i = mention.first
        if (
            i > 0
            and _spaced(self.text, tokens[i - 1], tokens[i])
            and (tokens[i - 1].kind == "sym" or tokens[i - 1].raw.isupper())
        ):
            found = form_table("currency").match_ending_at(tokens, i - 1)
            if found and mention.unit is None:
                mention.unit = str(found[1])
                mention.first = i - found[0]
        i = mention.first
        found = self.match_before("qual_before", i - 1)
        if found and self.linked(i - 1, i):
            mention.qualifier = str(found[1])
            mention.first = i - found[0]
        j = mention.last + 1
        after = self.match("qual_after", j)
        if after and self.linked(mention.last, j) and mention.qualifier == "exact":
            mention.qualifier = str(after[1])
            mention.last = j + after[0] - 1

    def _merge_ranges(self, mentions: list[Mention]) -> list[Mention]:
        """'de 10 à 75', 'from $10B to $75B', 'من 10 إلى 75', '10-75': one range (or change)."""
        merged: list[Mention] = []
        for mention in mentions:
            previous = merged[-1] if merged else None
            if previous is not None and self._is_range(previous, mention):
                if not previous.has_scale and mention.has_scale:
                    previous.scale = mention.scale
                low, high = previous.value * previous.scale, mention.value * mention.scale
                mention.first = previous.first
                mention.unit = mention.unit or previous.unit
                mention.has_scale = mention.has_scale or previous.has_scale
                clause = self.clauses.scope(self.tokens[mention.number].start)
                if self._change_verb_in(clause):
                    mention.qualifier, mention.from_value = "from-to", low
                else:
                    mention.qualifier = "range"
                    mention.low, mention.high = min(low, high), max(low, high)
                merged[-1] = mention
            else:
                merged.append(mention)
        return merged

    def _is_range(self, a: Mention, b: Mention) -> bool:
        tokens = self.tokens
        between = range(a.last + 1, b.first)
        if a.unit and b.unit and a.unit != b.unit:
            return False
        if a.qualifier != "exact" or b.qualifier != "exact":
            return False
        if len(between) == 0:
            gap = self.text[tokens[a.last].end : tokens[b.first].start].strip()
            return gap in ("-", "–") and a.number != b.number
        if len(between) != 1 or not self.match("range_to", between.start):
            return False
        if tokens[between.start].raw in ("-", "–"):
            return True
        return bool(self.match_before("range_from", a.first - 1))

    def _change_verb_in(self, span: tuple[int, int]) -> bool:
        sentence = self.sentences.scope(span[0])
        for i, token in enumerate(self.tokens):
            if sentence[0] <= token.start < span[1] and self.match("change", i):
                return True
        return False

    def _share_part_units(self, mentions: list[Mention]) -> None:
        """'625 des 1 000 plus grandes marques': the part is counted in the whole's unit."""
        for a, b in zip(mentions, mentions[1:], strict=False):
            between = b.first - a.last - 1
            if a.unit is None and b.unit and 1 <= between <= 2:
                if self.match("part_of", a.last + 1):
                    a.unit = b.unit

    def _is_figure(self, m: Mention) -> bool:
        raw = self.tokens[m.number].raw
        if m.unit or m.has_scale or m.qualifier in ("range", "from-to"):
            return True
        if is_year(raw, m.value) and not self.match("others", m.last + 1):
            return False  # '2000 آخرون', '2000 others' count people
        return m.value >= 1000 or self._measured_before(m)

    def _measured_before(self, m: Mention) -> bool:
        """'d'une magnitude de 7,8', 'magnitude 7.8', 'بقوة 7.8': a bare number that a measure
        word introduces (at most two small words between) is a figure."""
        table = attribute_table(self.lang if self.lang in ("fr", "en") else "other")
        for back in range(1, 4):
            j = m.first - back
            if j < 0 or not self.linked(j, j + 1) and back == 1:
                return False
            found = table.match_ending_at(self.tokens, j)
            if found and found[1][1]:
                return True
            if self.tokens[j].kind != "word" or len(self.tokens[j].raw) > 3:
                return False
        return False


@lru_cache(maxsize=65_536)
def number_word_value(word: str, lang: str) -> int | None:
    """'six' → 6, 'vingt-cinq' → 25 (French and English, by text2num); None otherwise."""
    if lang not in ("fr", "en") or not word.isalpha() and "-" not in word:
        return None
    from text_to_num import text2num

    try:
        return text2num(word, lang)
    except ValueError:
        return None


def is_number_word(word: str, lang: str) -> bool:
    return number_word_value(word, lang) is not None


@cache
def unit_first_words() -> frozenset[str]:
    """Words a unit or scale can start with: a cheap test before reading a spelled number."""
    kinds = ("scale", "currency", "count", "measure", "percent")
    return frozenset().union(*(form_table(kind).first_words for kind in kinds))


@cache
def event_measures() -> frozenset[str]:
    """Measures of an event itself (``measures.json`` 'of_event'): no place owns them."""
    return frozenset(json_data("measures.json")["of_event"])


@cache
def counted_measures() -> frozenset[str]:
    """Measures that count people or things ('deaths', 'injured'): the nouns of
    ``count_attributes``."""
    return frozenset(value for value in count_attributes().values() if value)


@cache
def compound_and() -> frozenset[str]:
    return frozenset(json_data("grammar.json")["compound_and"])


@cache
def time_first_words() -> frozenset[str]:
    kinds = ("now", "past", "months", "relative")
    return frozenset().union(*(form_table(kind).first_words for kind in kinds))


def _base_scale(scale: float) -> float:
    for base in (1e12, 1e9, 1e6, 1e3):
        if scale >= base:
            return base
    return 1.0


def find_entities(tokens: list[Token]) -> list[Mark]:
    table, exact = entity_table()
    first_words = table.first_words
    exact_first = {words[0] for words in exact}
    marks = []
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
            marks.append(Mark(tokens[i].start, tokens[i + n - 1].end, str(entity)))
            i += n
        else:
            i += 1
    return marks


def find_attributes(tokens: list[Token], lang: str) -> list[tuple[Mark, bool]]:
    return [
        (Mark(start, end, attribute), strong)
        for start, end, (attribute, strong) in match_attributes(
            tokens, lang if lang in ("fr", "en") else "other"
        )
    ]


# Cost limits: a real paragraph is under 3,000 characters and a long article has under 300
# figures; past these a file is not an article, and extraction would cost minutes.
MAX_FIGURE_PARAGRAPH_CHARS = 10_000
MAX_FIGURES_PER_ARTICLE = 2_000


def extract_figures(article: Article) -> list[Figure]:
    """Every figure in an article, with offsets into its decoded text."""
    text = article.text
    segments = [(p.start, p.end, p.lang) for p in article.paragraphs]
    title_start = text.find(article.title.rstrip("…")[:40]) if article.title else -1
    if 0 <= title_start < article.body_start:
        title_end = text.find("\n", title_start)
        title_end = article.body_start if title_end < 0 else min(title_end, article.body_start)
        segments.insert(0, (title_start, title_end, article.lang))
    entity_marks: list[Mark] = []
    figures: list[Figure] = []
    name = Path(article.path).name
    subject: list[str | None] = []  # the article's own places, found when first needed
    known_names = ArticleNames()
    for start, end, lang in segments:
        if end - start > MAX_FIGURE_PARAGRAPH_CHARS:
            cut = text.rfind(" ", start, start + MAX_FIGURE_PARAGRAPH_CHARS)
            end = cut if cut > start else start + MAX_FIGURE_PARAGRAPH_CHARS
            article.warnings.append(
                f"figures: only the first {end - start} characters of the paragraph at "
                f"character {start} were searched for figures"
            )
        reader = ParagraphReader(text, start, end, lang, article.date)
        entity_marks.extend(find_entities(reader.tokens))
        if not reader.may_have_figures():
            continue  # its entities still name what later paragraphs' figures are about
        reader.find_times()
        mentions = reader.find_mentions()
        attributes = find_attributes(reader.tokens, lang) if mentions else []
        net_ends = [e for _, e, _ in net_table().find_all(reader.tokens)] if attributes else []
        taken_out = {  # '33 مليار دولار بعد خصم الديون': the debt is taken out of the figure
            mark.start for mark, _ in attributes if any(0 <= mark.start - e <= 2 for e in net_ends)
        }
        places = find_places(reader.tokens) if mentions else []
        scopes = sorted(
            (find_scopes(reader.tokens) if places else [])
            + (find_regions(reader.tokens, text) if mentions else [])
        )
        names = (  # not in a title: 'Record 8.6 Million Tickets Sold For Paris Games'
            _names(reader, entity_marks, places, attributes, known_names)
            if mentions and start >= article.body_start
            else []
        )
        named = {mark.value for mark in entity_marks}
        descriptors = (
            [
                Mark(s, e, str(entity))
                for s, e, entity in descriptor_table().find_all(reader.tokens)
                if entity in named
            ]
            if mentions and named
            else []
        )
        previous: Mention | None = None
        for index, mention in enumerate(mentions):
            _resolve_unit(reader, mention, previous)
            upcoming = mentions[index + 1] if index + 1 < len(mentions) else None
            _resolve_attribute(reader, mention, attributes, previous, upcoming, taken_out)
            _resolve_entity(reader, mention, entity_marks, attributes, descriptors)
            if mention.entity is None and names:
                _resolve_name(reader, mention, names, _segment(reader, mentions, index))
            if mention.entity is None and mention.attribute not in event_measures():
                # a magnitude is the quake's, not a place's: compared within its story
                _resolve_place(
                    reader,
                    mention,
                    places,
                    _segment(reader, mentions, index),
                    [_span(reader, other)[1] for other in mentions if other is not mention],
                )
                if mention.entity is None and mention.attribute:
                    if not subject:
                        subject.append(_subject_places(article, segments))
                    if subject[0]:  # the article's own place: 'the toll', 'le bilan'
                        mention.entity, mention.owner_from = subject[0], "article"
                _resolve_scope(reader, mention, scopes)
            _resolve_when(
                reader,
                mention,
                article.date,
                _span(reader, upcoming)[0] if upcoming is not None else 1 << 62,
            )
            previous = mention
        _gross_amounts(reader, mentions)
        for mention in mentions:
            figure = _figure(article.path, name, text, reader, mention, lang)
            figure.article_date = article.date
            figures.append(figure)
        if len(figures) >= MAX_FIGURES_PER_ARTICLE:
            del figures[MAX_FIGURES_PER_ARTICLE:]
            article.warnings.append(
                f"figures: stopped after {MAX_FIGURES_PER_ARTICLE} figures "
                f"(in the paragraph at character {start})"
            )
            break
    return figures


def _span(reader: ParagraphReader, m: Mention) -> tuple[int, int]:
    return reader.tokens[m.first].start, reader.tokens[m.last].end


def _resolve_unit(reader: ParagraphReader, m: Mention, previous: Mention | None) -> None:
    """'un financement de 6 milliards de dollars avec une valorisation de 24 milliards': the
    second amount is in dollars too."""
    if m.unit is None and m.has_scale and previous is not None and previous.unit:
        if previous.unit not in ("%",) and previous.has_scale:
            m.unit = previous.unit


SENTENCE_PENALTY = 30
AFTER_PENALTY = 3
COUNT_VERB_CHARS = 12
UNLABELLED_UNITS = frozenset({"years", "months", "days", "hours", "miles", "km"})


def _resolve_attribute(
    reader: ParagraphReader,
    m: Mention,
    attributes: list[tuple[Mark, bool]],
    previous: Mention | None,
    upcoming: Mention | None = None,
    taken_out: set[int] | frozenset[int] = frozenset(),
) -> None:
    """The nearest attribute word: in the figure's clause, else earlier in its sentence; a figure
    continuing a list takes the previous one's; weak words ('مقابل') count last. A word after
    the figure is not its own when another figure comes first ('$45B less $12B debt': the
    debt is the $12B), nor when it is taken out of the figure ('33 مليار بعد خصم الديون')."""
    if m.unit in UNLABELLED_UNITS:
        return
    start, end = _span(reader, m)
    clause = reader.clauses.scope(reader.tokens[m.number].start)
    counted = count_attributes().get(m.unit or "")
    if counted:
        # the counted noun says what is counted, unless a verb right before says what happened
        # to them ('a licencié 3 000 employés')
        m.attribute = counted
        taken = _span(reader, previous) if previous is not None else (0, 0)
        for mark, strong in attributes:
            if taken[0] <= mark.start < taken[1]:
                continue  # the previous figure's own noun ('237 morts et 639 blessés')
            if previous is not None and previous.attribute == mark.value and taken[1] <= mark.start:
                continue  # the previous figure's verb ('810 personnes tuées et 2.315 blessées')
            if strong and clause[0] <= mark.start and 0 <= start - mark.end <= COUNT_VERB_CHARS:
                m.attribute = mark.value
        return
    if m.unit in count_attributes():  # 'personnes tuées', 'people were killed', 'شخصا لقوا'
        following = [
            mark
            for mark, strong in attributes
            if strong and 0 <= mark.start - end <= COUNT_VERB_CHARS and mark.end <= clause[1]
        ]
        if following:
            m.attribute = following[0].value
            return
    if m.unit is None:  # '430 tuées et 1.315 autres blessées', 'and 2,100 injured': the word
        # right after a bare number is what it counts
        following = [
            mark
            for mark, strong in attributes
            if strong
            and 0 <= mark.start - end <= COUNT_VERB_CHARS
            and mark.end <= clause[1]
            and mark.value in counted_measures()
        ]
        if following:
            m.attribute = following[0].value
            return
    sentence = reader.sentences.scope(reader.tokens[m.number].start)
    next_start = _span(reader, upcoming)[0] if upcoming is not None else clause[1]
    best: dict[bool, tuple[float, str]] = {}
    for mark, strong in attributes:
        in_clause = clause[0] <= mark.start and mark.end <= clause[1]
        if mark.end <= start and (in_clause or sentence[0] <= mark.start):
            distance = start - mark.end + (0 if in_clause else SENTENCE_PENALTY)
        elif (
            mark.start >= end
            and in_clause
            and mark.end <= next_start
            and mark.start not in taken_out
        ):
            distance = mark.start - end + AFTER_PENALTY
        else:
            continue
        if strong not in best or distance < best[strong][0]:
            best[strong] = (distance, mark.value)
    if True in best:
        m.attribute = best[True][1]
    elif (
        previous is not None
        and previous.attribute
        and previous.unit == m.unit
        and reader.sentences.same(reader.tokens[previous.number].start, start)
    ):
        m.attribute = previous.attribute
    elif False in best:
        m.attribute = best[False][1]


def _resolve_entity(
    reader: ParagraphReader,
    m: Mention,
    entity_marks: list[Mark],
    attributes: list[tuple[Mark, bool]],
    descriptors: Sequence[Mark] = (),
) -> None:
    """The entity named right after the figure through small link words ('de dette de X',
    'pour Twitter', 'لقيمة إكس'), else the nearest one named before it."""
    tokens = reader.tokens
    start, end = _span(reader, m)
    clause = reader.clauses.scope(tokens[m.number].start)
    attribute_starts = {mark.start for mark, _ in attributes}
    entity_at = {mark.start: mark.value for mark in entity_marks}
    if m.unit in UNLABELLED_UNITS:
        return
    for k in range(m.last + 1, min(len(tokens), m.last + 6)):
        token = tokens[k]
        if token.start >= clause[1] or not reader.linked(k - 1, k):
            break
        if token.raw[:1] in AND_PROCLITICS and len(token.forms) > 1:
            break  # 'و’إكس عند 33': 'and X', the next item of a list, not this one's owner
        if token.start in entity_at:
            m.entity = entity_at[token.start]
            return
        if not (reader.match("links", k) or token.start in attribute_starts):
            break
    # the attribute's object: 'valorisation de xAI à 80 milliards', 'valuing X at $33B',
    # 'قيمة إكس 33 مليار': a name between the measure word and the figure, in its clause
    words_before = [
        mark
        for mark, strong in attributes
        if strong and clause[0] <= mark.start and mark.end <= start
    ]
    if words_before:
        word = words_before[-1]
        # a name, or what the article calls a named entity ('valorise la plateforme à 33 Md$')
        inside = sorted(
            (
                mark
                for mark in (*entity_marks, *descriptors)
                if word.end <= mark.start and mark.end <= start
            ),
            key=lambda mark: mark.start,
        )
        if inside and start - inside[-1].end <= OBJECT_GAP_CHARS:
            m.entity = inside[-1].value
            return
    for mark in reversed(entity_marks):
        if mark.end <= start and start - mark.end <= ENTITY_LOOKBACK_CHARS:
            m.entity = mark.value
            return


def _names(
    reader: ParagraphReader,
    entity_marks: list[Mark],
    places: list[tuple[int, int, str]],
    attributes: list[tuple[Mark, bool]],
    known: ArticleNames,
) -> list[Mark]:
    """The open-world names of a paragraph (``names.py``), keyed by the article's aliases."""
    starts: set[int] = set()
    sentence = (-1, -1)
    for token in reader.tokens:
        if token.kind == "word" and not sentence[0] <= token.start < sentence[1]:
            sentence = reader.sentences.scope(token.start)
            starts.add(token.start + len(token.elided))
    taken = [(m.start, m.end) for m in entity_marks] + [(s, e) for s, e, _ in places]
    taken += [(mark.start, mark.end) for mark, _ in attributes]
    found = find_names(reader.tokens, reader.text, starts, taken, known.words())
    before = len(known.canonical)
    known.learn(found, reader.text)
    if len(known.canonical) > before:  # 'Jordan Bardella …. Bardella a …' in one paragraph
        found = find_names(reader.tokens, reader.text, starts, taken, known.words())
        known.learn(found, reader.text)
    return [Mark(start, end, known.owner(surface)) for start, end, surface in found]


NAME_LINKS = frozenset({"le", "la", "les", "l'", "au", "aux"})  # '143 sièges pour le RN'
SOURCE_GAP_CHARS = 6  # 'selon l'AFAD', 'according to the White Helmets'


def _resolve_name(
    reader: ParagraphReader, m: Mention, names: list[Mark], segment: tuple[int, int]
) -> None:
    """A name owns a figure by grammar only: named right after it through small words ('143
    sièges pour le RN', 'seats for the National Rally'), or just before its parenthesis ('le
    NFP (182 sièges)'), or as the subject before it in its own stretch of the clause ('le RN
    obtient 143 sièges'), unless a place stands between or a source word introduces it
    ('selon l'AFAD'). A place's measure (a toll, an inflation rate) is never a name's."""
    if m.unit in UNLABELLED_UNITS or m.attribute in place_measures():
        return
    tokens, text = reader.tokens, reader.text
    start, end = _span(reader, m)
    clause = reader.clauses.scope(tokens[m.number].start)
    by_start = {mark.start: mark for mark in names}
    for k in range(m.last + 1, min(len(tokens), m.last + 6)):
        token = tokens[k]
        if token.start >= clause[1] + 1 or not reader.linked(k - 1, k):
            break
        if token.start + len(token.elided) in by_start:
            m.entity, m.owner_from = by_start[token.start + len(token.elided)].value, "name"
            return
        if not (reader.match("links", k) or token.norm in NAME_LINKS):
            break
    opening = text.rfind("(", 0, start)
    if opening >= 0 and not text[opening + 1 : start].strip():
        before = [mark for mark in names if 0 <= opening - mark.end <= 2]
        if before:
            m.entity, m.owner_from = before[-1].value, "name"
            return
    # the subject's window: the clause, past a parenthesis just before it ('le RN (…) obtient
    # 143 sièges'), never before the previous figure
    previous_end = segment[0] if segment[0] > clause[0] else -1
    low = clause[0]
    sentence = reader.sentences.scope(start)
    while low > max(sentence[0], previous_end) and text[low - 1 : low] == ")":
        opening = text.rfind("(", sentence[0], low)
        if opening < 0:
            break
        low = reader.clauses.scope(max(opening - 1, sentence[0]))[0]
    low = max(low, previous_end)
    candidates = [mark for mark in names if low <= mark.start and mark.end <= start]
    if not candidates:
        return
    mark = candidates[-1]
    lead = [t for t in tokens if mark.start - 40 <= t.start and t.end <= mark.start]
    if any(mark.start - e <= SOURCE_GAP_CHARS for _, e, _ in attribution_table().find_all(lead)):
        return  # 'selon l'AFAD', 'according to the White Helmets': a source
    m.entity, m.owner_from = mark.value, "name"


@cache
def place_measures() -> frozenset[str]:
    return frozenset(json_data("measures.json")["of_place"]["measures"])


AND_PROCLITICS = frozenset({"و", "ו"})  # 'and' glued to the next word (Arabic, Hebrew)


def _joint(codes: set[str]) -> str:
    """Places named together own a figure together: 'Syria & Turkey'."""
    return " & ".join(sorted(place_name(code) for code in codes))


def _subject_places(article: Article, segments: list[tuple[int, int, str]]) -> str | None:
    """The places an article is about: those its title names, else its first sentence ('Le
    séisme qui a frappé la Turquie et la Syrie…'), else its address's slug. A measured figure
    with no owner of its own ('the death toll rose to 37,000') is about them."""
    for start, end, lang in segments[:2]:
        reader = ParagraphReader(article.text, start, min(end, start + 1_000), lang)
        first = reader.sentences.scope(start)
        found = {code for s, e, code in find_places(reader.tokens) if e <= first[1]}
        if found:
            return _joint(found)
    # a news address carries its headline: '…/20230206-turquie-syrie-tremblement-terre-…'
    slug = re.sub(r"[-_/.+%=?&]+", " ", article.source.partition("://")[2].partition("/")[2])
    if slug.strip():
        reader = ParagraphReader(slug, 0, len(slug), article.lang)
        found = {code for s, e, code in find_places(reader.tokens)}
        if found:
            return _joint(found)
    return None


def _segment(reader: ParagraphReader, mentions: list[Mention], index: int) -> tuple[int, int]:
    """The stretch of a figure's clause that is its own in a list ('18 991 tués en Turquie et
    3 377 en Syrie'): from the end of the previous figure of the clause to the start of the
    next one."""
    start, end = _span(reader, mentions[index])
    low, high = reader.clauses.scope(reader.tokens[mentions[index].number].start)
    if index > 0:
        previous_end = _span(reader, mentions[index - 1])[1]
        if previous_end > low:
            low = previous_end
    if index + 1 < len(mentions):
        next_start = _span(reader, mentions[index + 1])[0]
        if next_start < high:
            high = next_start
    return low, high


def _resolve_place(
    reader: ParagraphReader,
    m: Mention,
    places: list[tuple[int, int, str]],
    segment: tuple[int, int],
    other_ends: Sequence[int] = (),
) -> None:
    """A country owns a figure that no organisation owns: the one named in the figure's own
    stretch of a list ('… en Turquie et 3 377 en Syrie'), else the nearest in its clause, else
    earlier in its sentence: 'l'inflation en Turquie', 'في سوريا'. Several countries in the
    clause and none of the figure's own: the figure covers them all."""
    if m.unit in UNLABELLED_UNITS:
        return
    start, end = _span(reader, m)
    clause = reader.clauses.scope(reader.tokens[m.number].start)
    sentence = reader.sentences.scope(start)
    outside = [(s, e, code) for s, e, code in places if not start <= s < end]
    # a country right after the figure in its stretch is its own ('3 377 morts en Syrie');
    # else one before it in the stretch ('… et en Syrie, 3 377 morts')
    own = {
        code
        for s, e, code in outside
        if end <= s and e <= segment[1] and _close_after(reader.text, end, s)
    } or {code for s, e, code in outside if segment[0] <= s and e <= start}
    in_clause = {code for s, e, code in outside if clause[0] <= s and e <= clause[1]}
    if own and segment != clause:
        in_clause = own
    if len(in_clause) >= 2:  # 'en Turquie et en Syrie': the figure covers them all
        m.entity = _joint(in_clause)
        return
    best: tuple[int, str] | None = None
    for place_start, place_end, code in outside:
        if in_clause and code not in in_clause:
            continue
        if clause[0] <= place_start and place_end <= clause[1]:
            distance = start - place_end if place_end <= start else place_start - end
        elif sentence[0] <= place_start and place_end <= start:
            distance = start - place_end + SENTENCE_PENALTY
        elif (
            end <= place_start
            and place_end <= sentence[1]
            and not any(_close_after(reader.text, e, place_start) for e in other_ends)
        ):
            # later in its sentence, unless another figure's own: 'according to Syria's ministry'
            distance = place_start - end + 2 * SENTENCE_PENALTY
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, code)
    if best is None:
        # the place the paragraph was last about: 'En Syrie, … . Dans les zones rebelles, 733'
        earlier = [code for s, e, code in outside if e <= sentence[0]]
        if earlier:
            best = (0, earlier[-1])
    if best is not None:
        m.entity = place_name(best[1])


OWN_PLACE_CHARS = 30  # '3 377 morts en Syrie', '35,418 people in Turkey'


def _close_after(text: str, end: int, place_start: int) -> bool:
    """A place right after a figure is its own when it closes the figure's phrase: near, with no
    comma or other punctuation between ('1,121, increasing the total in Turkey and Syria to
    1,700': Turkey and Syria are the next figure's)."""
    gap = text[end:place_start]
    return len(gap) <= OWN_PLACE_CHARS and not any(c in gap for c in ",;:()—–")


def _resolve_scope(reader: ParagraphReader, m: Mention, scopes: list[tuple[int, int, str]]) -> None:
    """The part of a country a figure is about ('dans les zones sous contrôle des rebelles, 733
    personnes', 'في مناطق سيطرة الحكومة', 'dans la province d'Al-Haouz'): the nearest scope
    phrase or named area earlier in its sentence or later in its clause narrows its owner,
    'Syria (rebel-held)', 'Morocco (Al Haouz)'."""
    if m.entity is None or not scopes:
        return
    end = _span(reader, m)[1]
    mostly = [s for s, _, _ in mostly_table().find_all(reader.tokens) if s >= end]
    # '2 012 morts, principalement dans la province d'Al-Haouz': only part of the figure
    marks = [mark for mark in scopes if not any(end <= s < mark[0] for s in mostly)]
    label = _nearest(reader, m, marks)
    if label is not None:
        m.entity = f"{m.entity} ({label})"


GROSS_GAP_CHARS = 30


def _gross_amounts(reader: ParagraphReader, mentions: list[Mention]) -> None:
    """'$45B less $12B debt', '45 مليار دولار، تتضمن 12 مليار دولار كديون': an amount that
    includes the next one, of another measure, is a different quantity from the same owner's
    net amount: 'X (including debt)'."""
    for a, b in itertools.pairwise(mentions):
        if not (a.entity and a.attribute and b.attribute) or a.attribute == b.attribute:
            continue
        gap_start, gap_end = _span(reader, a)[1], _span(reader, b)[0]
        if gap_end - gap_start > GROSS_GAP_CHARS or "(" in a.entity:
            continue
        gap = [t for t in reader.tokens if gap_start <= t.start and t.end <= gap_end]
        if gross_table().find_all(gap):
            a.entity = f"{a.entity} (including {b.attribute})"


def _nearest(reader: ParagraphReader, m: Mention, marks: list[tuple[int, int, str]]) -> str | None:
    """The value of the mark nearest before the figure in its sentence, else of the first one
    after it in its clause (marks in text order)."""
    start, end = _span(reader, m)
    sentence = reader.sentences.scope(start)
    clause = reader.clauses.scope(start)
    before = [value for s, e, value in marks if sentence[0] <= s and e <= start]
    if before:
        return before[-1]
    return next((value for s, e, value in marks if s >= end and e <= clause[1]), None)


def _resolve_when(
    reader: ParagraphReader, m: Mention, article_date: str, limit: int = 1 << 62
) -> None:
    """The nearest time mark (see ``_nearest``), else one later in the sentence before the next
    figure: '43 médailles à Pékin, en 2008'."""
    marks = [(mk.start, mk.end, mk.value) for mk in reader.marks]
    value = _nearest(reader, m, marks)
    if value is None and m.unit not in UNLABELLED_UNITS:  # not a duration's
        end = _span(reader, m)[1]
        sentence_end = reader.sentences.scope(end)[1]
        value = next(
            (v for s, e, v in marks if s >= end and e <= min(sentence_end, limit) and v != "now"),
            None,
        )
    if value is not None:
        m.when = (article_date or "now") if value == "now" else value


def _figure(
    path: str, name: str, text: str, reader: ParagraphReader, m: Mention, lang: str
) -> Figure:
    start, end = _span(reader, m)
    value = m.value * m.scale
    low = high = value
    if m.qualifier == "about":
        low, high = value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    elif m.qualifier in ("more than", "at least"):
        high = math.inf
    elif m.qualifier in ("less than", "at most"):
        low = 0.0
    elif m.qualifier == "range" and m.low is not None and m.high is not None:
        low, high = m.low, m.high
        value = high
    elif m.qualifier == "from-to" and m.from_value is not None:
        low, high = m.from_value, value
    return Figure(
        path=path,
        article=name,
        start=start,
        end=end,
        quote=text[start:end],
        value=value,
        unit=m.unit,
        qualifier=m.qualifier,
        low=low,
        high=high,
        entity=m.entity,
        attribute=m.attribute,
        when=m.when,
        lang=lang,
        owner_from=m.owner_from,
    )
