"""Stage 1 of figure extraction: a paragraph's tokens, its time marks and its quantities.

``ParagraphReader`` reads numbers with their scale, unit and qualifier (``Mention``), and the
time words around them; ``find_entities`` and ``find_attributes`` mark listed organisations and
measure words. What a quantity is about is decided by the later stages: ``measure.py`` (what it
measures), ``owner.py`` (whose it is), ``resolve_when`` here (when it holds). Every word comes
from the data files under ``index/data``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

from ..datafiles import json_data
from ..langdetect import script_of
from .context import Boundaries
from .lexicon import (
    PhraseTable,
    Token,
    attribute_table,
    count_attributes,
    cumulative_measures,
    entity_spans,
    form_table,
    grouped_phrases,
    language_scales,
    listed_phrases,
    match_attributes,
    normalize,
    not_measure_table,
    phrase_words,
    suffix_scales,
    tokenize,
    unit_dimension,
    word_forms,
)
from .numbers import is_year, parse_number
from .when import (
    STORY_DAYS,
    day_without_year,
    full_date,
    month_without_year,
    resolve_relative,
)

ENTITY_LOOKBACK_CHARS = 600
OBJECT_GAP_CHARS = 25  # 'valorisant xAI à 80 milliards': the name is close to the figure
ABOUT_TOLERANCE = 0.05
SENTENCE_PENALTY = 30
AFTER_PENALTY = 3
COUNT_VERB_CHARS = 12
UNLABELLED_UNITS = frozenset({"years", "months", "days", "hours", "miles", "km"})
_CLOCK_GAPS = (":", "h", "H")
HOURS_IN_DAY = 24


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
    attribute: str | None = None
    entity: str | None = None
    when: str | None = None
    has_scale: bool = False
    owner_from: str = ""
    weekdays: tuple[int, ...] = ()  # 'lundi' in an article with no date (its story dates it)
    carried: bool = False  # its day is an earlier sentence's (``resolve_when``)
    monthday: str = ""  # '6 février' (02-06) in an article with no date: its story's year dates it
    reference: str = ""  # '40 km west of Herat': the place a distance is measured from
    gap_owner: str = ""  # 'יש עתיד ב-24': who has a gapped list's item (``_continue_gapped``)
    elliptic: bool = False  # a scale word alone, with no unit yet: 'بينهم ألف'
    listed: bool = False  # goes on a list of figures: 'magnitudes de 5,5, 4,7, 6,3 et 5,9'
    counts_noun: bool = False  # a number before a noun no list knows: '64 podiums', '4 نقاط'
    # 'dropping to 42 from its fixed rate of about 30.9 against the dollar': the figure whose
    # unit and measure a bare number takes once they are read (``_share_from_units``)
    like: Mention | None = None
    group: str = ""  # 'meat and poultry (25.0 percent)': the goods a price change is of
    changed_from: bool = False  # 'de 50 milliards à 80 milliards': the value before the change


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    value: str


def _gap(text: str, a: Token, b: Token) -> str:
    return text[a.end : b.start]


# brackets, or a pair of long dashes, in one sentence
_ASIDE = re.compile(r"\([^()\n.!?]{1,200}\)|—[^—\n.!?]{1,200}—")


def _earlier_period(shift: str) -> bool:
    """'months:-1', 'years:-2': a month or year before the article's ('last year')."""
    kind, _, amount = shift.partition(":")
    return kind in ("months", "years") and amount.lstrip("-").isdigit() and int(amount) < 0


def _spaced(text: str, a: Token, b: Token) -> bool:
    """Tokens separated by nothing but white space, or a number and the word it makes one
    compound with ('6.3-magnitude', '120-seat')."""
    gap = _gap(text, a, b)
    return not gap.strip() or (gap == "-" and a.kind == "num" and b.kind == "word")


class ParagraphReader:
    def __init__(self, text: str, start: int, end: int, lang: str, article_date: str = ""):
        self.text = text
        self.start, self.end = start, end
        self.lang = lang
        self.article_date = article_date
        self.tokens = tokenize(text, start, end, lang)
        self.not_figures: set[int] = set()
        self.marks: list[Mark] = []
        self._asides: list[tuple[int, int]] | None = None
        self._not_measures: list[tuple[int, int]] | None = None
        self._event_times: frozenset[int] | None = None
        self._period_starts: frozenset[int] | None = None

    @cached_property  # (found when first asked: not every paragraph's figures are read)
    def _boundaries(self) -> tuple[Boundaries, Boundaries]:
        return Boundaries.sentences_and_clauses(self.text, self.start, self.end)

    @cached_property
    def sentences(self) -> Boundaries:
        return self._boundaries[0]

    @cached_property
    def clauses(self) -> Boundaries:
        return self._boundaries[1]

    def asides(self) -> list[tuple[int, int]]:
        """Spans set apart in a sentence: '(Twitter سابقًا)', 'X—the giant formerly known as
        Twitter—for $33 billion'. A time inside one is the aside's, not the sentence's."""
        if self._asides is None:
            self._asides = [
                (found.start(), found.end())
                for found in _ASIDE.finditer(self.text, self.start, self.end)
            ]
        return self._asides

    def may_have_figures(self) -> bool:
        """A digit, a scale word or a number word before a unit: else nothing to read."""
        scales, units = form_table("scale").first_words, unit_first_words()
        fractions = _fraction_table(self.lang).first_words  # 'un tiers de', 'half its'
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.kind == "num" or token.forms & scales:
                return True
            if token.forms & fractions and _fraction_table(self.lang).match_at(tokens, i):
                return True
            if token.forms & count_words(self.lang):  # 'vingt sports', 'משבעה מיליון'
                return True
            if i and token.forms & units and is_number_word(tokens[i - 1].norm, self.lang):
                return True
        return False

    def _bare_year(self, raw: str, value: float) -> bool:
        """A four-digit number read as a year when nothing says what it counts: not one more
        than ``FUTURE_YEARS`` after its article's ('وإن 2059 أصيبوا' in a 2023 report counts
        the injured)."""
        if not is_year(raw, value):
            return False
        year = int(self.article_date[:4]) if self.article_date[:4].isdigit() else 0
        return not year or value <= year + FUTURE_YEARS

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
        if not 0 <= a < b < len(self.tokens):
            return False
        first, second = self.tokens[a], self.tokens[b]
        if _spaced(self.text, first, second):
            return True
        # '(245) مقعدا': Arabic news brackets a number; its counted noun follows the bracket
        return (
            self.lang == "ar"
            and b == a + 1
            and first.kind == "num"
            and self.text[first.start - 1 : first.start] == "("
            and self.text[first.end : second.start].strip() == ")"
        )

    # --- times -------------------------------------------------------------------------
    def find_times(self) -> None:
        self._find_marks()
        self._drop_named_weekdays()

    def _find_marks(self) -> None:
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
                    if relative and not when and str(relative[1]).startswith("weekday:"):
                        when = str(relative[1])  # no article day: its story dates it (dating.py)
                    elif relative and not when and _earlier_period(str(relative[1])):
                        # 'last year' in an undated article: another time than the story's
                        when = "past"
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
                and self._bare_year(token.raw, value)
                and not any(
                    self.match(kind, i + 1)
                    for kind in ("scale", "currency", "count", "percent", "others")
                )
            ):
                self.not_figures.add(i)
                if not (self.article_date[:4] == str(int(value)) and self._year_in_name(i)):
                    # the year of the story's own 'Paris 2024' is no time of its figures;
                    # 'أولمبياد أتلانتا 1996' is when that other event's figures hold
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
            k = i + 1  # the month's token: after a day's ordinal ending ('1er novembre', '1st')
            if k < len(tokens) and tokens[k].start == token.end and tokens[k].norm in _ordinals():
                k += 1
            if 1 <= value <= 31 and value.is_integer() and self.linked(k - 1, k):
                month = self.match("months", k)
                if month:
                    self.not_figures.update(range(i, k))
                    self._day_date(i, k + month[0], int(month[1]), int(value))
            relative = self.match_before("relative_before", i - 1)
            measure = self.match("measure", i + 1)
            if (
                measure
                and measure[1] == "hours"
                and value <= HOURS_IN_DAY
                and value.is_integer()
                and self.linked(i, i + 1)
                and listed_phrases("time_words.json", "clock_before").match_ending_at(tokens, i - 1)
            ):
                self.not_figures.add(i)  # 'ont ouvert à 8 heures': an hour of the day
                continue
            if relative and measure and measure[1] in ("days", "months", "years", "hours"):
                self.not_figures.add(i)
                self.marks.append(Mark(token.start, token.end, "past"))
            if measure and self.match("relative_after", i + 1 + measure[0]):
                self.not_figures.add(i)
                self.marks.append(Mark(token.start, token.end, "past"))

    def event_times(self) -> frozenset[int]:
        """The starts of the time marks that say when the event happened, not when a running
        count stood ('the earthquakes that struck western Afghanistan on Saturday have killed
        more than 2,000 people', 'le séisme qui a secoué lundi', 'la tempête Daniel dans la
        nuit du 10 au 11 septembre': ``time_words.json`` event_time)."""
        if self._event_times is None:
            firsts = self._token_starts()
            self._event_times = frozenset(
                mark.start
                for mark in self.marks
                if self._recent_day(mark.value)
                and mark.start in firsts
                and self._after_event(firsts[mark.start])
            )
        return self._event_times

    def _token_starts(self) -> dict[int, int]:
        """Token index by start offset (where a time mark begins)."""
        return {token.start: i for i, token in enumerate(self.tokens)}

    def _recent_day(self, value: str) -> bool:
        """A weekday, or a day within the story's days before the article: the day of the
        story's own event (the day of a past one, 'le séisme du 17 août 1999', is its toll's)."""
        if value.startswith((WEEKDAY, MONTHDAY)) or value == "now":
            return True
        article, day = _day_or_none(self.article_date), _day_or_none(value)
        return article is not None and day is not None and 0 <= (article - day).days <= STORY_DAYS

    def _after_event(self, first: int) -> bool:
        """Whether the time mark at token ``first`` follows an event's verb after a relative
        word, or an event's noun with only small, light or capitalised words between; no
        number and no sentence end between them."""
        tokens = self.tokens
        sentence_start = self.sentences.scope(tokens[first].start)[0]
        light, verbs, relatives = (
            _time_words("event_time", "light"),
            _time_words("event_time", "verbs"),
            _time_words("event_time", "relatives"),
        )
        small = stop_words(self.lang)
        events = listed_phrases("scopes.json", "regions", "events")
        only_light = True  # so far, between the mark and the token looked at
        for k in range(first - 1, max(-1, first - 1 - EVENT_TIME_TOKENS), -1):
            token = tokens[k]
            if token.start < sentence_start or (token.kind == "num" and k not in self.not_figures):
                return False
            if token.norm in _time_words("event_time", "relative_verbs"):
                return True
            if token.norm in verbs and any(
                tokens[j].norm in relatives
                for j in range(max(0, k - EVENT_VERB_TOKENS), k)
                if tokens[j].start >= sentence_start
            ):
                return True
            if only_light and events.match_ending_at(tokens, k):
                return True
            if not (token.norm in light or token.norm in small or token.raw[:1].isupper()):
                only_light = False
        return False

    def _year_in_name(self, i: int) -> bool:
        """Whether the year at token ``i`` is part of a name rather than a time: right after a
        capitalised word ('les Jeux de Paris 2024', 'Vision 2030'), or after a word that names
        such an event and the name it takes ('أولمبياد باريس 2024': ``time_words.json``
        year_in_name)."""
        tokens = self.tokens
        if i == 0 or not self.linked(i - 1, i) or tokens[i - 1].kind != "word":
            return False
        before = tokens[i - 1]
        if (
            script_of(before.raw[0]) == "latin"
            and before.raw[:1].isupper()
            and before.start != self.sentences.scope(before.start)[0]
            and not before.forms & time_first_words()
        ):
            return True
        words = _time_words("year_in_name")
        return bool(
            before.forms & words
            or (i > 1 and self.linked(i - 2, i - 1) and tokens[i - 2].forms & words)
        )

    def _of_something(self, first: int, last: int) -> bool:
        """Whether the date from token ``first`` to ``last`` names when something named with it
        happened ('le séisme du 6 février', 'the February 6 earthquake', 'زلزال 6 فبراير':
        ``time_words.json`` date_of_something), not when the sentence's figures hold."""
        spec = json_data("time_words.json")["date_of_something"]
        tokens = self.tokens
        before = tokens[first - 1] if first > 0 and self.linked(first - 1, first) else None
        if before is not None and before.norm in spec["before"]:
            # 'as of August 4' is the time of the sentence's figures
            return not listed_phrases(
                "time_words.json", "date_of_something", "time_phrases"
            ).match_ending_at(tokens, first - 1)
        if self.lang == "ar" and before is not None and before.kind == "word":
            return before.norm not in spec["adverb_before"]
        after = tokens[last + 1] if last + 1 < len(tokens) and self.linked(last, last + 1) else None
        return (
            self.lang == "en"
            and after is not None
            and after.kind == "word"
            and after.norm not in stop_words(self.lang)
            and not (after.forms & time_first_words())
        )

    def _day_mark(self, first: int, last: int, when: str) -> None:
        """The time mark of a date from token ``first`` to ``last``; none for the date of
        something named with it within a month before the article ('le séisme du 6 février' in
        a report of 14 February: the count is the report's); an older one still says, by its
        month, that the figure is of another time ('le séisme du 17 août 1999 avait fait 17 000
        morts')."""
        if self._of_something(first, last):
            article, day = _day_or_none(self.article_date), _day_or_none(when)
            if article is not None and day is not None and (article - day).days <= STORY_DAYS:
                return
            # another event's, or which is the story's own is not known: its month, as ever
            when = when[:7]
        self.marks.append(Mark(self.tokens[first].start, self.tokens[last].end, when))

    def period_starts(self) -> frozenset[int]:
        """The starts of the time marks that open a period rather than date its figures: '38,465
        cases … since January 2022', 'depuis début 2024' (``time_words.json`` since). A running
        count holds as of its report; a rate or a change over such a period is of that period
        and keeps it as its time."""
        if self._period_starts is None:
            tokens, firsts = self.tokens, self._token_starts()
            since = listed_phrases("time_words.json", "since", "words")
            start = listed_phrases("time_words.json", "since", "start")
            found = set()
            for mark in self.marks:
                i = firsts.get(mark.start, 0)
                before = start.match_ending_at(tokens, i - 1) if i else None
                j = i - before[0] if before else i
                if j and since.match_ending_at(tokens, j - 1) and self.linked(j - 1, i):
                    found.add(mark.start)
            self._period_starts = frozenset(found)
        return self._period_starts

    def _drop_named_weekdays(self) -> None:
        """'lundi 6 février': the weekday of a date is no time of its own (the date says it)."""
        dates = [m for m in self.marks if m.value[:1].isdigit() or m.value.startswith(MONTHDAY)]
        self.marks = [
            mark
            for mark in self.marks
            if not mark.value.startswith(WEEKDAY)
            or not any(0 <= other.start - mark.end <= 2 for other in dates)
        ]

    def _monthday_mark(self, first: int, last: int, month: int, day: int) -> None:
        """'lundi 6 février' in an article with no date: the day, kept for its story's year
        (``dating.story_monthdays``)."""
        if full_date(2024, month, day):  # a leap year: every day a calendar can have
            mark = f"{MONTHDAY}{month:02d}-{day:02d}"
            self.marks.append(Mark(self.tokens[first].start, self.tokens[last].end, mark))

    def _day_date(self, i: int, j: int, month: int, day: int) -> None:
        """'12 mars 2024', 'le 12 mars', '12 مارس': a day (token ``i``) and its month; the year
        after them (token ``j``), else the article's (``day_without_year``)."""
        tokens = self.tokens
        if j < len(tokens) and tokens[j].kind == "num" and self.linked(j - 1, j):
            year = parse_number(tokens[j].raw, self.lang) or 0
            if is_year(tokens[j].raw, year):
                self.not_figures.add(j)
                when = full_date(int(year), month, day)
                if when:
                    self._day_mark(i, j, when)
                return
        self._day_without_year(i, j - 1, month, day)

    def _day_without_year(self, first: int, last: int, month: int, day: int) -> None:
        """'le 12 mars', 'on March 12': the day nearest the article's (``day_without_year``);
        in an article with no date, kept for its story's year (``_monthday_mark``)."""
        when = day_without_year(month, day, self.article_date)
        if when:
            self._day_mark(first, last, when)
        elif not self.article_date and not self._of_something(first, last):
            self._monthday_mark(first, last, month, day)

    def _month_date(self, i: int, length: int, month: int) -> None:
        tokens = self.tokens
        j = i + length
        if i > 0 and i - 1 in self.not_figures and self.linked(i - 1, i):
            day = parse_number(tokens[i - 1].raw, self.lang)
            if day is not None and 1 <= day <= 31:
                return  # '12 mars (2024)': the day's date (``_day_date``)
        # 'from January's 29.8 percent': a month's possessive is followed by no year or day
        possessive = tokens[j - 1].norm.endswith("'s")
        year_follows = (
            not possessive
            and j < len(tokens)
            and tokens[j].kind == "num"
            and self.linked(i + length - 1, j)
        )
        after_name = i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].raw[:1].isupper()
        if not year_follows and (
            self.match_before("month_alone_after", i - 1) or (possessive and not after_name)
        ):  # 'this January's rate', not 'Theresa May's government'
            when = month_without_year(month, self.article_date)  # 'en décembre', 'في فبراير'
            if when:
                self.marks.append(Mark(tokens[i].start, tokens[j - 1].end, when))
            elif not self.article_date and not self._of_something(i, j - 1):
                # no article date: the month, kept for its story's year ('monthday:02')
                mark = f"{MONTHDAY}{month:02d}"
                self.marks.append(Mark(tokens[i].start, tokens[j - 1].end, mark))
        if year_follows:
            value = parse_number(tokens[j].raw, self.lang) or 0
            if is_year(tokens[j].raw, value):
                self.not_figures.add(j)
                self.marks.append(Mark(tokens[i].start, tokens[j].end, f"{int(value)}-{month:02d}"))
                return
            if 1 <= value <= 31 and value == int(value):
                self.not_figures.add(j)
                k = j + 1
                if k < len(tokens) and tokens[k].kind == "num":
                    year = parse_number(tokens[k].raw, self.lang) or 0
                    if (
                        is_year(tokens[k].raw, year)
                        and len(_gap(self.text, tokens[j], tokens[k])) <= 2
                    ):
                        self.not_figures.add(k)
                        stated = full_date(int(year), month, int(value))  # 'March 12, 2024'
                        self._day_mark(i, k, stated or f"{int(year)}-{month:02d}")
                        return
                self._day_without_year(i, j, month, int(value))  # 'on March 12'

    # --- numbers ---------------------------------------------------------------------------
    def find_mentions(self) -> list[Mention]:
        mentions: list[Mention] = []
        for i, token in enumerate(self.tokens):
            if mentions and i <= mentions[-1].last:
                continue  # read as part of the previous one: 'تسعة ملايين و700 ألف'
            if token.kind == "num" and i not in self.not_figures:
                mention = self._read_number(i)
                if mention is not None:
                    mentions.append(mention)
            elif (
                token.kind == "word"
                and (i == 0 or self.tokens[i - 1].kind != "num")
                and _may_start_mention(token.raw, self.lang)
            ):
                mention = (
                    self._read_scale_alone(i)
                    or self._read_spelled(i)
                    or self._read_fraction(i)
                    or self._read_pronoun_count(i)
                )
                if mention is not None:
                    mentions.append(mention)
        mentions = self._merge_ranges(mentions)
        self._share_part_units(mentions)
        self._share_partitive_units(mentions)
        self._share_list_units(mentions)
        self._share_from_units(mentions)
        self._share_pronoun_units(mentions)
        self._continue_lists(mentions)
        self._continue_gapped(mentions)
        return [m for m in mentions if self._is_figure(m)]

    def _after_pronoun(self, i: int) -> bool:
        """Token ``i`` follows a pronoun for a counted noun and its verb ('en a remporté
        quatre', 'en obtient 143': ``grammar.json`` pronoun_counts), in one stretch of words."""
        pronouns, max_words = _count_pronouns(self.lang)
        if not pronouns:
            return False
        tokens = self.tokens
        for k in range(i - 1, max(-1, i - 1 - max_words), -1):
            token = tokens[k]
            if token.kind != "word" or not self.linked(k, k + 1) or not token.raw[:1].islower():
                return False
            if k < i - 1 and not token.forms.isdisjoint(pronouns):
                return True
        return False

    def _read_pronoun_count(self, i: int) -> Mention | None:
        """'La liste Hadash-Taal en a remporté quatre': a number in words after a pronoun for
        a counted noun (its unit: ``_share_pronoun_units``)."""
        if not _count_pronouns(self.lang)[0]:  # (asked of every word: the cheap test first)
            return None
        value = number_word_value(self.tokens[i].norm, self.lang)
        if value is None or self.match("one", i) or self.noun_after(i):
            return None  # 'un financement', 'en prévoyant un financement': no count of a noun
        if not self._after_pronoun(i):
            return None
        mention = Mention(first=i, last=i, number=i, value=float(value))
        self._read_before(mention)
        return mention

    def _share_pronoun_units(self, mentions: list[Mention]) -> None:
        """A bare number after a pronoun for a counted noun ('en a remporté quatre', 'en
        obtient 143') counts what the paragraph's previous counted figure counts."""
        for index, m in enumerate(mentions):
            if m.unit or m.has_scale or self.noun_after(m.last) or not self._after_pronoun(m.first):
                continue
            counted = [b.unit for b in mentions[:index] if b.unit in count_attributes()]
            if counted:
                m.unit = counted[-1]

    def _continue_gapped(self, mentions: list[Mention]) -> None:
        """'the center-left with 61 seats and the right with 55', 'הליכוד זכה ב-32 מנדטים, יש
        עתיד ב-24, הציונות הדתית ב-14': a bare whole number after a counted figure of its
        sentence, past a comma or 'and' and a few words with no number (who has it: the verb
        and the noun left out), counts what that figure counts; so does the next one."""
        for previous, m in itertools.pairwise(mentions):
            if m.unit and m.unit == previous.unit and m.unit in count_attributes():
                # 'וחד"ש-תע"ל ב-5 מנדטים והעבודה ב-4 מנדטים': an item that names its noun
                # again; who has it is still the words before its number
                items = self._gap_words(previous, m)
                if items is not None and self.lang in ("ar", "he"):
                    gap = self.text[self.tokens[previous.last].end : self.tokens[m.first].start]
                    joined = bool(items) and items[0].raw[:1] in ("ו", "و")
                    joined = joined and len(items[0].raw) > 2
                    if gap.lstrip().startswith(",") or joined:
                        m.gap_owner = self._gap_owner(items, strip_and=joined)
                continue
            if m.unit or m.has_scale or m.qualifier != "exact":
                continue
            if self._continues_prices(previous, m):
                m.unit = previous.unit  # '48,71 livres pour l'achat et 48,85 pour la vente'
                continue
            if m.value != int(m.value):
                continue
            if previous.unit not in count_attributes() or self._is_figure(m):
                continue
            words = self._gap_words(previous, m)
            if words is None:
                continue
            gap = self.text[self.tokens[previous.last].end : self.tokens[m.first].start]
            opening = gap.lstrip()
            if not (
                opening.startswith(",")
                or opening.split(maxsplit=1)[:1] in ([w] for w in LIST_WORDS)
                or self._bracketed_alike(previous, m)
                or self.tokens[m.first - 1].norm in LIST_WORDS
                or listed_phrases("grammar.json", "contrast", "words").match_ending_at(
                    self.tokens, m.first - 1
                )
            ):
                continue
            if self._bare_year(self.tokens[m.number].raw, m.value):
                continue
            low, high = sorted((abs(m.value), abs(previous.value * previous.scale)))
            if low > 0 and high / low <= MAX_LIST_RATIO:
                m.unit = previous.unit
                m.gap_owner = self._gap_owner(words)

    def _bracketed_alike(self, previous: Mention, m: Mention) -> bool:
        """'du Japon (20 titres) et l'Australie (18)', 'le judo (10 médailles), l'escrime (7)':
        each figure alone in its brackets, items of one list."""
        return self._bracketed(previous) and self._bracketed(m)

    def _bracketed(self, m: Mention) -> bool:
        """The figure alone in brackets: they stand in the gaps around its tokens (brackets
        are no tokens), read without copying the text before or after them."""
        tokens = self.tokens
        before = self.text[tokens[m.first - 1].end if m.first else 0 : tokens[m.first].start]
        end = tokens[m.last + 1].start if m.last + 1 < len(tokens) else len(self.text)
        after = self.text[tokens[m.last].end : end]
        return before.rstrip().endswith("(") and after.lstrip().startswith(")")

    def _share_from_units(self, mentions: list[Mention]) -> None:
        """'dropping to 42 from its fixed rate of about 30.9 against the dollar': a bare number
        after a 'to' word, followed by a 'from' word and a figure with a unit (a few words with
        no number between), is in that unit (``grammar.json`` to_from)."""
        to = listed_phrases("grammar.json", "to_from", "to")
        from_words = listed_phrases("grammar.json", "to_from", "from")
        for m, following in itertools.pairwise(mentions):
            if m.unit or m.has_scale or m.qualifier != "exact":
                continue
            if not to.match_ending_at(self.tokens, m.first - 1):
                continue
            if (
                not from_words.match_at(self.tokens, m.last + 1)
                or self._gap_words(m, following) is None
            ):
                continue
            low, high = sorted((abs(m.value), abs(following.value * following.scale)))
            if low > 0 and high / low <= PRICE_LIST_RATIO:
                if following.unit is not None:
                    m.unit = following.unit
                elif self._prices_a_currency(following):  # its currency is read later
                    m.like, m.listed = following, True

    def _continues_prices(self, previous: Mention, m: Mention) -> bool:
        """'48,71 livres égyptiennes pour l'achat et 48,85 pour la vente contre 49,10': a bare
        number of about the size of the amount before it in its sentence (within
        ``PRICE_LIST_RATIO``), right after a list or contrast word ('et', 'contre', 'and',
        'against': ``grammar.json`` price_list), past a few words with no number, is in that
        amount's currency."""
        if unit_dimension(previous.unit) != "money" or previous.has_scale:
            return False
        if not self._gap_words(previous, m):
            return False
        if not listed_phrases("grammar.json", "price_list").match_ending_at(
            self.tokens, m.first - 1
        ):
            return False
        low, high = sorted((abs(m.value), abs(previous.value * previous.scale)))
        return low > 0 and high / low <= PRICE_LIST_RATIO

    def _gap_words(self, previous: Mention, m: Mention) -> list[Token] | None:
        """The words between two figures of one sentence, at most ``MAX_GAPPED_WORDS`` and no
        number among them (who has a list's next value, and the verb and noun left out); None
        when the figures are further apart."""
        if not self.sentences.same(self.tokens[previous.number].start, self.tokens[m.number].start):
            return None
        between = self.tokens[previous.last + 1 : m.first]
        words = [t for t in between if t.kind == "word"]
        if len(words) > MAX_GAPPED_WORDS or any(t.kind == "num" for t in between):
            return None
        return words

    def _gap_owner(self, words: list[Token], strip_and: bool = False) -> str:
        """Who has a gapped list's item, in Arabic and Hebrew (no capitals mark their names):
        the words between the list's comma and the number, less 'and' before them and a
        preposition after ('יש עתיד ב-24' → 'יש עתיד'); none when a small word is left."""
        if self.lang not in ("ar", "he"):
            return ""
        links = set(json_data("grammar.json")["gapped_links"])
        while words and (words[0].norm in LIST_WORDS or words[0].norm in links):
            words = words[1:]
        while words and words[-1].norm in links and self.text[words[-1].start - 1] != '"':
            words = words[:-1]  # not the end of an acronym: 'תע"ל'
        if not words:
            return ""
        # 'רע"ם', 'חד"ש-תע"ל': a gershayim or a hyphen joins the tokens of one word
        owner = self.text[words[0].start : words[-1].end]
        if strip_and and owner[:1] in ("ו", "و") and len(words[0].raw) > 2:
            owner = owner[1:]  # 'והעבודה ב-4 מנדטים': 'and' stuck to the next item
        if not 1 <= len(owner.split()) <= MAX_GAP_OWNER_WORDS:
            return ""
        if any(word.norm in stop_words(self.lang) for word in words):
            return ""
        return owner

    def _continue_lists(self, mentions: list[Mention]) -> None:
        """'magnitudes de 5,5, 4,7, 6,3 et 5,9', 'بقوة 5.5 و4.7 و6.2 درجة': bare numbers that
        follow a figure with nothing but a comma or 'and' between go on its list (values of
        one order of magnitude, no year)."""
        for previous, m in itertools.pairwise(mentions):
            if previous.qualifier != "exact" or m.qualifier != "exact":
                continue
            if not (previous.listed or self._is_figure(previous)) or self._is_figure(m):
                continue
            gap = self.text[self.tokens[previous.last].end : self.tokens[m.first].start]
            if gap.strip() not in LIST_GAPS or self._bare_year(self.tokens[m.number].raw, m.value):
                continue
            low, high = sorted((abs(m.value), abs(previous.value * previous.scale)))
            if low > 0 and high / low <= MAX_LIST_RATIO:
                m.listed = True

    def _share_list_units(self, mentions: list[Mention]) -> None:
        """'17 ألف شخص، بينهم ألف في إسطنبول', '8,7 millions de billets, et un million pour les
        Jeux paralympiques': a scale word alone, with no unit of its own, counts what the
        previous figure of its sentence counts; with none, it is no figure ('des milliers')."""
        for index, m in enumerate(mentions):
            if not m.elliptic or m.unit:
                continue
            start = self.tokens[m.number].start
            counted = [
                before.unit
                for before in mentions[:index]
                if before.unit in count_attributes()
                and self.sentences.same(self.tokens[before.number].start, start)
            ]
            if counted:
                m.unit = counted[-1]
            else:
                m.has_scale = False  # not a figure (see _is_figure)

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
        if j < len(tokens) and tokens[j].norm in half_words() and self.linked(mention.last, j):
            mention.value += 0.5  # 'מיליארד וחצי', 'مليار ونصف': and a half
            mention.last = j
            return j + 1
        limit = mention.scale  # each part is smaller than the scale before it
        while (
            j + 1 < len(tokens) and tokens[j].norm in compound_and() and tokens[j + 1].kind == "num"
        ):
            attached = tokens[j].end == tokens[j + 1].start
            if not (attached or self.linked(j, j + 1) and self.linked(mention.last, j)):
                break
            rest = parse_number(tokens[j + 1].raw, self.lang)
            # 'تسعة ملايين و700 ألف': the part after 'و' may carry its own, smaller scale, and a
            # further part the units ('5 ملايين و630 ألف و196')
            found = self.match("scale", j + 2) if self.linked(j + 1, j + 2) else None
            rest_scale = float(found[1]) if found else 1.0
            if rest is None or not 0 < rest * rest_scale < limit:
                break
            mention.value += rest * rest_scale / mention.scale
            mention.last = j + 1 + (found[0] if found else 0)
            j = mention.last + 1
            if not found:
                break
            limit = rest_scale
        return j

    def _read_scale_alone(self, i: int) -> Mention | None:
        """'un milliard de dollars', 'بمليار دولار', 'مليارين': a scale word as a number."""
        if not self.tokens[i].forms & form_table("scale").first_words:
            return None
        found = self.match("scale", i)
        if not found:
            return None
        scale = float(found[1])
        singular_or_dual = scale not in (1e3, 1e6, 1e9, 1e12) or bool(
            self.tokens[i].forms & SINGULAR_SCALES  # 'ومليون', 'بمليار': one, with a proclitic
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
            if scale not in (1e3, 1e6, 1e9, 1e12):
                return None
            mention.elliptic = True  # 'بينهم ألف', 'over one million': a list's unit counts it
        self._read_before(mention)
        return mention

    def _read_fraction(self, i: int) -> Mention | None:
        """'un tiers de sa valeur', 'about half its value', 'a quarter of Libya's eastern city':
        a share in words, read as a percentage when what it is a share of follows
        (``number_words.json`` fractions)."""
        found = _fraction_table(self.lang).match_at(self.tokens, i)
        if found is None:
            return None
        length, value = found
        j = i + length
        spec = json_data("number_words.json")["fractions"]
        if j >= len(self.tokens) or not self.linked(j - 1, j):
            return None
        joined_of = self.tokens[j].raw[:1] == "מ"  # Hebrew 'of' joined to its word: 'רבע מהעיר'
        if joined_of and self.lang != "he":
            return None
        if not (self.tokens[j].forms & set(spec["of"]) or joined_of):
            return None
        if i > 0 and self.tokens[i - 1].norm in spec["not_after"]:
            return None  # 'the second half of the year'
        mention = Mention(first=i, last=j - 1, number=i, value=float(value), unit="%")
        self._read_before(mention)
        return mention

    def _read_spelled(self, i: int) -> Mention | None:
        """'six mois', 'twelve employees', 'تسعة ملايين', 'שבעה מיליון': a number written in words
        that a unit or a scale word follows."""
        if self.lang not in ("fr", "en", "ar", "he") or i + 1 >= len(self.tokens):
            return None
        value = next(  # 'משבעה': the number after a prefix
            (
                float(number)
                for form in sorted(self.tokens[i].forms, key=len, reverse=True)
                if (number := number_word_value(form, self.lang)) is not None
            ),
            None,
        )
        if value is None:
            return None
        if not self.linked(i, i + 1) or self.match("scale", i) or self.match("one", i):
            return None
        counted = self.tokens[i + 1].forms & unit_first_words() and any(
            self.match(kind, i + 1) for kind in ("measure", "count", "currency", "scale")
        )
        # 'vingt sports', 'עשר ערים'; not 'les deux pays', 'two companies'
        spelled_count = value >= MIN_SPELLED_COUNT and self.noun_after(i)
        if not counted and not spelled_count:
            return self._read_spelled_item(i, value)
        mention = Mention(first=i, last=i, number=i, value=value)
        found = self.match("scale", i + 1)
        j = mention.last + 1
        if found:
            mention.scale, mention.has_scale = float(found[1]), True
            mention.last = i + found[0]
            j = self._read_compound_rest(mention, mention.last + 1)
        self._read_unit_after(mention, j)
        if mention.unit is None and not mention.has_scale and not spelled_count:
            return None
        self._read_before(mention)
        return mention

    def _read_spelled_item(self, i: int, value: float) -> Mention | None:
        """'10 sièges pour Shass et sept pour Judaïsme unifié de la Torah': a number in words
        right after 'and' or a contrast word ('contre') may be a list's next item; it is a
        figure only when ``_continue_gapped`` gives it the unit of a figure before it."""
        if (
            i == 0
            or self.tokens[i - 1].norm not in LIST_WORDS
            and not listed_phrases("grammar.json", "contrast", "words").match_ending_at(
                self.tokens, i - 1
            )
        ):
            return None
        if self.noun_after(i):
            return None  # 'et deux partis ultra-orthodoxes': too few to count a noun
        mention = Mention(first=i, last=i, number=i, value=value)
        self._read_before(mention)
        return mention

    def _read_unit_after(self, mention: Mention, j: int) -> None:
        tokens = self.tokens
        last = mention.last
        if not (j < len(tokens) and self.linked(last, j)):
            return
        for kind in ("percent", "currency", "measure"):
            found = self.match(kind, j)
            if found and kind == "currency" and per_currency(tokens[j]):
                return  # '47.60 للدولار': per dollar, the dollar's price in another currency
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
        elif i > 0 and self.linked(i - 1, i):  # 'יותר משבעה מיליון': 'יותר מ' glued to it
            glued = glued_qualifiers().get((normalize(tokens[i - 1].raw), tokens[i].raw[:1]))
            if glued:
                mention.qualifier, mention.first = glued, i - 1
        j = mention.last + 1
        after = self.match("qual_after", j)
        if after and self.linked(mention.last, j) and mention.qualifier == "exact":
            mention.qualifier = str(after[1])
            mention.last = j + after[0] - 1

    def _merge_ranges(self, mentions: list[Mention]) -> list[Mention]:
        """'de 10 à 75', 'from $10B to $75B', 'من 10 إلى 75', '10-75': one range; with a change verb
        in the clause, two figures of one quantity, before and after the change."""
        merged: list[Mention] = []
        for mention in mentions:
            previous = merged[-1] if merged else None
            if previous is not None and self._is_range(previous, mention):
                if not previous.has_scale and mention.has_scale:
                    previous.scale = mention.scale
                low, high = previous.value * previous.scale, mention.value * mention.scale
                clause = self.clauses.scope(self.tokens[mention.number].start)
                if self._change_verb_in(clause):
                    # 'de 50 milliards … à 80 milliards': two values of one quantity, before
                    # and after the change (``earlier_sides`` makes the first 'past')
                    previous.unit = previous.unit or mention.unit
                    previous.has_scale = previous.has_scale or mention.has_scale
                    previous.like, previous.changed_from = mention, True
                    merged.append(mention)
                    continue
                mention.first = previous.first
                mention.unit = mention.unit or previous.unit
                mention.has_scale = mention.has_scale or previous.has_scale
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
        if any(c in self.text[tokens[a.last].end : tokens[b.first].start] for c in ",;:"):
            return False  # 'une profondeur de 7 km, à 60 km de la frontière': two figures
        if tokens[between.start].raw in ("-", "–"):
            return True
        if not self.match_before("range_from", a.first - 1):
            return False
        # 'de 10 à 75', 'entre 10 et 75'; 'magnitudes de 5,2 et 4,1' is two figures
        allowed = _range_pairs().get(tokens[a.first - 1].norm)
        return allowed is None or tokens[between.start].norm in allowed

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

    def _share_partitive_units(self, mentions: list[Mention]) -> None:
        """'64 médailles, dont 16 en or, 26 en argent et 22 en bronze': whole numbers introduced
        as parts of a counted figure ('dont', 'including', 'منها', 'מתוכם'), and the ones listed
        after them, count what it counts (no part bigger than its whole)."""
        whole: Mention | None = None
        in_list = False  # the previous mention is a part of ``whole``
        for index, m in enumerate(mentions[1:], 1):
            previous = mentions[index - 1]
            start = self.tokens[m.first].start
            if not self.sentences.same(self.tokens[previous.number].start, start):
                whole, in_list = None, False
                continue
            if whole is not None and in_list:  # 'dont 16 en or, 26 en argent': the list goes on
                gap = self.text[self.tokens[previous.last].end : start]
                if len(gap) > MAX_PART_GAP_CHARS or not (
                    "," in gap or set(gap.split()) & LIST_WORDS
                ):
                    whole = None
            else:
                whole = None
            if (
                whole is None
                and previous.unit in count_attributes()
                and _partitive_table().match_ending_at(self.tokens, m.first - 1)
            ):
                whole = previous
            in_list = False
            if whole is None or m.unit or m.has_scale or m.value != int(m.value):
                continue
            if m.value <= whole.value * whole.scale:
                m.unit, in_list = whole.unit, True

    def _is_figure(self, m: Mention) -> bool:
        raw = self.tokens[m.number].raw
        if m.unit or m.has_scale or m.listed or m.qualifier == "range":
            return True
        if self._bare_year(raw, m.value) and not self.match("others", m.last + 1):
            return False  # '2000 آخرون', '2000 others' count people
        if m.value >= 1000 or self._measured_before(m) or self._prices_a_currency(m):
            return True
        m.counts_noun = self._counts_a_noun(m)
        return m.counts_noun

    def _prices_a_currency(self, m: Mention) -> bool:
        """'a record 50 per dollar', 'à environ 50 pour un dollar', '46 مقابل الدولار': a bare
        number right before a currency's price words (``units.json`` exchange_against) is a
        figure, the price of that currency (``measure.resolve_exchange_rate`` says in what)."""
        k = m.last + 1
        if k >= len(self.tokens) or not self.linked(m.last, k):
            return False
        found = listed_phrases("units.json", "exchange_against").match_at(self.tokens, k)
        if found is None and per_currency(self.tokens[k]):
            found = (0, "")  # '47.60 للدولار'
        return found is not None and (
            form_table("currency").match_at(self.tokens, k + found[0]) is not None
        )

    def _counts_a_noun(self, m: Mention) -> bool:
        """'64 podiums', 'les 15 titres d'Atlanta', '10 מחוזות': a whole number right before a
        noun counts it, even a noun no unit list knows."""
        return m.value == int(m.value) and self.noun_after(m.last)

    def noun_after(self, last: int) -> bool:
        """A noun right after token ``last``: a lower-case word of four letters or more (three
        in Arabic and Hebrew) that is no stop word, time word or unit ('16 en or', '3 fois'
        and '17 h' count nothing)."""
        j = last + 1
        if j >= len(self.tokens) or not self.linked(last, j):
            return False
        token = self.tokens[j]
        if token.kind != "word" or not token.raw.isalpha() or token.raw[0].isupper():
            return False
        latin = script_of(token.raw[0]) == "latin"
        if len(token.raw) < (4 if latin else 3) or token.forms & time_first_words():
            return False
        if (
            self.text[token.end : token.end + 1] == '"'
            and "\u05d0" <= self.text[token.end + 1 : token.end + 2] <= "\u05ea"
        ):
            return False  # 'וחד"ש': a Hebrew acronym (gershayim inside), a name, no noun
        return not token.forms & stop_words(self.lang) and not token.forms & not_nouns()

    def _names_no_measure(self, j: int) -> bool:
        """Whether token ``j`` is in a phrase that holds a measure word but names no measure
        ('au cours des 12 derniers mois'; ``grammar.json`` not_measures)."""
        if self._not_measures is None:
            self._not_measures = [(s, e) for s, e, _ in not_measure_table().find_all(self.tokens)]
        return any(s <= self.tokens[j].start < e for s, e in self._not_measures)

    def _measured_before(self, m: Mention) -> bool:
        """'d'une magnitude de 7,8', 'magnitude 7.8', 'بقوة 7.8': a bare number that a measure
        word introduces (at most two small words between) is a figure."""
        table = attribute_table(self.lang if self.lang in ("fr", "en") else "other")
        for back in range(1, 4):
            j = m.first - back
            if j < 0 or not self.linked(j, j + 1) and back == 1:
                return False
            found = table.match_ending_at(self.tokens, j)
            if found and found[1][1] and not self._names_no_measure(j):
                return True
            if self.tokens[j].kind != "word" or len(self.tokens[j].raw) > 3:
                return self._measure_of_something(m)
        return False

    def _measure_of_something(self, m: Mention) -> bool:
        """'the magnitude of the quake at 7.4', 'la magnitude du séisme à 7,4': a measure word,
        'of' and what it measures, then the number (``grammar.json`` of_something)."""
        spec = json_data("grammar.json")["of_something"]
        table = attribute_table(self.lang if self.lang in ("fr", "en") else "other")
        tokens = self.tokens
        j = m.first - 1
        if j >= 0 and tokens[j].norm in spec["before_number"]:
            j -= 1
        if j < 0 or tokens[j].kind != "word":
            return False
        j -= 1  # what is measured: 'quake', 'séisme'
        while j >= 0 and tokens[j].norm in spec["articles"]:
            j -= 1
        if j < 1 or tokens[j].norm not in spec["of"]:
            return False
        found = table.match_ending_at(tokens, j - 1)
        return bool(found and found[1][1]) and all(
            self.linked(k, k + 1) for k in range(j - 1, m.first - 1)
        )


@cache
def _fraction_table(lang: str) -> PhraseTable:
    """``number_words.json`` fractions of a language, by normalised spelling → percentage."""
    table = PhraseTable()
    values = json_data("number_words.json")["fractions"]["values"].get(lang, {})
    for phrase, value in values.items():
        table.add(tuple(phrase_words(phrase)) or (phrase,), value)
    return table


@cache
def _range_pairs() -> dict[str, frozenset[str]]:
    """Each 'from' word of a range and its 'to' words (``qualifiers.json`` range pairs)."""
    pairs = json_data("qualifiers.json")["range"]["pairs"]
    return {normalize(k): frozenset(normalize(w) for w in v) for k, v in pairs.items()}


FUTURE_YEARS = 10  # a year named in news is seldom further ahead than this (a plan for 2030)


def _day_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


LIST_GAPS = frozenset({",", "et", "and", "و", "ו", ", et", ", and"})
MAX_LIST_RATIO = 10  # a list's values are of one order of magnitude
MAX_PART_GAP_CHARS = 25  # 'en argent, le métal le plus rapporté' ends a list of parts
LIST_WORDS = frozenset({"et", "and", "و", "ו"})
PRICE_LIST_RATIO = 1.5  # prices listed together are of one size: 48,71, 48,85, 49,10
MAX_GAP_OWNER_WORDS = 3  # 'الصهيونية الدينية', 'יהדות התורה', 'ישראל ביתנו'
MAX_GAPPED_WORDS = 5  # 'and the right-wing bloc 54': who has the next value of a list


def _partitive_table() -> PhraseTable:
    """The words introducing a part of the figure before (``scopes.json`` part_of_whole)."""
    return listed_phrases("scopes.json", "part_of_whole", "partitive")


@cache
def _spelled_numbers(lang: str) -> dict[str, int]:
    return {normalize(word): value for word, value in json_data("number_words.json")[lang].items()}


@cache
def glued_qualifiers() -> dict[tuple[str, str], str]:
    """Qualifiers whose last word is a Hebrew prefix glued to the number ('יותר מ' in 'יותר
    משבעה'): (word before, prefix letter) → qualifier."""
    glued = {}
    for qualifier, spec in json_data("qualifiers.json").items():
        if not isinstance(spec, dict):
            continue
        for phrase in spec.get("before", ()):
            words = phrase.replace("־", " ").replace("-", " ").split()
            if len(words) == 2 and len(words[1]) == 1 and script_of(words[1]) == "hebrew":
                glued[(normalize(words[0]), words[1])] = qualifier
    return glued


@cache
def count_words(lang: str) -> frozenset[str]:
    """Number words that may start a count (``number_words.json``; Arabic and Hebrew: all)."""
    if lang not in ("fr", "en", "ar", "he"):
        return frozenset()
    words = _spelled_numbers(lang)
    return frozenset(w for w, value in words.items() if lang in ("ar", "he") or value >= 10)


@lru_cache(maxsize=1 << 17)
def _may_start_mention(raw: str, lang: str) -> bool:
    """Whether a word may start a mention in words: a scale word, a number word (one of its
    forms: 'משבעה') or a fraction's first word; the cheap test before the four readers of
    ``find_mentions``, asked of every word."""
    forms = word_forms(raw)[0]
    return bool(
        forms & form_table("scale").first_words
        or forms & _fraction_table(lang).first_words
        or any(number_word_value(form, lang) is not None for form in forms)
    )


@lru_cache(maxsize=1 << 16)  # every word of every article is asked: text2num raises on most
def number_word_value(word: str, lang: str) -> int | None:
    """'six' → 6, 'vingt-cinq' → 25 (French and English, by text2num); 'تسعة' → 9, 'שבעה' → 7
    (one word, ``number_words.json``); None otherwise."""
    if lang in ("ar", "he"):
        return _spelled_numbers(lang).get(word)
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
def counted_measures() -> frozenset[str]:
    """Measures that count people or things ('deaths', 'injured'): the nouns of
    ``count_attributes``."""
    return frozenset(value for value in count_attributes().values() if value)


MIN_SPELLED_COUNT = 10  # 'les deux pays', 'seven companies' name things more than count them

# Scale words that mean one of them alone ('مليون' a million, 'מיליארד' a billion); their
# plurals ('ملايين', 'milliards') need a number.
SINGULAR_SCALES = frozenset(
    {"مليار", "مليون", "الف", "بمليار", "بمليون", "لمليار", "لمليون", "מיליארד", "מיליון"}
)


@cache
@cache
def _ordinals() -> frozenset[str]:
    """The endings of a day's ordinal number in a date ('le 1er novembre', 'November 1st')."""
    return frozenset(normalize(w) for w in json_data("time_words.json")["day_ordinals"])


def per_currency(token: Token) -> bool:
    """'للدولار', 'لليورو': a currency with the Arabic 'ل' of 'for, per' stuck to its article
    ('ليرة' is no such word)."""
    return normalize(token.raw).startswith("لل")


def stop_words(lang: str) -> frozenset[str]:
    from ..datafiles import word_list

    try:
        return frozenset(normalize(w) for w in word_list(f"stopwords_{lang}.txt"))
    except FileNotFoundError:
        return frozenset()


@cache
def not_nouns() -> frozenset[str]:
    """Words after a number that count nothing (``grammar.json`` 'not_counted')."""
    return frozenset(normalize(w) for w in json_data("grammar.json")["not_counted"])


@cache
def half_words() -> frozenset[str]:
    return frozenset(normalize(word) for word in json_data("number_words.json")["half"])


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
    """The listed entities (``entities.json``) a paragraph names; not one named as the medium
    of a statement ('dans un message sur X', 'wrote on X': ``grammar.json`` media)."""
    spans = entity_spans(tokens)
    if not spans:
        return []
    media = listed_phrases("grammar.json", "media", "words")
    index = {token.start: k for k, token in enumerate(tokens)}
    return [
        Mark(start, end, entity)
        for start, end, entity in spans
        if not media.match_ending_at(tokens, index[start] - 1)
    ]


@cache
def _count_pronouns(lang: str) -> tuple[frozenset[str], int]:
    """``grammar.json`` pronoun_counts: the language's pronouns for a counted noun (normalised)
    and how many words may stand between one and its number."""
    spec = json_data("grammar.json")["pronoun_counts"]
    pronouns = frozenset(normalize(w) for w in spec["pronouns"].get(lang, ()))
    return pronouns, spec["max_words"]


def find_attributes(tokens: list[Token], lang: str) -> list[tuple[Mark, bool]]:
    return [
        (Mark(start, end, attribute), strong)
        for start, end, (attribute, strong) in match_attributes(
            tokens, lang if lang in ("fr", "en") else "other"
        )
    ]


def span_of(reader: ParagraphReader, m: Mention) -> tuple[int, int]:
    return reader.tokens[m.first].start, reader.tokens[m.last].end


EVENT_TIME_TOKENS = 7  # 'that struck western Afghanistan on Saturday': verb to time
EVENT_VERB_TOKENS = 3  # 'qui a secoué': a relative word to its verb


@cache
def _time_words(*keys: str) -> frozenset[str]:
    """``time_words.json``'s words under ``keys`` ('event_time', 'verbs'), normalised."""
    listed = json_data("time_words.json")
    for key in keys:
        listed = listed[key]
    return frozenset(normalize(word) for word in listed)


TIME_AFTER_CHARS = 5  # ' in ', ' en ', ' في ': a date this close after a figure is its own


def nearest_mark(
    reader: ParagraphReader, m: Mention, marks: list[tuple[int, int, str]]
) -> str | None:
    """The value of the mark nearest before the figure in its sentence, else of the first one
    after it in its clause (marks in text order)."""
    start, end = span_of(reader, m)
    sentence = reader.sentences.scope(start)
    clause = reader.clauses.scope(start)
    right_after = [  # '11 percent in February 2024', '11,4 % en février': the figure's own
        value
        for s, e, value in marks
        if end <= s <= end + TIME_AFTER_CHARS and e <= clause[1] and value not in ("now", "past")
    ]
    if right_after:
        return right_after[0]
    before = [value for s, e, value in marks if sentence[0] <= s and e <= start]
    if before:
        return before[-1]
    return next((value for s, e, value in marks if s >= end and e <= clause[1]), None)


def _only_times(reader: ParagraphReader, low: int, high: int) -> bool:
    """Whether the text from ``low`` to ``high`` says nothing but its time marks."""
    text = list(reader.text[low:high])
    for mark in reader.marks:
        if low <= mark.start and mark.end <= high:
            text[mark.start - low : mark.end - low] = " " * (mark.end - mark.start)
    return not any(ch.isalnum() for ch in text)


def resolve_when(
    reader: ParagraphReader,
    m: Mention,
    article_date: str,
    limit: int = 1 << 62,
    previous: Mention | None = None,
) -> None:
    """The nearest time mark (see ``_nearest``), else one later in the sentence before the next
    figure: '43 médailles à Pékin, en 2008'."""
    start, end = span_of(reader, m)
    apart = [  # not 'hier (mardi)': an aside that only names a time dates the sentence
        (lo, hi)
        for lo, hi in reader.asides()
        if not lo <= start < hi and not _only_times(reader, lo, hi)
    ]
    event_times = _event_times_apart(reader, m)
    marks = [
        (mk.start, mk.end, mk.value)
        for mk in reader.marks
        if not any(lo <= mk.start < hi for lo, hi in apart) and mk.start not in event_times
    ]
    bases = _comparison_bases(reader)
    marks = [mark for mark in marks if mark[0] < end or mark[0] not in bases]
    value = nearest_mark(reader, m, marks)
    if value is None and m.unit not in UNLABELLED_UNITS:  # not a duration's
        sentence = reader.sentences.scope(end)
        stop = min(sentence[1], limit, _quote_end(reader.text, sentence[0], start, end))
        dash = _DASH.search(reader.text, end, stop)  # '19.6% for precincts abroad — outpacing
        stop = dash.start() if dash else stop  # the country's 2019 election': an aside's time
        value = next((v for s, e, v in marks if s >= end and e <= stop and v != "now"), None)
    if value is not None and len(value) == 4 and value == article_date[:4]:
        if m.attribute in cumulative_measures():
            value = "now"  # '4,900 cases in 2024' in a 2024 report: the count so far, as of now
    if value is not None:
        m.when = (article_date or "now") if value == "now" else value
    elif previous is not None and m.unit not in UNLABELLED_UNITS and _carries(reader, previous, m):
        # a day holds for the paragraph's next sentences until another is named: 'En Syrie,
        # 1.444 personnes sont mortes lundi. […] le bilan a grimpé à 711 morts' is Monday's
        if "-" in previous.monthday:  # a day ('02-06'), not a month alone ('02')
            m.monthday, m.carried = previous.monthday, True
        elif len(previous.weekdays) == 1:
            m.weekdays, m.carried = previous.weekdays, True
        elif previous.when and len(previous.when) == 10:
            m.when, m.carried = previous.when, True
    if m.when and m.when.startswith(WEEKDAY):
        m.weekdays, m.when = (int(m.when[len(WEEKDAY) :]),), None
    if m.when and m.when.startswith(MONTHDAY):
        m.monthday, m.when = m.when[len(MONTHDAY) :], None


def _comparison_bases(reader: ParagraphReader) -> frozenset[int]:
    """The starts of time marks that a comparison word introduces ('26.46%, down seven points
    from 2019', 'en baisse par rapport à 2019', 'مقارنة بعام 2019'): the time of the value
    compared with, never of a figure before them (``time_words.json`` compared_with)."""
    table = listed_phrases("time_words.json", "compared_with")
    firsts = {token.start: i for i, token in enumerate(reader.tokens)}
    return frozenset(
        mark.start
        for mark in reader.marks
        if mark.start in firsts
        and firsts[mark.start]
        and table.match_ending_at(reader.tokens, firsts[mark.start] - 1)
    )


_DASH = re.compile(r"\s[–—]\s")


def _quote_end(text: str, low: int, start: int, end: int) -> int:
    """Where the quotation holding a figure closes ('« … 43.059 personnes ont été déplacées … »,
    a indiqué l'OIM … dans la nuit du 10 au 11 septembre': what follows it is the speaker's,
    not the figure's); no limit when the figure is in no quotation ``«…»`` or ``“…”``."""
    for opening, closing in (("«", "»"), ("“", "”")):
        opened = text.rfind(opening, low, start)
        if opened >= 0 and text.rfind(closing, opened, start) < 0:
            closed = text.find(closing, end)
            if closed >= 0:
                return closed
    return 1 << 62


def _event_times_apart(reader: ParagraphReader, m: Mention) -> frozenset[int]:
    """The time marks that do not date a running count ``m``: they say when its event happened,
    or when its count began ('since January 2022'); the count is of the day it was reported
    (the article's, one its sentence names, or in an article with no date the day its story
    gives it: ``dating.py``)."""
    if m.attribute not in cumulative_measures():
        return frozenset()
    return reader.event_times() | reader.period_starts()


def _carries(reader: ParagraphReader, previous: Mention, m: Mention) -> bool:
    """Whether the paragraph's previous figure passes its day on to ``m``, which names no
    time: it is in an earlier sentence (a mark later in its own clause, '43 médailles à Pékin,
    en 2008', is not the next figure's), or holds a day carried from one."""
    sentence = reader.sentences.scope(span_of(reader, m)[0])
    before = reader.sentences.scope(span_of(reader, previous)[0])
    if not previous.carried and any(
        before[0] <= start < before[1]
        for start, _, _ in listed_phrases("time_words.json", "earlier_report").find_all(
            reader.tokens
        )
    ):
        return False  # 'Un précédent bilan faisait état de 111 morts': that day is no one else's
    return previous.carried or before != sentence


MONTHDAY = "monthday:"  # a day without a year in an article with no date: 'monthday:02-06',
# or a month alone: 'monthday:02'
WEEKDAY = "weekday:"  # a weekday mark in an article with no date: 'weekday:1' is a Monday


def latest_day(reader: ParagraphReader, m: Mention, mentions: list[Mention]) -> None:
    """A running count (a toll, seats) holds as of the latest day its sentence names for it:
    'le séisme qui a frappé lundi a fait 22 300 morts, selon un bilan communiqué vendredi' is
    Friday's toll, not Monday's. The days are those between the figure's neighbours of the
    same measure, so that '100 morts lundi, 300 mardi' keeps a day each."""
    start, end = span_of(reader, m)
    low, high = reader.sentences.scope(start)
    for other in mentions:
        if other is m or other.attribute != m.attribute:
            continue
        other_start, other_end = span_of(reader, other)
        if other_end <= start:
            low = max(low, other_end)
        elif other_start >= end:
            high = min(high, other_start)
    event_times = _event_times_apart(reader, m)
    days = [
        mk.value
        for mk in reader.marks
        if low <= mk.start and mk.end <= high and mk.start not in event_times
    ]
    dates = [day for day in days if len(day) == 10 and day[4] == "-"]
    weekdays = {int(day[len(WEEKDAY) :]) for day in days if day.startswith(WEEKDAY)}
    if len(dates) + len(weekdays) < 2:
        return  # one day or none: the nearest mark said it
    if dates:
        m.when = max(dates)
    if weekdays:
        m.weekdays = tuple(sorted(weekdays))


def earlier_sides(reader: ParagraphReader, mentions: list[Mention]) -> None:
    """'dropping to 42 from its fixed rate of about 30.9', 'بخفض الجنيه من مستوى 30.9 جنيه
    للدولار ليصل إلى نحو 47 جنيه': in a sentence that tells a change, the value a 'from' word
    introduces is of before the change (the time 'past'), when another value of its unit
    follows a 'to' word in that sentence and it names no time of its own (none, or the one
    that value has: 'وفي 6 مارس 2024 … من مستوى 30.9 جنيه … إلى نحو 47 جنيه' is the day of
    the change)."""
    sides = {id(m): _side(reader, m) for m in mentions if m.unit is not None}
    for m in mentions:  # 'on March 6 – from 30.85 to 50.3': the day is the change's, the
        # value it started from is of before it
        after = m.like
        if m.changed_from and after is not None and any(after is other for other in mentions):
            if (m.when, m.weekdays, m.monthday) == (after.when, after.weekdays, after.monthday):
                m.when, m.weekdays, m.monthday = "past", (), ""
    for m, later in itertools.pairwise([m for m in mentions if sides.get(id(m)) == "to"]):
        # 'من 10 مليارات إلى 75 مليار دولار … وصولًا إلى 80 مليار دولار': a step on the way to
        # the last value of its unit in the sentence is of before it, when it names no time
        if (
            m.unit == later.unit
            and m.when in (None, "now")
            and later.when in (None, "now")
            and reader.sentences.same(span_of(reader, m)[0], span_of(reader, later)[0])
            and _tells_change(reader, reader.sentences.scope(span_of(reader, m)[0]))
        ):
            m.when = "past"
    for m in mentions:
        if sides.get(id(m)) != "from" or m.when == "past" or m.weekdays or m.monthday:
            continue
        if m.qualifier == "range":
            continue
        sentence = reader.sentences.scope(span_of(reader, m)[0])
        if not _tells_change(reader, sentence):
            continue
        for other in mentions:
            if (
                other.unit == m.unit
                and sides.get(id(other)) == "to"
                and reader.sentences.scope(span_of(reader, other)[0]) == sentence
                and (m.when in (None, "now") or m.when == other.when)
            ):
                m.when = "past"
                break


def _tells_change(reader: ParagraphReader, sentence: tuple[int, int]) -> bool:
    """A word of change in the sentence: qualifiers.json change_verbs, measures.json
    change_of_amount and currency_change, grammar.json to_from's 'change'."""
    tables = (
        listed_phrases("grammar.json", "to_from", "change"),
        listed_phrases("measures.json", "change_of_amount", "words"),
        grouped_phrases("measures.json", "currency_change"),
    )
    for k, token in enumerate(reader.tokens):
        if sentence[0] <= token.start < sentence[1] and (
            reader.match("change", k) or any(t.match_at(reader.tokens, k) for t in tables)
        ):
            return True
    return False


def _side(reader: ParagraphReader, m: Mention) -> str | None:
    """Which side of a change the nearest 'to' or 'from' word (``grammar.json`` to_from) puts a
    figure on, at most ``MAX_INTRODUCING_WORDS`` words before it with no number between: 'from
    its fixed rate of about 30.9', 'من نحو 30.85' ('from'); 'لتصل قيمتها إلى 33 مليار'
    ('to'); none for the 'من' of 'أقل من 10 مليارات' (an open bound)."""
    tokens = reader.tokens
    to_words = listed_phrases("grammar.json", "to_from", "to")
    from_words = listed_phrases("grammar.json", "to_from", "from")
    for back in range(1, MAX_INTRODUCING_WORDS + 2):
        j = m.first - back
        if j < 0 or tokens[j].kind == "num":
            return None
        if any(c in _CLAUSE_MARKS for c in reader.text[tokens[j].end : tokens[j + 1].start]):
            return None  # 'lutter contre l'inflation, entraînant un plongeon de 40%'
        if to_words.match_ending_at(tokens, j):
            return "to"
        if from_words.match_ending_at(tokens, j):
            return None if back == 1 and m.qualifier in OPEN_BOUND_QUALIFIERS else "from"
    return None


_CLAUSE_MARKS = frozenset(",;:()،؛")
OPEN_BOUND_QUALIFIERS = frozenset({"more than", "at least", "less than", "at most"})


MAX_INTRODUCING_WORDS = 5


# Cost limits: a real paragraph is under 3,000 characters and a long article has under 300
# figures; past these a file is not an article, and extraction would cost minutes.
MAX_FIGURE_PARAGRAPH_CHARS = 10_000
MAX_FIGURES_PER_ARTICLE = 2_000
