"""Output that scales (issue #17): figures, findings and ask's values written as they are read,
with the bytes the whole lists gave (index/jsonstream.py, Catalog._streamed, ask grouped in SQL)."""

from __future__ import annotations

import io
import json

import pytest

from factdesk.index import catalog as catalog_module
from factdesk.index.figures import ask as ask_module
from factdesk.index.store import open_store
from factdesk.tui.cli import main


def run(capsys, *args) -> str:
    status = main(list(args))
    out, _ = capsys.readouterr()
    assert status in (0, 1)
    return out


@pytest.fixture
def verdict_index(seed_index, tmp_path, capsys):
    """The seed index with a dismissed and a confirmed pair (a copy: verdicts are written)."""
    import shutil

    index_dir = tmp_path / "ix"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    where = ["--index-dir", str(index_dir)]
    pairs = json.loads(run(capsys, "conflicts", "--all", "--json", *where))
    ids = [i for f in pairs for i in f["pair_ids"] if i]
    run(capsys, "verdict", ids[0], "dismissed", *where)
    run(capsys, "verdict", ids[-1], "confirmed", "--note", "checked", *where)
    return index_dir


@pytest.mark.parametrize("args", [["--all", "--json"], ["--all", "--jsonl"], ["--json"]])
def test_streamed_findings_are_the_whole_findings(capsys, seed_index, monkeypatch, args):
    """Every finding's figures read as they are written (STREAM_FIGURES 0) gives the bytes
    of the findings read whole: the same keys, order, pairs and pair ids."""
    where = ["--index-dir", str(seed_index)]
    whole = run(capsys, "conflicts", *args, *where)
    monkeypatch.setattr(catalog_module, "STREAM_FIGURES", 0)
    streamed = run(capsys, "conflicts", *args, *where)
    assert streamed == whole and len(whole) > 1000


def test_streamed_findings_keep_their_verdicts(capsys, verdict_index, monkeypatch):
    where = ["--index-dir", str(verdict_index)]
    whole = run(capsys, "conflicts", "--all", "--json", *where)
    monkeypatch.setattr(catalog_module, "STREAM_FIGURES", 0)
    streamed = run(capsys, "conflicts", "--all", "--json", *where)
    assert streamed == whole
    found = json.loads(streamed)
    assert any(v["verdict"] == "dismissed" for f in found for v in f["verdicts"])
    assert any(v["note"] == "checked" for f in found for v in f["verdicts"])


def test_a_streamed_finding_reads_its_figures_only_when_written(seed_index, monkeypatch):
    """A streamed finding holds no list of its figures: a Lazy read once, when written."""
    from factdesk.index.jsonstream import Lazy

    monkeypatch.setattr(catalog_module, "STREAM_FIGURES", 0)
    store = open_store(seed_index)
    try:
        findings = list(store.catalog.iter_findings(streamed=True))
        whole = store.catalog.findings()
        assert all(isinstance(f["figures"], Lazy) for f in findings)
        assert [f | {"figures": list(f["figures"])} for f in findings] == whole
        assert all(list(f["figures"]) == [] for f in findings)  # (read once, never kept)
    finally:
        store.close()


def test_conflicts_json_is_written_before_the_findings_are_all_read(seed_index):
    """stream_json writes each finding before it asks for the next: no list of findings."""
    from factdesk.tui.output import stream_json

    store = open_store(seed_index)
    try:
        out = io.StringIO()
        seen = []

        def findings():
            for finding in store.catalog.iter_findings(streamed=True):
                seen.append(out.getvalue().count('"kind"'))  # written when this one is asked
                yield finding

        stream_json(findings(), stream=out, schema=True)
    finally:
        store.close()
    assert seen == list(range(len(seen))) and len(seen) > 2
    assert [f["kind"] for f in json.loads(out.getvalue())]


def _old_ranking(catalog, entity, attribute) -> list[tuple]:
    """ask's values as it grouped them before (every figure read and grouped in Python)."""
    from factdesk.index.figures.model import from_dict
    from factdesk.index.figures.present import describe

    groups: dict[tuple, list[dict]] = {}
    for figure in catalog.figures_for_key(entity, attribute, named=False):
        if figure["attribute"] is None or figure["entity"] is None:
            continue
        key = (figure["attribute"], figure["unit"], describe(from_dict(figure)))
        groups.setdefault(key, []).append(figure)
    ranked = sorted(
        (
            (len({f["path"] for f in figures}), attr, unit, text, figures)
            for (attr, unit, text), figures in groups.items()
        ),
        key=lambda group: (-group[0], group[1], -(group[4][0]["value"] or 0)),
    )
    return [
        (articles, attr, unit, text, [(f["path"], f["start"]) for f in figures])
        for articles, attr, unit, text, figures in ranked
    ]


@pytest.mark.parametrize(
    "key", [("xAI", "valuation"), ("X", None), (None, "valuation"), ("X", "active users")]
)
def test_ask_groups_in_sql_as_it_grouped_in_python(seed_index, monkeypatch, key):
    monkeypatch.setattr(ask_module, "WINDOW_GROUPS", 1)  # one value a query
    store = open_store(seed_index)
    try:
        values = ask_module.ranked_values(store.catalog, *key)
        answers = list(ask_module._answers(store.catalog, *key, values))
        old = _old_ranking(store.catalog, *key)
    finally:
        store.close()
    new = [
        (
            a["articles"],
            a["attribute"],
            a["unit"],
            a["text"],
            [(f["path"], f["start"]) for f in a["figures"]],
        )
        for a in answers
    ]
    assert new == old and new


def test_ask_every_value_streamed_is_the_whole_answer(capsys, seed_index, monkeypatch):
    """`ask --limit 0 --json`: values a few at a time and totals written after the findings,
    the same record as one read whole (the record ask gave before: schema 2's keys)."""
    where = ["--index-dir", str(seed_index)]
    out = run(capsys, "ask", "valorisation de X", "--json", "--limit", "0", *where)
    record = json.loads(out)
    assert list(record) == [
        "schema",
        "query",
        "entity",
        "attribute",
        "answers",
        "findings",
        "hits",
        "answers_total",
        "dismissed",
        "findings_total",
    ]
    assert record["answers_total"] == len(record["answers"]) > 1
    assert record["findings_total"] == len(record["findings"]) > 1
    monkeypatch.setattr(ask_module, "WINDOW_GROUPS", 1)
    monkeypatch.setattr(catalog_module, "STREAM_FIGURES", 0)
    assert run(capsys, "ask", "valorisation de X", "--json", "--limit", "0", *where) == out
    first = json.loads(run(capsys, "ask", "valorisation de X", "--json", "--limit", "1", *where))
    assert first["answers"] == record["answers"][:1]
    assert first["findings"] == record["findings"][:1]


def test_report_without_verdicts_reads_no_finding(capsys, seed_index, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("findings read for a report that can hold none")

    monkeypatch.setattr(catalog_module.Catalog, "iter_findings", refuse)
    out = run(capsys, "report", "--index-dir", str(seed_index))
    assert "No checked findings" in out


def test_report_all_streamed_is_the_whole_report(capsys, verdict_index):
    from factdesk.index import report

    where = ["--index-dir", str(verdict_index)]
    store = open_store(verdict_index)
    try:
        items = list(report.entries(store.catalog, verdict_index, every_conflict=True))
    finally:
        store.close()
    assert run(capsys, "report", "--all", *where) == report.markdown(items, True)
    assert run(capsys, "report", "--all", "--format", "csv", *where) == report.csv_text(items)
    assert json.loads(run(capsys, "report", "--all", "--json", *where)) == items
    assert any(item["verdict"] == "confirmed" for item in items)
    checked = run(capsys, "report", "--json", *where)  # (only the pairs with a verdict)
    assert [item["id"] for item in json.loads(checked)] == [
        item["id"] for item in items if item["verdict"]
    ]


@pytest.mark.parametrize("rows", [1, 4])
def test_the_figures_table_printed_in_parts_is_the_whole_table(
    capsys, seed_index, monkeypatch, rows
):
    """`figures` over every article: columns measured over all rows, rows printed a few at a
    time with the whole table's widths (it held every row: 2.1 GB at 10k)."""
    import factdesk.tui.cli as cli

    whole = run(capsys, "figures", "--index-dir", str(seed_index))
    monkeypatch.setattr(cli, "FIGURE_ROWS", rows)
    parts = run(capsys, "figures", "--index-dir", str(seed_index))
    assert parts == whole and whole.count("\n") > 30
