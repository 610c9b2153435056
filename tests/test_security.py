"""Security and bounded cost: the index touches only what it made, nothing from an article or a
file name reaches a terminal raw, and every costly input has an explicit limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.index.ingest import index_paths
from factdesk.index.search import Searcher
from factdesk.index.store import MARKER_FILE, StoreError, open_store
from factdesk.tui.cli import main
from tests.hostile import leaks, run_on_pty, write_hostile_corpus

ROOT = Path(__file__).resolve().parent.parent
FRENCH = "Le titre\n\nX a 250 millions d'utilisateurs selon un rapport.\n"


def cli(*args: str, env: dict | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "factdesk.tui.cli", *args],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        cwd=cwd or ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile corpus, indexed."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = write_hostile_corpus(base / "corpus")
    summary = index_paths(base / "ix", [corpus])
    assert summary.added == 7 and not summary.skipped
    return base


# --- 1. the index folder ------------------------------------------------------------------------
def test_a_folder_holding_user_files_is_refused_and_left_untouched(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": FRENCH})
    home = tmp_path / "home"
    (home / "gen-photos").mkdir(parents=True)
    (home / "gen-photos" / "img1.jpg").write_bytes(b"holiday")
    (home / "gen-000001").mkdir()
    (home / "lock").write_text("my notes")
    (home / "current").write_text("mine")
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    for rebuild in (False, True):
        with pytest.raises(StoreError, match="did not create"):
            index_paths(home, [corpus], rebuild=rebuild)
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in home.iterdir()) == ["current", "gen-000001", "gen-photos", "lock"]


def test_the_refusal_is_one_line_with_status_1(write_corpus, tmp_path, capsys):
    corpus = write_corpus({"a.txt": FRENCH})
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["index", str(corpus), "--index-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did not create" in err


def test_a_new_or_empty_folder_becomes_the_index_and_is_marked(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": FRENCH})
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new" / "deep"):
        index_paths(folder, [corpus])
        index_paths(folder, [corpus], rebuild=True)
        assert (folder / MARKER_FILE).is_file()
        assert len(open_store(folder).catalog.articles()) == 1


def test_an_index_made_before_the_marker_is_adopted(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": FRENCH})
    index_paths(tmp_path / "ix", [corpus])
    (tmp_path / "ix" / MARKER_FILE).unlink()
    summary = index_paths(tmp_path / "ix", [corpus], rebuild=True)
    assert summary.added == 1 and (tmp_path / "ix" / MARKER_FILE).is_file()


# --- 2, 3, 9. nothing from data reaches the terminal raw -----------------------------------------
@pytest.mark.parametrize(
    "command",
    [
        ["ask", "zorglub"],
        ["figures"],
        ["conflicts", "--all"],
        ["search", "zorglub", "--limit", "50"],
        ["ask", "zorglub", "--json"],
        ["figures", "--json"],
        ["conflicts", "--all", "--json"],
        ["search", "zorglub", "--json", "--limit", "50"],
    ],
)
def test_no_control_sequence_from_data_reaches_a_terminal(hostile, command):
    output = run_on_pty([*command, "--index-dir", str(hostile / "ix")], cwd=hostile)
    assert b"zorglub" in output or b"X" in output, output[:300]
    assert leaks(output) == []


def test_the_index_progress_bar_shows_file_names_safely(tmp_path):
    corpus = write_hostile_corpus(tmp_path / "corpus")
    output = run_on_pty(["index", str(corpus), "--index-dir", str(tmp_path / "ix")], cwd=tmp_path)
    assert b"indexed 7 article(s)" in output
    assert leaks(output) == []


def test_file_names_are_never_rich_markup(hostile, capsys):
    assert main(["figures", "--index-dir", str(hostile / "ix")]) == 0
    out = capsys.readouterr().out
    assert "[link=https:evil]c" in out and "\x1b]8;" not in out  # shown as written, no link


def test_json_escapes_c1_and_bidi_controls_and_keeps_the_data(hostile, capsys):
    assert (
        main(["search", "zorglub", "--json", "--limit", "50", "--index-dir", str(hostile / "ix")])
        == 0
    )
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x9b\x9c\x9d\u202e\u202c\x1b")
    hits = json.loads(out)
    titles = {hit["title"] for hit in hits}
    assert any("\u202egnirts\u202c" in t and "\x9b31m" in t for t in titles)
    assert any("\u202ename\u202c" in hit["path"] for hit in hits)


def test_the_apps_other_source_line_shows_a_hostile_file_name_safely(hostile):
    from textual.geometry import Size

    from factdesk.index.sanitize import is_safe
    from factdesk.tui.data import AppData
    from factdesk.tui.widgets.side import FindingsPanel

    data = AppData(hostile / "ix")
    path = next(e.row.path for e in data.articles() if e.row.path.endswith("title.txt"))
    flag = next(f for f in data.flags(path) if f.others)
    panel = FindingsPanel()
    shown = []
    detail = type(
        "D", (), {"update": lambda self, text: shown.append(text), "size": Size(40, 10)}
    )()
    panel.query_one = lambda *_: detail
    for other in data.articles():
        if other.row.path != path:
            flag.others[0] = dict(flag.others[0], article=Path(other.row.path).name)
            panel.show_detail(flag, data.article(flag.others[0]["path"]))
    assert shown and all(is_safe(text.plain) for text in shown)
    assert any("␛]2;FILENAME␛\\" in text.plain for text in shown)


# --- 4. file names that are not UTF-8 -----------------------------------------------------------
def test_a_file_name_that_is_not_utf8_is_indexed_and_found(hostile, capsys):
    assert main(["search", "610", "--index-dir", str(hostile / "ix")]) == 0
    out = capsys.readouterr().out
    assert "bad-\ufffd-name" in out  # the source's name: its file's, with no address
    corpus = hostile / "corpus"
    summary = index_paths(hostile / "ix", [corpus])
    assert summary.unchanged == 7 and summary.added == summary.changed == 0
    name = os.fsdecode(b"bad-\xff-name.txt")
    assert main(["figures", str(corpus / name), "--json", "--index-dir", str(hostile / "ix")]) == 0
    assert [f["value"] for f in json.loads(capsys.readouterr().out)] == [610_000_000]


# --- 5, 14. queries have bounded cost --------------------------------------------------------------
@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """An index with a wide vocabulary: 40 articles of 600 distinct words each."""
    import random

    base = tmp_path_factory.mktemp("wide")
    rng = random.Random(5)
    for n in range(40):
        words = [
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
            for _ in range(600)
        ]
        (base / f"{n:02d}.txt").write_text(f"Titre {n}\n\nvalorisation {' '.join(words)}.\n")
    index_paths(base / "ix", [base])
    return Searcher(base / "ix")


def test_fuzzy_edit_distance_is_capped_with_a_note(wide, monkeypatch):
    from factdesk.index import querycost

    # the time limit is tested on its own below: a loaded machine must not add its note here
    monkeypatch.setattr(querycost, "EXPANSION_SECONDS", 60.0)
    hits = wide.search("valorisation~6", limit=100)
    assert len(hits) == 40
    assert hits.notes == ["fuzzy search allows at most 2 edits (asked 6)"]
    assert wide.search("valorisation~2", limit=100).notes == []
    hits = wide.search("valorisation~10", limit=100)  # two digits: not "~1 AND 0"
    assert len(hits) == 40 and hits.notes == ["fuzzy search allows at most 2 edits (asked 10)"]


def test_wildcards_and_ranges_expand_to_a_bounded_number_of_terms(wide, monkeypatch):
    from factdesk.index import querycost

    # the time limit is tested on its own below: a loaded machine must not add its note here
    monkeypatch.setattr(querycost, "EXPANSION_SECONDS", 60.0)
    for query in ("*a*", "[a TO z]", "a* OR e* OR i*"):
        hits = wide.search(query, limit=100)
        assert hits and any("matches too many words" in note for note in hits.notes), query
        bounded, _ = querycost.bound_query(wide.parse(query), wide._searcher.reader())
        assert len(list(bounded.all_terms())) <= querycost.MAX_EXPANDED_TERMS


def test_a_lone_star_is_every_document(wide):
    assert len(wide.search("*", limit=100)) == 40


def test_a_slow_expansion_stops_at_its_deadline(wide, monkeypatch):
    from factdesk.index import querycost

    monkeypatch.setattr(querycost, "EXPANSION_SECONDS", -1.0)
    hits = wide.search("*q*", limit=100)
    assert any("took too long" in note for note in hits.notes)


def test_search_notes_reach_the_user_on_stderr(wide, capsys):
    assert main(["search", "*e*", "--index-dir", str(wide._index_dir)]) == 0
    assert "matches too many words" in capsys.readouterr().err


# --- 6, 7. bounded extraction and layout --------------------------------------------------------
def test_figures_per_paragraph_and_article_are_capped_with_a_warning(write_corpus, tmp_path):
    from factdesk.index.figures import extract

    sentence = " ".join(f"X a {n} millions d'utilisateurs," for n in range(1, 3000))
    corpus = write_corpus(
        {
            "long.txt": f"Chiffres\n\n{sentence}\n",
            "many.txt": "Chiffres\n\n"
            + "\n\n".join(
                " ".join(f"X vaut {k} millions." for k in range(1, 80)) for _ in range(40)
            )
            + "\n",
        }
    )
    summary = index_paths(tmp_path / "ix", [corpus])
    warnings = dict(summary.warnings)
    assert "only the first" in warnings[str(corpus / "long.txt")]
    assert f"stopped after {extract.MAX_FIGURES_PER_ARTICLE}" in warnings[str(corpus / "many.txt")]
    store = open_store(tmp_path / "ix")
    assert len(store.catalog.figures(str(corpus / "many.txt"))) == extract.MAX_FIGURES_PER_ARTICLE
    long_figures = store.catalog.figures(str(corpus / "long.txt"))
    assert 0 < len(long_figures) and max(f["end"] for f in long_figures) < 10_020


def test_ten_thousand_combining_marks_are_laid_out_in_linear_time(monkeypatch):
    from factdesk.tui import layout

    calls = []
    real = layout.cell_len
    monkeypatch.setattr(layout, "cell_len", lambda text: calls.append(1) or real(text))
    widths = layout.cell_widths("a" + "\u0301" * 10_000 + " b")
    assert sum(widths) == 3 and len(widths) == 10_003
    assert len(calls) <= 2 * (layout.MAX_CLUSTER_MARKS + 1)


# --- 8. the walk stays inside the given folders -----------------------------------------------
def test_links_to_files_outside_the_corpus_are_not_followed(write_corpus, tmp_path):
    outside = tmp_path / "private.txt"
    outside.write_text("Secret\n\nLe mot de passe est hunter2.\n")
    corpus = write_corpus({"a.txt": FRENCH})
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "environ.txt").symlink_to("/proc/self/environ")
    (corpus / "inside.txt").symlink_to(corpus / "a.txt")
    summary = index_paths(tmp_path / "ix", [corpus])
    reasons = {Path(p).name: r for p, r in summary.skipped}
    assert reasons == {
        "leak.txt": "link to a file outside the indexed folder",
        "environ.txt": "link to a file outside the indexed folder",
    }
    assert summary.added == 2  # a.txt and the link to it inside the corpus
    assert Searcher(tmp_path / "ix").search("hunter2") == []


def test_device_and_proc_files_given_by_name_are_skipped_without_hanging(tmp_path):
    summary = index_paths(tmp_path / "ix", [Path("/proc/self/environ"), Path("/dev/zero")])
    reasons = {p: r for p, r in summary.skipped}
    assert reasons["/proc/self/environ"] == "empty file"
    assert "not a regular file" in reasons["/dev/zero"]


def test_a_file_over_the_size_limit_is_skipped_at_once(write_corpus, tmp_path):
    from factdesk.index.textio import MAX_FILE_BYTES

    corpus = write_corpus({"a.txt": FRENCH})
    with open(corpus / "big.txt", "wb") as big:
        big.truncate(MAX_FILE_BYTES + 1)
    summary = index_paths(tmp_path / "ix", [corpus])
    assert dict(summary.skipped)[str(corpus / "big.txt")].startswith("too large (4 MiB, limit")


# --- 10, 11. bad configuration and output encodings ---------------------------------------------
@pytest.mark.parametrize("content", ['keys = "x"\n', "keys = [1, 2]\n", "[keys]\nquit = 3\n"])
def test_a_malformed_keys_file_is_a_warning(tmp_path, content):
    from factdesk.tui.keys import load_keymap

    path = tmp_path / "keys.toml"
    path.write_text(content)
    keymap, warnings = load_keymap(path)
    assert keymap == {} and len(warnings) == 1 and "ignored" in warnings[0]


@pytest.mark.parametrize(
    "command",
    [
        ["figures"],
        ["conflicts", "--all"],
        ["ask", "zorglub"],
        ["search", "مستخدم"],
        ["figures", "--json"],
    ],
)
def test_an_ascii_terminal_gets_question_marks_not_tracebacks(hostile, command):
    result = cli(
        *command,
        "--index-dir",
        str(hostile / "ix"),
        env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"},
        cwd=hostile,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_show_of_arabic_on_an_ascii_terminal(hostile):
    result = cli(
        "show",
        str(hostile / "corpus" / "arabic.txt"),
        "--index-dir",
        str(hostile / "ix"),
        env={"PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0 and b"?" in result.stdout


# --- 12, 13. indexes that change under the reader -------------------------------------------------
def test_the_app_data_follows_a_rebuild_by_another_process(write_corpus, tmp_path):
    from factdesk.tui.data import AppData

    corpus = write_corpus({"a.txt": FRENCH})
    index_paths(tmp_path / "ix", [corpus])
    data = AppData(tmp_path / "ix")
    (corpus / "b.txt").write_text("Neuf\n\nX a 900 millions d'utilisateurs.\n")
    index_paths(tmp_path / "ix", [corpus], rebuild=True)
    assert [f.figure["value"] for f in data.flags(str(corpus / "b.txt"))] == [900_000_000]
    assert len(data.articles()) == 2


def test_a_file_deleted_during_indexing_is_removed_not_skipped(write_corpus, tmp_path, monkeypatch):
    from factdesk.index import ingest

    corpus = write_corpus({"a.txt": FRENCH, "b.txt": FRENCH.replace("250", "300")})
    index_paths(tmp_path / "ix", [corpus])
    (corpus / "b.txt").write_text("Changé\n\nX a 310 millions d'utilisateurs.\n")
    real_scan = ingest.scan

    def scan_then_delete(inputs):
        found = real_scan(inputs)
        (corpus / "b.txt").unlink()
        return found

    monkeypatch.setattr(ingest, "scan", scan_then_delete)
    summary = index_paths(tmp_path / "ix", [corpus])
    assert summary.skipped == [] and summary.removed == 1
    assert [Path(h.path).name for h in Searcher(tmp_path / "ix").search("utilisateurs")] == [
        "a.txt"
    ]


# --- 15, 16, 17. narrow terminals, empty indexes, broken bytes -----------------------------------
def test_show_on_a_terminal_narrower_than_ten_columns(hostile):
    output = run_on_pty(
        ["show", str(hostile / "corpus" / "title.txt"), "--index-dir", str(hostile / "ix")],
        cwd=hostile,
        columns=5,
    )
    assert b"must be at least" not in output and b"zorglub" in output


async def test_the_app_says_when_the_terminal_is_too_small(hostile, monkeypatch, tmp_path):
    from factdesk.tui.app import FactdeskApp

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = FactdeskApp(hostile / "ix")
    async with app.run_test(size=(30, 4)) as pilot:
        await pilot.pause(0.3)
        message = app.query_one("#too-small")
        assert message.display and "too small (30x4)" in str(message.render())
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.3)
        assert not message.display


def test_search_on_an_empty_index(tmp_path, capsys):
    # (an empty folder no longer publishes an index: an index is emptied by removing files)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("A\n\nTexte.", encoding="utf-8")
    index_paths(tmp_path / "ix", [tmp_path / "corpus"])
    (tmp_path / "corpus" / "a.txt").unlink()
    index_paths(tmp_path / "ix", [tmp_path / "corpus"])
    assert main(["search", "x", "--index-dir", str(tmp_path / "ix")]) == 1
    err = capsys.readouterr().err
    assert "holds no articles: index some with: factdesk index PATH" in err
    assert Searcher(tmp_path / "ix").search("x") == []


def test_one_bad_byte_keeps_utf8_and_is_reported(write_corpus, tmp_path):
    text = "Désolé, l'été\n\nLe réseau a 250 millions d'utilisateurs.\n".encode()
    corpus = write_corpus({"a.txt": text[:20] + b"\xff" + text[20:]})
    summary = index_paths(tmp_path / "ix", [corpus])
    assert "replaced by U+FFFD" in dict(summary.warnings)[str(corpus / "a.txt")]
    row = open_store(tmp_path / "ix").catalog.articles()[0]
    assert row.title == "Désolé, l'été" and row.encoding == "utf-8"


def test_marks_past_the_limit_are_left_out_with_offsets_kept_and_a_note():
    from factdesk.tui.layout import MAX_CLUSTER_MARKS, layout_article

    text = (
        "Zalgo\n\nUn a" + "\u0301" * 5_000 + " 33 milliards et مرحبا" + "\u064e" * 5_000 + " بكم.\n"
    )
    body = text.index("Un")
    fields = {
        "title": "Zalgo",
        "text": text,
        "paragraphs": [(body, len(text) - 1, "fr")],
        "lang": "fr",
    }
    figure = text.index("33 milliards")
    lines = layout_article(fields, 60, "app", styles=[(figure, figure + 12, "bold")])
    shown = [
        (ch, o)
        for line in lines
        for ch, o in zip(line.plain, line.offsets, strict=True)
        if o is not None
    ]
    assert all(text[o] == ch or ch.isspace() or "\ufe70" <= ch <= "\ufeff" for ch, o in shown)
    assert sum(1 for ch, _ in shown if ch == "\u0301") == MAX_CLUSTER_MARKS
    bold = [o for line in lines for o, s in zip(line.offsets, line.styles, strict=True) if s]
    assert bold == list(range(figure, figure + 12))
    assert "combining marks past 16 on one letter are not shown" in lines[-1].plain


def test_one_huge_paragraph_is_laid_out_up_to_the_limit_with_a_note():
    from factdesk.tui.layout import MAX_LAYOUT_CHARS, layout_article

    text = "Long\n\n" + "mot " * (MAX_LAYOUT_CHARS // 2) + "\n"
    fields = {"title": "Long", "text": text, "paragraphs": [(6, len(text) - 1, "fr")]}
    lines = layout_article(fields, 80, "app")
    assert "more characters not shown" in lines[-1].plain
    assert max(o for line in lines for o in line.offsets if o is not None) < MAX_LAYOUT_CHARS
