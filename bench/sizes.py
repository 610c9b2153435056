"""``python -m bench.sizes INDEXDIR [--corpus DIR]``: what an index's bytes on disk are (issue 17:
the index within 1.5x the corpus): each SQLite table and index of the catalog (``dbstat``, its
pages), each kind of file in Whoosh's segments (the parts of a compound ``.seg`` file by their
name's ending, a column by its field), in MB and, given the corpus, as a share of its size."""

from __future__ import annotations

import argparse
import sqlite3
from collections import Counter
from pathlib import Path


def _generation(index_dir: Path) -> Path:
    """The published generation of an index folder (or the folder given, already one)."""
    from factdesk.index.store import current_generation

    return current_generation(index_dir) or index_dir


def catalog_parts(path: Path) -> Counter:
    """Bytes of each table and index of a catalog (its pages: ``dbstat``), its free pages as
    '(free)'."""
    parts: Counter = Counter()
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for name, size in db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
            parts[name] = size
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        parts["(free)"] = db.execute("PRAGMA freelist_count").fetchone()[0] * page_size
    finally:
        db.close()
    return parts


def whoosh_parts(folder: Path) -> Counter:
    """Bytes of each kind of Whoosh file: a segment's terms (.trm), postings (.pst), a stored
    column (by field), ..., over every segment; the table of contents and other files by name."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import StructFile

    parts: Counter = Counter()
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        if path.suffix != ".seg":
            parts["(other files)"] += path.stat().st_size
            continue
        with path.open("rb") as handle:
            storage = CompoundStorage(StructFile(handle), use_mmap=False)
            inner = 0
            for name, info in storage._dir.items():
                kind = name.split(".", 1)[1] if "." in name else name  # MAIN_<id>.<kind>
                if kind.endswith("_len.col"):
                    kind = "*_len.col (field lengths)"
                parts[kind] += info["length"]
                inner += info["length"]
        parts["(segment directory)"] += path.stat().st_size - inner
    return parts


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def report(index_dir: Path, corpus: Path | None = None) -> str:
    from factdesk.index.store import CATALOG_FILE, WHOOSH_DIR

    generation = _generation(index_dir)
    total = folder_bytes(generation)
    corpus_bytes = folder_bytes(corpus) if corpus is not None else 0

    def line(name: str, size: int) -> str:
        share = f"  {size / corpus_bytes:6.3f}x" if corpus_bytes else ""
        return f"  {name:<34} {size / 1e6:9.2f} MB{share}"

    lines = [f"index {generation}: {total / 1e6:.2f} MB"]
    if corpus_bytes:
        lines[0] += f", {total / corpus_bytes:.3f}x the corpus ({corpus_bytes / 1e6:.2f} MB)"
    for title, parts in (
        ("catalog", catalog_parts(generation / CATALOG_FILE)),
        ("whoosh", whoosh_parts(generation / WHOOSH_DIR)),
    ):
        lines.append(line(title, sum(parts.values())))
        lines += ["  " + line(name, size) for name, size in parts.most_common() if size]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sizes", description=__doc__)
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("--corpus", type=Path, help="the indexed folder: shares of its size")
    args = parser.parse_args(argv)
    print(report(args.index_dir, args.corpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
