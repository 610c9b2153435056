"""The engine in index/ is a plain library: it must never import Textual."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


IMPORT_TEXTUAL = re.compile(r"^\s*(?:import|from)\s+textual\b|import_module\(['\"]textual", re.M)


def test_no_module_in_index_imports_textual():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "index").rglob("*.py")
        if IMPORT_TEXTUAL.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_static_check_sees_an_import():
    assert IMPORT_TEXTUAL.search("x = 1\n    from textual.app import App\n")
    assert not IMPORT_TEXTUAL.search("# the engine never imports Textual\n")


def test_importing_every_engine_module_loads_no_textual():
    modules = sorted(
        "index." + ".".join(p.relative_to(ROOT / "index").with_suffix("").parts)
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
