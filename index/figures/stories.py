"""Grouping articles into stories, so that figures without a named owner ('41 000 morts') are
compared only with figures of the same story, never with another disaster's toll.

Two articles are in one story when they state two of the same figures (same unit and value), or
one such figure and one named owner; stories are the connected components of that relation.
Figures and names are language-neutral (values, entity ids, place names in English), so a story
spans languages. Values that many articles share (round numbers, common rates) link nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from .lexicon import count_attributes

MIN_DISTINCTIVE = 100  # smaller numbers repeat by chance
MAX_SHARED = 12  # a value stated by more articles than this is too common to link them
# a name is: a story's place is named by every article of the story (13 articles on one quake)
MAX_SHARED_NAME = 50


def distinctive(value: float | None) -> bool:
    """A number that two bulletins would not both give by chance: at least 100, a whole
    number, and not a multiple of ten (2 300 and 20 000 are round; 1 444 and 711 are not)."""
    if value is None or value != value or abs(value) in (float("inf"),):
        return False
    return abs(value) >= MIN_DISTINCTIVE and value == int(value) and int(value) % 10 != 0


def _value_anchor(figure: dict, strict: bool = False) -> tuple | None:
    """What a figure's value says of its story, as a key two articles share. ``strict`` (for
    stories, whose links chain): a small or round count says it only with its measure."""
    value = figure.get("value")
    if value is None:
        return None
    unit = figure.get("unit")
    if unit in (None, "%") and abs(value) < 100:
        if not figure.get("attribute"):
            return None  # a bare small number says nothing about the story
        # with its measure it does: a magnitude of 7.8, inflation at 71.6%
        return ("v", unit, float(f"{value:.4g}"), figure["attribute"])
    counted = unit in (None, "%") or unit in count_attributes()
    if strict and counted and (abs(value) <= 100 or not distinctive(value)):
        # '8 villages' and '8 seats', '500 injured' and '1,000 dead': such counts are in many
        # stories; one shared link would join two (a story is all that links chain to)
        return ("v", "count", float(f"{value:.4g}"), figure.get("attribute"))
    # '1 444 morts' and '1 444 personnes': one count, whatever noun counts it
    return ("v", "count" if unit in count_attributes() else unit, float(f"{value:.4g}"))


# the fields an anchor needs, read from ``figure_rows`` (the catalog's columns: no figure's JSON
# decoded)
ANCHOR_COLUMNS = "path, entity, value, unit, qualifier, attribute"


def row_anchor(row, strict: bool = False) -> tuple | None:
    """``_value_anchor`` of a row selected with ANCHOR_COLUMNS."""
    return _value_anchor(
        {
            "value": row["value"],
            "unit": row["unit"],
            "qualifier": row["qualifier"],
            "attribute": row["attribute"],
        },
        strict,
    )


def assign_stories(catalog, paths: set[str]) -> dict[str, int]:
    """A story number for each article of ``paths`` (the articles that have figures with no
    owner: only they need one). Memory grows with those articles' figures, not the corpus."""
    ids = {path: number for number, path in enumerate(sorted(paths))}
    anchors: dict[tuple, list[int]] = defaultdict(list)
    for row in catalog.db.execute(f"SELECT {ANCHOR_COLUMNS} FROM figure_rows"):
        number = ids.get(row["path"])
        if number is None:
            continue
        anchor = row_anchor(row, strict=True)
        if anchor:
            anchors[anchor].append(number)
        if row["entity"] and not row["entity"].startswith("("):  # not '(another event)'
            anchors[("e", row["entity"])].append(number)
    values: Counter[int] = Counter()
    names: Counter[int] = Counter()
    size = len(ids)
    for anchor, members in anchors.items():
        members = sorted(set(members))
        if len(members) < 2 or len(members) > (MAX_SHARED if anchor[0] == "v" else MAX_SHARED_NAME):
            continue
        counter = values if anchor[0] == "v" else names
        for a, b in combinations(members, 2):
            counter[a * size + b] += 1
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for key, shared in values.items():
        if shared >= 2 or names.get(key, 0) >= 1:
            a, b = divmod(key, size)
            parent[root(a)] = root(b)
    return {path: root(number) for path, number in ids.items()}
