"""Indexing: incremental re-runs, deletions, bad files skipped with a reason."""

import os
from pathlib import Path

from factdesk.index.ingest import index_paths
from factdesk.index.search import Searcher
from factdesk.index.store import open_store


def paths(index_dir):
    store = open_store(index_dir)
    try:
        return {row.path.rsplit("/", 1)[-1] for row in store.catalog.articles()}
    finally:
        store.close()


def test_incremental_reindex_reads_only_changes(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": "A\n\nPremier article.", "b.md": "B\n\nDeuxième article."})
    index_dir = tmp_path / "ix"
    first = index_paths(index_dir, [corpus])
    assert (first.added, first.changed, first.unchanged) == (2, 0, 0)
    again = index_paths(index_dir, [corpus])
    assert (again.added, again.changed, again.unchanged, again.removed) == (0, 0, 2, 0)
    (corpus / "a.txt").write_text("A\n\nPremier article, modifié avec girafe.", encoding="utf-8")
    os.utime(corpus / "a.txt", ns=(1, 1))
    (corpus / "b.md").unlink()
    third = index_paths(index_dir, [corpus])
    assert (third.added, third.changed, third.unchanged, third.removed) == (0, 1, 0, 1)
    assert paths(index_dir) == {"a.txt"}
    assert [h.path.rsplit("/", 1)[-1] for h in Searcher(index_dir).search("girafe")] == ["a.txt"]
    assert Searcher(index_dir).search("Deuxième") == []


def test_touched_but_identical_file_is_not_reindexed(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": "A\n\nTexte."})
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [corpus])
    os.utime(corpus / "a.txt", ns=(2_000_000_000, 2_000_000_000))
    summary = index_paths(index_dir, [corpus])
    assert (summary.changed, summary.unchanged) == (0, 1)


def test_bad_files_are_skipped_with_one_reason_each(write_corpus, tmp_path):
    corpus = write_corpus(
        {
            "good.txt": "Bon\n\nUn texte lisible.",
            "empty.txt": "",
            "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "notes.pdf": b"%PDF-1.4",
        }
    )
    (corpus / "folder.txt").mkdir()
    summary = index_paths(tmp_path / "ix", [corpus, corpus / "missing.txt"])
    reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in summary.skipped}
    assert summary.added == 1
    assert "empty" in reasons["empty.txt"]
    assert "PNG" in reasons["image.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert "notes.pdf" not in reasons  # not an article file: not even looked at


def test_symlink_loop_does_not_trap_the_walk(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": "A\n\nTexte."})
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    summary = index_paths(tmp_path / "ix", [corpus])
    assert summary.added == 1


def test_progress_names_the_findings_step_after_the_last_file(tmp_path, seed_copy):
    """The bar sat at N/N with no word while figures were compared: the last call names that
    step."""
    from factdesk.index.ingest import FINDINGS_STAGE, index_paths

    calls = []
    index_paths(
        tmp_path / "index", [seed_copy], lambda name, done, total: calls.append((name, done, total))
    )
    assert calls[-1] == (FINDINGS_STAGE, 5, 5)
    assert [done for _, done, _ in calls[:-1]] == [1, 2, 3, 4, 5]


def test_the_index_bar_shows_the_rate_and_the_last_step(tmp_path):
    from tests.hostile import run_on_pty

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"{i:03d}.txt").write_text(
            f"Article {i}\n\nLe groupe {i} compte {1000 + i} salariés en 2024.\n" * 10,
            encoding="utf-8",
        )
    output = run_on_pty(["index", str(corpus), "--index-dir", str(tmp_path / "ix")], cwd=tmp_path)
    assert b"indexed 400 article(s)" in output
    assert b"files/s" in output  # the rate (and the time left beside it)
    assert b"comparing figures across sources" in output


def test_a_run_with_nothing_changed_keeps_the_findings_without_comparing_again(
    tmp_path, seed_copy, monkeypatch
):
    from factdesk.index.figures import findings as findings_module

    first = index_paths(tmp_path / "ix", [seed_copy])
    assert first.findings > 0

    def fail(catalog):
        raise AssertionError("findings compared again with nothing changed")

    monkeypatch.setattr(findings_module, "iter_computed_findings", fail)
    again = index_paths(tmp_path / "ix", [seed_copy])
    assert (again.unchanged, again.indexed, again.findings) == (5, 0, first.findings)
    assert not again.reread


def test_new_figure_rules_read_every_article_again(tmp_path, seed_copy, monkeypatch):
    import factdesk.index.ingest as ingest

    index_paths(tmp_path / "ix", [seed_copy])
    monkeypatch.setattr(ingest, "engine_fingerprint", lambda: "other rules")
    again = index_paths(tmp_path / "ix", [seed_copy])
    assert again.reread and again.changed == 5 and again.findings > 0
    assert "every article was read again" in again.line()
    after = index_paths(tmp_path / "ix", [seed_copy])  # the new rules are now the index's
    assert not after.reread and after.unchanged == 5


def test_text_analysed_in_the_workers_finds_the_same_hits_with_the_same_scores(
    tmp_path, seed_copy, monkeypatch
):
    """Title and body fields are analysed where the article is read and filed as is; an index
    whose writer analyses the text itself must give the same hits, same scores, same order."""
    from factdesk.index.analysis import PreAnalyzed

    queries = [
        '"milliards de dollars"',
        "valorisation",
        "xAI OR Musk",
        "مستخدم",
        "ماسك",
        "users",
        "dollar*",
        "valorisatio~1",
        "lang:ar إكس",
        "dette AND X",
        "Twitter",
    ]
    index_paths(tmp_path / "workers", [seed_copy])
    monkeypatch.setattr(PreAnalyzed, "of", classmethod(lambda cls, text, lang: text))
    index_paths(tmp_path / "writer", [seed_copy])

    def hits(name):
        searcher = Searcher(tmp_path / name)
        return {q: [(h.path, round(h.score, 6)) for h in searcher.search(q)] for q in queries}

    workers, writer = hits("workers"), hits("writer")
    assert workers == writer
    assert sum(len(v) for v in workers.values()) > 20


def test_findings_are_stored_as_references_and_read_back_as_computed(tmp_path):
    """A finding's figures are kept once, in the figures table: the findings table holds
    references (and each figure's time as the finding read it), and reading a finding gives
    back what was computed, pairs and all. Corpus: the seeds and two eval stories."""
    import json
    import zlib
    from pathlib import Path

    from factdesk.index.figures.findings import compute_findings

    root = Path(__file__).resolve().parent.parent
    corpora = [
        root / "seeds",
        root / "eval/stories/turkey-syria-earthquake-2023/articles",
        root / "eval/stories/herat-earthquake-2023/articles",
    ]
    index_paths(tmp_path / "ix", corpora)
    store = open_store(tmp_path / "ix")
    try:
        from factdesk.index.sources import SOURCE_KEYS

        computed = json.loads(json.dumps(compute_findings(store.catalog)))
        stored = store.catalog.findings()
        # read back, each figure also names its source (joined from the article at read time)
        for finding in stored:
            for figure in finding["figures"]:
                assert figure.pop("outlet") and figure.pop("published") is not None
                assert figure.pop("headline") is not None
        for finding in computed:
            for figure in finding["figures"]:
                for key in SOURCE_KEYS:
                    figure.pop(key, None)
        assert len(computed) > 50 and stored == computed
        from factdesk.index.catalog import FINDING_DICTIONARY

        (zdict,) = store.catalog.db.execute(
            "SELECT value FROM meta WHERE key = ?", (FINDING_DICTIONARY,)
        ).fetchone()
        rows = store.catalog.db.execute("SELECT data FROM findings").fetchall()
        data = [  # JSON deflated with the catalog's dictionary of findings
            zlib.decompressobj(zdict=zdict).decompress(row[0]).decode("utf-8") for row in rows
        ]
        assert not any('"figures"' in text or '"quote"' in text for text in data)
        assert not any('"entity"' in text or '"kind"' in text for text in data)  # columns
        assert all(text.startswith('{"why":') for text in data)  # read back after them
        dated = [f for finding in stored for f in finding["figures"] if f["when"]]
        assert dated  # times survive, those set by dating.py included
    finally:
        store.close()


def test_a_new_generations_findings_computed_beside_whoosh_are_the_same(
    tmp_path, seed_copy, monkeypatch
):
    """A large first build computes its findings in another process while Whoosh writes:
    the same findings, and the same article counts, as computed in line."""
    import factdesk.index.ingest as ingest

    serial = index_paths(tmp_path / "serial", [seed_copy])
    monkeypatch.setattr(ingest, "PARALLEL_MIN_FILES", 1)  # 5 seeds count as a large run
    beside = index_paths(tmp_path / "beside", [seed_copy])
    assert serial.findings == beside.findings > 0
    stores = [open_store(tmp_path / name) for name in ("serial", "beside")]
    try:
        one, other = (store.catalog for store in stores)
        assert one.findings() == other.findings()
        assert one.flag_counts() == other.flag_counts()
        assert other.meta("engine") == one.meta("engine") and other.meta("writing") == "0"
    finally:
        for store in stores:
            store.close()


def test_scan_lists_plain_files_in_path_order_and_says_why_others_are_skipped(tmp_path):
    """The walk reads each folder's listing once: plain files are taken without a stat each;
    links, FIFOs and links to folders are asked, and skipped with their reason."""
    from factdesk.index.ingest import scan

    root = tmp_path / "corpus"
    (root / "a" / "b").mkdir(parents=True)
    for name in ("a/b/x.txt", "a/y.txt", "z.txt", "a-b.txt", "notes.bin"):
        (root / name).write_text("Titre\n\nTexte.\n", encoding="utf-8")
    os.mkfifo(root / "fifo.txt")
    (root / "folder.txt").symlink_to(root / "a", target_is_directory=True)
    (root / "broken.txt").symlink_to(root / "nowhere.txt")
    (root / "inside.txt").symlink_to(root / "z.txt")
    files, skipped, roots = scan([root])
    assert [Path(p).relative_to(root).as_posix() for p in files] == [
        "a/b/x.txt", "a/y.txt", "a-b.txt", "inside.txt", "z.txt",
    ]  # fmt: skip
    assert roots == [root]
    assert sorted((os.path.basename(name), why) for name, why in skipped) == [
        ("broken.txt", "not a regular file (broken link or device)"),
        ("fifo.txt", "not a regular file (broken link or device)"),
        ("folder.txt", "not a regular file (broken link or device)"),
    ]
