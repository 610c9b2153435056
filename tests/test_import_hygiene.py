"""The engine in index/ is a plain library: it must never import Textual."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Textual itself, or the app's package (factdesk.tui, or ..tui from inside factdesk.index)
IMPORT_TEXTUAL = re.compile(
    r"^\s*(?:import|from)\s+(?:textual|factdesk\.tui)\b|^\s*from\s+\.{2,}tui\b"
    r"|import_module\(['\"](?:textual|factdesk\.tui)",
    re.M,
)


def test_no_module_in_index_imports_textual():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "index").rglob("*.py")
        if IMPORT_TEXTUAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_static_check_sees_an_import():
    assert IMPORT_TEXTUAL.search("x = 1\n    from textual.app import App\n")
    assert IMPORT_TEXTUAL.search("    from factdesk.tui.layout import x\n")
    assert IMPORT_TEXTUAL.search("from ..tui import layout\n")
    assert not IMPORT_TEXTUAL.search("# the engine never imports Textual\n")
    assert not IMPORT_TEXTUAL.search("from .catalog import Catalog\n")


def test_importing_every_engine_module_loads_no_textual():
    modules = sorted(
        "factdesk.index." + ".".join(p.relative_to(ROOT / "index").with_suffix("").parts)
        for p in (ROOT / "index").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_fails_when_textual_is_imported():
    code = "import sys, textual; sys.exit(1 if 'textual' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 1


# --- one package, factdesk (issue 15) ---------------------------------------------------------


def _tracked_python_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [ROOT / name for name in out.split()]


# the script, its examples, and the tests that import another distribution's index and tui
ON_PURPOSE = ("namespace_imports.py", "test_import_hygiene.py", "test_wheel.py")


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_no_code_imports_the_old_top_level_names():
    """Every import says factdesk.index / factdesk.tui: the rewrite script finds nothing to do
    (code merged from a branch that still says `from index.` fails here)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from namespace_imports import rewrite
    finally:
        sys.path.remove(str(ROOT / "tools"))
    stale = [
        str(path.relative_to(ROOT))
        for path in _tracked_python_files()
        if path.name not in ON_PURPOSE and rewrite(text := path.read_text(encoding="utf-8")) != text
    ]
    assert stale == []


def test_the_rewrite_script_renames_every_form():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from namespace_imports import rewrite
    finally:
        sys.path.remove(str(ROOT / "tools"))
    before = (
        "from index.store import open_store\n"
        "    from index import verdicts\n"
        "import tui.cli\n"
        '    "from index.figures.extract import extract_figures; "\n'
        "heavy = ('index.feeds', 'index.html')\n"
        'cmd = [sys.executable, "-m", "tui.cli"]\n'
        'name = "index." + part\n'
        'path = "index.json"  # a file\n'
        "# from index to figures (prose)\n"
    )
    assert rewrite(before) == (
        "from factdesk.index.store import open_store\n"
        "    from factdesk.index import verdicts\n"
        "import factdesk.tui.cli\n"
        '    "from factdesk.index.figures.extract import extract_figures; "\n'
        "heavy = ('factdesk.index.feeds', 'factdesk.index.html')\n"
        'cmd = [sys.executable, "-m", "factdesk.tui.cli"]\n'
        'name = "factdesk.index." + part\n'
        'path = "index.json"  # a file\n'
        "# from index to figures (prose)\n"
    )
    assert rewrite(rewrite(before)) == rewrite(before)


CHECK_NEIGHBOURS = """
import sys
import index, tui  # another distribution's top-level modules, found first
import factdesk.index.store, factdesk.index.search, factdesk.tui.cli, factdesk.tui.app
from factdesk.index.datafiles import json_data
assert index.WHOSE == "another distribution" and tui.WHOSE == "another distribution", "shadowed"
assert json_data("units.json"), "package data"
assert factdesk.tui.cli.build_parser().prog == "factdesk"
stray = sorted(m for m in sys.modules if m.split(".")[0] in ("index", "tui") and "." in m)
assert not stray, stray
print("ok")
"""


def test_the_package_imports_next_to_top_level_index_and_tui_modules(tmp_path):
    """Another distribution's `index` and `tui` modules, in the same folder as factdesk: both
    import, neither hides the other."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "factdesk").symlink_to(ROOT / "factdesk", target_is_directory=True)
    (site / "index.py").write_text('WHOSE = "another distribution"\n', encoding="utf-8")
    (site / "tui").mkdir()
    (site / "tui" / "__init__.py").write_text('WHOSE = "another distribution"\n')
    result = subprocess.run(
        [sys.executable, "-c", CHECK_NEIGHBOURS],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr


@pytest.mark.parametrize("name", ["index", "tui"])
def test_the_folders_never_load_under_a_second_name(name):
    """From the checkout's root `import index` would find index/: it refuses, so that no
    module is ever loaded twice (as index.store and as factdesk.index.store)."""
    code = f"import factdesk.{name}; import {name}"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"is the package factdesk.{name}, not '{name}'" in result.stderr


def test_ask_loads_no_search_engine_rich_or_findings_code(seed_index):
    """A quick lookup (``ask --json``) imports what it reads with: not Whoosh's analysis (its
    urllib, email and ssl), Rich, Textual, the findings or the extractor."""
    heavy = (
        "whoosh.analysis",
        "urllib.request",
        "rich",
        "textual",
        "tomllib",
        "factdesk.index.figures.findings",
        "factdesk.index.figures.extract",
        "factdesk.index.search",
    )
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['factdesk', 'ask', 'valorisation de X', '--json', '--index-dir', "
        f"{str(seed_index)!r}]\n"
        "try:\n"
        "    runpy.run_module('factdesk.tui.cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})), file=sys.stderr)\n"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(seed_index / "no-config"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert '"answers": [{' in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "[]"
