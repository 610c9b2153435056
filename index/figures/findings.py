"""Comparing figures across sources: agreements, conflicts and changes over time.

Figures are grouped by (entity, attribute, unit) straight from the catalog, one group at a time,
so the work grows with the size of each group, never with all pairs of a corpus.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from functools import cache

from ..datafiles import json_data
from .dating import (
    BULLETIN,
    MONTH_REASON,
    MONTHDAY_REASON,
    SHARED_REASON,
    TOLL_REASON,
    WEEKDAYS,
)
from .lexicon import count_attributes, cumulative_measures, day_measures, event_measures
from .model import from_dict
from .names import initials, name_concepts, name_skeleton, name_word_keys
from .owner import ASSEMBLY, OTHER_EVENT, OWNER_LABELS, party_measures, place_measures
from .present import PUBLIC_KEYS, describe, format_amount, public  # noqa: F401  (their home)

RELATIVE_EPSILON = 1e-9


JOINT = " & "  # 'Syria & Turkey': places named together own a figure together
AGREE_TOLERANCE = 0.05  # two sources within 5% of each other state the same figure


def overlaps(a: dict, b: dict) -> bool:
    """The two figures can be the same value: their intervals (qualifiers included: 'about'
    is already ±5%) meet, or two exact values come within 5% of each other (rounding: 8.3
    million and 8.7 million tickets)."""
    slack = RELATIVE_EPSILON
    if a["low"] == a["high"] and b["low"] == b["high"]:
        slack += AGREE_TOLERANCE * max(abs(a["value"]), abs(b["value"]))
    return a["low"] <= b["high"] + slack and b["low"] <= a["high"] + slack


def agrees(a: dict, b: dict) -> bool:
    """The two figures say one value: they overlap (``overlaps``), and an open bound meets
    values of its own order only ('more than 600M' and 2B agree; 'less than $10 billion' says
    nothing of '$11', though the intervals meet). Not the converse of a conflict: such figures
    do not conflict either."""
    if not overlaps(a, b):
        return False
    if a.get("qualifier") in OPEN_BOUNDS or b.get("qualifier") in OPEN_BOUNDS:
        small, big = sorted((abs(a["value"]), abs(b["value"])))
        return small > 0 and big / small <= OPEN_BOUND_RATIO
    return True


OPEN_BOUND_RATIO = 10  # 'more than 600M' agrees with 2B; 'less than $10B' not with $11


def time_of(figure: dict) -> str:
    """When a figure holds: its stated time, else its article's date, else '' (unknown)."""
    return figure.get("when") or figure.get("article_date") or ""


def _month(when: str) -> str:
    return when[:7]


def _time_rank(figure: dict) -> tuple[int, str]:
    """Order on a timeline: 'past', dated figures, the rest (now)."""
    when = _month(time_of(figure))
    if when == "past":
        return (0, "")
    if when not in ("", "now"):
        return (1, when)
    return (3, "")


OPEN_BOUNDS = frozenset({"more than", "at least", "less than", "at most"})


def _as_stated(figure: dict) -> dict:
    """A figure whose open bound ('more than 5,000') is read as the value it states, within
    the agreement tolerance: for telling how a count moved over time."""
    if figure["qualifier"] not in OPEN_BOUNDS:
        return figure
    value = figure["value"]
    return {**figure, "low": value, "high": value}


def _clusters(figures: list[dict]) -> list[list[dict]]:
    """Figures whose intervals chain into one another (within 5%), by a sweep over sorted lower
    bounds."""
    clusters: list[list[dict]] = []
    reach = -math.inf
    for figure in sorted(figures, key=lambda f: (f["low"], f["high"])):
        slack = AGREE_TOLERANCE * abs(figure["value"]) + RELATIVE_EPSILON
        if clusters and figure["low"] <= reach + slack:
            clusters[-1].append(figure)
            reach = max(reach, figure["high"])
        else:
            clusters.append([figure])
            reach = figure["high"]
    return clusters


def _dimension(unit: str | None, attribute: str = "") -> str | None:
    """What a value is measured in, for comparing: a currency, a percentage, a physical unit;
    every counted noun (people, dead, victims) and no unit at all are one dimension, counts,
    since the measure (deaths) already says what is counted. A bare number of a measure that
    has one unit only is in that unit: '6,3' of a magnitude is '6.3 magnitude'."""
    if unit is None and attribute in _only_unit():
        return _only_unit()[attribute]
    return "count" if unit is None or unit in count_attributes() else unit


@cache
def _only_unit() -> dict[str, str]:
    """Measures of a physical dimension that has one unit (``measures.json`` and ``units.json``
    dimensions: a magnitude is on the magnitude scale), by measure."""
    units = json_data("units.json")["dimensions"]
    table = {}
    for dimension, measures in json_data("measures.json")["dimensions"].items():
        if dimension != "_doc" and len(units.get(dimension, ())) == 1:
            table.update(dict.fromkeys(measures, units[dimension][0]))
    return table


def _label(entity: str, attribute: str) -> str:
    return f"{entity} {attribute}" if entity else attribute


MAX_PAIRS = 200  # pairs listed per finding
MAX_PAIR_CHECKS = 20_000  # pairs of figures looked at per finding (a group can hold thousands)


def _cross_pairs(figures: list[dict], keep=lambda a, b: True) -> dict:
    """The pairs of figures from two different articles that a finding relates, as
    [[path, start], [path, start]]; 'pairs_complete' is false when the list stops at
    MAX_PAIRS, or after MAX_PAIR_CHECKS comparisons, so that cost stays bounded."""
    pairs: list[list[list]] = []
    checks = 0
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            checks += 1
            if checks > MAX_PAIR_CHECKS or len(pairs) > MAX_PAIRS:
                return {"pairs": pairs[:MAX_PAIRS], "pairs_complete": False}
            if a["path"] != b["path"] and not copies(a, b) and keep(a, b):
                pairs.append([[a["path"], a["start"]], [b["path"], b["start"]]])
    return {"pairs": pairs, "pairs_complete": True}


def copies(a: dict, b: dict) -> bool:
    """Whether two figures' articles are syndicated copies of one another (``copies.py``;
    ``copy_group`` is set on the figures of articles that have a copy): a copy neither
    corroborates nor contradicts its own original."""
    group = a.get("copy_group")
    return group is not None and group == b.get("copy_group")


def sources(figures: Iterable[dict]) -> int:
    """How many independent sources state ``figures``: an article and its copies count once."""
    return len({f.get("copy_group") or f["path"] for f in figures})


def findings_for_group(
    entity: str, attribute: str, figures: list[dict], split: bool = True
) -> list[dict]:
    """Agreements and conflicts among figures stated for the same period (a day for running
    tolls, else a month), and changes across periods; each finding lists the pairs of figures
    from two articles it relates."""
    figures = [from_dict(f) for f in figures]
    if split and not entity and attribute in _located():
        # distances from different places ('40 km west of Herat', '30 km north of it') are
        # different quantities: each place's are compared among themselves
        by_place: dict[str, list[dict]] = {}
        for figure in figures:
            by_place.setdefault(_reference_key(figure), []).append(figure)
        if len(by_place) > 1:
            return [
                found
                for group in by_place.values()
                for found in findings_for_group(entity, attribute, group, split=False)
            ]
    # the 120 seats of a whole assembly are not a count of the day, as a party's are
    by_day = attribute in day_measures() and entity != ASSEMBLY
    running = attribute in cumulative_measures()  # a toll: one run of days (``_one_run``)
    # where an event was does not move: another time's distance is another quake's
    located = attribute in _located()
    findings = []
    # seats no party is named for are several parties': two such figures that agree say
    # nothing (4 seats for one party, 4 for another), nor how one party's changed
    unowned_party = (
        attribute in party_measures()
        and not _named_owner(entity)
        and entity != ASSEMBLY
        and not all(f.get("owner_from") == "name" for f in figures)
    )
    by_unit: dict[str | None, list[dict]] = {}
    for figure in figures:
        by_unit.setdefault(_dimension(figure["unit"], attribute), []).append(figure)
    for group in by_unit.values():
        points = group
        clusters = _clusters(points)
        for cluster in clusters:
            if unowned_party:
                continue
            # two sources agree on a value of one time: the same value at two times is a
            # figure that held, not two sources saying one thing
            for together in _agreeing(cluster, by_day):
                articles = {f["path"] for f in together}
                if sources(together) < 2:
                    continue
                langs = sorted({f["lang"] for f in together if f.get("lang")})
                findings.append(
                    {
                        "kind": "agree",
                        "entity": entity,
                        "attribute": attribute,
                        "why": _agreement_why(entity, attribute, together, articles, langs),
                        "figures": together,
                        # a chain (7.4, 7.6, 7.8) agrees link by link, not end to end
                        **_cross_pairs(
                            together,
                            lambda a, b: agrees(a, b) and same_time(a, b, by_day),
                        ),
                        **_grounds("agree", entity, attribute, together, by_day),
                    }
                )
        for bucket in _time_buckets(points, by_day).values():
            kind = _conflict_kind(entity, bucket, by_day, attribute)
            firm = [f for f in bucket if _firm(entity, f)]
            if kind == "conflict" or len(firm) == len(bucket):
                findings.extend(_disagreement(entity, attribute, bucket, by_day, kind))
                continue
            # figures their own sentence gives to the place may conflict among themselves;
            # those only the article's subject owns ('the toll') make possible conflicts
            findings.extend(
                _disagreement(
                    entity, attribute, firm, by_day, _conflict_kind(entity, firm, by_day, attribute)
                )
            )
            findings.extend(
                _disagreement(
                    entity,
                    attribute,
                    bucket,
                    by_day,
                    "possible",
                    lambda a, b: (
                        a.get("owner_from") == "article"
                        or b.get("owner_from") == "article"
                        or _month_dated(a)
                        or _month_dated(b)
                    ),
                )
            )
        timeline = sorted(group, key=_time_rank)
        distinct_times = {_period(f, by_day) for f in group}
        # over time, 'more than 5,000' then '10,100' is a count that moved: bounds are read as
        # the values they state, so that an open bound does not join every later value
        moved = len(_clusters([_as_stated(f) for f in points])) >= 2
        if len(distinct_times) >= 2 and moved and not unowned_party and not located:
            pairs = _cross_pairs(
                points,
                lambda a, b: (
                    _period(a, by_day) != _period(b, by_day)
                    and not overlaps(_as_stated(a), _as_stated(b))
                    and (not running or _one_run(a, b, by_day))
                ),
            )
            if not pairs["pairs"]:
                continue  # a 1999 quake's toll and this one's: two counts, no change
            labels = _steps(timeline)
            steps = " → ".join(labels[:MAX_STEPS])
            if len(labels) > MAX_STEPS:
                steps += f" → … ({len(labels) - MAX_STEPS} more)"
            findings.append(
                {
                    "kind": "changed",
                    "entity": entity,
                    "attribute": attribute,
                    "why": f"{_label(entity, attribute)} changed over time: {steps}",
                    "figures": list(timeline),
                    **pairs,
                    **_grounds("changed", entity, attribute, timeline, by_day),
                }
            )
    return findings


RUN_DAYS = 92  # a running count (a toll) rises over weeks; one three months apart is another's


def _one_run(a: dict, b: dict, by_day: bool) -> bool:
    """Whether two figures of a running count (a toll) can be one count that rose: days or
    months within ``RUN_DAYS`` of each other, or one of no known time. 'Le séisme de 1999
    avait fait 17 000 morts' and the toll of a quake in 2023 are two events' counts, not one
    that moved; 'past' ('last year's quake') is another event's too."""
    days = []
    for figure in (a, b):
        period = _now_period(figure, by_day)
        if not period:
            return True  # of a day no one knows: maybe the same run
        day = _day(period) or _day(f"{period}-01" if len(period) == 7 else "")
        if day is None:
            return False  # 'past', a year alone
        days.append(day)
    return abs((days[0] - days[1]).days) <= RUN_DAYS


def _firm(entity: str, figure: dict) -> bool:
    """Whether a figure is surely its owner's and of its time: named by its own sentence, or
    owned as the subject of an article about one place (not 'Syria & Turkey': either
    country's); and not of an article dated only by its story's month."""
    if _month_dated(figure):
        return False
    return figure.get("owner_from") != "article" or JOINT not in entity


def _month_dated(figure: dict) -> bool:
    """An undated article's figure whose month only its story gives (``dating.story_months``):
    it may meet its story's figures, never surely conflict with them."""
    return not figure.get("when") and (figure.get("dated_by") or "").startswith(MONTH_REASON)


def _agreement_why(
    entity: str, attribute: str, cluster: list[dict], articles: set[str], langs: list[str]
) -> str:
    """'X users: 3 articles (en, fr) agree on 600M users', '2 independent sources (3 articles,
    en, fr)' when some are copies of one another; a chain whose ends are apart ('at least 100
    dead', '120 dead', '320 dead': each agrees with the next, not the first with the last) says
    so, with its ends."""
    independent = sources(cluster)
    if independent < len(articles):
        counted = (
            f"{independent} independent sources ({len(articles)} articles, {', '.join(langs)})"
        )
    else:
        counted = f"{len(articles)} articles ({', '.join(langs)})"
    head = f"{_label(entity, attribute)}: {counted}"
    low = min(cluster, key=lambda f: (f["high"], f["low"]))
    high = max(cluster, key=lambda f: (f["low"], f["high"]))
    if overlaps(low, high):
        return f"{head} agree on {describe(_tightest(cluster))}"
    return f"{head} agree pair by pair, from {describe(low)} to {describe(high)}"


MAX_SIDES = 4
MAX_STEPS = 6
MAX_STEP_VALUES = 4  # values named for one time of a 'changed' timeline
# How sure a finding is, from what it rests on: who owns the figures, and when they hold.
OWNER_CONFIDENCE = {"named": 1.0, "place": 0.7, "none": 0.5}
UNDATED_CONFIDENCE = 0.7  # neither article dates the figures: 'now' in both is an assumption
INFERRED_DATE_CONFIDENCE = 0.8  # an undated article dated by a figure it shares (dating.py)
MAX_DATED_REASONS = 3  # undated articles whose dating a finding's reasons spell out
PART_CONFIDENCE = 0.7  # a place's figure read as its area's (agreements_across_parts)


def _grounds(kind: str, entity: str, attribute: str, figures: list[dict], by_day: bool) -> dict:
    """The reasons for relating the figures, each explainable in a line, and a confidence."""
    if _named_owner(entity) or (entity and all(f.get("owner_from") == "name" for f in figures)):
        owner, reasons = "named", [f"same owner: {entity} (named in each article)"]
    elif entity.startswith("("):
        owner, reasons = "place", [f"same event {entity}: the same story's figures"]
    elif entity and any(f.get("owner_from") == "article" for f in figures):
        owner, reasons = "place", [f"same place: {entity} (what the articles are about)"]
    elif entity and any(f.get("owner_from") == "currency" for f in figures):
        owner, reasons = "place", [f"same currency: the {entity}"]
    elif entity:
        owner, reasons = "place", [f"same place: {entity}"]
    else:
        owner, reasons = "none", ["no owner named: the same story's figures"]
    reasons.append(f"same measure: {attribute}")
    periods = list(dict.fromkeys(_period(f, by_day) or "undated" for f in figures))
    grain = "day" if by_day else "month"
    confidence = OWNER_CONFIDENCE[owner]
    dated = {f["article"]: (f["dated_by"], time_of(f)) for f in figures if f.get("dated_by")}
    for article, (evidence, day) in sorted(dated.items())[:MAX_DATED_REASONS]:
        if day.startswith(BULLETIN):
            reasons.append(f"{article} gives no date: same bulletin ({evidence})")
        elif (
            evidence.split(" ", 1)[0] in WEEKDAYS
            or evidence.startswith((TOLL_REASON, MONTHDAY_REASON))
            or SHARED_REASON in evidence
        ):
            reasons.append(f"{article} gives no date: {evidence}")
        else:
            reasons.append(f"{article} gives no date: dated by the same figure ({evidence})")
    if len(dated) > MAX_DATED_REASONS:
        reasons.append(f"… and {len(dated) - MAX_DATED_REASONS} more articles dated by their story")
    # a pair has two sides: each dated by its story makes the finding less sure, no more
    confidence *= INFERRED_DATE_CONFIDENCE ** min(len(dated), 2)
    if kind == "conflict":
        period = periods[0]
        if period == "undated":
            reasons.append("same time: neither article dates them (both taken as now)")
            confidence *= UNDATED_CONFIDENCE
        elif period.startswith(BULLETIN):
            reasons.append("same day: one bulletin's figures (no article gives the day)")
        else:
            reasons.append(f"same {grain}: {period}")
        low, high = figures[0], figures[-1]
        apart = abs(high["value"] - low["value"]) / max(abs(high["value"]), abs(low["value"]))
        reasons.append(
            f"{describe(low)} vs {describe(high)}: {apart:.0%} apart, "
            f"more than {AGREE_TOLERANCE:.0%} once qualifiers are counted"
        )
    elif kind == "agree":
        reasons.append(f"values within {AGREE_TOLERANCE:.0%}: {describe(_tightest(figures))}")
    else:
        reasons.append(f"different times: {' → '.join(periods)}")
    return {"reasons": reasons, "confidence": round(confidence, 2)}


def _disagreement(
    entity: str,
    attribute: str,
    bucket: list[dict],
    by_day: bool,
    kind: str,
    among=lambda a, b: True,
) -> list[dict]:
    """The finding that figures of one period disagree ('conflict' or 'possible'), listing
    the pairs of two articles whose values do not overlap (and that ``among`` keeps); none
    when there is no such pair."""
    if sources(bucket) < 2:
        return []
    clusters = _clusters(bucket)
    representatives = [_tightest(cluster) for cluster in clusters]
    if len(clusters) < 2:
        # one chain of values (7.4, 7.6, 7.7, 7.8): its ends may still be apart
        ends = _chain_ends(bucket)
        if ends is None:
            return []
        representatives = list(ends)
    members = [f for cluster in clusters for f in cluster]
    pairs = _cross_pairs(members, lambda a, b: not overlaps(a, b) and among(a, b))
    if not pairs["pairs"]:
        return []
    paired = {tuple(end) for pair in pairs["pairs"] for end in pair}
    if pairs["pairs_complete"]:
        members = [f for f in members if (f["path"], f["start"]) in paired]
        # each side is shown by a figure of a listed pair: a cluster's tightest figure may be
        # paired with none ('30–31 seats vs 30–31 seats' named one side twice)
        if len(clusters) >= 2:
            shown = [[f for f in c if (f["path"], f["start"]) in paired] for c in clusters]
            representatives = [_tightest(side) for side in shown if side]
    sides = " vs ".join(f"{describe(f)} ({f['article']})" for f in representatives[:MAX_SIDES])
    if len(representatives) > MAX_SIDES:
        sides += f" and {len(representatives) - MAX_SIDES} more"
    return [
        {
            "kind": kind,
            "entity": entity,
            "attribute": attribute,
            "why": f"{_label(entity, attribute)}: {sides}: the values do not overlap",
            "figures": list(members),
            **pairs,
            **_grounds("conflict", entity, attribute, representatives, by_day),
        }
    ]


def _chain_ends(bucket: list[dict]) -> tuple[dict, dict] | None:
    """The lowest and the highest value of a chain, of two articles (one article may give
    both: '7.8, then 7.4'), when they are apart; else None."""

    def lowest(figures):
        return min(figures, key=lambda f: (f["high"], f["low"]), default=None)

    def highest(figures):
        return max(figures, key=lambda f: (f["low"], f["high"]), default=None)

    for first, second in ((lowest, highest), (highest, lowest)):
        one = first(bucket)
        other = second([f for f in bucket if f["path"] != one["path"]])
        if other is not None and not overlaps(one, other):
            return (one, other) if first is lowest else (other, one)
    return None


def _conflict_kind(entity: str, members: list[dict], by_day: bool, attribute: str = "") -> str:
    """'conflict' when the figures are surely about one quantity at one time: an organisation
    of ``entities.json`` owns them, or a place does and every figure is dated (a running toll
    changes by the hour: an undated toll is not known to be of the same day), each owned by a
    place its own sentence names or by the one place its article is about ('the toll' in a
    report on Afghanistan: a province's toll is scoped, 'Afghanistan (Herat)'). Figures with no
    owner, or owned only as the subject of an article about several places ('Syria & Turkey':
    either country's toll), make a 'possible' conflict, listed apart; so do a place's figures of
    a measure no place owns (``measures.json`` of_place: seats and votes are a party's), and
    other shocks' when an article names several."""
    if _named_owner(entity):
        return "conflict"
    if entity == OTHER_EVENT and len({f["path"] for f in members}) < len(members):
        return "possible"  # an article names several other shocks: which one is which?
    dated = all(_period(f, by_day) not in ("", "now") for f in members)
    if not entity and attribute in event_measures() and dated and attribute not in _located():
        return "conflict"  # the magnitude of the story's quake, as of one day
    if not entity and attribute in _located() and dated and _one_reference(members):
        return "conflict"  # '40 km' and '35 km west of Herat': one place measured from
    if entity and dated and all(f.get("owner_from") == "name" for f in members):
        return "conflict"  # a party, a person no list knows, named in each sentence
    if (
        entity
        and dated
        and all(_firm(entity, f) for f in members)
        and attribute in place_measures()
    ):
        return "conflict"  # a place's toll or rate; a place's 'seats' are some party's
    return "possible"


def _reference_key(figure: dict) -> str:
    """The place a distance is measured from, by its consonants: 'Herat', 'Hérat', 'هرات' are
    one (``places.region_key``); '' when its sentence names none."""
    from .places import region_key

    return region_key(figure.get("reference") or "")


def _one_reference(members: list[dict]) -> bool:
    """Whether every distance is measured from one place, named in any script."""
    keys = {_reference_key(f) for f in members}
    return len(keys) == 1 and "" not in keys


@cache
def _located() -> frozenset[str]:
    """Event measures that say where it was (``measures.json`` located): no conflict."""
    return frozenset(json_data("measures.json")["located"])


@cache
def _equivalent() -> dict[str, tuple[tuple[str, ...], str]]:
    """Each measure of a ``same_quantity`` class → (the class's measures, why they are one)."""
    table = {}
    for spec in json_data("measures.json")["same_quantity"]["classes"]:
        for measure in spec["measures"]:
            table[measure] = (tuple(spec["measures"]), spec["why"])
    return table


def agreements_across_measures(entity: str, by_measure: dict[str, list[dict]]) -> list[dict]:
    """Agreements between an owner's figures stated under two measures that name one quantity
    ('X valuation $33B' and 'X acquisition price $33B'), with the pairs across measures only
    (pairs under one measure are that measure's own agreement). Figures that differ across
    measures make no conflict."""
    findings = []
    classes = {_equivalent()[m] for m in by_measure}
    for measures, why in classes:
        present = [m for m in measures if m in by_measure]
        if len(present) < 2:
            continue
        by_unit: dict[str | None, list[dict]] = {}
        for measure in present:
            for figure in map(from_dict, by_measure[measure]):
                key = _dimension(figure["unit"], figure["attribute"])
                by_unit.setdefault(key, []).append(figure)
        for group in by_unit.values():
            for cluster in _clusters(group):
                pairs = _cross_pairs(
                    cluster, lambda a, b: a["attribute"] != b["attribute"] and agrees(a, b)
                )
                if not pairs["pairs"]:
                    continue
                named = sorted({f["attribute"] for f in cluster}, key=measures.index)
                label = " = ".join(named)
                articles = {f["path"] for f in cluster}
                grounds = _grounds("agree", entity, label, cluster, False)
                grounds["reasons"][1] = f"same quantity: {label} ({why})"
                findings.append(
                    {
                        "kind": "agree",
                        "entity": entity,
                        "attribute": label,
                        "why": f"{_label(entity, label)}: {len(articles)} articles agree on "
                        f"{describe(_tightest(cluster))}",
                        "figures": list(cluster),
                        **pairs,
                        **grounds,
                    }
                )
    return findings


def agreements_across_parts(attribute: str, parts: list[dict], wholes: list[dict]) -> list[dict]:
    """A place's figure and one of its named area's ('Libya' 11,300 deaths, 'Libya (Derna)'
    11,300) that agree on the same day: the article that gives the place alone most likely
    counts the same area; listed as an agreement with that reason, pairs across the two only.
    Values that differ make nothing: a country's toll can exceed its province's."""
    if not parts or not wholes:
        return []
    by_day = attribute in day_measures()
    part_ids = {id(f) for f in parts}
    findings = []
    for group in _time_buckets(parts + wholes, by_day).values():
        by_unit: dict[str | None, list[dict]] = {}
        for figure in group:
            by_unit.setdefault(_dimension(figure["unit"], attribute), []).append(figure)
        for same_unit in by_unit.values():
            for cluster in _clusters(same_unit):
                pairs = _cross_pairs(
                    cluster,
                    lambda a, b: (id(a) in part_ids) != (id(b) in part_ids) and agrees(a, b),
                )
                if not pairs["pairs"]:
                    continue
                part = next(f["entity"] for f in cluster if id(f) in part_ids)
                whole = next(f["entity"] for f in cluster if id(f) not in part_ids)
                grounds = _grounds("agree", part, attribute, cluster, by_day)
                grounds["reasons"][0] = (
                    f"same place: {whole}, the figure given for {part} (the same value)"
                )
                grounds["confidence"] = round(grounds["confidence"] * PART_CONFIDENCE, 2)
                findings.append(
                    {
                        "kind": "agree",
                        "entity": part,
                        "attribute": attribute,
                        "why": f"{_label(part, attribute)}: "
                        f"{len({f['path'] for f in cluster})} articles agree on "
                        f"{describe(_tightest(cluster))} ({whole} in some)",
                        "figures": list(cluster),
                        **pairs,
                        **grounds,
                    }
                )
    return findings


@cache
def _scope_labels() -> frozenset[str]:
    """Labels that say which of its owner's quantities a figure is (``owner._label``), not
    where: 'Syria (rebel-held)', 'Libya (projected)', 'Egypt (monthly)'."""
    scopes = json_data("scopes.json")
    segments = {key for key in scopes["segment"] if not key.startswith("_")}
    groups = {key for key in scopes["price_groups"] if not key.startswith("_")}
    return frozenset(scopes["parts"]) | OWNER_LABELS | segments | groups


def part_key(entity: str) -> str:
    """'Morocco (Al Haouz)' and 'Morocco (الحوز)' → one key: the place, and the part's name by its
    consonants."""
    from .places import region_key

    place, _, part = entity[:-1].partition(" (")
    if all(  # 'by 12:00', 'abroad, by 17:00'
        label in _scope_labels() or label.startswith(("including ", "by "))
        for label in part.split(", ")
    ):
        return f"{place} ({part})"
    # a named area is itself the owner's place: 'Turkey (Malatya)' is 'Syria & Turkey
    # (Malatya)' of an article that names both countries
    return f"({region_key(part) or part})"


def _named_owner(entity: str) -> bool:
    """An organisation of ``entities.json`` owns the figure: a conflict. A place ('Turkey':
    the monthly or the yearly inflation? the toll in one province?) or no owner at all leaves
    too much unsaid, so values that differ make a *possible* conflict, listed apart."""
    return bool(entity) and entity in json_data("entities.json")


def _period(figure: dict, by_day: bool) -> str:
    when = time_of(figure)
    if when == "past" or when.startswith(BULLETIN):  # the day of one undated bulletin
        return when
    if by_day and len(when) == 7 and not figure.get("when"):
        return ""  # an article known only by its story's month: which day, no one knows
    return when[: 10 if by_day else 7]


def _agreeing(cluster: list[dict], by_day: bool) -> list[list[dict]]:
    """The figures of a cluster that agree, link by link (values that overlap, of one time:
    ``same_time``), as groups in the cluster's order; a cluster too big to pair up is one
    group."""
    if len(cluster) * (len(cluster) - 1) // 2 > MAX_PAIR_CHECKS:
        return [list(cluster)]
    parent = list(range(len(cluster)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(cluster):
        for j in range(i + 1, len(cluster)):
            b = cluster[j]
            if agrees(a, b) and same_time(a, b, by_day) and not copies(a, b):
                parent[root(j)] = root(i)
    groups: dict[int, list[dict]] = {}
    for i, figure in enumerate(cluster):
        groups.setdefault(root(i), []).append(figure)
    return [group for group in groups.values() if len(group) >= 2]


def same_time(a: dict, b: dict, by_day: bool) -> bool:
    """Whether two figures may be of one time, for agreeing: the same period (day or month),
    or one undated; a running count dated only by its article may be the day before's (a
    report of yesterday's toll)."""
    pa, pb = _now_period(a, by_day), _now_period(b, by_day)
    if pa == pb or not pa or not pb:
        return True
    if "past" in (pa, pb):  # 'acquis en 2022 pour 44 milliards' and 'had paid $44 billion'
        past, other = (a, pb) if pa == "past" else (b, pa)
        return other != "past" and other < (past.get("article_date") or "9999")
    if not by_day or a.get("when") and b.get("when"):
        return False
    da, db = _day(pa), _day(pb)
    return da is not None and db is not None and abs((da - db).days) <= 1


def _now_period(figure: dict, by_day: bool) -> str:
    """A figure's period, 'now' read as its article's day ('' when the article gives none)."""
    period = _period(figure, by_day)
    if period == "now":
        return (figure.get("article_date") or "")[: 10 if by_day else 7]
    return period


def _day(when: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(when) if len(when) == 10 else None
    except ValueError:
        return None


def _time_buckets(figures: list[dict], by_day: bool = False) -> dict[str, list[dict]]:
    """Figures stated for the same period (day or month; or year, or no date at all); 'past'
    ones are left out: they are never comparable."""
    buckets: dict[str, list[dict]] = {}
    for figure in figures:
        when = _period(figure, by_day)
        if when != "past":
            buckets.setdefault(when, []).append(figure)
    return buckets


def _tightest(cluster: list[dict]) -> dict:
    return min(cluster, key=lambda f: (f["high"] - f["low"], f["qualifier"] != "exact"))


def _steps(timeline: list[dict]) -> list[str]:
    """One step per time ('$24B (past)', '$75B (2025-03)', '$80B (now)'); values stated for the same
    time are joined with '/'."""
    steps: list[tuple[tuple, list[str]]] = []
    for figure in timeline:
        rank = _time_rank(figure)
        text = describe(figure)
        if steps and steps[-1][0] == rank:
            if text not in steps[-1][1]:
                steps[-1][1].append(text)
        else:
            steps.append((rank, [text]))
    labels = []
    for (rank, when), texts in steps:
        label = " / ".join(texts[:MAX_STEP_VALUES])
        if len(texts) > MAX_STEP_VALUES:  # '… (+1,960)': a list no reader reads, kept short
            label += f" / … (+{len(texts) - MAX_STEP_VALUES:,})"
        if rank == 0:
            label += " (past)"
        elif rank == 1:
            label += " (an undated bulletin)" if when.startswith(BULLETIN) else f" ({when})"
        elif rank == 3:
            label += " (now)"
        labels.append(label)
    return labels


MIN_SKELETON = 3  # consonants a name needs to be matched across scripts ('Shas' has two)


def _one_name(attribute: str, groups: list[tuple[str, list[dict]]]) -> list[dict]:
    """Findings of one name's figures under all its spellings, shown under the Latin one if
    any ('Likud' for 'الليكود' and 'הליכוד'), with the spellings in the reasons."""
    spellings = sorted({entity for entity, _ in groups}, key=lambda e: (not e.isascii(), e))
    figures = [figure for _, members in groups for figure in members]
    found = findings_for_group(spellings[0], attribute, figures)
    if len(spellings) > 1:
        for finding in found:
            used = [e for e in spellings if e in {f["entity"] for f in finding["figures"]}]
            if len(used) > 1:
                finding["reasons"].insert(1, f"one name in several spellings: {' = '.join(used)}")
    return found


def _join_acronyms(
    spelt: dict[tuple[str, str], list[tuple[str, list[dict]]]],
) -> dict[tuple[str, str], list[tuple[str, list[dict]]]]:
    """An acronym's groups joined to the long name its letters spell, when one long name of
    that measure has those initials ('RN' and 'Rassemblement national', 'Nupes' and 'Nouvelle
    union populaire écologique et sociale'), so that what the long name joins across
    languages ('National Rally') the acronym joins too."""
    spelled: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for group, members in spelt.items():
        for entity, _ in members:
            letters = initials(entity)
            if letters:
                spelled.setdefault((group[1], letters), set()).add(group)
    joined: dict[tuple[str, str], list[tuple[str, list[dict]]]] = {}
    for group in sorted(spelt):
        target = group
        for entity, _ in spelt[group]:
            if " " in entity or not entity.isalpha() or not 2 <= len(entity) <= MAX_ACRONYM:
                continue
            holders = spelled.get((group[1], entity.upper()), set()) - {group}
            if len(holders) == 1:
                target = next(iter(holders))
                break
        joined.setdefault(target, []).extend(spelt[group])
    return joined


MAX_ACRONYM = 7  # 'NUPES', 'LFI', 'AFAD'


def _join_name_orders(
    spelt: dict[tuple[str, str], list[tuple[str, list[dict]]]],
) -> list[tuple[str, list[tuple[str, list[dict]]]]]:
    """The groups of one measure whose names are one person's or party's: the same words in
    another order ('Tebboune Abdelmadjid', the official listing, and 'Abdelmadjid Tebboune'),
    or a last name alone that only one longer name of the measure holds ('Tebboune', 'تبون')."""
    words: dict[tuple[str, str], frozenset[str]] = {
        group: frozenset(k for k in name_word_keys(members[0][0]) if k)
        for group, members in spelt.items()
    }
    target: dict[tuple[str, str], tuple[str, str]] = {}
    by_words: dict[tuple[str, frozenset[str]], tuple[str, str]] = {}
    for group in sorted(spelt):
        first = by_words.setdefault((group[1], words[group]), group)
        if first != group:
            target[group] = first
    longer: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (attribute, word) -> groups
    for group in sorted(spelt):
        if group not in target and len(words[group]) > 1:
            for word in words[group]:
                if len(word) >= MIN_SKELETON:
                    longer.setdefault((group[1], word), []).append(group)
    for group in sorted(spelt):
        if group not in target and len(words[group]) == 1:
            holders = longer.get((group[1], next(iter(words[group]))), [])
            if len(holders) == 1:
                target[group] = holders[0]
    joined: dict[tuple[str, str], list[tuple[str, list[dict]]]] = {}
    for group in sorted(spelt):
        joined.setdefault(target.get(group, group), []).extend(spelt[group])
    return [(group[1], members) for group, members in joined.items()]


def _copy_groups(catalog) -> dict[str, str]:
    """The copy group of each article that has a syndicated copy (``copies.py``): the others
    are their own sources. Memory grows with the copies, not with the corpus."""
    from ..copies import copy_pairs, group_pairs

    pairs = [(a, b) for a, b, _ in copy_pairs(catalog)]
    return group_pairs({path for pair in pairs for path in pair}, pairs) if pairs else {}


def _dated(
    figures: list[dict], weekday_days: dict, dates: dict, groups: dict | None = None
) -> list[dict]:
    """The days ``dating.read_days`` gave figures of undated articles, set on them; and each
    figure's article's copy group (``_copy_groups``), when it has one."""
    for figure in figures:
        if groups and figure["path"] in groups:
            figure["copy_group"] = groups[figure["path"]]
        if (figure["path"], figure["start"]) in weekday_days:
            figure["when"], figure["dated_by"] = weekday_days[figure["path"], figure["start"]]
        elif figure["path"] in dates and not figure.get("when"):
            figure["article_date"], figure["dated_by"] = dates[figure["path"]]
    return figures


KIND_ORDER = {"conflict": 0, "possible": 1, "changed": 2, "agree": 3}  # how findings are listed


def finding_order(finding: dict) -> tuple[int, str, str]:
    return KIND_ORDER[finding["kind"]], finding["entity"], finding["attribute"]


def compute_findings(catalog) -> list[dict]:
    """Every finding, conflicts first (see ``finding_order``), its figures as the JSON output
    shows them (``public``)."""
    found = []
    for finding in iter_computed_findings(catalog):
        finding["figures"] = [public(f) for f in finding["figures"]]
        found.append(finding)
    return sorted(found, key=finding_order)


def iter_computed_findings(catalog) -> Iterator[dict]:
    """Findings by (owner, measure), group by group, so that memory holds one group's, not the
    corpus's; figures with no named owner are compared only within their story (see
    ``stories.py``). Each finding lists the figures it was computed from as they are (the
    catalog keeps references to them: ``Catalog.replace_findings``)."""
    from .dating import read_days
    from .stories import assign_stories

    unowned = {
        row[0]
        for row in catalog.db.execute(
            "SELECT DISTINCT path FROM figure_rows WHERE (entity IS NULL OR entity LIKE '(%') "
            "AND attribute IS NOT NULL"
        )
    }
    stories = assign_stories(catalog, unowned) if unowned else {}
    weekday_days, dates = read_days(catalog)
    copy_of = _copy_groups(catalog)
    # a part of a place named in several scripts ('Morocco (Al Haouz)', 'Morocco (الحوز)') is
    # one owner: those groups are joined by the name's consonants (few: kept until the end)
    parts: dict[tuple[str, str], tuple[str, list[dict]]] = {}
    # an owner's figures under measures that name one quantity ('valuation', 'acquisition
    # price'), kept while that owner's groups are read (they come together)
    same: tuple[str, dict[str, list[dict]]] = ("", {})
    # name-owned figures by the name's consonants and measure: one owner in several scripts
    spelt: dict[tuple[str, str], list[tuple[str, list[dict]]]] = {}
    for (entity, attribute), figures in catalog.keyed_figures():
        _dated(figures, weekday_days, dates, copy_of)
        if entity != same[0]:
            yield from agreements_across_measures(*same)
            same = (entity or "", {})
        if entity and attribute in _equivalent():
            same[1][attribute] = figures
        if entity and entity.endswith(")") and " (" in entity:
            parts.setdefault((part_key(entity), attribute), (entity, []))[1].extend(figures)
            continue
        if entity and all(f.get("owner_from") == "name" for f in figures):
            # an open-world name: 'Likud', 'الليكود', 'הליכוד' are one owner (kept until the end),
            # as 'Rassemblement national' and 'National Rally' are by their words' concepts
            key = name_concepts(entity) or name_skeleton(entity)
            if len(key) < MIN_SKELETON and entity.isalpha() and entity.isupper():
                key = f"={entity}"  # 'RN': an acronym, joined to the name it spells
            if len(key) >= MIN_SKELETON:
                spelt.setdefault((key, attribute), []).append((entity, figures))
                continue
        if entity and not entity.startswith("("):
            yield from findings_for_group(entity, attribute, figures)
            continue
        # no owner, or '(another event)': the same story's figures only
        by_story: dict[int, list[dict]] = {}
        for figure in figures:
            by_story.setdefault(stories.get(figure["path"], -1), []).append(figure)
        for group in by_story.values():
            yield from findings_for_group(entity or "", attribute, group)
    yield from agreements_across_measures(*same)
    for attribute, groups in _join_name_orders(_join_acronyms(spelt)):
        yield from _one_name(attribute, groups)
    for (_, attribute), (entity, figures) in parts.items():
        yield from findings_for_group(entity, attribute, figures)
        place, _, label = entity[:-1].partition(" (")
        if place and part_key(entity).startswith("("):  # a named area, not 'rebel-held'
            wholes = [
                from_dict(f)
                for f in _dated(
                    catalog.figures_for_key(place, attribute), weekday_days, dates, copy_of
                )
            ]
            yield from agreements_across_parts(attribute, list(map(from_dict, figures)), wholes)
