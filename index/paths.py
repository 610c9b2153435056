"""Where the index lives: ``--index-dir``, else ``$FACTDESK_INDEX``, else the user data dir."""

from __future__ import annotations

import os
import re
from pathlib import Path

# Bytes 0x80-0xFF of a file name that is not UTF-8 (surrogate-escaped by Python) are stored as
# the private-use characters U+10FF80-U+10FFFF, so that every key is valid UTF-8 for SQLite and
# Whoosh and still leads back to its file.
_STORED_BYTE = 0x10FF00
_SURROGATE_BYTE = 0xDC00
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]")
_STORED_BYTES = re.compile("[\U0010ff80-\U0010ffff]")


def path_key(path: str | os.PathLike) -> str:
    """The key a file is indexed under: its absolute path, valid UTF-8 whatever its name."""
    text = os.path.abspath(os.fspath(path))
    return _ESCAPED_BYTES.sub(lambda m: chr(ord(m.group()) - _SURROGATE_BYTE + _STORED_BYTE), text)


def key_path(key: str) -> Path:
    """The file an index key stands for."""
    return Path(
        _STORED_BYTES.sub(lambda m: chr(ord(m.group()) - _STORED_BYTE + _SURROGATE_BYTE), key)
    )


def default_index_dir() -> Path:
    env = os.environ.get("FACTDESK_INDEX")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("factdesk", appauthor=False)) / "index"


FETCHED_ARTICLES = ("feeds", "articles")


def fetched_articles_dir(index_dir: Path) -> Path:
    """Where the articles of feeds and of ``factdesk add URL`` are stored: inside the index
    folder factdesk owns (the user data dir by default), never beside a user's files."""
    return Path(index_dir).joinpath(*FETCHED_ARTICLES)


def resolve_index_dir(option: str | None) -> Path:
    return Path(option).expanduser() if option else default_index_dir()


def demo_corpus() -> Path:
    """The demo corpus shipped inside the package: five articles on one story, in French,
    Arabic, English and Hebrew, whose sources disagree on figures (``seeds/`` of the
    repository; ``factdesk/seeds`` in an installed package)."""
    return Path(__file__).resolve().parent.parent / "seeds"


def display_name(path: str) -> str:
    """A file's name (no folders) as shown: bytes that are not UTF-8 as U+FFFD."""
    return _STORED_BYTES.sub("\ufffd", os.path.basename(path))


def display_path(path: str) -> str:
    """A path relative to the working directory when it is below it, else as stored; bytes of
    a name that is not UTF-8 are shown as U+FFFD."""
    try:
        path = str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        pass
    return _STORED_BYTES.sub("\ufffd", path)
