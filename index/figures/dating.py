"""Dating an article that gives no date, from the figures it shares with dated ones.

A running toll or an official statistic is published in bulletins: '1 444 morts en Syrie' is the
figure of one bulletin, and every article repeating that exact number reports the same bulletin.
So an undated article that states a distinctive figure (not a round number: 1 444, 2 921, 711)
with the same measure and value as a dated article's figure is dated by it, and each such date
can date further articles. An article still undated keeps an unknown time."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import PurePath

MIN_DISTINCTIVE = 100  # smaller numbers repeat by chance
ROUNDS = 3  # dating chains: A dates B, B dates C


def distinctive(value: float | None) -> bool:
    """A number that two bulletins would not both give by chance: at least 100, a whole
    number, and not a multiple of ten (2 300 and 20 000 are round; 1 444 and 711 are not)."""
    if value is None or value != value or abs(value) in (float("inf"),):
        return False
    return abs(value) >= MIN_DISTINCTIVE and value == int(value) and int(value) % 10 != 0


def _day(figure: dict) -> str:
    when = figure.get("when") or figure.get("article_date") or ""
    return when if len(when) == 10 else ""


def infer_article_dates(catalog) -> dict[str, tuple[str, str]]:
    """{undated path: (YYYY-MM-DD, reason)}; memory grows with the undated articles' distinctive
    figures and their matches, not with the corpus."""
    undated = {row[0] for row in catalog.db.execute("SELECT path FROM articles WHERE date = ''")}
    if not undated:
        return {}
    wanted: dict[tuple, list[str]] = defaultdict(list)  # (attribute, value) -> undated paths
    for row in catalog.db.execute(
        "SELECT path, attribute, data FROM figures WHERE attribute IS NOT NULL"
    ):
        if row["path"] not in undated:
            continue
        figure = json.loads(row["data"])
        if (
            distinctive(figure.get("value"))
            and not figure.get("when")
            and figure.get("qualifier") != "from-to"
        ):
            wanted[(row["attribute"], figure["value"])].append(row["path"])
    if not wanted:
        return {}
    known: dict[tuple, list[tuple[str, str]]] = defaultdict(list)  # key -> (day, path)
    attributes = sorted({attribute for attribute, _ in wanted})
    marks = ",".join("?" * len(attributes))
    for row in catalog.db.execute(
        f"SELECT path, attribute, data FROM figures WHERE attribute IN ({marks})", attributes
    ):
        figure = json.loads(row["data"])
        key = (row["attribute"], figure.get("value"))
        if key in wanted:
            known[key].append((_day(figure), row["path"]))
    dates: dict[str, tuple[str, str]] = {}
    dates.update(_same_bulletin(wanted, known, undated))
    for _ in range(ROUNDS):
        votes: dict[str, Counter] = defaultdict(Counter)
        why: dict[tuple[str, str], str] = {}
        for key, paths in wanted.items():
            for path in paths:
                if path in dates:
                    continue
                for day, other in known.get(key, ()):
                    day = day or dates.get(other, ("", ""))[0]
                    if not day or other == path:
                        continue
                    votes[path][day] += 1
                    why.setdefault(
                        (path, day), f"{key[1]:,.0f} {key[0]}, as in {PurePath(other).name}"
                    )
        if not votes:
            break
        for path, counter in votes.items():
            day = max(counter, key=lambda d: (counter[d], d))
            if path in dates and not dates[path][0].startswith(BULLETIN):
                continue
            dates[path] = (day, why[(path, day)])
    return dates


BULLETIN = "~"  # a period known only as 'the day of one bulletin': '~<first article>'


def _same_bulletin(
    wanted: dict[tuple, list[str]], known: dict[tuple, list[tuple[str, str]]], undated: set[str]
) -> dict[str, tuple[str, str]]:
    """Undated articles that state the same distinctive figure and no dated article does: one
    bulletin's figures, of one day that no article gives. They are dated '~' + the first such
    article, so that their other figures meet as of one day; a dated article sharing the figure
    dates them later instead."""
    parent: dict[str, str] = {}

    def root(path: str) -> str:
        while parent.get(path, path) != path:
            path = parent[path]
        return path

    why: dict[str, str] = {}
    for key, paths in wanted.items():
        if any(day for day, _ in known.get(key, ())):
            continue  # a dated article states it: dated by it instead
        members = sorted(set(paths) & undated)
        for other in members[1:]:
            a, b = root(members[0]), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
            for path in (members[0], other):
                why.setdefault(path, f"{key[1]:,.0f} {key[0]}")
    groups: dict[str, list[str]] = defaultdict(list)
    for path in why:
        groups[root(path)].append(path)
    dates = {}
    for first, members in groups.items():
        for path in members:
            others = sorted(PurePath(p).name for p in members if p != path)
            dates[path] = (
                BULLETIN + PurePath(first).name,
                f"{why[path]}, as in {', '.join(others[:2])}",
            )
    return dates
