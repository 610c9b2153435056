"""Stage 2: what a figure measures (deaths, valuation, seats), from the counted noun, the verb
next to it, or the nearest measure word in its clause or sentence."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from functools import cache

from ..datafiles import json_data
from ..langdetect import script_of
from . import currencies
from .lexicon import (
    PhraseTable,
    count_attributes,
    cumulative_measures,
    form_table,
    grouped_phrases,
    listed_phrases,
    match_attributes,
    measure_fits,
    phrase_words,
    unit_dimension,
)
from .places import place_name
from .reader import (
    AFTER_PENALTY,
    COUNT_VERB_CHARS,
    SENTENCE_PENALTY,
    UNLABELLED_UNITS,
    Mark,
    Mention,
    ParagraphReader,
    counted_measures,
    per_currency,
    span_of,
)


def resolve_unit(reader: ParagraphReader, m: Mention, previous: Mention | None) -> None:
    """'un financement de 6 milliards de dollars avec une valorisation de 24 milliards': the
    second amount is in dollars too."""
    if m.unit is None and m.has_scale and previous is not None and previous.unit:
        if previous.unit not in ("%",) and previous.has_scale:
            m.unit = previous.unit


@cache
def _list_and() -> frozenset[str]:
    """Words that join two items of a list: grammar.json 'list_and'."""
    return frozenset(w.casefold() for w in json_data("grammar.json")["list_and"])


_QUOTES = "\"'«»“”„ \u00a0"


def _clause_past_quotes(reader: ParagraphReader, start: int, end: int) -> tuple[int, int]:
    """The figure's clause; one that only quotes the figure ('et que "plus de 9.000
    personnes" étaient toujours portées disparues') goes on past the closing quote."""
    clause = reader.clauses.scope(start)
    if reader.text[clause[0] : start].strip(_QUOTES) or reader.text[end : clause[1]].strip(_QUOTES):
        return clause
    return clause[0], reader.clauses.scope(clause[1] + 1)[1]


def resolve_change(reader: ParagraphReader, m: Mention) -> None:
    """'les prix ont augmenté de 11,4 %', 'prices … decreased by 0.3 percent': a percentage
    given an amount's measure is that amount's change, 'price change' (``measures.json``
    change_of_amount), when a word of change stands in its sentence before it or in its
    clause."""
    if m.unit != "%" or m.attribute is None or _dimension_of(m.attribute) != "money":
        return
    tokens = reader.tokens
    start = tokens[m.first].start
    sentence = reader.sentences.scope(start)
    clause = reader.clauses.scope(start)
    words = listed_phrases("measures.json", "change_of_amount", "words")
    for k, token in enumerate(tokens):
        if not sentence[0] <= token.start < max(clause[1], start):
            continue
        if words.match_at(tokens, k) or reader.match("change", k):
            m.attribute = f"{m.attribute} change"
            return


def resolve_attribute(
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
        if unit_dimension(m.unit) is not None:
            _physical(reader, m, attributes)
        return
    implied = json_data("units.json")["implies"].get(m.unit or "")
    if implied:  # '7.6 magnitude', 'sur l'échelle de Richter'
        m.attribute = implied
        return
    start, end = span_of(reader, m)
    clause = _clause_past_quotes(reader, start, end)
    counted = count_attributes().get(m.unit or "")
    if counted:
        # the counted noun says what is counted, unless a verb right before says what happened
        # to them ('a licencié 3 000 employés')
        m.attribute = counted
        taken = span_of(reader, previous) if previous is not None else (0, 0)
        for mark, strong in attributes:
            if taken[0] <= mark.start < taken[1]:
                continue  # the previous figure's own noun ('237 morts et 639 blessés')
            if previous is not None and previous.attribute == mark.value and taken[1] <= mark.start:
                continue  # the previous figure's verb ('810 personnes tuées et 2.315 blessées')
            if reader.text[mark.end : start].strip().casefold() in _list_and():
                continue  # an item's noun before it: 'un mort et une centaine de blessés'
            if (
                strong
                and clause[0] <= mark.start
                and 0 <= start - mark.end <= COUNT_VERB_CHARS
                and _fits(m, mark.value)
            ):
                m.attribute = mark.value
        return
    if m.unit in count_attributes():  # 'personnes tuées', 'people were killed', 'شخصا لقوا'
        # a verb or noun right before comes first: 'بمقتل 733 شخصا وإصابة 2100', 'killing 40
        # people and injuring 60' (the word after opens the next item)
        before = [
            mark
            for mark, strong in attributes
            if strong
            and 0 <= start - mark.end <= COUNT_VERB_CHARS
            and clause[0] <= mark.start
            and _fits(m, mark.value)
        ]
        following = [
            mark
            for mark, strong in attributes
            if strong
            and 0 <= mark.start - end <= COUNT_VERB_CHARS
            and mark.end <= clause[1]
            and _fits(m, mark.value)
        ]
        if before or following:
            m.attribute = (before[-1:] or following)[0].value
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
    next_start = span_of(reader, upcoming)[0] if upcoming is not None else clause[1]
    best: dict[bool, tuple[float, str]] = {}
    for mark, strong in attributes:
        if not _fits(m, mark.value):
            continue  # '7 840 personnes' after 'une magnitude de 7,8': no count is a magnitude
        if m.counts_noun and _dimension_of(mark.value) not in (None, "count"):
            continue  # '4 نقاط بقوة 5.5': four points are no magnitude
        if (
            m.unit == "%"
            and mark.end <= start
            and _dimension_of(mark.value) == "count"
            and mark.value not in _shares()
        ):
            continue  # 'le candidat du MSP, Abdelaali Hassani Cherif (3,17 %)': a share of
            # what follows it ('3 % des candidats'), not of a count named before it, unless
            # the count has a share ('5329253 صوتا، بنسبة 94.65%': measures.json share_of)
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
            if m.unit == "%" and _opens_base(reader, end, mark.start):
                distance += SENTENCE_PENALTY  # '3.25% of the votes': what it is a share of
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


GROUPED = re.compile(r"\d{1,3}[.,]\d{3}")


def resolve_grouping(reader: ParagraphReader, m: Mention) -> None:
    """People and things are counted whole: '865.490 ناخبا' is 865,490 voters (a thousands
    separator), not 865.49, whatever the language's decimal mark."""
    if m.unit not in count_attributes() or m.has_scale or float(m.value).is_integer():
        return
    raw = reader.tokens[m.number].raw
    if GROUPED.fullmatch(raw):
        m.value = float(raw.replace(".", "").replace(",", ""))


@cache
def _shares() -> dict[str, str]:
    return {k: v for k, v in json_data("measures.json")["share_of"].items() if k != "_doc"}


def resolve_share(m: Mention) -> None:
    """A percentage of a counted measure is its share: '94.65%' after '5329253 صوتا' is a vote
    share (``measures.json`` share_of)."""
    if m.unit == "%" and m.attribute:
        m.attribute = _shares().get(m.attribute, m.attribute)


def resolve_voters(reader: ParagraphReader, m: Mention) -> None:
    """A count of voters is the electorate ('24 millions d'électeurs appelés aux urnes', '24
    مليون ناخب'), unless its clause says they voted: then it is the votes cast ('5,6 millions
    d'électeurs ont voté', 'مشاركة 5 ملايين … ناخب في التصويت': ``grammar.json`` voted)."""
    if m.unit != "voters" or m.attribute != count_attributes()["voters"]:
        return
    clause = _clause_past_quotes(reader, *span_of(reader, m))
    inside = [t for t in reader.tokens if clause[0] <= t.start and t.end <= clause[1]]
    if listed_phrases("grammar.json", "voted").find_all(inside):
        m.attribute, m.unit = "votes", "votes"


def resolve_people_of_place(
    reader: ParagraphReader, m: Mention, places: list[tuple[int, int, str]]
) -> None:
    """'the 105 million Egyptians', 'les 106 millions d'Egyptiens': millions right before a
    country's people, and no measure word said what they count, are its population
    (``measures.json`` people_of_a_place)."""
    spec = json_data("measures.json")["people_of_a_place"]
    if m.attribute is not None or m.unit is not None or m.scale < spec["min_scale"]:
        return
    end = span_of(reader, m)[1]
    for start, place_end, code in places:
        gap = reader.text[end:start].strip().casefold().replace("’", "'")
        if start < end or (gap and gap not in spec["links"]) or len(gap) > 3:
            continue
        last = bisect.bisect_right(reader.tokens, place_end, key=lambda t: t.end) - 1
        if reader.noun_after(last):
            return  # '3 million Egyptian pounds'
        m.attribute, m.entity, m.owner_from = spec["measure"], place_name(code), "place"
        return


def _opens_base(reader: ParagraphReader, end: int, start: int) -> bool:
    """The words between a percentage and a measure word after it open its base ('of the',
    'من': ``grammar.json`` base_of)."""
    tokens = reader.tokens  # (the reader's own: in text order)
    first = bisect.bisect_left(tokens, end, key=lambda t: t.start)
    gap = list(itertools.takewhile(lambda t: t.end <= start, tokens[first:]))
    return (
        bool(gap)
        and listed_phrases("grammar.json", "base_of", "words").match_at(gap, 0) is not None
        and all(t.kind == "word" for t in gap)
    )


def _physical(reader: ParagraphReader, m: Mention, attributes: list[tuple[Mark, bool]]) -> None:
    """A distance is a claim only as a measure of its dimension named right before it ('at a
    depth of about 17.9km', 'd'une profondeur de 7 km', 'على عمق نحو 17,9 كيلومتر'); '60 km de
    la frontière' measures nothing."""
    start = span_of(reader, m)[0]
    clause = reader.clauses.scope(reader.tokens[m.number].start)
    for mark, strong in attributes:
        if (
            strong
            and clause[0] <= mark.start
            and 0 <= start - mark.end <= COUNT_VERB_CHARS
            and unit_dimension(m.unit) == _dimension_of(mark.value)
        ):
            m.attribute = mark.value
    if m.attribute is None and unit_dimension(m.unit) == "length" and _direction_after(reader, m):
        # '40 km west of Herat', 'à 40 kilomètres au nord-ouest d'Hérat', '40 كيلومتراً شمال
        # غرب مدينة هرات': where an event's epicentre was, in a sentence about the event
        sentence = reader.sentences.scope(start)
        tokens = [t for t in reader.tokens if sentence[0] <= t.start < sentence[1]]
        if _event_table().find_all(tokens) or any(
            mark.value == EPICENTRE for mark, _ in attributes if sentence[0] <= mark.start
        ):
            m.attribute = EPICENTRE
            m.reference = _reference_place(reader, m)


EPICENTRE = "epicentre distance"


def _direction_table() -> PhraseTable:
    return listed_phrases("units.json", "directions")


def _event_table() -> PhraseTable:
    return listed_phrases("scopes.json", "regions", "events")


MAX_ASIDE_TOKENS = 8  # '40 kilometres (25 miles) northwest': an aside in brackets is skipped


def _reference_place(reader: ParagraphReader, m: Mention) -> str:
    """The place a distance is measured from: the name after its compass word and small words
    ('40 km west of Herat', 'au nord-ouest d'Hérat', 'شمال غربي مدينة هرات', 'מערבית
    להראת'): a capitalised word in Latin script, the next word in Arabic and Hebrew; '' when
    none."""
    tokens = reader.tokens
    links = {w for word in json_data("units.json")["reference_links"] for w in phrase_words(word)}
    directions = _direction_table()
    k = m.last + 1
    end = min(len(tokens), k + MAX_ASIDE_TOKENS + 4)
    while k < end and not directions.match_at(tokens, k):
        k += 1
    hit = directions.match_at(tokens, k) if k < end else None
    if hit is None:
        return ""
    k += hit[0]
    while k < len(tokens) and (
        tokens[k].forms & links or tokens[k].norm in links or directions.match_at(tokens, k)
    ):
        k += max(1, (directions.match_at(tokens, k) or (1,))[0])
    if k >= len(tokens) or tokens[k].kind != "word" or not reader.linked(k - 1, k):
        return ""
    word = tokens[k]
    name = word.raw[len(word.elided) :] if word.elided else word.raw
    if not name or script_of(name[0]) == "latin" and not name[0].isupper():
        return ""
    return re.sub(r"['’]s$", "", name)  # 'west of Herat's centre


def _direction_after(reader: ParagraphReader, m: Mention) -> bool:
    """A compass word right after the distance ('40 km west', '40 kilomètres au nord-ouest'),
    or after an aside in brackets ('40 kilometres (25 miles) northwest')."""
    tokens, text, first = reader.tokens, reader.text, m.last + 1
    if first < len(tokens) and "(" in text[tokens[m.last].end : tokens[first].start]:
        for k in range(first, min(len(tokens) - 1, first + MAX_ASIDE_TOKENS)):
            if ")" in text[tokens[k].end : tokens[k + 1].start]:
                first = k + 1
                break
    return any(
        _direction_table().match_at(tokens, k) for k in range(first, min(len(tokens), first + 2))
    )


def _fits(m: Mention, measure: str) -> bool:
    """Whether the figure can be of ``measure`` (``lexicon.measure_fits``); a rate, a share or a
    price per unit is no number with a scale word (``measures.json`` unscaled: '105 million
    Egyptians'), a rate or a share none with a counted noun ('12 analysts')."""
    if not measure_fits(m.unit, measure):
        return False
    if m.has_scale and measure in _unscaled():
        return False
    if m.unit == "%" and measure in cumulative_measures():
        return False  # '90% of the victims are women' is a share of a toll, not the toll
    return not (_dimension_of(measure) == "ratio" and m.counts_noun)


@cache
def _unscaled() -> frozenset[str]:
    return frozenset(json_data("measures.json")["unscaled"])


def _dimension_of(measure: str) -> str | None:
    return next(
        (
            kind
            for kind, names in json_data("measures.json")["dimensions"].items()
            if kind != "_doc" and measure in names
        ),
        None,
    )


def resolve_exchange_rate(
    reader: ParagraphReader,
    m: Mention,
    mentions: list[Mention],
    countries: Callable[[], set[str]],
) -> None:
    """An amount of one currency in a clause that names another currency by itself, not as an
    amount's unit ('le dollar s'échangeait à 48,71 livres', '50.3 pounds per dollar', 'بلغ
    سعره 49 جنيها للدولار'), is the price of the other currency: an exchange rate; so is one in
    a sentence whose other clause names it ('The value of the dollar increased … – from 30.85
    to 50.3 Egyptian pounds'). Not an amount in millions ('$6 billion, or 5.5 billion euros'
    names each currency with a figure). A number with no unit right before 'against the
    dollar' ('its fixed rate of about 30.9 against the dollar', 'contre le dollar', 'مقابل
    الدولار': ``units.json`` exchange_against) is the rate in the currency the sentence
    names, else in the currency of the one country the article names."""
    if m.has_scale:
        return
    tokens = reader.tokens
    if m.unit == "%":
        _currency_change(reader, m, mentions, countries)
        return
    if unit_dimension(m.unit) == "money":  # its sentence holds its clause: one pass reads both
        spans = [span_of(reader, other) for other in mentions]
        for start, end, unit in form_table("currency").find_all(_sentence_tokens(reader, m)):
            if any(s <= start and end <= e for s, e in spans):
                continue  # an amount's own unit
            code = _currency_code(unit, countries)
            if code and code != m.unit:
                m.attribute = "exchange rate"
                return
        return
    if m.unit is not None or m.value is None or not 0 < m.value < MAX_EXCHANGE_RATE:
        return
    against = listed_phrases("units.json", "exchange_against")
    k = m.last + 1
    found = against.match_at(tokens, k) if k < len(tokens) and reader.linked(m.last, k) else None
    if found is None and k < len(tokens) and reader.linked(m.last, k) and per_currency(tokens[k]):
        found = (0, "")  # '47.60 للدولار': 'per' stuck to the currency
    if found is None:
        return
    named = form_table("currency").match_at(tokens, k + found[0])
    if named is None:
        return
    priced = _currency_code(named[1], countries)
    local = {
        code
        for _, _, unit in form_table("currency").find_all(_sentence_tokens(reader, m))
        if (code := _currency_code(unit, countries)) and code != priced
    }
    if not local:  # 'about 30.9 against the dollar' in an article about Egypt: pounds
        local = {c for c in map(currencies.currency_of_country, countries()) if c and c != priced}
    if priced and len(local) == 1:
        m.unit, m.attribute = local.pop(), "exchange rate"


def _currency_change(
    reader: ParagraphReader,
    m: Mention,
    mentions: list[Mention],
    countries: Callable[[], set[str]],
) -> None:
    """A percentage in a clause that names a currency by itself, not as an amount's unit ('the
    pound plummeted by over 26.5 percent against the dollar', 'un plongeon de 40% de la livre
    égyptienne', 'انخفض بنسبة 43% … مقابل الدولار') is the change of a currency's value: its
    depreciation or appreciation, as its sentence's words say (``measures.json``
    currency_change), whatever money measure its words name ('62% de sa valeur' is no valuation);
    not when the clause names another measure ('l'inflation … 35%'). It is the currency's
    (the Egyptian pound's): the currency its sentence names not after 'against'
    ('مقابل الدولار' is what it is priced in), else the one of the one country the article
    names."""
    low, high = reader.clauses.scope(reader.tokens[m.number].start)
    clause = [t for t in reader.tokens if low <= t.start and t.end <= high]
    start, end = span_of(reader, m)
    marks = match_attributes(clause, reader.lang)
    nearest = min(  # the clause's measure word nearest the figure is its own
        marks, key=lambda mark: max(mark[0] - end, start - mark[1], 0), default=None
    )
    if nearest is not None and (
        _dimension_of(nearest[2][0]) != "money" and nearest[2][0] != "exchange rate"
    ):
        return  # 'l'inflation a atteint 35%' with the pound named too
    spans = [span_of(reader, other) for other in mentions]
    sentence = _sentence_tokens(reader, m)
    against_ends = {
        end for _, end, _ in listed_phrases("units.json", "exchange_against").find_all(sentence)
    }
    named = []  # (in the clause, after 'against', code)
    for at, until, unit in form_table("currency").find_all(sentence):
        if any(s <= at and until <= e for s, e in spans):
            continue  # an amount's own unit
        code = _currency_code(unit, countries)
        if code and not _denomination(reader, at):
            after = any(0 <= at - e <= 1 for e in against_ends)
            named.append((low <= at and until <= high, after, code))
    if not any(in_clause for in_clause, _, _ in named):
        return
    ways = {way for _, _, way in _currency_change_table().find_all(sentence)}
    if len(ways) != 1:
        return  # which way it went is not said, or both ways are
    m.attribute = ways.pop()
    changed = [code for _, after, code in sorted(named, key=lambda n: not n[0]) if not after]
    if not changed:
        priced = {code for _, _, code in named}
        local = {c for c in map(currencies.currency_of_country, countries()) if c}
        changed = sorted(local - priced) if len(local - priced) == 1 else []
    code = changed[0] if changed else ""
    if code in currencies.codes() and (name := currencies.name_of(code)):
        m.entity, m.owner_from = name, "currency"


def _denomination(reader: ParagraphReader, start: int) -> bool:
    """Whether the currency named at ``start`` is what something is counted in ('réserves en
    dollars', 'بالدولار': ``units.json`` denomination)."""
    spec = json_data("units.json")["denomination"]
    if reader.text[start : start + 1] in spec["prefixes"]:
        return True
    before = reader.text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].casefold() in spec["before"]


def _currency_change_table() -> PhraseTable:
    """``measures.json`` currency_change: the words of each way a currency's value went."""
    return grouped_phrases("measures.json", "currency_change")


MAX_EXCHANGE_RATE = 100_000  # a bare number above is no currency's price in another


def _sentence_tokens(reader: ParagraphReader, m: Mention) -> list:
    low, high = reader.sentences.scope(reader.tokens[m.number].start)
    return [t for t in reader.tokens if low <= t.start and t.end <= high]


def _currency_code(unit: str, countries: Callable[[], set[str]]) -> str | None:
    return currencies.resolve(unit, countries()) if currencies.is_generic(unit) else unit
