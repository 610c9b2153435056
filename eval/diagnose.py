"""``python -m eval.diagnose [STORY ...]``: the dev split's gold pairs beside what the engine
made of each claim, to see which class of error loses a pair. Refuses test stories: tune on dev,
only read test scores."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .score import KINDS, Gold, _story_of, engine_output, finding_pairs, load_split


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.diagnose", description=__doc__)
    parser.add_argument("stories", nargs="*")
    parser.add_argument("--kind", choices=KINDS, default="conflict")
    parser.add_argument("--claims", action="store_true", help="list every claim instead")
    parser.add_argument("--wrong", action="store_true", help="list the engine's wrong pairs")
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--cause", help="list only the lost pairs of this cause ('time unknown')")
    args = parser.parse_args(argv)
    dev = load_split("dev")
    stories = args.stories or dev
    if any(story not in dev for story in stories):
        print("eval.diagnose: only dev stories can be diagnosed", file=sys.stderr)
        return 2
    gold = Gold(stories)
    with tempfile.TemporaryDirectory() as work:
        figures, findings = engine_output(stories, Path(work))
    engine: dict[str, dict] = {}
    for figure in figures:
        story, article = _story_of(figure["path"])
        claim = gold.claim_for(story, article, figure["start"], figure["end"])
        if claim is not None and claim["id"] not in engine:
            engine[claim["id"]] = figure
    by_key = {(f["path"], f["start"]): cid for cid, f in engine.items()}
    # the days the findings read (an undated article dated by its story): shown, not the
    # extracted ones
    for finding in findings:
        for member in finding["figures"]:
            cid = by_key.get((member["path"], member["start"]))
            if cid is not None:
                for field in ("when", "article_date"):
                    engine[cid][field] = engine[cid].get(field) or member.get(field)
    related: dict[tuple[str, str], set[str]] = {}
    for finding in findings:
        for a, b in finding_pairs(finding):
            ids = (by_key.get((a["path"], a["start"])), by_key.get((b["path"], b["start"])))
            if None not in ids:
                related.setdefault(tuple(sorted(ids)), set()).add(finding["kind"])

    def show(cid: str) -> str:
        c = gold.claims[cid]
        f = engine.get(cid)
        mine = (
            "MISSED"
            if f is None
            else f"engine: {f.get('entity')!s:.20} | {f.get('attribute')} | "
            f"{f.get('when') or '(' + str(f.get('article_date')) + ')'} | {f['value']:g}"
        )
        return (
            f"  {cid:<28} {c['quote'][:40]!r:<44}\n      gold: {c['entity']:.20} | "
            f"{c.get('scope')} | {c['measure']} | {c.get('when')} | {c['value']:g}\n"
            f"      {mine}"
        )

    if args.claims:
        for cid in gold.claims:
            print(show(cid))
        return 0
    outcome = Counter()
    causes = Counter()
    detail = Counter()
    shown = 0
    for pair, relation in gold.pairs.items():
        if relation != args.kind:
            continue
        got = related.get(pair, set())
        outcome[",".join(sorted(got)) or "none"] += 1
        if args.kind not in got:
            cause = _cause(engine.get(pair[0]), engine.get(pair[1]))
            causes[cause] += 1
            if cause in ("measure differs", "owner differs"):
                field = "attribute" if cause == "measure differs" else "entity"
                detail[
                    (
                        gold.claims[pair[0]]["measure"],
                        *sorted(str(engine[c].get(field)) for c in pair),
                    )
                ] += 1
        if args.kind in got or shown >= args.limit:
            continue
        if args.cause and _cause(engine.get(pair[0]), engine.get(pair[1])) != args.cause:
            continue
        shown += 1
        print(f"{relation} pair, engine says {sorted(got) or 'nothing'}:")
        print(show(pair[0]))
        print(show(pair[1]))
    print(dict(outcome))
    print("why pairs are lost:", dict(causes.most_common()))
    for (measure, a, b), n in detail.most_common(25):
        print(f"  {n:4}  gold {measure}: engine {a} / {b}")
    wrong = Counter()
    for pair, kinds in related.items():
        for kind in kinds:
            if kind == args.kind and gold.pairs.get(pair) != kind:
                wrong[gold.pairs.get(pair, "unrelated")] += 1
    print(f"engine {args.kind} pairs that gold calls otherwise:", dict(wrong))
    if args.wrong:
        for pair, kinds in related.items():
            if args.kind in kinds and gold.pairs.get(pair) != args.kind:
                print(f"engine {args.kind}, gold {gold.pairs.get(pair, 'unrelated')}:")
                print(show(pair[0]))
                print(show(pair[1]))
    return 0


def _cause(a: dict | None, b: dict | None) -> str:
    """The first difference that keeps two engine figures apart."""
    if a is None or b is None:
        return "claim missed"
    if a.get("attribute") != b.get("attribute"):
        return "measure differs"
    if a.get("entity") != b.get("entity"):
        return "owner differs"
    times = [f.get("when") or f.get("article_date") or "" for f in (a, b)]
    if "" in times:
        return "time unknown"
    if times[0][:7] != times[1][:7]:
        return "time differs"
    return "same group"


if __name__ == "__main__":
    sys.exit(main())
