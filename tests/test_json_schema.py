"""docs/json.md documents every command's JSON (issue 15): each record starts with its
`schema` version, has the documented keys on every path, and --jsonl writes the same records
one a line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factdesk.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
# keys that only some records have, as the document says
OPTIONAL = {
    "conflicts": {"was"},
    "verdict": {"cleared", "note", "updated", "pair", "kind", "entity", "attribute"},
}


def _section(section: str) -> str:
    return DOC.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]


def documented(section: str) -> set[str]:
    return set(re.findall(r"^\| `(\w+)` \|", _section(section), re.M))


def documented_version(section: str) -> int:
    """The version the section's `schema` row gives its records."""
    return int(re.search(r"^\| `schema` \| int \| (\d+) \|", _section(section), re.M)[1])


def records(capsys, *args: str) -> list[dict]:
    main([*args, "--json"])
    data = json.loads(capsys.readouterr().out)
    return data if isinstance(data, list) else [data]


def check(section: str, found: list[dict]) -> None:
    assert found, section
    keys = documented(section)
    for record in found:
        assert next(iter(record)) == "schema" and record["schema"] == documented_version(section)
        assert set(record) <= keys, (section, set(record) - keys)
        assert keys - OPTIONAL.get(section, set()) <= set(record), (section, keys - set(record))


def test_every_command_writes_its_documented_keys(capsys, seed_index, seed_copy, tmp_path):
    ix = ["--index-dir", str(seed_index)]
    check("search", records(capsys, "search", "xAI", *ix))
    check("show", records(capsys, "show", str(seed_copy / "000_f006c6dd9652db2c.txt"), *ix))
    check("figures", records(capsys, "figures", *ix))
    check("conflicts", records(capsys, "conflicts", "--all", *ix))
    check("ask", records(capsys, "ask", "xAI valuation", *ix))
    check("ask", records(capsys, "ask", "weather in Paris", *ix))  # the full-text path
    check("paths", records(capsys, "paths", *ix))
    own = ["--index-dir", str(tmp_path / "ix")]
    check("index", records(capsys, "index", str(seed_copy), *own))
    (pair,) = records(capsys, "conflicts", *own)[0]["pair_ids"][:1]
    check("verdict", records(capsys, "verdict", pair, "confirmed", *own))
    check("verdict", records(capsys, "verdict", pair, "--clear", *own))


def test_ask_findings_have_the_keys_of_conflicts_findings(capsys, seed_index):
    ix = ["--index-dir", str(seed_index)]
    (asked,) = records(capsys, "ask", "how many users does X have", *ix)
    listed = {f["why"]: f for f in records(capsys, "conflicts", "--all", *ix)}
    assert asked["findings"]
    for finding in asked["findings"]:
        assert finding == {k: v for k, v in listed[finding["why"]].items() if k != "schema"}


def test_search_hits_carry_highlight_offsets_into_their_snippet(capsys, seed_index):
    hits = records(capsys, "search", "xAI", "--index-dir", str(seed_index))
    for hit in hits:
        assert hit["highlights"]
        for start, end in hit["highlights"]:
            assert hit["snippet"][start:end].lower() == "xai"


@pytest.mark.parametrize(
    "args",
    [["search", "xAI"], ["figures"], ["conflicts", "--all"], ["ask", "xAI valuation"], ["paths"]],
    ids=" ".join,
)
def test_jsonl_is_the_same_records_one_a_line(args, capsys, seed_index):
    ix = ["--index-dir", str(seed_index)]
    whole = records(capsys, *args, *ix)
    main([*args, "--jsonl", *ix])
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == whole


def test_the_document_names_every_command_with_json():
    for section in ("index", "search", "show", "figures", "conflicts", "ask", "verdict", "paths"):
        assert documented(section), section


def test_each_command_s_documented_version_is_the_one_it_writes():
    from factdesk.tui.output import SCHEMA, SCHEMAS

    for section in ("index", "search", "show", "figures", "conflicts", "ask", "verdict", "paths"):
        assert documented_version(section) == SCHEMAS.get(section, SCHEMA), section
