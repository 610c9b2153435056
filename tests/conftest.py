"""Shared fixtures: the seed corpus indexed once per session, and small corpora made per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def own_config_folder(tmp_path_factory, monkeypatch):
    """Each test reads and writes a config folder of its own (config.toml, keys.toml,
    terminals.json), never the user's: a theme a test picks is saved there."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def seed_copy(tmp_path_factory) -> Path:
    """A copy of seeds/ (tests must never touch the real one)."""
    target = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def seed_index(seed_copy, tmp_path_factory) -> Path:
    from factdesk.index.ingest import index_paths

    index_dir = tmp_path_factory.mktemp("index")
    index_paths(index_dir, [seed_copy])
    return index_dir


@pytest.fixture
def write_corpus(tmp_path):
    """Write {name: str | bytes} into a fresh folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return write
