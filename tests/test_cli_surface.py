"""The command line people expect (issue 15): --version, `factdesk paths`, shell completion,
examples in every --help, and output made for scripts (no wrapping when piped, a closed pipe
quiet with status 0, status 1 for no hits and 2 for usage errors)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.tui.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
FACTDESK = [sys.executable, "-m", "factdesk"]


def command_names() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(sub.choices)


def test_version_names_factdesk_whoosh_textual_and_python(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    python = ".".join(map(str, sys.version_info[:3]))
    assert out == (
        f"factdesk {metadata.version('factdesk')} (Whoosh {metadata.version('whoosh-reloaded')}, "
        f"Textual {metadata.version('textual')}, Python {python})\n"
    )


def test_python_dash_m_factdesk_is_the_command():
    result = subprocess.run([*FACTDESK, "--version"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.startswith("factdesk ")


def test_paths_says_where_and_what_moved_them(capsys, monkeypatch, tmp_path):
    for name in ("FACTDESK_INDEX", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["paths", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"index", "data", "config", "cache", "demo"}
    assert rows["config"] == rows["config"] | {
        "path": str(tmp_path / "config" / "factdesk"),
        "set_by": ["XDG_CONFIG_HOME"],
    }
    assert rows["index"]["set_by"] == [] and rows["index"]["path"].endswith("factdesk/index")
    assert Path(rows["demo"]["path"]).is_dir()
    monkeypatch.setenv("FACTDESK_INDEX", str(tmp_path / "ix"))
    assert main(["paths"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"index   {tmp_path / 'ix'}  (set by FACTDESK_INDEX)" in lines
    assert f"config  {tmp_path / 'config' / 'factdesk'}  (set by XDG_CONFIG_HOME)" in lines
    assert main(["paths", "--index-dir", str(tmp_path / "other")]) == 0
    assert f"index   {tmp_path / 'other'}  (set by --index-dir)" in capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_generate(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for name in command_names():
        assert name in script, name
    assert "index-dir" in script and "rebuild" in script  # (fish: -l index-dir)
    checker = shutil.which(shell)
    if checker:  # the shell itself parses it
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"factdesk-completion-test.{shell}"
        path.write_text(script, encoding="utf-8")
        try:
            assert subprocess.run([checker, "-n", str(path)]).returncode == 0
        finally:
            path.unlink()


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_commands_and_options(capsys):
    main(["completion", "bash"])
    script = capsys.readouterr().out

    def complete(*words: str) -> list[str]:
        code = (
            f"source /dev/stdin <<'EOF'\n{script}\nEOF\n"
            f"COMP_WORDS=(factdesk {' '.join(words)}); COMP_CWORD={len(words)}; "
            'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; _shtab_factdesk; '
            'printf "%s\\n" "${COMPREPLY[@]}"'
        )
        out = subprocess.run(["bash", "-c", code], capture_output=True, text=True).stdout
        return out.split()

    assert complete("se") == ["search"]
    assert "--all" in complete("conflicts", "--a")
    assert complete("completion", "f") == ["fish"]


def test_every_command_has_examples_in_its_help():
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    for name, command in sub.choices.items():
        text = command.format_help()
        assert "examples:" in text, name
        example = text.split("examples:", 1)[1]
        assert re.search(rf"^  factdesk( {re.escape(name)}\b|$| *#)", example, re.M), name
    main_help = parser.format_help()
    assert "examples (factdesk COMMAND --help has more):" in main_help
    assert "exit status: 0 done, 1 nothing found" in main_help


def test_a_usage_error_is_status_2(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["search"])
    assert stop.value.code == 2
    with pytest.raises(SystemExit) as stop:
        main(["no-such-command"])
    assert stop.value.code == 2
    capsys.readouterr()


def _closed_pipe(args: list[str], seed_index: Path) -> tuple[int, str]:
    """Run factdesk with its standard output a pipe that nobody reads: closed at once."""
    read, write = os.pipe()
    os.close(read)  # before factdesk writes anything: its first write fails
    try:
        result = subprocess.run(
            [*FACTDESK, *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "FACTDESK_INDEX": str(seed_index)},
        )
    finally:
        os.close(write)
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["search", "--help"],
        ["search", "xAI"],
        ["search", "xAI", "--json"],
        ["ask", "xAI valuation"],
        ["ask", "xAI valuation", "--json"],
        ["conflicts", "--all"],
        ["conflicts", "--jsonl"],
        ["figures"],
        ["figures", "--json"],
        ["report", "--all"],
        ["paths"],
        ["completion", "bash"],
        ["show", str(ROOT / "seeds" / "000_f006c6dd9652db2c.txt")],
        ["index", str(ROOT / "seeds")],
    ],
    ids=" ".join,
)
def test_a_closed_pipe_is_quiet_with_status_0_on_every_path(args, seed_index, tmp_path):
    if args[0] == "index":  # (an index of its own: the shared one stays as it is)
        args = [*args, "--index-dir", str(tmp_path / "ix")]
    status, err = _closed_pipe(args, seed_index)
    assert (status, err) == (0, "")


def test_piped_output_is_one_record_a_line(seed_index):
    """No wrapping at 80 columns when piped: a search hit is its head line and its snippet,
    however long; `show` wraps at $COLUMNS (or --width), never at a fixed 80."""
    env = {**os.environ, "FACTDESK_INDEX": str(seed_index), "COLUMNS": "40"}

    def run(*args: str) -> str:
        return subprocess.run(
            [*FACTDESK, *args], capture_output=True, text=True, cwd=ROOT, env=env, check=True
        ).stdout

    lines = run("search", "xAI", "--limit", "3").splitlines()
    assert len(lines) == 6 and max(len(line) for line in lines) > 80
    lines = run("conflicts").splitlines()
    assert max(len(line) for line in lines) > 80  # a finding's line is not cut
    path = str(ROOT / "seeds" / "000_f006c6dd9652db2c.txt")
    assert max(len(line) for line in run("show", path).splitlines()) <= 40
    env["COLUMNS"] = "120"
    shown = run("show", path).splitlines()
    assert 80 < max(len(line) for line in shown) <= 120
    assert max(len(line) for line in run("show", path, "--width", "50").splitlines()) <= 50


def test_ask_parsed_by_its_parser_alone_as_by_the_whole_command_line():
    """``main`` builds only the ``ask`` parser when the line starts with ask: the same
    arguments come out."""
    for argv in (
        ["ask", "valorisation de xAI"],
        ["ask", "inflation Egypt", "--json", "--limit", "0", "--index-dir", "/x"],
        ["ask", "--bidi", "app", "عدد القتلى في المغرب", "--limit", "3"],
    ):
        alone = build_parser(only="ask").parse_args(argv)
        assert vars(alone) == vars(build_parser().parse_args(argv))
