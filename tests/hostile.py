"""A hostile-input corpus: what an attacker can put in an article's text, title or file name, and
the checks that no terminal control sequence from it reaches a terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESC, ST, BEL = "\x1b", "\x1b\\", "\x07"

TITLE = (
    f"Titre {ESC}]2;PWN-TITLE{ST}{ESC}]52;c;cm0gLXJmIH4={ST}{ESC}[41mRED "
    f"{ESC}P+q{ST}\u202egnirts\u202c \x9b31m zorglub"
)
ARTICLES = {
    "title.txt": f"{TITLE}\n\nLe texte parle de zorglub : X a 600 millions d'utilisateurs.\n",
    f"{ESC}]2;FILENAME{ST}.txt": "Autre\n\nX a 250 millions d'utilisateurs selon un rapport.\n",
    "[link=https:evil]click.txt": "Lien\n\nX a 900 millions d'utilisateurs, dit zorglub.\n",
    "bidi-\u202ename\u202c.txt": "Nom\n\nX a 640 millions d'utilisateurs en 2025 (zorglub).\n",
    "c1-\x9b2J.txt": "C1\n\nX a 100 millions d'utilisateurs (zorglub).\n",
    "arabic.txt": "عنوان\n\nلدى إكس 600 مليون مستخدم حسب الشركة، يقول zorglub.\n",
}

# What a terminal would act on: OSC, DCS, SOS/PM/APC and CSI sequences, 8-bit C1 controls, and
# the bidi embeddings, overrides and isolates that reorder what a reader sees.
FORBIDDEN = re.compile(
    rb"\x1b[\]P^_X]|\x1b\[41m|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]"
    rb"|\xd8\x9c"
    rb"|PWN-TITLE\x1b|FILENAME\x1b|\x1b]8;"
)


def write_hostile_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / os.fsdecode(b"bad-\xff-name.txt")).write_text(
        "Octets\n\nX a 610 millions d'utilisateurs (zorglub).\n", encoding="utf-8"
    )
    return folder


def run_on_pty(args: list[str], cwd: Path, seconds: float = 60.0, columns: int = 100) -> bytes:
    """Everything a command writes to a pseudo-terminal (stdout and stderr both)."""
    import fcntl
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.environ.update(
            TERM="xterm-256color", COLUMNS=str(columns), LINES="30", PYTHONPATH=str(ROOT)
        )
        os.execv(sys.executable, [sys.executable, "-m", "factdesk.tui.cli", *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    output = bytearray()
    try:
        read_pty(fd, output, seconds)
    finally:
        end_child(pid, fd)
    return bytes(output)


def read_pty(fd: int, output: bytearray, seconds: float, until: bytes | None = None) -> bool:
    """Append what the pseudo-terminal ``fd`` gives to ``output`` for at most ``seconds``, or
    until ``until`` has appeared (True), or until the program closes it (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until is not None and until in output:
            return True
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            output += chunk
    return False


def end_child(pid: int, fd: int) -> None:
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)


def leaks(output: bytes) -> list[bytes]:
    return [output[max(0, m.start() - 20) : m.end() + 20] for m in FORBIDDEN.finditer(output)]


def fribidi_lines(options: list[str], lines: list[str]) -> list[str]:
    """GNU FriBidi's output for each of ``lines`` (one paragraph each), with ``options``."""
    import subprocess

    done = subprocess.run(
        ["fribidi", *options],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split("\n")[: len(lines)]
