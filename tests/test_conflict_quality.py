"""Precision and recall of conflicts on a labelled test set (fr, ar, en articles written for it,
plus the seeds). The closing notes report these figures."""

import json
from pathlib import Path

from factdesk.index.ingest import index_paths
from factdesk.index.store import open_store

DATA = Path(__file__).parent / "data" / "conflicts"
SEED_CONFLICTS = {("X", "active users")}


def found_conflicts(index_dir: Path) -> set[tuple[str, str]]:
    store = open_store(index_dir)
    try:
        return {(f["entity"], f["attribute"]) for f in store.catalog.findings(["conflict"])}
    finally:
        store.close()


def precision_recall(found: set, expected: set) -> tuple[float, float]:
    hits = len(found & expected)
    return (hits / len(found) if found else 1.0), (hits / len(expected) if expected else 1.0)


def test_conflicts_precision_and_recall(tmp_path, seed_index):
    expected = {tuple(pair) for pair in json.loads((DATA / "labels.json").read_text())["conflicts"]}
    index_paths(tmp_path, [DATA])
    found = found_conflicts(tmp_path) | {("seeds",) + k for k in found_conflicts(seed_index)}
    expected |= {("seeds",) + k for k in SEED_CONFLICTS}
    precision, recall = precision_recall(found, expected)
    print(
        f"conflicts: precision {precision:.2f}, recall {recall:.2f} over {len(expected)} labelled"
    )
    assert (precision, recall) == (1.0, 1.0), (found - expected, expected - found)


def test_the_measure_can_fail():
    assert precision_recall({("a", "b"), ("c", "d")}, {("a", "b")}) == (0.5, 1.0)
    assert precision_recall(set(), {("a", "b")}) == (1.0, 0.0)
