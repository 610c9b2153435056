"""The two set-up commands: `make run` installs only what running needs, quietly; `make test`
adds the test tools."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def planned(target: str) -> str:
    """The commands make would run for ``target`` from scratch (nothing executed)."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    out = subprocess.run(
        ["make", "-n", "-B", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return "\n".join(line for line in out.splitlines() if not line.startswith("make"))


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_installs_only_the_runtime_quietly():
    run = planned("run")
    installs = [line for line in run.splitlines() if "pip install" in line]
    assert installs and all("--quiet" in line for line in installs)
    assert not any("[test]" in line for line in installs)
    assert "factdesk" in run.splitlines()[-1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_adds_the_test_tools():
    assert any("'.[test]'" in line for line in planned("test").splitlines())


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_checks_format_lint_and_types_before_the_suite():
    steps = [line for line in planned("check").splitlines() if line.startswith(".venv/bin/")]
    tools = [
        line.split()[0].rsplit("/", 1)[1] + " " + " ".join(line.split()[1:2]) for line in steps
    ]
    assert tools[-4:] == ["ruff format", "ruff check", "mypy ", "pytest -q"], tools


def test_the_apps_stylesheet_ships_with_the_package():
    """The App's CSS lives in tui/app.tcss (CSS_PATH), which the package data of factdesk.tui
    (tui/) must carry."""
    import tomllib

    from factdesk.tui.app import FactdeskApp

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert data["package-dir"]["factdesk.tui"] == "tui"
    assert "*.tcss" in data["package-data"]["factdesk.tui"]
    assert Path(FactdeskApp.CSS_PATH).is_file() and Path(FactdeskApp.CSS_PATH).is_absolute()
