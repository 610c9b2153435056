"""Opening an index directory: the Whoosh index, the SQLite catalog and the writer lock."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, SchemaMismatch

WHOOSH_DIR = "whoosh"
CATALOG_FILE = "catalog.sqlite"
LOCK_FILE = "lock"


class StoreError(RuntimeError):
    """A problem with the index directory, told in one line."""


class IndexMissing(StoreError):
    pass


class IndexLocked(StoreError):
    pass


@dataclass
class Store:
    directory: Path
    catalog: Catalog

    def whoosh(self):
        from whoosh import index as whoosh_index

        return whoosh_index.open_dir(str(self.directory / WHOOSH_DIR))

    def close(self) -> None:
        self.catalog.close()


def exists(directory: Path) -> bool:
    return (directory / CATALOG_FILE).is_file() and (directory / WHOOSH_DIR).is_dir()


def open_store(directory: Path) -> Store:
    """Open an existing index for reading."""
    if not exists(directory):
        raise IndexMissing(f"no index at {directory} (build one with: factdesk index [PATH...])")
    try:
        return Store(directory, Catalog(directory / CATALOG_FILE))
    except SchemaMismatch:
        raise StoreError(
            f"the index at {directory} was built by another version of factdesk "
            "(rebuild it with: factdesk index [PATH...])"
        ) from None


def create_store(directory: Path) -> Store:
    """Open an index for writing, creating it if needed."""
    from whoosh import index as whoosh_index

    from .schema import build_schema

    try:
        directory.mkdir(parents=True, exist_ok=True)
        whoosh_dir = directory / WHOOSH_DIR
        try:
            catalog = Catalog(directory / CATALOG_FILE)
        except SchemaMismatch:  # built by another version: start afresh (the lock is ours)
            shutil.rmtree(whoosh_dir, ignore_errors=True)
            for name in (CATALOG_FILE, CATALOG_FILE + "-wal", CATALOG_FILE + "-shm"):
                (directory / name).unlink(missing_ok=True)
            catalog = Catalog(directory / CATALOG_FILE)
        if not whoosh_dir.is_dir() or not whoosh_index.exists_in(str(whoosh_dir)):
            whoosh_dir.mkdir(exist_ok=True)
            whoosh_index.create_in(str(whoosh_dir), build_schema())
        return Store(directory, catalog)
    except OSError as err:
        raise StoreError(f"cannot write the index at {directory}: {err.strerror}") from None


class WriterLock:
    """An exclusive lock on an index directory for one indexing run, naming its holder's pid."""

    def __init__(self, directory: Path):
        self.path = directory / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> WriterLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
