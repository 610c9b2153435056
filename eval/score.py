"""``python -m eval.score``: the fact-checker measured on real news (``eval/stories``).

Each split (``eval/splits.json``) is indexed as one corpus, so stories meet as they would in a
user's archive. The engine's figures are matched to the gold claims by article and overlapping
span; its findings are turned into pairs of figures from two articles (``conflict``: pairs whose
values do not overlap; ``agree``: every pair; ``changed``: pairs stated for different times) and
matched to the gold pairs. Prints tables per split, story and language pair, writes
``eval/out/<split>.json``, and exits 1 when the test split falls more than 0.05 below
``eval/expected.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORIES = HERE / "stories"
KINDS = ("conflict", "agree", "changed")
TOLERANCE = 0.05


def load_split(name: str) -> list[str]:
    return json.loads((HERE / "splits.json").read_text(encoding="utf-8"))[name]


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "").casefold()
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip()


def owner_matches(engine_entity: str | None, claim: dict) -> bool:
    """The engine's owner names the gold owner: the same name as the canonical one or as one
    of the article's mentions of it, or one shares a word of 3+ letters with the other. The
    engine keeps a place's part in its owner ('Syria (rebel-held)') where gold has an owner
    and a scope (the quake, 'rebel-held Syria'): naming the gold scope counts too, so that a
    toll given to Turkey is right when gold says 'the quake, in Turkey' (and wrong when gold
    says 'the quake, in Syria')."""
    if not engine_entity:
        return False
    mine = _norm(engine_entity)
    names = {_norm(claim["entity"]), *(_norm(m) for m in claim.get("entity_mentions") or [])}
    if claim.get("scope"):
        names.add(_norm(claim["scope"]))
    if mine in names:
        return True
    words = {w for w in mine.replace("-", " ").split() if len(w) >= 3} - GENERIC_OWNER_WORDS
    return any(words & {w for w in name.replace("-", " ").split() if len(w) >= 3} for name in names)


# words that name what kind of owner, not which one: 'right-wing bloc' is not 'Lapid bloc'
GENERIC_OWNER_WORDS = frozenset({"bloc"})


def time_matches(figure: dict, when: str) -> bool:
    """The engine's time for a figure (its stated time, else its article's date; for an
    undated article, the day its story gives it, as the findings read it) is the gold time, at
    the gold's precision (a year, a month or a day)."""
    mine = figure.get("when") or figure.get("article_date") or ""
    if mine == "now":
        mine = figure.get("article_date") or ""
    return len(mine) >= len(when) and mine[: len(when)] == when


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class Gold:
    def __init__(self, stories: list[str]):
        self.claims: dict[str, dict] = {}
        self.by_article: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.pairs: dict[tuple[str, str], str] = {}
        self.story_of: dict[str, str] = {}
        for story in stories:
            gold = json.loads((STORIES / story / "gold.json").read_text(encoding="utf-8"))
            for claim in gold["claims"]:
                # ids are per story ('07_fr_rtl#1' is in two stories): qualified by it here
                claim = dict(
                    claim,
                    id=f"{story}/{claim['id']}",
                    story=story,
                    lang=claim["article"].split("_")[1],
                )
                self.claims[claim["id"]] = claim
                self.by_article[(story, claim["article"])].append(claim)
            for pair in gold["pairs"]:
                ids = (f"{story}/{pair['a']}", f"{story}/{pair['b']}")
                self.pairs[tuple(sorted(ids))] = pair["relation"]

    def claim_for(self, story: str, article: str, start: int, end: int) -> dict | None:
        best, best_overlap = None, 0
        for claim in self.by_article.get((story, article), []):
            overlap = _overlap((start, end), (claim["start"], claim["end"]))
            if overlap > best_overlap:
                best, best_overlap = claim, overlap
        return best


def _story_of(path: str) -> tuple[str, str]:
    parts = Path(path).parts
    return parts[-3], parts[-1]  # stories/<story>/articles/<file>


def engine_output(stories: list[str], work: Path) -> tuple[list[dict], list[dict]]:
    from factdesk.index.figures.dating import read_days
    from factdesk.index.figures.findings import _dated
    from factdesk.index.ingest import index_paths
    from factdesk.index.store import open_store

    index_paths(work / "index", [STORIES / story / "articles" for story in stories])
    store = open_store(work / "index")
    try:
        # each figure at the time the findings read it: an undated article's figures dated
        # by its story (dating.py), as the findings' reasons say
        figure_days, article_days = read_days(store.catalog)
        figures = _dated(store.catalog.figures(None), figure_days, article_days)
        return figures, store.catalog.findings(None)
    finally:
        store.close()


def _interval(figure: dict) -> tuple[float, float]:
    low = figure.get("low")
    high = figure.get("high")
    return (-math.inf if low is None else low, math.inf if high is None else high)


def finding_pairs(finding: dict) -> list[tuple[dict, dict]]:
    """The pairs of figures from two articles that a finding claims are related by its kind."""
    if finding.get("pairs_complete"):
        by_key = {(f["path"], f["start"]): f for f in finding["figures"]}
        return [(by_key[tuple(a)], by_key[tuple(b)]) for a, b in finding["pairs"]]
    from factdesk.index.figures.findings import overlaps, time_of
    from factdesk.index.figures.lexicon import day_measures

    figures = finding["figures"]
    # the period the engine compares at: a day for running counts, else a month
    period = 10 if finding.get("attribute") in day_measures() else 7
    pairs = []
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if a["path"] == b["path"]:
                continue
            if finding["kind"] == "conflict":
                low_a, high_a = _interval(a)
                low_b, high_b = _interval(b)
                if overlaps(
                    {"low": low_a, "high": high_a, "value": a["value"] or 0},
                    {"low": low_b, "high": high_b, "value": b["value"] or 0},
                ):
                    continue
            if finding["kind"] == "changed" and time_of(a)[:period] == time_of(b)[:period]:
                continue
            pairs.append((a, b))
    return pairs


def _ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 3) if total else None


def score(stories: list[str]) -> dict:
    gold = Gold(stories)
    with tempfile.TemporaryDirectory() as work:
        figures, findings = engine_output(stories, Path(work))
    matched: dict[str, dict] = {}  # gold claim id -> engine figure
    extra = 0
    for figure in figures:
        story, article = _story_of(figure["path"])
        claim = gold.claim_for(story, article, figure["start"], figure["end"])
        if claim is None:
            extra += 1
        elif claim["id"] not in matched:
            matched[claim["id"]] = figure
    claim_key = {}
    for claim_id, figure in matched.items():
        claim_key[(figure["path"], figure["start"])] = claim_id

    groups: dict[str, dict] = defaultdict(
        lambda: {
            "claims": 0,
            "found": 0,
            "owner": 0,
            "measure": 0,
            "timed": 0,
            "time": 0,
            **{f"{k}_gold": 0 for k in KINDS},
            **{f"{k}_found": 0 for k in KINDS},
            **{f"{k}_claimed": 0 for k in KINDS},
            **{f"{k}_right": 0 for k in KINDS},
        }
    )

    def add(keys, field, amount=1):
        for key in keys:
            groups[key][field] += amount

    for claim in gold.claims.values():
        keys = ("all", f"story:{claim['story']}", f"lang:{claim['lang']}")
        add(keys, "claims")
        figure = matched.get(claim["id"])
        if figure is not None:
            add(keys, "found")
            add(keys, "owner", owner_matches(figure.get("entity"), claim))
            add(keys, "measure", _norm(figure.get("attribute")) == _norm(claim["measure"]))
            if claim.get("when"):
                add(keys, "timed")
                add(keys, "time", time_matches(figure, claim["when"]))

    def pair_keys(a: dict, b: dict) -> tuple[str, ...]:
        langs = "-".join(sorted((a["lang"], b["lang"])))
        return ("all", f"story:{a['story']}", f"langs:{langs}")

    engine_pairs: dict[str, set[tuple[str, str]]] = {k: set() for k in KINDS}
    unmatched: dict[str, int] = {k: 0 for k in KINDS}
    for finding in findings:
        if finding["kind"] not in KINDS:
            continue  # 'possible' findings claim no relation
        for a, b in finding_pairs(finding):
            ids = (claim_key.get((a["path"], a["start"])), claim_key.get((b["path"], b["start"])))
            if None in ids:
                unmatched[finding["kind"]] += 1
            else:
                engine_pairs[finding["kind"]].add(tuple(sorted(ids)))
    for kind in KINDS:
        add(("all",), f"{kind}_claimed", unmatched[kind])  # about figures that are no claim
        for pair in engine_pairs[kind]:
            relation = gold.pairs.get(pair)
            if relation == "unknown_time":
                continue  # neither right nor wrong: the gold cannot tell either
            keys = pair_keys(gold.claims[pair[0]], gold.claims[pair[1]])
            add(keys, f"{kind}_claimed")
            add(keys, f"{kind}_right", relation == kind)
    for pair, relation in gold.pairs.items():
        if relation in KINDS:
            keys = pair_keys(gold.claims[pair[0]], gold.claims[pair[1]])
            add(keys, f"{relation}_gold")
            add(keys, f"{relation}_found", pair in engine_pairs[relation])

    report = {}
    for key, g in sorted(groups.items()):
        row = {}
        if g["claims"]:
            row["claims"] = g["claims"]
            row["claim_recall"] = _ratio(g["found"], g["claims"])
            row["owner_accuracy"] = _ratio(g["owner"], g["found"])
            row["measure_accuracy"] = _ratio(g["measure"], g["found"])
            row["time_accuracy"] = _ratio(g["time"], g["timed"])
        for kind in KINDS:
            if g[f"{kind}_gold"] or g[f"{kind}_claimed"]:
                row[f"{kind}_gold"] = g[f"{kind}_gold"]
                row[f"{kind}_claimed"] = g[f"{kind}_claimed"]
                row[f"{kind}_precision"] = _ratio(g[f"{kind}_right"], g[f"{kind}_claimed"])
                row[f"{kind}_recall"] = _ratio(g[f"{kind}_found"], g[f"{kind}_gold"])
        report[key] = row
    report["all"]["claim_precision"] = _ratio(len(figures) - extra, len(figures))
    report["all"]["engine_figures"] = len(figures)
    return report


COLUMNS = [
    ("claims", "claims"),
    ("claim_recall", "cl.R"),
    ("owner_accuracy", "owner"),
    ("measure_accuracy", "measure"),
    ("time_accuracy", "time"),
    ("conflict_precision", "conf.P"),
    ("conflict_recall", "conf.R"),
    ("agree_precision", "agr.P"),
    ("agree_recall", "agr.R"),
    ("changed_precision", "chg.P"),
    ("changed_recall", "chg.R"),
]


def table(title: str, report: dict) -> str:
    head = f"{title:<44}" + "".join(f"{label:>8}" for _, label in COLUMNS)
    lines = [head, "-" * len(head)]
    for key, row in report.items():
        cells = []
        for field, _ in COLUMNS:
            value = row.get(field)
            cells.append(f"{'–' if value is None else value:>8}")
        lines.append(f"{key[:44]:<44}" + "".join(cells))
    return "\n".join(lines)


def check(report: dict, expected: dict) -> list[str]:
    failures = []
    for field, floor in expected.items():
        value = report["all"].get(field)
        if value is None or value < floor - TOLERANCE:
            failures.append(f"{field} {value} is below {floor} - {TOLERANCE}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.score", description=__doc__)
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failures = []
    for split in ("dev", "test") if args.split == "both" else (args.split,):
        stories = load_split(split)
        report = score(stories)
        print(table(f"{split} ({', '.join(stories)})"[:44], report))
        print(
            f"claim precision {report['all']['claim_precision']} "
            f"({report['all']['engine_figures']} engine figures)\n"
        )
        (args.out / f"{split}.json").write_text(json.dumps(report, indent=2) + "\n")
        if split == "test":
            expected = json.loads((HERE / "expected.json").read_text())["test"]
            failures = check(report, expected)
    for failure in failures:
        print(f"eval: test split regressed: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
