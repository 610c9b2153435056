"""The factdesk command line: every command, --json, and one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from factdesk.tui.cli import main


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_help_lists_every_command():
    result = subprocess.run(
        [sys.executable, "-m", "factdesk.tui.cli", "--help"], capture_output=True, text=True
    )
    for command in ("app", "index", "search", "show", "figures", "conflicts", "ask"):
        assert command in result.stdout


def test_index_then_search_json(capsys, seed_copy, tmp_path):
    index_dir = str(tmp_path / "ix")
    status, out, _ = run(capsys, "index", str(seed_copy), "--index-dir", index_dir)
    assert status == 0 and "5 new" in out
    status, out, _ = run(capsys, "search", "valorisation", "--json", "--index-dir", index_dir)
    hits = json.loads(out)
    assert status == 0 and hits
    assert set(hits[0]) == {
        "schema",  # (issue 15: every record has its schema version, docs/json.md)
        "path",
        "title",
        "lang",
        "score",
        "snippet",
        "highlights",  # (issue 15: where the terms are in the snippet)
        "outlet",
        "published",
    }
    status, out, _ = run(
        capsys, "search", "مستخدم", "--lang", "ar", "--json", "--index-dir", index_dir
    )
    assert [h["lang"] for h in json.loads(out)] == ["ar"]


def test_index_dir_from_environment(capsys, seed_index, monkeypatch):
    monkeypatch.setenv("FACTDESK_INDEX", str(seed_index))
    status, out, _ = run(capsys, "search", "xAI", "--json", "--limit", "2")
    assert status == 0 and len(json.loads(out)) == 2


def test_index_json_summary(capsys, write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": "A\n\nTexte.", "b.txt": b"\x00\x01\x02\x03"})
    status, out, _ = run(
        capsys, "index", str(corpus), "--json", "--index-dir", str(tmp_path / "ix")
    )
    data = json.loads(out)
    assert status == 0 and data["added"] == 1 and data["skipped"][0]["path"].endswith("b.txt")


def test_index_of_nothing_readable_fails(capsys, write_corpus, tmp_path):
    corpus = write_corpus({"b.txt": b"\x00\x01\x02\x03"})
    status, _, err = run(capsys, "index", str(corpus), "--index-dir", str(tmp_path / "ix"))
    assert status == 1 and "skipped" in err


def test_show_prints_the_article(capsys, seed_index, seed_copy):
    path = str(seed_copy / "001_36b0a24bd3ea13c0.txt")
    status, out, _ = run(capsys, "show", path, "--width", "60", "--index-dir", str(seed_index))
    assert status == 0
    assert out.splitlines()[0].startswith("Désolé Twitter.")
    assert max(len(line) for line in out.splitlines()) <= 60


def test_figures_json_offsets_match_the_file(capsys, seed_index, seed_copy):
    path = seed_copy / "000_f006c6dd9652db2c.txt"
    status, out, _ = run(capsys, "figures", str(path), "--json", "--index-dir", str(seed_index))
    figures = json.loads(out)
    text = path.read_bytes().decode("utf-8")
    assert status == 0 and figures
    for figure in figures:
        assert text[figure["start"] : figure["end"]] == figure["quote"]
        assert set(figure) == {
            "schema",  # (issue 15: every record has its schema version, docs/json.md)
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
            "outlet",  # the source by name (issue 11)
            "published",
            "headline",
        }
        assert figure["outlet"] and not figure["outlet"].endswith(".txt")


def test_conflicts_json(capsys, seed_index):
    status, out, _ = run(capsys, "conflicts", "--json", "--index-dir", str(seed_index))
    findings = json.loads(out)
    assert status == 0 and {f["kind"] for f in findings} == {"conflict"}
    status, out, _ = run(capsys, "conflicts", "--all", "--json", "--index-dir", str(seed_index))
    every = json.loads(out)
    assert {f["kind"] for f in every} == {"conflict", "agree", "changed"}
    # streamed: the same findings as one JSON array, or one JSON object a line
    from factdesk.index.store import open_store

    store = open_store(seed_index)
    try:
        # the stored findings, with each pair's stable id and the verdicts given to them
        added = ("pair_ids", "verdicts", "checked", "verdict", "schema")
        assert all(len(f["pair_ids"]) == len(f["pairs"]) for f in every)
        assert [{k: v for k, v in f.items() if k not in added} for f in every] == (
            store.catalog.findings()
        )
    finally:
        store.close()
    status, out, _ = run(capsys, "conflicts", "--all", "--jsonl", "--index-dir", str(seed_index))
    assert [json.loads(line) for line in out.splitlines()] == every
    status, out, _ = run(
        capsys, "conflicts", "--all", "--json", "--limit", "2", "--index-dir", str(seed_index)
    )
    assert json.loads(out) == every[:2]


def test_conflicts_text_stops_at_its_limit_and_says_how_many_more(capsys, seed_index):
    status, out, _ = run(capsys, "conflicts", "--all", "--json", "--index-dir", str(seed_index))
    total = len(json.loads(out))
    assert total > 2
    status, out, _ = run(
        capsys, "conflicts", "--all", "--limit", "2", "--index-dir", str(seed_index)
    )
    assert status == 0 and f"… and {total - 2} more (--limit 0 for all)" in out
    status, out, _ = run(
        capsys, "conflicts", "--all", "--limit", "0", "--index-dir", str(seed_index)
    )
    assert "more (--limit 0" not in out and out.count("confidence") == total
    status, _, err = run(capsys, "conflicts", "--limit", "-1", "--index-dir", str(seed_index))
    assert status == 2 and "--limit" in err


@pytest.mark.parametrize(
    "question, entity, attribute",
    [
        ("xAI valuation", "xAI", "valuation"),
        ("valorisation de xAI", "xAI", "valuation"),
        ("تقييم xAI", "xAI", "valuation"),
        ("how many users does X have", "X", "active users"),
        ("كم عدد مستخدمي تويتر", "X", "active users"),
    ],
)
def test_ask_in_three_languages(capsys, seed_index, question, entity, attribute):
    status, out, _ = run(capsys, "ask", question, "--json", "--index-dir", str(seed_index))
    result = json.loads(out)
    assert status == 0
    assert (result["entity"], result["attribute"]) == (entity, attribute)
    assert result["answers"], result


def test_ask_groups_answers_by_value_with_agreement_counts(capsys, seed_index):
    _, out, _ = run(capsys, "ask", "xAI valuation", "--json", "--index-dir", str(seed_index))
    result = json.loads(out)
    top = result["answers"][0]
    assert (top["value"], top["unit"], top["articles"]) == (80_000_000_000, "USD", 3)
    assert any(f["kind"] == "changed" for f in result["findings"])


def test_ask_falls_back_to_full_text(capsys, seed_index):
    _, out, _ = run(capsys, "ask", "Bolivie lithium", "--json", "--index-dir", str(seed_index))
    result = json.loads(out)
    assert result["entity"] is None and result["attribute"] is None
    assert result["hits"] and result["hits"][0]["path"].endswith("003_fb4800fab916966b.txt")


def test_missing_index_is_a_one_line_error(capsys, tmp_path):
    status, _, err = run(capsys, "conflicts", "--index-dir", str(tmp_path / "nothing"))
    assert status == 1 and err.count("\n") == 1 and "no index" in err


def test_unreadable_query_is_a_one_line_error(capsys, seed_index):
    status, _, err = run(capsys, "search", "   ", "--index-dir", str(seed_index))
    assert status == 1 and err.startswith("factdesk: ") and err.count("\n") == 1


def test_show_arabic_visual_order_when_asked_logical_when_piped(capsys, seed_index, seed_copy):
    path = str(seed_copy / "004_40f9653985f70d8d.txt")
    index = ["--index-dir", str(seed_index)]
    assert main(["show", path, "--width", "50", *index]) == 0
    logical = capsys.readouterr().out
    assert "إكس (Twitter سابقًا)" in logical.replace("\n", " ")
    assert main(["show", path, "--width", "50", "--bidi", "app", *index]) == 0
    visual = capsys.readouterr().out.splitlines()
    assert all(cell_len(line) <= 50 for line in visual)
    assert any(line.endswith("ﺔﻘﻔﺻ") and line.startswith(" ") for line in visual)  # right-aligned


@pytest.mark.parametrize(
    "command", [["conflicts", "--all"], ["search", "milliards"], ["ask", "xAI"], ["figures"]]
)
def test_a_closed_pipe_is_quiet_with_status_0(seed_index, command):
    """`factdesk conflicts | head -1`: the reader stops reading; no error, status 0."""
    script = (
        f"{sys.executable} -m factdesk.tui.cli {' '.join(command)} --index-dir {seed_index} "
        "| head -c 20 >/dev/null; exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_an_unknown_language_is_a_usage_error(capsys, seed_index):
    status, _, err = run(capsys, "search", "x", "--lang", "xx", "--index-dir", str(seed_index))
    assert status == 2 and "unknown language 'xx'" in err


def test_ask_says_when_nothing_matches(capsys, seed_index):
    status, out, _ = run(capsys, "ask", "weather in Paris", "--index-dir", str(seed_index))
    assert status == 1 and "no article mentions it" in out  # (issue 15: nothing found is 1)


def test_a_non_utf8_locale_is_said_for_non_ascii_queries(capsys, seed_index, monkeypatch):
    import locale

    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "ISO-8859-1")
    main(["search", "donnÃ©es", "--index-dir", str(seed_index)])
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "ISO-8859-1" in err
    main(["search", "xAI", "--index-dir", str(seed_index)])
    assert "UTF-8" not in capsys.readouterr().err  # ASCII words read the same in any locale
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "UTF-8")
    main(["search", "données", "--index-dir", str(seed_index)])
    assert "UTF-8" not in capsys.readouterr().err


def test_index_with_no_paths_and_no_index_indexes_the_demo_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no seeds/ here
    assert main(["index", "--index-dir", str(tmp_path / "ix")]) == 0
    out = capsys.readouterr()
    assert "indexed 5 article(s)" in out.out and "skipped" not in out.err
    assert out.err.startswith("no index yet: indexing the demo corpus shipped with factdesk")
    # again, with the index there: its own articles, read again (none changed)
    assert main(["index", "--index-dir", str(tmp_path / "ix")]) == 0
    assert "5 unchanged" in capsys.readouterr().out


def test_index_demo_adds_the_demo_corpus_to_an_index(tmp_path, write_corpus, capsys):
    corpus = write_corpus({"a.txt": "A\n\nTexte de 5 personnes."})
    ix = str(tmp_path / "ix")
    assert main(["index", str(corpus), "--index-dir", ix]) == 0
    capsys.readouterr()
    assert main(["index", "--demo", "--index-dir", ix, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["added"] == 5 and summary["removed"] == 0
    assert main(["search", "texte personnes", "--json", "--index-dir", ix]) == 0
    assert [Path(hit["path"]).name for hit in json.loads(capsys.readouterr().out)] == ["a.txt"]


def test_index_with_nothing_to_index_says_what_to_do(tmp_path, write_corpus, capsys):
    """An index emptied (its files deleted) and no paths: one line, what to do, status 2."""
    corpus = write_corpus({"a.txt": "A\n\nTexte."})
    ix = str(tmp_path / "ix")
    assert main(["index", str(corpus), "--index-dir", ix]) == 0
    (corpus / "a.txt").unlink()
    assert main(["index", "--index-dir", ix]) == 1  # the article is dropped: nothing left
    assert "1 removed" in capsys.readouterr().out
    assert main(["index", "--index-dir", ix]) == 2
    err = capsys.readouterr().err
    assert err.startswith("factdesk: the index at") and "factdesk index PATH" in err
    assert "--demo" in err and len(err.splitlines()) == 1


def test_a_run_that_indexes_nothing_publishes_no_index(tmp_path, write_corpus, capsys):
    from factdesk.index.store import exists

    empty = tmp_path / "empty"
    empty.mkdir()
    ix = tmp_path / "ix"
    assert main(["index", str(empty), "--index-dir", str(ix)]) == 1
    err = capsys.readouterr().err
    assert "no article indexed from" in err and "no index was written" in err
    assert not exists(ix)
    # a rebuild that finds nothing leaves the index it would have replaced
    corpus = write_corpus({"a.txt": "A\n\nTexte."})
    assert main(["index", str(corpus), "--index-dir", str(ix)]) == 0
    assert main(["index", str(empty), "--rebuild", "--index-dir", str(ix)]) == 1
    capsys.readouterr()
    assert main(["search", "texte", "--json", "--index-dir", str(ix)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


EVERY_LOOKUP = (
    ["search", "xAI"],
    ["search", "xAI", "--json"],
    ["ask", "xAI valuation"],
    ["ask", "xAI valuation", "--json"],
    ["conflicts"],
    ["conflicts", "--jsonl"],
    ["figures"],
    ["report"],
    ["verdict", "0123456789ab", "confirmed"],
)


@pytest.mark.parametrize("command", EVERY_LOOKUP, ids=" ".join)
def test_every_command_on_a_missing_or_empty_index_says_what_to_do(
    command, tmp_path, write_corpus, capsys
):
    missing = tmp_path / "missing"
    assert main([*command, "--index-dir", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"factdesk: no index at {missing}: build one with: factdesk index")
    corpus = write_corpus({"a.txt": "A\n\nTexte."})
    emptied = tmp_path / "emptied"
    main(["index", str(corpus), "--index-dir", str(emptied)])
    (corpus / "a.txt").unlink()
    main(["index", str(corpus), "--index-dir", str(emptied)])
    capsys.readouterr()
    status = main([*command, "--index-dir", str(emptied)])
    out, err = capsys.readouterr()
    if command[0] == "verdict":  # (no pair in an empty index)
        assert status == 1 and err.startswith("factdesk: no pair")
        return
    assert status == 1 and len(err.splitlines()) == 1, err
    assert err.startswith(f"factdesk: the index at {emptied} holds no articles: index some with")


def test_no_hits_is_status_1_as_grep_says(capsys, seed_index):
    ix = str(seed_index)
    assert main(["search", "zzzqqq", "--index-dir", ix]) == 1
    assert capsys.readouterr().out == "no hits\n"
    assert main(["search", "zzzqqq", "--json", "--index-dir", ix]) == 1
    assert json.loads(capsys.readouterr().out) == []
    assert main(["ask", "zzzqqq", "--index-dir", ix]) == 1
    assert main(["ask", "zzzqqq", "--json", "--index-dir", ix]) == 1
    capsys.readouterr()
    assert main(["search", "xAI", "--index-dir", ix]) == 0
    assert main(["ask", "xAI valuation", "--index-dir", ix]) == 0


def test_ask_text_stops_at_its_limit_and_says_how_many_more(capsys, seed_index):
    status, out, _ = run(
        capsys, "ask", "valorisation de xAI", "--json", "--index-dir", str(seed_index)
    )
    values = len(json.loads(out)["answers"])
    assert values > 1
    status, out, _ = run(
        capsys, "ask", "valorisation de xAI", "--limit", "1", "--index-dir", str(seed_index)
    )
    assert status == 0 and f"… and {values - 1} more values (--limit 0 for all)" in out
    status, out, _ = run(
        capsys,
        "ask",
        "valorisation de xAI",
        "--limit",
        "1",
        "--json",
        "--index-dir",
        str(seed_index),
    )
    assert len(json.loads(out)["answers"]) == 1
    status, out, _ = run(
        capsys, "ask", "valorisation de xAI", "--limit", "0", "--index-dir", str(seed_index)
    )
    assert "more values" not in out


def indexed_articles(capsys, tmp_path, texts: list[str]) -> str:
    """An index of one article a text (``a00.txt``, ``a01.txt``, …); its folder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, text in enumerate(texts):
        (corpus / f"a{number:02}.txt").write_text(text, encoding="utf-8")
    index_dir = str(tmp_path / "ix")
    run(capsys, "index", str(corpus), "--index-dir", index_dir)
    return index_dir


def test_a_finding_on_a_terminal_lists_its_first_figures_and_counts_the_rest(capsys, tmp_path):
    texts = [
        f"Séisme\n\nSource: https://example.org/{i}\nDate: 2023-02-07\nLang: fr\n\n"
        "Le séisme a fait 1 000 morts en Turquie.\n"
        for i in range(11)
    ]
    index_dir = indexed_articles(capsys, tmp_path, texts)
    status, out, _ = run(capsys, "conflicts", "--all", "--index-dir", index_dir)
    assert status == 0 and "… and 3 more figures (--json for all)" in out


def test_streamed_json_is_one_item_a_line_for_programs_and_indented_at_a_terminal():
    import io
    import json

    from factdesk.tui.output import stream_json

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    items = [{"kind": "conflict", "figures": [{"value": 1}, {"value": 2}]}, {"kind": "agree"}]
    piped, terminal = io.StringIO(), Terminal()
    assert stream_json(iter(items), stream=piped) == stream_json(iter(items), stream=terminal) == 2
    assert json.loads(piped.getvalue()) == json.loads(terminal.getvalue()) == items
    assert piped.getvalue().count("\n") == len(items) + 2  # '[', one line an item, ']'
    assert '\n        "value": 1' in terminal.getvalue()


def test_ask_names_a_few_sources_of_a_value_and_counts_the_rest(capsys, tmp_path):
    """A value stated by many articles names five of them, each 'outlet, date', then '… and N
    more': one line a reader can read (it listed 262 names, dates run in among them)."""
    texts = [
        f"xAI\n\nSource: https://site{number}.example/x\nDate: 2025-03-2{number}\n\n"
        "xAI est valorisée à 80 milliards de dollars.\n"
        for number in range(7)
    ]
    index_dir = indexed_articles(capsys, tmp_path, texts)
    _, out, _ = run(capsys, "ask", "valorisation de xAI", "--index-dir", index_dir)
    line = next(line for line in out.splitlines() if "7 article(s)" in line)
    assert "site0.example, 2025-03-20; site1.example, 2025-03-21;" in line
    assert line.count("; ") == 5 and line.rstrip().endswith("… and 2 more")


def test_ask_on_a_terminal_reads_only_the_findings_it_shows(capsys, seed_index):
    """`ask` in text reads the flagging findings it prints (conflicts, possible, changed: at
    most --limit; the rest counted, not read); --json carries every kind of finding."""
    from factdesk.index.store import open_store

    store = open_store(seed_index)
    try:
        every = store.catalog.findings_for_key("xAI", "valuation")
        flagged = store.catalog.findings_for_key(
            "xAI", "valuation", ["conflict", "possible", "changed"], 1
        )
    finally:
        store.close()
    assert len(flagged) == 1 and flagged[0]["kind"] != "agree"
    assert flagged[0] == next(f for f in every if f["kind"] != "agree")
    _, out, _ = run(capsys, "ask", "xAI valuation", "--limit", "1", "--index-dir", str(seed_index))
    more = len([f for f in every if f["kind"] != "agree"]) - 1
    assert ("more findings (--limit 0 for all)" in out) == (more > 0)


def test_ask_says_how_many_values_and_findings_it_left_out(capsys, tmp_path):
    """`ask` shows the first --limit values and findings and counts the rest: '… and N more'
    on a terminal, `answers_total` and `findings_total` in JSON (issue 17, item 3)."""
    texts = [
        f"xAI\n\nSource: https://site{n}.example/x\nDate: 2024-{month}-1{n}\n\n"
        f"xAI est valorisée à {value} milliards de dollars.\n"
        for n, (month, value) in enumerate((m, v) for m in ("01", "04", "07") for v in (20, 90))
    ]
    index_dir = indexed_articles(capsys, tmp_path, texts)
    where = ["--index-dir", index_dir]
    _, out, _ = run(capsys, "ask", "valorisation de xAI", "--json", "--limit", "0", *where)
    every = json.loads(out)
    flagged = [f for f in every["findings"] if f["kind"] != "agree"]
    assert len(every["answers"]) == every["answers_total"] == 2
    assert len(every["findings"]) == every["findings_total"] and len(flagged) >= 3
    _, out, _ = run(capsys, "ask", "valorisation de xAI", "--json", "--limit", "1", *where)
    one = json.loads(out)
    assert one["answers"] == every["answers"][:1] and one["findings"] == every["findings"][:1]
    assert (one["answers_total"], one["findings_total"]) == (2, every["findings_total"])
    _, out, _ = run(capsys, "ask", "valorisation de xAI", "--limit", "1", *where)
    assert "… and 1 more values (--limit 0 for all)" in out
    assert f"… and {len(flagged) - 1} more findings (--limit 0 for all)" in out
    _, out, _ = run(capsys, "ask", "valorisation de xAI", "--limit", "0", *where)
    assert "more values" not in out and "more findings" not in out
    # JSON's default is the terminal's: limits.ask (10), schema 2 (docs/json.md)
    from factdesk.tui.config import config_path

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("[limits]\nask = 1\n", encoding="utf-8")
    try:
        _, out, _ = run(capsys, "ask", "valorisation de xAI", "--json", *where)
    finally:
        config_path().unlink()
    assert json.loads(out) == {**one, "schema": 2}
    _, out, _ = run(capsys, "ask", "valorisation de xAI", "--json", *where)
    assert json.loads(out) == {**every, "schema": 2}  # 10 by default: all of these
