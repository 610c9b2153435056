"""Where the index lives: ``--index-dir``, else ``$FACTDESK_INDEX``, else the user data dir."""

from __future__ import annotations

import os
from pathlib import Path


def default_index_dir() -> Path:
    env = os.environ.get("FACTDESK_INDEX")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("factdesk", appauthor=False)) / "index"


def resolve_index_dir(option: str | None) -> Path:
    return Path(option).expanduser() if option else default_index_dir()


def display_path(path: str) -> str:
    """A path relative to the working directory when it is below it, else as stored."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path
