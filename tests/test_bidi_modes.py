"""Right-to-left in the terminals people use (issue #16): which mode `--bidi auto` chooses, the
BDSM escapes (CSI 8 l at start, CSI 8 h at exit, also after an exception, a signal and through
tmux's passthrough), `factdesk bidi-test` over a pseudo-terminal and its answer honoured on the
next start, and the app's key that switches the mode."""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdesk.tui.termbidi import (
    EXPLICIT,
    IMPLICIT,
    Choice,
    choose,
    detect,
    mode_sequences,
    save_answer,
    terminal_key,
    wrap_for_tmux,
)
from tests.hostile import ROOT, fribidi_lines, read_pty

ARABIC_SEED = "004_40f9653985f70d8d.txt"
CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if k
    not in (
        "VTE_VERSION",
        "KONSOLE_VERSION",
        "MLTERM",
        "TERM_PROGRAM",
        "TMUX",
        "LC_TERMINAL",
        "KITTY_WINDOW_ID",
        "WT_SESSION",
        "XTERM_VERSION",
        "ALACRITTY_WINDOW_ID",
        "SSH_CLIENT",
        "SSH_CONNECTION",
    )
}


@pytest.mark.parametrize(
    "env, mode, explicit",
    [
        ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, "app", True),  # GNOME, xfce4
        ({"TERM": "xterm-256color", "VTE_VERSION": "5202"}, "app", False),  # VTE before bidi
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "221202"}, "terminal", False),
        ({"TERM": "mlterm", "MLTERM": "3.9.3"}, "app", True),  # OSC 5379 turns its bidi off
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, "terminal", False),
        ({"TERM": "putty-256color"}, "terminal", False),
        ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "app", False),
        ({"TERM": "xterm-256color", "LC_TERMINAL": "iTerm2"}, "app", False),  # forwarded by ssh
        ({"TERM": "xterm-256color", "XTERM_VERSION": "XTerm(379)"}, "app", False),
        ({"TERM": "xterm-256color"}, "app", False),  # nothing tells: app, and bidi-test says
    ],
)
def test_auto_mode_from_the_environment(env, mode, explicit):
    choice = detect(env)
    assert (choice.mode, choice.explicit) == (mode, explicit), choice


def test_a_saved_answer_wins_and_is_per_terminal_and_host(tmp_path):
    path = tmp_path / "terminals.json"
    vte = {"TERM": "xterm-256color", "VTE_VERSION": "7600", "SSH_CLIENT": "10.0.0.7 5000 22"}
    save_answer(Choice("terminal", False, ""), vte, path)
    assert choose("auto", vte, path).mode == "terminal"
    assert "your answer" in choose("auto", vte, path).reason
    other_host = dict(vte, SSH_CLIENT="10.0.0.8 5000 22")
    assert terminal_key(other_host) != terminal_key(vte)
    assert choose("auto", other_host, path) == detect(other_host)
    assert choose("app", vte, path).mode == "app"  # --bidi forces one run
    in_tmux_in_vte = {"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "VTE_VERSION": "7600"}
    in_tmux_in_konsole = {
        "TERM": "tmux-256color",
        "TERM_PROGRAM": "tmux",
        "KONSOLE_VERSION": "221202",
    }
    assert terminal_key(in_tmux_in_vte) != terminal_key(in_tmux_in_konsole)
    path.write_text("{not json")
    assert choose("auto", vte, path) == detect(vte)  # a broken file is no answer


def test_in_tmux_without_passthrough_a_vte_terminal_gets_terminal_mode(tmp_path, monkeypatch):
    import factdesk.tui.termbidi as termbidi

    vte = {"TERM": "tmux-256color", "VTE_VERSION": "7600", "TMUX": "/tmp/t,1,0"}
    monkeypatch.setattr(termbidi, "tmux_passthrough_allowed", lambda: False)
    choice = choose("auto", vte, tmp_path / "none.json")
    assert (choice.mode, choice.explicit) == ("terminal", False)
    assert "passthrough is off" in choice.reason
    monkeypatch.setattr(termbidi, "tmux_passthrough_allowed", lambda: True)
    assert choose("auto", vte, tmp_path / "none.json").explicit


def test_mlterm_is_switched_with_its_own_sequence():
    choice = detect({"TERM": "xterm", "MLTERM": "3.9.3"})
    assert choice.switch == "mlterm"
    assert mode_sequences(True, {}, switch="mlterm") == (
        "\x1b]5379;use_ctl=false\x07",
        "\x1b]5379;use_ctl=true\x07",
    )


def test_tmux_passthrough_wraps_the_escape_for_the_outer_terminal():
    start, end = mode_sequences(True, {"TMUX": "/tmp/tmux-0/default,1,0"}, passthrough=True)
    assert start == EXPLICIT + "\x1bPtmux;\x1b\x1b[8l\x1b\\"
    assert end == IMPLICIT + wrap_for_tmux(IMPLICIT)
    assert mode_sequences(True, {"TMUX": "x"}, passthrough=False) == (EXPLICIT, IMPLICIT)
    assert mode_sequences(False, {}) == ("", "")


def _pty(
    args: list[str],
    env: dict[str, str],
    answer: bytes | None = None,
    seconds: float = 60.0,
    until: bytes | None = None,
    keys: bytes | None = None,
    steps: list[tuple[bytes, bytes]] = (),
) -> bytes:
    """Run ``python -m factdesk.tui.cli ARGS`` on a pseudo-terminal with exactly ``env``; type
    ``answer`` once a prompt shows, or ``keys`` once ``until`` shows."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(ROOT)
        os.execve(
            sys.executable,
            [sys.executable, "-m", "factdesk.tui.cli", *args],
            dict(env, PYTHONPATH=str(ROOT), COLUMNS="100", LINES="30"),
        )
    output = bytearray()
    try:
        if answer is not None:
            assert read_pty(fd, output, seconds, b"Answer 1 or 2"), bytes(output)
            os.write(fd, answer)
        if keys is not None:
            steps = [(until, keys)]
        for wait_for, typed in steps:
            assert read_pty(fd, output, seconds, wait_for), bytes(output)[-400:]
            time.sleep(0.5)
            os.write(fd, typed)
        read_pty(fd, output, seconds)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return bytes(output)


@pytest.fixture
def env(tmp_path, seed_index):
    return dict(
        CLEAN_ENV,
        TERM="xterm-256color",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        FACTDESK_INDEX=str(seed_index),
    )


def test_show_on_a_vte_terminal_sends_explicit_mode_and_restores_it(env, seed_copy):
    out = _pty(
        ["show", str(seed_copy / ARABIC_SEED), "--width", "60"], dict(env, VTE_VERSION="7600")
    )
    assert out.startswith(EXPLICIT.encode()) and out.rstrip(b"\r\n").endswith(IMPLICIT.encode())
    assert "ﺔﻘﻔﺻ".encode() in out  # visual order, shaped: the app lays the Arabic out


def _arabic_lines(output: bytes) -> list[str]:
    import re

    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", output.decode())
    return [
        line
        for line in text.replace("\r", "").split("\n")
        if any("\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff" for ch in line)
    ]


def _as_a_reordering_terminal_shows(lines: list[str], mirrors: bool = True) -> list[str]:
    """What VTE (implicit mode) or mlterm show for these lines: FriBidi, base LTR; Konsole
    (``mirrors=False``): FriBidi's order, brackets as sent."""
    if not mirrors:
        options = ["--ltr", "--nobreak", "--reordernsm", "--vtol", "--novisual"]
        maps = fribidi_lines(options, lines)
        shown = [
            "".join(line[int(i)] for i in m.split()) for line, m in zip(lines, maps, strict=True)
        ]
        return [line.translate(_MARKS) for line in shown]
    options = ["--ltr", "--nopad", "--nobreak", "--reordernsm", "--clean"]
    return [line.replace("\u200e", "") for line in fribidi_lines(options, lines)]


_MARKS = str.maketrans("", "", "\u200e\u2066\u2067\u2069")


@pytest.mark.skipif(shutil.which("fribidi") is None, reason="fribidi is not installed")
def test_show_on_konsole_reads_like_the_app_on_xterm(env, seed_copy):
    """Konsole reorders each line (left-to-right base) and ignores CSI 8 l: what it shows of
    `show` in terminal mode must be what xterm shows of app mode, line for line, one column in
    (Konsole drops the zero-width marks of a line's first column: a margin keeps them)."""
    konsole = _pty(
        ["show", str(seed_copy / ARABIC_SEED), "--width", "60"], dict(env, KONSOLE_VERSION="221202")
    )
    xterm = _pty(
        ["show", str(seed_copy / ARABIC_SEED), "--width", "59"],
        dict(env, XTERM_VERSION="XTerm(379)"),
    )
    assert b"\x1b[8" not in konsole and b"\x1b[8" not in xterm
    sent, expected = _arabic_lines(konsole), _arabic_lines(xterm)
    assert len(sent) == len(expected) > 20
    assert all(line.startswith(" \u2066") for line in sent)  # the margin, then the isolate
    assert sent != expected  # not the same bytes: Konsole would reverse the app's lines
    shown = _as_a_reordering_terminal_shows([line[1:] for line in sent], mirrors=False)
    assert shown == expected


@pytest.mark.parametrize("command", [["ask", "تقييم xAI"], ["conflicts", "--all"]])
def test_every_text_command_honours_the_mode(env, command):
    vte = _pty(command, dict(env, VTE_VERSION="7600"))
    assert vte.startswith(EXPLICIT.encode()) and IMPLICIT.encode() in vte[-20:]
    reordering = _pty(command, dict(env, KONSOLE_VERSION="221202"))
    assert b"\x1b[8" not in reordering
    assert "مليار".encode() not in vte  # shaped presentation forms in app mode
    if shutil.which("fribidi"):
        assert _as_a_reordering_terminal_shows(_arabic_lines(reordering), False) == _arabic_lines(
            _pty(command, dict(env, XTERM_VERSION="XTerm(379)"))
        )


def _child_with_explicit_mode(ending: str) -> subprocess.Popen:
    code = (
        "import sys, time\n"
        "from factdesk.tui.termbidi import Choice, ExplicitMode\n"
        "with ExplicitMode(Choice('app', True, ''), env={}):\n"
        "    print('inside', flush=True)\n"
        f"    {ending}\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(CLEAN_ENV, PYTHONPATH=str(ROOT)),
    )


def test_the_mode_is_restored_after_an_exception():
    child = _child_with_explicit_mode("raise RuntimeError('boom')")
    out, err = child.communicate(timeout=30)
    assert b"boom" in err
    assert out.startswith(EXPLICIT.encode()) and out.endswith(IMPLICIT.encode())


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_the_mode_is_restored_on_a_signal(number):
    child = _child_with_explicit_mode("time.sleep(30)")
    assert child.stdout.read(len(EXPLICIT) + 7) == (EXPLICIT + "inside\n").encode()
    child.send_signal(number)
    out, _ = child.communicate(timeout=30)
    assert out == IMPLICIT.encode()
    assert child.returncode != 0


def test_bidi_test_over_a_pty_saves_the_answer_and_the_next_start_honours_it(env, seed_copy):
    vte = dict(env, VTE_VERSION="7600")
    out = _pty(["bidi-test"], vte, answer=b"2\n")
    assert "\u200e".encode() in out  # the terminal mode's lines, encoded for a reordering one
    assert b"saved in" in out and b"bidi: terminal" in out
    saved = json.loads((Path(env["XDG_CONFIG_HOME"]) / "factdesk" / "terminals.json").read_text())
    assert list(saved.values()) == [
        {"mode": "terminal", "explicit": False, "switch": "bdsm", "mirrors": True}
    ]
    after = _pty(["show", str(seed_copy / ARABIC_SEED), "--width", "60"], vte)
    assert b"\x1b[8" not in after and "\u200e".encode() in after
    again = _pty(["bidi-test"], vte, answer=b"1\n")
    assert b"bidi: app (explicit)" in again
    assert _pty(["show", str(seed_copy / ARABIC_SEED)], vte).startswith(EXPLICIT.encode())


def test_bidi_test_needs_a_terminal(env):
    done = subprocess.run(
        [sys.executable, "-m", "factdesk.tui.cli", "bidi-test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=dict(env, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert done.returncode == 2 and done.stderr.startswith("factdesk: bidi-test needs")


def test_the_app_sends_explicit_mode_and_restores_it_on_quit(env):
    out = _pty(["app"], dict(env, VTE_VERSION="7600"), until=b"articles", keys=b"q", seconds=60)
    assert out.startswith(EXPLICIT.encode())
    assert IMPLICIT.encode() in out[-200:]
    assert b"right-to-left: app, VTE 7600" in out


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_inside_tmux_the_escape_goes_through_passthrough(tmp_path, env, seed_copy):
    """tmux with allow-passthrough: the app's raw output (tmux pipe-pane) holds the DCS
    passthrough wrapper, so the outer terminal gets CSI 8 l, and CSI 8 h at the exit. Printed
    text (`show`) is laid out for the outer terminal's own reordering instead: tmux redraws it
    later, after the exit restored that reordering."""
    socket = tmp_path / "tmux.sock"
    raw = tmp_path / "raw.bin"
    tmux = ["tmux", "-S", str(socket)]
    common = (
        f"cd {ROOT} && sleep 1 && env VTE_VERSION=7600 XDG_CONFIG_HOME="
        f"{env['XDG_CONFIG_HOME']} FACTDESK_INDEX={env['FACTDESK_INDEX']} "
        f"PYTHONPATH={ROOT} {sys.executable} -m factdesk.tui.cli"
    )
    command = f"{common} show {seed_copy / ARABIC_SEED} --width 60; {common} app; sleep 30"
    subprocess.run(
        [*tmux, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", command],
        check=True,
        env=CLEAN_ENV,
    )
    try:
        subprocess.run([*tmux, "set", "-g", "allow-passthrough", "on"], check=True)
        subprocess.run([*tmux, "pipe-pane", "-o", f"cat >> {raw}"], check=True)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if raw.exists() and b"right-to-left: app" in raw.read_bytes():
                break
            time.sleep(0.2)
        time.sleep(0.5)
        subprocess.run([*tmux, "send-keys", "q"], check=True)
        while time.monotonic() < deadline:
            if IMPLICIT.encode() in raw.read_bytes():
                break
            time.sleep(0.2)
        data = raw.read_bytes()
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    shown, app = data.split((EXPLICIT + wrap_for_tmux(EXPLICIT)).encode(), 1)
    assert "\u200e".encode() in shown and b"\x1b[8" not in shown  # show: terminal mode
    assert (IMPLICIT + wrap_for_tmux(IMPLICIT)).encode() in app


def test_app_key_switches_the_mode_and_saves_it(tmp_path, seed_index, monkeypatch):
    import asyncio

    from factdesk.tui.app import FactdeskApp

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("VTE_VERSION", "KONSOLE_VERSION", "TMUX"):
        monkeypatch.delenv(name, raising=False)

    async def scenario():
        app = FactdeskApp(seed_index, bidi="app", choice=Choice("app", False, "xterm"))
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if app.entries:
                    break
            status = str(app.query_one("#status").render())
            assert "right-to-left: app, xterm (B: switch)" in status
            arabic = next(i for i, e in enumerate(app.entries) if e.row.lang == "ar")
            app.open_article(app.entries[arabic].row.path)
            await pilot.pause(0.5)
            visual = [line.plain for line in app.reader.lines]
            await pilot.press("B")
            await pilot.pause(0.3)
            encoded = [line.plain for line in app.reader.lines]
            assert app.bidi == app.reader.bidi == "terminal"
            assert len(encoded) == len(visual) and encoded != visual
            assert sum(line.startswith("\u200e") for line in encoded) > 20
            assert "right-to-left: terminal" in str(app.query_one("#status").render())

    asyncio.run(scenario())
    saved = json.loads((tmp_path / "config" / "factdesk" / "terminals.json").read_text())
    assert list(saved.values()) == [
        {"mode": "terminal", "explicit": False, "switch": "bdsm", "mirrors": True}
    ]


def test_in_terminal_mode_only_the_layouts_own_marks_reach_the_terminal(env, tmp_path):
    """The left-to-right marks and (on Konsole) the isolates of terminal mode are the
    layout's; marks, overrides and isolates in the data are still replaced (U+FFFD) before
    anything is printed."""
    article = tmp_path / "mark.txt"
    article.write_text(
        "عنوان\u200e\u202eخبيث\nLang: ar\n\nقال الوزير\u200f إن 40\u2066 شخصا "
        "قتلوا\u200e في المدينة.\n",
        encoding="utf-8",
    )
    out = _pty(["show", str(article), "--width", "40"], dict(env, KONSOLE_VERSION="221202"))
    text = out.decode()
    assert "\u202e" not in text and "\u200f" not in text
    assert text.count("\ufffd") == 5  # the data's five controls, each one placeholder
    # the layout's isolates: the line in LRI…PDI, each reversed block in RLI…PDI
    assert text.count("\u2066") + text.count("\u2067") == text.count("\u2069") > 0
    lines = _arabic_lines(out)
    assert all(line.count("\u200e") >= 1 for line in lines)
    assert sum(line.count("\u200e") for line in lines) < 2 * len(lines) + 2


@pytest.mark.parametrize("answer, mode", [("2", "terminal"), ("1", "app")])
def test_the_first_start_on_an_unknown_terminal_asks_and_remembers(
    tmp_path, seed_index, monkeypatch, answer, mode
):
    import asyncio

    from factdesk.tui.app import BidiCheckScreen, FactdeskApp

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    env = {"TERM": "xterm-256color"}
    for name in ("VTE_VERSION", "KONSOLE_VERSION", "TMUX", "XTERM_VERSION", "TERM_PROGRAM"):
        monkeypatch.delenv(name, raising=False)
    unknown = detect(env)
    assert not unknown.known

    async def scenario():
        app = FactdeskApp(seed_index, bidi="app", choice=unknown)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            assert isinstance(app.screen, BidiCheckScreen)
            shown = str(app.screen.query_one("Static").render())
            assert "Which reads right" in shown and "\u200e" in shown  # both layouts
            await pilot.press(answer)
            await pilot.pause(0.3)
            assert not isinstance(app.screen, BidiCheckScreen)
            assert app.bidi == app.reader.bidi == mode

    asyncio.run(scenario())
    saved = json.loads((tmp_path / "config" / "factdesk" / "terminals.json").read_text())
    assert [v["mode"] for v in saved.values()] == [mode]
    # the next start: known from the answer, no question
    again = choose("auto", None)
    assert again.mode == mode and again.known and "your answer" in again.reason


def test_switching_to_explicit_mode_in_the_app_is_undone_at_the_exit(env, tmp_path):
    """Started in terminal mode (a saved answer), switched with B to app mode on a VTE terminal:
    CSI 8 l is sent then, and CSI 8 h at the exit (it was left off)."""
    vte = dict(env, VTE_VERSION="7600")
    save_answer(
        Choice("terminal", False, ""),
        {**vte},
        Path(env["XDG_CONFIG_HOME"]) / "factdesk" / "terminals.json",
    )
    out = _pty(["app"], vte, steps=[(b"articles", b"B"), (EXPLICIT.encode(), b"q")])
    before, after = out.split(EXPLICIT.encode(), 1)  # CSI 8 l only once B is pressed
    assert IMPLICIT.encode() not in before and b"\x1b[?1049h" in before  # the app was drawn
    assert IMPLICIT.encode() in after[-200:]


def test_an_arabic_quote_starting_with_a_number_keeps_it_on_its_right(env):
    """`ask` on xterm: «80 مليار دولار» is laid out as an Arabic piece of its own, 80 at its
    right end (an LTR line put it at the left), with no padding inside the guillemets."""
    import re

    out = re.sub(
        r"\x1b\[[0-9;]*m",
        "",
        _pty(["ask", "تقييم xAI"], dict(env, XTERM_VERSION="XTerm(379)")).decode(),
    )
    quotes = [line.split("«", 1)[1] for line in out.splitlines() if "«" in line and "ﺭﺎﻴﻠﻣ" in line]
    # each quote an Arabic piece, its number at the right end: 'ﺭﻻﻭﺩ ﺭﺎﻴﻠﻣ 80»', 'ﺕﺍﺭﺎﻴﻠﻣ 10»'
    assert quotes and all(re.fullmatch(r"[^\d\s]\S*( \S+)* \d+»", q.rstrip()) for q in quotes)
    assert any(q.startswith("ﺭﻻﻭﺩ") and q.rstrip().endswith("80»") for q in quotes)
