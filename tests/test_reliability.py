"""Hostile input, crash safety, concurrency: nothing crashes and nothing is lost."""

from __future__ import annotations

import codecs
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdesk.index.ingest import index_paths
from factdesk.index.search import Searcher
from factdesk.index.store import StoreError, open_store
from factdesk.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
FRENCH = "Le titre\n\nTwitter compte environ 250 millions d'utilisateurs, écrit-on à Paris.\n"


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "factdesk.tui.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def skipped_reasons(summary) -> dict[str, str]:
    return {Path(path).name: reason for path, reason in summary.skipped}


def test_hostile_files_are_indexed_or_skipped_with_a_reason(write_corpus, tmp_path):
    corpus = write_corpus(
        {
            "png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
            "zip.txt": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
            "invalid-utf8.txt": "Titre\n\nUn texte é".encode() + b"\xff\xfe\xfa" + b" suite.\n",
            "latin1.txt": FRENCH.encode("latin-1"),
            "cp1252.txt": (FRENCH + "L’œuvre coûte 5 €.\n").encode("cp1252"),
            "utf16-bom.txt": FRENCH.encode("utf-16"),
            "utf16-nobom.txt": FRENCH.encode("utf-16-le"),
            "utf8-bom.txt": codecs.BOM_UTF8 + FRENCH.encode(),
            "crlf.txt": FRENCH.replace("\n", "\r\n").encode(),
            "cr.txt": FRENCH.replace("\n", "\r").encode(),
            "empty.txt": b"",
            "blank.txt": b"  \n\t \r\n",
            "nul.txt": b"Titre\n\n" + b"\x00" * 50 + b"texte",
            "long-line.txt": ("x" * 1_000_000).encode(),
        }
    )
    (corpus / "dir.txt").mkdir()
    (corpus / "loop-a.txt").symlink_to(corpus / "loop-b.txt")
    (corpus / "loop-b.txt").symlink_to(corpus / "loop-a.txt")
    os.mkfifo(corpus / "fifo.txt")
    summary = index_paths(tmp_path / "ix", [corpus])
    reasons = skipped_reasons(summary)
    assert set(reasons) == {
        "png.txt",
        "zip.txt",
        "empty.txt",
        "blank.txt",
        "nul.txt",
        "loop-a.txt",
        "loop-b.txt",
        "fifo.txt",
    }
    assert "PNG" in reasons["png.txt"] and "zip" in reasons["zip.txt"]
    assert all(reason and "\n" not in reason for reason in reasons.values())
    assert summary.added == 9
    store = open_store(tmp_path / "ix")
    rows = {Path(r.path).name: r for r in store.catalog.articles()}
    assert rows["long-line.txt"].title.endswith("…")
    for name in (
        "latin1.txt",
        "cp1252.txt",
        "utf16-bom.txt",
        "utf16-nobom.txt",
        "utf8-bom.txt",
        "crlf.txt",
        "cr.txt",
    ):
        assert rows[name].title == "Le titre", name
        figures = store.catalog.figures(rows[name].path)
        assert [f["value"] for f in figures if f["unit"] == "users"] == [250_000_000], name
    store.close()


def test_offsets_hold_in_crlf_and_cr_files(write_corpus, tmp_path, capsys):
    corpus = write_corpus(
        {
            "crlf.txt": FRENCH.replace("\n", "\r\n").encode(),
            "cr.txt": FRENCH.replace("\n", "\r").encode(),
        }
    )
    index_paths(tmp_path / "ix", [corpus])
    for name in ("crlf.txt", "cr.txt"):
        assert (
            main(["figures", str(corpus / name), "--json", "--index-dir", str(tmp_path / "ix")])
            == 0
        )
        text = (corpus / name).read_bytes().decode()
        for figure in json.loads(capsys.readouterr().out):
            assert text[figure["start"] : figure["end"]] == figure["quote"]


def test_unreadable_file_is_skipped(write_corpus, tmp_path, monkeypatch):
    corpus = write_corpus({"secret.txt": FRENCH, "ok.txt": FRENCH})
    real = os.open

    def open_file(path, *args, **kwargs):
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_file)
    summary = index_paths(tmp_path / "ix", [corpus])
    assert skipped_reasons(summary) == {"secret.txt": "cannot read: Permission denied"}
    assert summary.added == 1


@pytest.mark.slow
def test_huge_article_and_many_lines(write_corpus, tmp_path):
    paragraph = (
        "Le réseau social a publié un long texte, des mots en français et des phrases "
        "répétées pour remplir la page. "
    ) * 4 + "\n"
    corpus = write_corpus(
        {
            "huge.txt": "Grand article\n\n" + paragraph * (4_000_000 // len(paragraph.encode())),
            "lines.txt": "Lignes\n\n" + "Une ligne courte de 12 mots.\n" * 100_000,
        }
    )
    assert (corpus / "huge.txt").stat().st_size > 3_900_000
    summary = index_paths(tmp_path / "ix", [corpus])
    assert summary.added == 2 and not summary.skipped
    hits = Searcher(tmp_path / "ix").search("répétées")
    assert [Path(h.path).name for h in hits] == ["huge.txt"]
    from factdesk.tui.layout import layout_article

    store = open_store(tmp_path / "ix")
    with store.whoosh().searcher() as searcher:
        fields = searcher.document(path=str(corpus / "huge.txt"))
    lines = layout_article(fields, 80, "app")
    assert "more characters" in lines[-1].plain


HOSTILE = (
    "Titre \x1b]0;pwned\x07 \x1b[2J\n\n"
    "X vaut 33 mil\u200bliards de dollars \u202eesrever\u202c \x9b31m rouge. "
    "Un nombre absurde : " + "9" * 400 + " dollars, 1e-400 et ٠٫٠٠٠ مليار دولار.\n"
    "Mot mixte xAIإكس123 et \u2066isolé\u2069.\n"
)


def test_hostile_text_never_reaches_the_terminal_and_json_stays_valid(write_corpus, tmp_path):
    corpus = write_corpus({"hostile.txt": HOSTILE})
    index_dir = str(tmp_path / "ix")
    assert cli("index", str(corpus), "--index-dir", index_dir).returncode == 0
    path = str(corpus / "hostile.txt")
    for args in (
        ["search", "dollars"],
        ["show", path],
        ["figures", path],
        ["conflicts", "--all"],
        ["ask", "valorisation de X"],
    ):
        for extra in ([], ["--json"]):
            result = cli(*args, *extra, "--index-dir", index_dir)
            assert result.returncode == 0, result.stderr
            for bad in ("\x1b", "\x9b", "\u202e", "\u2066", "\x07"):
                assert bad not in result.stdout, (args, extra, bad)
            if extra:
                json.loads(result.stdout)


@pytest.mark.slow
def test_killed_indexer_leaves_a_usable_index(tmp_path):
    """SIGKILL at random moments, 20 times: the index always opens and answers, and a final
    run completes to the full result with no document twice."""
    from bench.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 260)
    index_dir = tmp_path / "ix"
    rng = random.Random(7)
    for attempt in range(20):
        if attempt % 5 == 0:  # some files change between runs
            for path in rng.sample(sorted(corpus.glob("*.txt")), 5):
                path.write_text(path.read_text("utf-8") + f"\nAjout {attempt}.\n", "utf-8")
        args = ["index", str(corpus), "--index-dir", str(index_dir)]
        if attempt % 7 == 3:
            args.append("--rebuild")
        process = subprocess.Popen(
            [sys.executable, "-m", "factdesk.tui.cli", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, 2.5))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        try:
            store = open_store(index_dir)
        except StoreError as err:
            assert "no index" in str(err)  # killed before the first generation was complete
            continue
        store.catalog.articles()
        store.close()
        Searcher(index_dir).search("investors OR marché")
    summary = index_paths(index_dir, [corpus])
    store = open_store(index_dir)
    try:
        assert store.catalog.count() == 260
        with store.whoosh().searcher() as searcher:
            assert searcher.doc_count() == 260
    finally:
        store.close()
    assert summary.indexed + summary.unchanged == 260


def test_second_indexer_is_told_who_holds_the_lock(tmp_path):
    from bench.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 400)
    index_dir = str(tmp_path / "ix")
    first = subprocess.Popen(
        [sys.executable, "-m", "factdesk.tui.cli", "index", str(corpus), "--index-dir", index_dir],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 30
        while not (tmp_path / "ix" / "lock").exists() and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        second = cli("index", str(corpus), "--index-dir", index_dir)
        assert second.returncode == 3
        assert (
            second.stderr.strip() == f"factdesk: index is locked by pid {first.pid} ({index_dir})"
        )
    finally:
        first.wait(timeout=300)
    assert first.returncode == 0
    assert cli("search", "investors", "--json", "--index-dir", index_dir).returncode == 0


def test_readers_work_while_an_index_runs(tmp_path, seed_copy):
    from bench.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 400)
    index_dir = str(tmp_path / "ix")
    assert cli("index", str(seed_copy), "--index-dir", index_dir).returncode == 0
    writer = subprocess.Popen(
        [sys.executable, "-m", "factdesk.tui.cli", "index", str(corpus), "--index-dir", index_dir],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answers = 0
        while writer.poll() is None and answers < 5:
            for args in (["search", "valorisation"], ["ask", "xAI valuation"], ["conflicts"]):
                result = cli(*args, "--json", "--index-dir", index_dir)
                assert result.returncode == 0, result.stderr
            answers += 1
        assert answers >= 1
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0


def test_ctrl_c_during_indexing_exits_cleanly(tmp_path):
    from bench.corpus import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 600)
    index_dir = str(tmp_path / "ix")
    process = subprocess.Popen(
        [sys.executable, "-m", "factdesk.tui.cli", "index", str(corpus), "--index-dir", index_dir],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(2.0)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl+C: the whole process group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["factdesk: interrupted"]
    again = cli("index", str(corpus), "--index-dir", index_dir, timeout=300)
    assert again.returncode == 0, again.stderr


def test_read_only_index_still_opens(seed_index, monkeypatch):
    real = sqlite3.connect

    def connect(target, *args, **kwargs):
        if "mode=ro" in str(target):
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    store = open_store(seed_index)
    assert store.catalog.count() == 5
    store.close()


def test_full_disk_is_one_line_and_keeps_the_old_index(
    seed_index, seed_copy, tmp_path, monkeypatch, capsys
):
    import shutil

    from factdesk.index.catalog import Catalog

    index_dir = tmp_path / "ix"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    (seed_copy.parent / "extra").mkdir(exist_ok=True)
    (seed_copy.parent / "extra" / "new.txt").write_text(FRENCH, encoding="utf-8")

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Catalog, "put_article", full)
    status = main(["index", str(seed_copy.parent / "extra"), "--index-dir", str(index_dir)])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "disk is full" in err
    monkeypatch.undo()
    assert open_store(index_dir).catalog.count() == 5
    assert main(["index", str(seed_copy.parent / "extra"), "--index-dir", str(index_dir)]) == 0


def test_unwritable_index_dir_is_one_line(tmp_path, capsys, write_corpus):
    corpus = write_corpus({"a.txt": FRENCH})
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status = main(["index", str(corpus), "--index-dir", str(blocker / "ix")])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "cannot write the index" in err


def test_the_fork_server_leaves_ctrl_c_to_the_indexing_process():
    """The fork server the indexing workers come from ignores SIGINT from its start (a Ctrl+C
    while it imports the workers' modules printed its traceback), and a stopped one (after an
    interrupted run) is started again by the next run in the same process."""
    from multiprocessing import forkserver

    from factdesk.index import ingest

    def ignores_sigint(pid: int) -> bool:
        status = Path(f"/proc/{pid}/status").read_text()
        mask = int(
            next(line for line in status.splitlines() if line.startswith("SigIgn:")).split()[1], 16
        )
        return bool(mask & (1 << (signal.SIGINT - 1)))

    context = ingest._forkserver()
    first = forkserver._forkserver._forkserver_pid
    assert first and ignores_sigint(first)
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # (this process's is kept)
    ingest._stop_forkserver()
    context = ingest._forkserver()
    again = forkserver._forkserver._forkserver_pid
    assert again and again != first and ignores_sigint(again)
    with context.Pool(1) as pool:
        assert pool.apply(os.getpid) != os.getpid()
