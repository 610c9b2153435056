"""Snapshot tests of the main views at 80x24 and 120x40 (pytest-textual-snapshot).
Update after an intended UI change with: pytest tests/test_snapshots.py --snapshot-update"""

import pytest

from factdesk.tui.app import FactdeskApp
from factdesk.tui.scenarios import SCENARIOS


@pytest.fixture
def make_app(seed_index, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return lambda: FactdeskApp(seed_index)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize(
    "scenario", ["main-french", "arabic", "conflict", "search", "help", "findings", "compare"]
)
def test_view(snap_compare, make_app, scenario, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=SCENARIOS[scenario])
