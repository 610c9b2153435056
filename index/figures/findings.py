"""Comparing figures across sources: agreements, conflicts and changes over time.

Figures are grouped by (entity, attribute, unit) straight from the catalog, one group at a time,
so the work grows with the size of each group, never with all pairs of a corpus.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .model import from_dict

RELATIVE_EPSILON = 1e-9
PUBLIC_KEYS = (
    "path",
    "article",
    "start",
    "end",
    "quote",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "entity",
    "attribute",
    "when",
)


def overlaps(a: dict, b: dict) -> bool:
    slack = RELATIVE_EPSILON * max(abs(a["value"]), abs(b["value"]), 1.0)
    return a["low"] <= b["high"] + slack and b["low"] <= a["high"] + slack


def time_of(figure: dict) -> str:
    return figure.get("when") or "now"


def comparable_times(a: dict, b: dict) -> bool:
    """Stated at comparable times: same stated time, or neither stated (a 'past' is never
    comparable: it says only that the figure no longer holds)."""
    ta, tb = time_of(a), time_of(b)
    if "past" in (ta, tb):
        return False
    return ta == tb or ta.startswith(tb) or tb.startswith(ta)


def _time_rank(figure: dict) -> tuple[int, str]:
    """Order on a timeline: 'past', dated figures, undated changes (they lead up to now), now."""
    when = time_of(figure)
    if when == "past":
        return (0, "")
    if figure.get("when") is None and figure["qualifier"] == "from-to":
        return (2, "")
    if when == "now":
        return (3, "")
    return (1, when)


def format_amount(value: float | None, unit: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isinf(value)):
        return "∞"
    magnitude = abs(value)
    for scale, word in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= scale:
            number = f"{value / scale:.3g}{word}"
            break
    else:
        number = f"{value:.4g}"
    if unit in ("USD",):
        return f"${number}"
    if unit == "EUR":
        return f"€{number}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}" if unit else number


def describe(figure: dict) -> str:
    """'about $250M', 'more than 600M users', '$10B→$75B'."""
    unit, qualifier = figure["unit"], figure["qualifier"]
    if qualifier == "from-to":
        return f"{format_amount(figure['low'], unit)}→{format_amount(figure['high'], unit)}"
    if qualifier == "range":
        return f"{format_amount(figure['low'], unit)}–{format_amount(figure['high'], unit)}"
    amount = format_amount(figure["value"], unit)
    return amount if qualifier == "exact" else f"{qualifier} {amount}"


def public(figure: dict) -> dict:
    data = {key: figure.get(key) for key in PUBLIC_KEYS}
    for key in ("low", "high"):
        if isinstance(data[key], float) and math.isinf(data[key]):
            data[key] = None
    return data


def _clusters(figures: list[dict]) -> list[list[dict]]:
    """Figures whose intervals chain into one another, by a sweep over sorted lower bounds."""
    clusters: list[list[dict]] = []
    reach = -math.inf
    for figure in sorted(figures, key=lambda f: (f["low"], f["high"])):
        slack = RELATIVE_EPSILON * max(abs(figure["value"]), 1.0)
        if clusters and figure["low"] <= reach + slack:
            clusters[-1].append(figure)
            reach = max(reach, figure["high"])
        else:
            clusters.append([figure])
            reach = figure["high"]
    return clusters


def _label(entity: str, attribute: str) -> str:
    return f"{entity} {attribute}"


def findings_for_group(entity: str, attribute: str, figures: list[dict]) -> list[dict]:
    figures = [from_dict(f) for f in figures]
    findings = []
    by_unit: dict[str | None, list[dict]] = {}
    for figure in figures:
        by_unit.setdefault(figure["unit"], []).append(figure)
    for group in by_unit.values():
        points = [f for f in group if f["qualifier"] != "from-to"]
        clusters = _clusters(points)
        for cluster in clusters:
            articles = {f["path"] for f in cluster}
            if len(articles) >= 2:
                langs = sorted({f["lang"] for f in cluster if f.get("lang")})
                findings.append(
                    {
                        "kind": "agree",
                        "entity": entity,
                        "attribute": attribute,
                        "why": f"{_label(entity, attribute)}: {len(articles)} articles "
                        f"({', '.join(langs)}) agree on {describe(_tightest(cluster))}",
                        "figures": [public(f) for f in cluster],
                    }
                )
        for i, first in enumerate(clusters):
            for second in clusters[i + 1 :]:
                pairs = [
                    (a, b)
                    for a in first
                    for b in second
                    if a["path"] != b["path"] and comparable_times(a, b)
                ]
                if not pairs:
                    continue
                a, b = pairs[0]
                involved = _unique([f for pair in pairs for f in pair])
                findings.append(
                    {
                        "kind": "conflict",
                        "entity": entity,
                        "attribute": attribute,
                        "why": f"{_label(entity, attribute)}: {describe(a)} ({a['article']}) vs "
                        f"{describe(b)} ({b['article']}): the values do not overlap",
                        "figures": [public(f) for f in involved],
                    }
                )
        timeline = sorted(group, key=_time_rank)
        changes = [f for f in group if f["qualifier"] == "from-to"]
        distinct_times = {time_of(f) for f in group}
        if changes or (len(distinct_times) >= 2 and len(clusters) >= 2):
            steps = " → ".join(
                f"{describe(f)} ({time_of(f)})" if f["qualifier"] != "from-to" else describe(f)
                for f in _dedupe_steps(timeline)
            )
            findings.append(
                {
                    "kind": "changed",
                    "entity": entity,
                    "attribute": attribute,
                    "why": f"{_label(entity, attribute)} changed over time: {steps}",
                    "figures": [public(f) for f in timeline],
                }
            )
    return findings


def _tightest(cluster: list[dict]) -> dict:
    return min(cluster, key=lambda f: (f["high"] - f["low"], f["qualifier"] != "exact"))


def _unique(figures: Iterable[dict]) -> list[dict]:
    seen, unique = set(), []
    for figure in figures:
        key = (figure["path"], figure["start"])
        if key not in seen:
            seen.add(key)
            unique.append(figure)
    return unique


def _dedupe_steps(timeline: list[dict]) -> list[dict]:
    steps: list[dict] = []
    for figure in timeline:
        if (
            steps
            and describe(steps[-1]) == describe(figure)
            and time_of(steps[-1]) == time_of(figure)
        ):
            continue
        steps.append(figure)
    return steps


def compute_findings(catalog) -> list[dict]:
    findings = []
    for (entity, attribute), figures in catalog.keyed_figures():
        findings.extend(findings_for_group(entity, attribute, figures))
    order = {"conflict": 0, "changed": 1, "agree": 2}
    findings.sort(key=lambda f: (order[f["kind"]], f["entity"], f["attribute"]))
    return findings
