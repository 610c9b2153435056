"""The real app on a real pseudo-terminal: hostile article text never reaches the terminal."""

import fcntl
import os
import pty
import struct
import sys
import termios
import time

from factdesk.index.ingest import index_paths
from tests.hostile import end_child, read_pty

HOSTILE = (
    "Titre \x1b]0;pwned-title\x07 piégé\n\n"
    "Un paragraphe \x1b[2Jwiped-screen puis \u202eesrever\u202c et \x9b31mred-c1 et "
    "\u2066isolate\u2069 fin. X vaut 33 milliards de dollars.\n"
    "هذا سطر عربي \u202dمقلوب\u202c مع \x1b[31mلون.\n"
)


def run_app_on_pty(index_dir, shown: bytes, seconds: float = 60.0) -> bytes:
    """The bytes the app writes to a 100x30 pseudo-terminal until ``shown`` has appeared (and
    a moment more), then after 'q'."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execv(
            sys.executable,
            [sys.executable, "-m", "factdesk.tui.cli", "--index-dir", str(index_dir)],
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    output = bytearray()
    try:
        read_pty(fd, output, seconds, until=shown)
        time.sleep(1.0)  # let the rest of the screen arrive
        read_pty(fd, output, 0.5)
        os.write(fd, b"q")
        read_pty(fd, output, 10)
    finally:
        end_child(pid, fd)
    return bytes(output)


def test_hostile_sequences_do_not_reach_the_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    index_paths(tmp_path / "ix", [corpus])
    output = run_app_on_pty(tmp_path / "ix", shown=b"wiped-screen")
    assert b"wiped-screen" in output, "the article was not shown"
    assert b"\x1b[2Jwiped" not in output
    assert b"\x1b]0;pwned" not in output and b"pwned-title" in output
    for forbidden in ("\u202e", "\u202d", "\u202c", "\u2066", "\u2069", "\x9b"):
        assert forbidden.encode("utf-8") not in output
    assert "\u241b".encode() in output  # the visible placeholder for ESC
