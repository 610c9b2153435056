"""Indexing: incremental re-runs, deletions, bad files skipped with a reason."""

import os

from index.ingest import index_paths
from index.search import Searcher
from index.store import open_store


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
    corpus = write_corpus({
        "good.txt": "Bon\n\nUn texte lisible.",
        "empty.txt": "",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "notes.pdf": b"%PDF-1.4",
    })
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
