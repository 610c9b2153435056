"""Grouping articles into stories, so that figures without a named owner ('41 000 morts') are
compared only with figures of the same story, never with another disaster's toll.

Two articles are in one story when they state two of the same figures (same unit and value), or
one such figure and one named owner; stories are the connected components of that relation.
Figures and names are language-neutral (values, entity ids, place names in English), so a story
spans languages. Values that many articles share (round numbers, common rates) link nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

MAX_SHARED = 40  # an anchor stated by more articles than this is too common to link them


def _value_anchor(figure: dict) -> tuple | None:
    value = figure.get("value")
    if value is None or figure.get("qualifier") == "from-to":
        return None
    if figure.get("unit") is None and abs(value) < 100:
        return None  # a bare small number says nothing about the story
    return ("v", figure.get("unit"), float(f"{value:.4g}"))


def assign_stories(catalog) -> dict[str, int]:
    """A story number for every article with figures."""
    anchors: dict[tuple, set[str]] = defaultdict(set)
    paths: set[str] = set()
    for row in catalog.db.execute("SELECT path, entity, data FROM figures"):
        paths.add(row["path"])
        anchor = _value_anchor(json.loads(row["data"]))
        if anchor:
            anchors[anchor].add(row["path"])
        if row["entity"]:
            anchors[("e", row["entity"])].add(row["path"])
    shared: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for anchor, members in anchors.items():
        if len(members) < 2 or len(members) > MAX_SHARED:
            continue
        slot = 0 if anchor[0] == "v" else 1
        for pair in combinations(sorted(members), 2):
            shared[pair][slot] += 1
    parent = {path: path for path in paths}

    def root(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for (a, b), (values, names) in shared.items():
        if values >= 2 or (values >= 1 and names >= 1):
            parent[root(a)] = root(b)
    numbers: dict[str, int] = {}
    return {path: numbers.setdefault(root(path), len(numbers)) for path in sorted(paths)}
