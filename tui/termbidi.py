"""Who lays out right-to-left text: the app, or the terminal.

Terminals differ (issue #16): xterm, kitty, Alacritty, WezTerm, Windows Terminal and tmux show
cells as sent, so the app must send Arabic and Hebrew already in visual order (mode ``app``). VTE
terminals (GNOME Terminal, xfce4-terminal, Tilix, Terminator) reorder each line themselves
unless told not to by BDSM reset, ``CSI 8 l``: there the app sends that, then its visual order,
and ``CSI 8 h`` on the way out; mlterm ignores BDSM but takes ``OSC 5379;use_ctl=false``.
Konsole, PuTTY and macOS Terminal reorder and cannot be told not to: there the app sends each
line so that their own reordering shows the app's layout (mode ``terminal``, see
``bidi.for_reordering_terminal``).

``--bidi auto`` (the default) chooses from the user's saved answer to ``factdesk bidi-test``
(per terminal and host), else from what the environment tells (``VTE_VERSION``,
``KONSOLE_VERSION``, ``MLTERM``, ``TERM_PROGRAM``, a forwarded ``LC_TERMINAL``, ``TERM``), else
``app``. Inside tmux the escapes go to the outer terminal through tmux's passthrough, when tmux
allows it.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXPLICIT = "\x1b[8l"  # BDSM reset: cells shown as sent, no reordering by the terminal
IMPLICIT = "\x1b[8h"  # BDSM set: the terminal's own bidi (VTE's default)
# mlterm ignores BDSM but takes its settings in-band (OSC 5379): its complex text layout off
MLTERM_OFF = "\x1b]5379;use_ctl=false\x07"
MLTERM_ON = "\x1b]5379;use_ctl=true\x07"
SWITCHES = {"bdsm": (EXPLICIT, IMPLICIT), "mlterm": (MLTERM_OFF, MLTERM_ON)}
MODES = ("auto", "app", "terminal")
CELL_TERMINALS = ("iTerm.app", "WezTerm", "vscode", "ghostty")  # TERM_PROGRAMs with no bidi
VTE_BIDI_VERSION = 5800  # VTE 0.58 reorders right-to-left text by default


@dataclass(frozen=True)
class Choice:
    mode: str  # "app" or "terminal"
    explicit: bool  # tell the terminal not to reorder at start (and to again at exit)
    reason: str  # one line for the status line and `bidi-test`
    switch: str = "bdsm"  # how to tell it: SWITCHES
    known: bool = True  # False: nothing identified the terminal (the app asks at first start)
    mirrors: bool = True  # its own reordering mirrors brackets, as FriBidi does (not Konsole)

    @property
    def layout_mode(self) -> str:
        """The ``bidi`` argument of the layout functions for this choice."""
        if self.mode == "terminal" and not self.mirrors:
            return "terminal-nomirror"
        return self.mode

    def label(self) -> str:
        return f"bidi: {self.mode}{' (explicit)' if self.explicit else ''} — {self.reason}"


def _env(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("factdesk", appauthor=False)) / "terminals.json"


def terminal_key(env: Mapping[str, str] | None = None) -> str:
    """Which terminal an answer is saved for: TERM, the program when it says, and the host the
    user sits at (the SSH client's address, else this machine)."""
    env = _env(env)
    # every hint: inside tmux TERM_PROGRAM is 'tmux' whatever terminal is outside it
    hints = [
        env.get("TERM_PROGRAM") or env.get("LC_TERMINAL") or "",
        "vte" if env.get("VTE_VERSION") else "",
        "konsole" if env.get("KONSOLE_VERSION") else "",
        "mlterm" if env.get("MLTERM") else "",
    ]
    program = "+".join(hint for hint in hints if hint)
    client = (env.get("SSH_CLIENT") or env.get("SSH_CONNECTION") or "").split(" ")[0]
    host = client or socket.gethostname()
    return f"{env.get('TERM', '')}|{program}|{host}"


def load_answers(path: Path | None = None) -> dict:
    path = path or config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_answer(
    choice: Choice, env: Mapping[str, str] | None = None, path: Path | None = None
) -> Path:
    path = path or config_path()
    answers = load_answers(path)
    answers[terminal_key(env)] = {
        "mode": choice.mode,
        "explicit": choice.explicit,
        "switch": choice.switch,
        "mirrors": choice.mirrors,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(answers, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def detect(env: Mapping[str, str] | None = None) -> Choice:
    """What the environment tells about the terminal's own bidi."""
    env = _env(env)
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= VTE_BIDI_VERSION:
        return Choice("app", True, f"VTE {vte} (reorders unless told not to)")
    if vte.isdigit():
        return Choice("app", False, f"VTE {vte} (no bidi)")
    if env.get("KONSOLE_VERSION"):
        return Choice("terminal", False, "Konsole reorders right-to-left text", mirrors=False)
    if env.get("MLTERM") or term.startswith("mlterm"):
        return Choice("app", True, "mlterm (its own layout switched off)", "mlterm")
    if program == "Apple_Terminal":
        return Choice("terminal", False, "macOS Terminal reorders right-to-left text")
    if term.startswith("putty"):
        return Choice("terminal", False, "PuTTY reorders right-to-left text")
    if program in CELL_TERMINALS or env.get("LC_TERMINAL") == "iTerm2":
        return Choice("app", False, f"{program or 'iTerm2'} shows cells as sent")
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return Choice("app", False, "kitty shows cells as sent")
    if env.get("ALACRITTY_WINDOW_ID") or env.get("ALACRITTY_LOG") or term == "alacritty":
        return Choice("app", False, "Alacritty shows cells as sent")
    if env.get("WT_SESSION"):
        return Choice("app", False, "Windows Terminal shows cells as sent")
    if env.get("XTERM_VERSION"):
        return Choice("app", False, "xterm shows cells as sent")
    if term == "linux":
        return Choice("app", False, "the Linux console shows cells as sent")
    return Choice("app", False, "terminal not recognised: run `factdesk bidi-test`", known=False)


def choose(
    requested: str | None = "auto", env: Mapping[str, str] | None = None, path: Path | None = None
) -> Choice:
    """The mode for this run: what the user asked for, else their saved answer, else what the
    environment tells."""
    if requested == "app":
        return Choice("app", False, "asked for with --bidi app")
    if requested == "terminal":
        return Choice("terminal", False, "asked for with --bidi terminal")
    saved = load_answers(path).get(terminal_key(env))
    if isinstance(saved, dict) and saved.get("mode") in ("app", "terminal"):
        switch = str(saved["switch"]) if saved.get("switch") in SWITCHES else "bdsm"
        return Choice(
            saved["mode"],
            bool(saved.get("explicit")),
            "your answer to `factdesk bidi-test`",
            switch,
            mirrors=saved.get("mirrors") is not False,
        )
    detected = detect(env)
    if detected.explicit and in_tmux(env) and not tmux_passthrough_allowed():
        # the switch cannot reach the terminal outside tmux, which goes on reordering
        return Choice("terminal", False, f"{detected.reason}, but tmux passthrough is off")
    return detected


def for_printed_text(choice: Choice, env: Mapping[str, str] | None = None) -> Choice:
    """The mode for text that stays on the screen after factdesk exits (`show`, `search`…):
    a switch sent at the start must be undone at the exit, and then mlterm lays out again the
    lines already shown, and tmux redraws them later in the outer terminal's own mode; there
    printed text is laid out for the terminal's own reordering instead."""
    if choice.explicit and (choice.switch == "mlterm" or in_tmux(env)):
        why = "mlterm" if choice.switch == "mlterm" else "tmux"
        return Choice(
            "terminal",
            False,
            f"{choice.reason}; printed text laid out for {why}'s own reordering",
            mirrors=choice.mirrors,
        )
    return choice


def in_tmux(env: Mapping[str, str] | None = None) -> bool:
    env = _env(env)
    return bool(env.get("TMUX"))


def tmux_passthrough_allowed() -> bool:
    """tmux (3.3 and later) forwards ``ESC P tmux; … ESC \\`` only with allow-passthrough."""
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-gv", "allow-passthrough"],
            capture_output=True,
            text=True,
            timeout=2,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.strip() in ("on", "all")


def wrap_for_tmux(sequence: str) -> str:
    """A sequence for the terminal outside tmux: DCS tmux; with every ESC doubled."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def mode_sequences(
    explicit: bool,
    env: Mapping[str, str] | None = None,
    passthrough: bool | None = None,
    switch: str = "bdsm",
) -> tuple[str, str]:
    """(sent at start, sent at exit). Inside tmux both go to tmux itself (harmless) and, when
    passthrough is allowed, to the outer terminal, which is the one that reorders."""
    if not explicit:
        return "", ""
    start, end = SWITCHES[switch]
    if in_tmux(env):
        if passthrough is None:
            passthrough = tmux_passthrough_allowed()
        if passthrough:
            start, end = start + wrap_for_tmux(start), end + wrap_for_tmux(end)
    return start, end


class ExplicitMode:
    """Sends the start sequence to the terminal, and the exit one whatever happens: a normal
    return, an exception, Ctrl+C, SIGTERM or SIGHUP (SIGKILL cannot be caught)."""

    def __init__(self, choice: Choice, stream=None, env: Mapping[str, str] | None = None):
        self.env = env
        self.start, self.end = mode_sequences(choice.explicit, env, switch=choice.switch)
        self.stream = stream if stream is not None else sys.__stdout__
        self._restored = True
        self._old: dict[int, Any] = {}

    def switch(self, old: Choice, new: Choice) -> str:
        """What to send now to go from ``old`` to ``new`` (the app sends it through its
        driver), and what is sent at the exit from now on."""
        old_start, old_end = mode_sequences(old.explicit, self.env, switch=old.switch)
        new_start, new_end = mode_sequences(new.explicit, self.env, switch=new.switch)
        self.end, self._restored = new_end, not new.explicit
        if self.start == "" and new.explicit:
            self._arm()
        return (old_end if old.explicit else "") + (new_start if new.explicit else "")

    def _write(self, text: str) -> None:
        if not text or self.stream is None:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass

    def restore(self) -> None:
        if not self._restored:
            self._restored = True
            self._write(self.end)

    def _on_signal(self, number, frame) -> None:
        self.restore()
        previous = self._old.get(number)
        if callable(previous):
            previous(number, frame)
        else:
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)

    def _arm(self) -> None:
        """Restore at the exit, whatever ends the program."""
        if self._old:
            return
        atexit.register(self.restore)
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                self._old[number] = signal.signal(number, self._on_signal)
            except (ValueError, OSError):  # not the main thread
                pass

    def __enter__(self) -> ExplicitMode:
        if self.start:
            self._restored = False
            self._write(self.start)
            self._arm()
        return self

    def __exit__(self, *exc) -> None:
        self.restore()
        for number, previous in self._old.items():
            try:
                signal.signal(number, previous)
            except (ValueError, OSError, TypeError):
                pass
        atexit.unregister(self.restore)
