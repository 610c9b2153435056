"""Installed as a user would (issue 15): the wheel built from the checkout, installed into a
fresh virtual environment, run from a folder outside the checkout.

The new environment gets factdesk from the wheel only; its dependencies are the project
environment's, seen through a folder of links (factdesk's own entries left out), so that no
package is downloaded and the test takes seconds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# what a build needs: the project's metadata and the folders pyproject.toml maps
BUILD_FILES = ("pyproject.toml", "README.md", "factdesk", "index", "tui", "seeds")

PILOT = """
import asyncio, sys
from pathlib import Path
from factdesk.tui.app import FactdeskApp

async def main():
    app = FactdeskApp(Path(sys.argv[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.1)
            if app.entries:
                break
        await pilot.pause(0.2)
        status = str(app.query_one("#status").render())
        print(len(app.entries), status)

asyncio.run(main())
"""


def _copy_sources(target: Path) -> Path:
    """The files a build reads, copied as a clean clone has them (factdesk/ holds links)."""
    target.mkdir()
    for name in BUILD_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, target / name)
    return target


def _dependencies_folder(target: Path) -> Path:
    """The project environment's packages, factdesk's own install left out."""
    site = Path(sysconfig.get_paths()["purelib"])
    target.mkdir()
    for entry in site.iterdir():
        name = entry.name.lower()
        if name.startswith(("factdesk", "__editable__", "_factdesk")) or name.endswith(".pth"):
            continue
        (target / entry.name).symlink_to(entry)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built and installed into a fresh venv: (venv, build log, seconds)."""
    started = time.monotonic()
    work = tmp_path_factory.mktemp("wheel")
    sources = _copy_sources(work / "src")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(sources),
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(work / "dist"),
            "-v",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (wheel,) = (work / "dist").glob("factdesk-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = _dependencies_folder(work / "deps")
    Path(purelib, "project-dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    install = subprocess.run(
        [*pip, "install", "--no-index", "--no-deps", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    check = subprocess.run([*pip, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr  # its dependencies are all met
    return venv, Path(purelib), build.stdout + build.stderr, time.monotonic() - started


def _env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FACTDESK", "XDG_", "PYTHON", "VIRTUAL_ENV"))
    }
    return env | {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "COLUMNS": "100",
        "LANG": "C.UTF-8",
    }


def test_the_build_prints_no_warning(installed):
    _, _, log, _ = installed
    assert not re.search(r"\w+Warning\b|is absent from|SetuptoolsDeprecation", log), log


def test_the_wheel_holds_one_package_with_its_data(installed):
    venv, purelib, _, _ = installed
    record = next(purelib.glob("factdesk-*.dist-info")) / "RECORD"
    tops = {line.split("/", 1)[0] for line in record.read_text().splitlines()}
    # (the console script is listed as ../../../bin/factdesk)
    assert {t for t in tops if not t.endswith(".dist-info") and t != ".."} == {"factdesk"}
    assert sorted(p.name for p in (purelib / "factdesk" / "seeds").iterdir()) == sorted(
        p.name for p in (ROOT / "seeds").iterdir()
    )
    assert (purelib / "factdesk" / "index" / "data" / "units.json").is_file()
    assert (purelib / "factdesk" / "tui" / "app.tcss").is_file()


def test_the_installed_command_works_outside_the_checkout(installed, tmp_path):
    venv, purelib, _, seconds = installed
    home = tmp_path / "home"
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = _env(home)
    factdesk = str(venv / "bin" / "factdesk")

    def run(*args: str, status: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [factdesk, *args], cwd=work, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == status, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    version = run("--version").stdout
    assert re.fullmatch(
        r"factdesk \d+\.\d+\.\d+ \(Whoosh [\d.]+, Textual [\d.]+, Python [\d.]+\)\n", version
    )
    first = run("index")
    assert first.stderr.startswith("no index yet: indexing the demo corpus")
    assert first.stdout.startswith("indexed 5 article(s) (5 new")
    hits = json.loads(run("search", "xAI", "--json").stdout)
    assert hits and all(hit["path"].startswith(str(purelib / "factdesk" / "seeds")) for hit in hits)
    assert str(ROOT) not in run("search", "xAI").stdout
    run("search", "zzzqqq", status=1)
    assert "600M users" in run("ask", "how many users does X have").stdout
    assert "✗ conflict" in run("conflicts").stdout
    shown = run("show", hits[0]["path"], "--width", "60").stdout
    assert shown.strip() and max(len(line) for line in shown.splitlines()) <= 60
    paths = {f["name"]: f for f in json.loads(run("paths", "--json").stdout)}
    assert paths["index"]["path"] == str(home / "data" / "factdesk" / "index")
    assert paths["index"]["set_by"] == ["XDG_DATA_HOME"]
    assert paths["config"]["path"] == str(home / "config" / "factdesk")
    assert "_shtab_factdesk" in run("completion", "bash").stdout
    # the app's first screen, on the index just built
    pilot = subprocess.run(
        [str(venv / "bin" / "python"), "-c", PILOT, paths["index"]["path"]],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert pilot.returncode == 0, pilot.stderr
    assert pilot.stdout.startswith("5 5 articles, ")
    assert seconds < 90, f"build and install took {seconds:.0f}s"
    # the README's install section shows this very output
    shown = _readme_console("Install")
    assert re.sub(r"\d[\d.]*", "N", shown["factdesk --version"]) == re.sub(
        r"\d[\d.]*", "N", version
    )
    assert _timeless(shown["factdesk index"]) == _timeless(first.stderr + first.stdout)
    assert shown["factdesk conflicts | head -1"] == run("conflicts").stdout.splitlines(True)[0]
    listed = [line.split()[0] for line in run("paths").stdout.splitlines()]
    assert [line.split()[0] for line in shown["factdesk paths"].splitlines()] == listed
    assert shown["factdesk paths"].splitlines()[-1].endswith("site-packages/factdesk/seeds")


def _readme_console(section: str) -> dict[str, str]:
    """The ```console blocks of a README section: each `$ command` with the lines after it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    shown: dict[str, str] = {}
    for block in re.findall(r"```console\n(.*?)```", body, re.S):
        command = None
        for line in block.splitlines(True):
            if line.startswith("$ "):
                command = line[2:].split("  #")[0].strip()
                shown[command] = ""
            elif command is not None:
                shown[command] += line
    return shown


def _timeless(text: str) -> str:
    return re.sub(r"in \d+\.\d+s", "in Ns", text)


def test_other_top_level_index_and_tui_modules_break_nothing(installed, tmp_path):
    """Another distribution installs top-level `index` and `tui` in the same site-packages."""
    venv, purelib, _, _ = installed
    (purelib / "index.py").write_text('WHOSE = "another distribution"\n')
    (purelib / "tui").mkdir()
    (purelib / "tui" / "__init__.py").write_text('WHOSE = "another distribution"\n')
    try:
        code = (
            "import index, tui, factdesk.index.store, factdesk.tui.cli, factdesk.tui.app\n"
            "assert index.WHOSE == tui.WHOSE == 'another distribution'\n"
            "print(factdesk.index.store.__file__)\n"
        )
        result = subprocess.run(
            [str(venv / "bin" / "python"), "-c", code],
            cwd=tmp_path,
            env=_env(tmp_path / "home"),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(str(purelib / "factdesk" / "index"))
        version = subprocess.run(
            [str(venv / "bin" / "factdesk"), "--version"],
            cwd=tmp_path,
            env=_env(tmp_path / "home"),
            capture_output=True,
            text=True,
        )
        assert version.returncode == 0 and version.stdout.startswith("factdesk ")
    finally:
        (purelib / "index.py").unlink()
        shutil.rmtree(purelib / "tui")
