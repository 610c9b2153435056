"""Rewrite imports of the old top-level packages ``index`` and ``tui`` to ``factdesk.index`` and
``factdesk.tui`` (issue 15), in place; idempotent. For code merged from a branch written
before the rename:

    python tools/namespace_imports.py [FILE.py ...]   # default: every tracked .py file
    .venv/bin/ruff check --select I --fix . && .venv/bin/ruff format .

It rewrites ``from index.x import y``, ``from index import y``, ``import index.x`` (and the same
for ``tui``), also inside strings of code run by a test (``"from index.figures…"``), the module
run by ``-m`` (``"-m", "tui.cli"``) and quoted module names (``'index.feeds'``). ``import
index.x`` followed by a use of ``index.x.name`` needs the use renamed by hand: the script lists
such lines.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGES = "index|tui"
# tests that import the old names on purpose (another distribution's top-level 'index' and
# 'tui' beside the package, the refusal of the old names): never rewritten
KEEP_OLD_NAMES = frozenset({"test_import_hygiene.py", "test_wheel.py"})
# file names, not modules ("index.html" is the module factdesk.index.html)
SUFFIXES = "py|json|txt|tcss|toml|md|sqlite|csv|svg|png"
RULES = [
    # from index.x import y / from index import y (at a line's start, or after a quote or a
    # semicolon: code in a string)
    (
        re.compile(rf"(^[ \t]*|[\"';][ \t]*)from(\s+)({PACKAGES})(?=\.[a-z_]|\s+import\b)", re.M),
        r"\1from\2factdesk.\3",
    ),
    # import index.x / import tui
    (
        re.compile(
            rf"(^[ \t]*|[\"';][ \t]*)import(\s+)({PACKAGES})(?=\.[a-z_]|[ \t]*(?:$|[,;\"']))", re.M
        ),
        r"\1import\2factdesk.\3",
    ),
    # "-m", "tui.cli"  /  -m tui.screenshots
    (re.compile(rf"([\"']-m[\"'],\s*[\"']|-m\s+)({PACKAGES})\."), r"\1factdesk.\2."),
    # 'index.feeds' and "tui.app": a quoted dotted module name
    (
        re.compile(rf"([\"'])({PACKAGES})\.(?!(?:{SUFFIXES})[\"'])(?=[a-z_]+(?:\.[a-z_]+)*[\"'])"),
        r"\1factdesk.\2.",
    ),
    # "index." + name: module names built from a prefix
    (re.compile(rf"([\"'])({PACKAGES})\.([\"'])"), r"\1factdesk.\2.\3"),
]
PLAIN_IMPORT = re.compile(rf"^\s*import\s+factdesk\.({PACKAGES})\b", re.M)
# (index.html is a module too: a file name "index.html" in such a file is listed as well)
USE = re.compile(rf"(?<![\w./\\-])({PACKAGES})\.(?!(?:py|json|txt|tcss|toml|md|sqlite)\b)[a-z_]+")


def rewrite(text: str) -> str:
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [
        Path(name)
        for name in subprocess.run(
            ["git", "ls-files", "*.py"], capture_output=True, text=True, check=True
        ).stdout.split()
    ]
    changed = 0
    for path in files:
        if path.resolve() == Path(__file__).resolve() or path.name in KEEP_OLD_NAMES:
            continue
        old = path.read_text(encoding="utf-8")
        new = rewrite(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed += 1
        if not PLAIN_IMPORT.search(new):
            continue
        for number, line in enumerate(new.splitlines(), 1):  # index.html.x after import index.html
            if USE.search(line) and not line.lstrip().startswith(("#", "import ", "from ")):
                print(f"{path}:{number}: check by hand: {line.strip()}")
    print(f"rewrote {changed} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
