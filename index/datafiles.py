"""Loading the knowledge data files that live in ``index/data``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


@cache
def word_list(name: str) -> frozenset[str]:
    """A one-word-per-line file; ``#`` starts a comment line."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def json_data(name: str) -> Any:
    """A JSON data file; keys starting with ``_`` are documentation and are dropped."""
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if not k.startswith("_")}
    return data
