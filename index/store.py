"""Opening an index directory: the Whoosh index, the SQLite catalog and the writer lock."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, SchemaMismatch

WHOOSH_DIR = "whoosh"
CATALOG_FILE = "catalog.sqlite"
LOCK_FILE = "lock"
CURRENT = "current"  # a symbolic link to the generation readers use
GENERATION_PREFIX = "gen-"
MARKER_FILE = ".factdesk-index"  # says that factdesk made this folder and owns all of it
MARKER_TEXT = "factdesk index folder: everything in it is written and removed by factdesk\n"
_GENERATION = re.compile(r"gen-\d{6}")
_CATALOG_FILES = {CATALOG_FILE + suffix for suffix in ("", "-wal", "-shm", "-journal")}


BUILD_ONE = "build one with: factdesk index PATH... (or factdesk index --demo: the demo corpus)"
INDEX_SOME = "index some with: factdesk index PATH... (or factdesk index --demo: the demo corpus)"


class StoreError(RuntimeError):
    """A problem with the index directory, told in one line."""


class IndexMissing(StoreError):
    pass


class IndexLocked(StoreError):
    pass


@dataclass
class Store:
    """One generation of an index: a Whoosh index and its catalog, side by side."""

    directory: Path
    catalog: Catalog
    index_dir: Path
    fresh: bool = False  # a new generation, published by ``publish`` once complete

    def whoosh(self):
        """The Whoosh index, read through plain file reads: with its default mmap, Whoosh copies
        what it maps (a searcher on 50,000 articles took 230 MB at once, 390 MB after one
        lookup by path; 29 MB without)."""
        from whoosh.filedb.filestore import FileStorage

        return FileStorage(str(self.directory / WHOOSH_DIR), supports_mmap=False).open_index()

    def close(self) -> None:
        self.catalog.close()


def fresh_searcher(index_dir: Path, searcher=None):
    """A Whoosh searcher on what is published now: ``searcher`` refreshed, or a new one when a
    rebuild has replaced its generation (or there was none)."""
    if searcher is not None:
        try:
            if searcher.factdesk_generation == current_generation(index_dir):
                if searcher.up_to_date():
                    return searcher
                refreshed = searcher.refresh()
                refreshed.factdesk_generation = searcher.factdesk_generation
                return refreshed
        except (OSError, TypeError):  # Whoosh cannot refresh the reader of an empty index
            pass
        searcher.close()
    store = open_store(index_dir)
    store.close()
    fresh = store.whoosh().searcher(weighting=_length_cached_bm25f())
    fresh.factdesk_generation = store.directory
    return fresh


def _length_cached_bm25f():
    """Whoosh's BM25F (its default: the same scores), each document's field length read from
    the index once per segment and field and then kept (an array of 4 bytes a document, made
    for the fields a query scores): BM25 reads it for every matched document and word, a file
    read each time without mmap (a quarter of a common word's search). A refreshed searcher
    keeps the model, and the lengths of the segments it reuses."""
    import weakref
    from array import array

    from whoosh import scoring

    unread, zero = -1, -2  # (Whoosh reads a length byte of 0 as None)

    class LengthCachedBM25F(scoring.BM25F):
        def __init__(self) -> None:
            super().__init__()
            self._lengths: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

        def scorer(self, searcher, fieldname, text, qf=1):
            scorer = super().scorer(searcher, fieldname, text, qf=qf)
            if not isinstance(scorer, scoring.BM25FScorer):
                return scorer
            reader = searcher.reader()
            fields = self._lengths.setdefault(reader, {})
            known = fields.get(fieldname)
            if known is None:
                known = fields[fieldname] = array("i", [unread]) * reader.doc_count_all()
            read = scorer.dfl

            def dfl(docnum: int):
                length = known[docnum]
                if length == unread:
                    found = read(docnum)
                    known[docnum] = zero if found is None else found
                    return found
                return None if length == zero else length

            scorer.dfl = dfl
            return scorer

    return LengthCachedBM25F()


def current_generation(index_dir: Path) -> Path | None:
    link = index_dir / CURRENT
    if not link.is_symlink():
        return None
    name = os.readlink(link)
    if not _GENERATION.fullmatch(name):
        return None
    target = index_dir / name
    return target if (target / CATALOG_FILE).is_file() and (target / WHOOSH_DIR).is_dir() else None


def exists(index_dir: Path) -> bool:
    return current_generation(index_dir) is not None


def open_store(index_dir: Path) -> Store:
    """Open the published generation of an index for reading."""
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissing(f"no index at {index_dir}: {BUILD_ONE}")
    try:
        return Store(generation, Catalog(generation / CATALOG_FILE, writable=False), index_dir)
    except SchemaMismatch:
        raise StoreError(
            f"the index at {index_dir} was built by another version of factdesk "
            "(rebuild it with: factdesk index --rebuild PATH...)"
        ) from None
    except sqlite3.Error as err:
        raise StoreError(f"cannot read the index at {index_dir}: {err}") from None


class NotAnIndexFolder(StoreError):
    pass


def _is_legacy_index(index_dir: Path) -> bool:
    """A folder laid out by factdesk 0.1 (before the marker): only a lock holding a pid,
    a ``current`` link to a generation, generations of its own shape and link temporaries."""
    for entry in index_dir.iterdir():
        name = entry.name
        if name == LOCK_FILE:
            if entry.is_symlink() or not entry.is_file() or entry.stat().st_size > 32:
                return False
            if not entry.read_bytes().strip().isdigit() and entry.stat().st_size:
                return False
        elif name == CURRENT:
            if not entry.is_symlink() or not _GENERATION.fullmatch(os.readlink(entry)):
                return False
        elif _GENERATION.fullmatch(name):
            if entry.is_symlink() or not entry.is_dir():
                return False
            if any(part.name not in _CATALOG_FILES | {WHOOSH_DIR} for part in entry.iterdir()):
                return False
        elif not re.fullmatch(r"\.current\.\d+", name):
            return False
    return True


def claim_index_dir(index_dir: Path) -> None:
    """Make sure factdesk may write in ``index_dir``: a folder it made (it holds the marker),
    an empty or new folder (the marker is written now), or an index of factdesk 0.1. Any other
    folder is refused, so that no file factdesk did not create is ever changed or removed."""
    try:
        if (index_dir / MARKER_FILE).is_file() and not (index_dir / MARKER_FILE).is_symlink():
            return
        if index_dir.is_symlink() and not index_dir.is_dir():
            raise NotAnIndexFolder(f"{index_dir} is a broken link, not an index folder")
        if index_dir.exists() and not index_dir.is_dir():
            raise NotAnIndexFolder(f"{index_dir} is a file, not an index folder")
        index_dir.mkdir(parents=True, exist_ok=True)
        if any(index_dir.iterdir()) and not _is_legacy_index(index_dir):
            raise NotAnIndexFolder(
                f"{index_dir} holds files factdesk did not create; "
                "give --index-dir an empty or new folder"
            )
        (index_dir / MARKER_FILE).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as err:
        raise StoreError(f"cannot write the index at {index_dir}: {err.strerror or err}") from None


def create_store(index_dir: Path, rebuild: bool = False) -> Store:
    """Open an index for writing (the caller holds the writer lock): the published generation
    for an incremental update, or a new one for a first build, a ``rebuild`` or an index made
    by another version. Generations left by a run that died are removed."""
    try:
        current = current_generation(index_dir)
        for stale in index_dir.glob(GENERATION_PREFIX + "*"):
            if stale != current and _GENERATION.fullmatch(stale.name) and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
        if current is not None and not rebuild:
            try:
                return Store(current, Catalog(current / CATALOG_FILE), index_dir)
            except SchemaMismatch:
                pass
        return _new_generation(index_dir, current)
    except OSError as err:
        raise StoreError(f"cannot write the index at {index_dir}: {err.strerror or err}") from None
    except sqlite3.Error as err:
        raise StoreError(f"cannot write the index at {index_dir}: {err}") from None


def _new_generation(index_dir: Path, current: Path | None) -> Store:
    from whoosh import index as whoosh_index

    from .schema import build_schema

    number = int(current.name.removeprefix(GENERATION_PREFIX)) + 1 if current else 1
    directory = index_dir / f"{GENERATION_PREFIX}{number:06d}"
    (directory / WHOOSH_DIR).mkdir(parents=True)
    whoosh_index.create_in(str(directory / WHOOSH_DIR), build_schema())
    return Store(directory, Catalog(directory / CATALOG_FILE), index_dir, fresh=True)


def publish(store: Store) -> bool:
    """Make a complete new generation the one readers open, in one atomic rename, then drop
    the old one (readers that still have it open keep their files). A new generation that
    holds no article is never published: it is dropped, and the index stays as it was (none,
    or the previous one); returns whether one was published."""
    if not store.fresh:
        return False
    if store.catalog.count() == 0:
        store.fresh = False
        shutil.rmtree(store.directory, ignore_errors=True)
        return False
    index_dir = store.index_dir
    old = current_generation(index_dir)
    temporary = index_dir / f".{CURRENT}.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(store.directory.name)
    os.replace(temporary, index_dir / CURRENT)
    store.fresh = False
    if old is not None and old != store.directory:
        shutil.rmtree(old, ignore_errors=True)
    return True


class WriterLock:
    """An exclusive lock on an index directory for one indexing run, naming its holder's pid."""

    def __init__(self, directory: Path):
        claim_index_dir(directory)
        self.path = directory / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as err:
            raise StoreError(
                f"cannot write the index at {self.path.parent}: {err.strerror}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            if err.errno in (errno.EAGAIN, errno.EACCES):
                raise IndexLocked(f"index is locked by pid {holder} ({self.path.parent})") from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
