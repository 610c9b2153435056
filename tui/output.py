"""Where the command line meets the terminal: every string printed goes through the sanitiser.

Data (titles, file names, quotes, entities, snippets, errors) is never interpreted as Rich markup,
and a console that sanitises every segment it writes makes sure that no escape sequence, C1
control or bidi override from data can reach the terminal, whatever code path printed it.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable

from factdesk.index.sanitize import json_safe, sanitize_inline, sanitize_text


def prepare_streams() -> None:
    """Output that the terminal's encoding cannot show (Arabic under ``PYTHONIOENCODING=ascii``
    or a Latin-1 locale) becomes ``?`` instead of a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, io.UnsupportedOperation):  # pragma: no cover - closed stream
                pass


def _can_encode_all(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


LRM = "\u200e"
# the marks the layout itself puts in lines for a terminal that reorders (tui.bidi): LRM, and
# LRI, RLI, PDI for Konsole; the data's own were replaced when it was laid out
LAYOUT_MARKS = re.compile("([\u200e\u2066\u2067\u2069])")


def _sanitize_keeping_lrm(text: str) -> str:
    pieces = LAYOUT_MARKS.split(text)  # marks at odd positions
    return "".join(p if i % 2 else sanitize_text(p) for i, p in enumerate(pieces))


def make_console(stderr: bool = False, keep_lrm: bool = False):
    """A Rich console that prints data safely: no markup, no emoji codes, every segment
    sanitised. ``keep_lrm``: the marks that the layout puts in lines for a terminal that
    reorders (``--bidi terminal``: LRM; on Konsole also the isolates LRI, RLI, PDI) are kept;
    the data's own were replaced when it was laid out."""
    from rich.console import Console
    from rich.segment import Segment

    clean = _sanitize_keeping_lrm if keep_lrm else sanitize_text

    class SafeConsole(Console):
        def on_broken_pipe(self) -> None:
            """A reader that stopped reading (``| head``) is no error: quiet, status 0."""
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(0)

        def _render_buffer(self, buffer):
            return super()._render_buffer(
                segment if segment.control else Segment(clean(segment.text), segment.style)
                for segment in buffer
            )

    stream = sys.stderr if stderr else sys.stdout
    # piped output is not wrapped at 80 columns: one record, one line, for grep and scripts
    return SafeConsole(
        highlight=False, markup=False, emoji=False, stderr=stderr, soft_wrap=not stream.isatty()
    )


def print_json(data: object, stream=None) -> None:
    """JSON on standard output: UTF-8 where the stream can take it, else ASCII escapes; unsafe
    characters always escaped (the data is unchanged for a JSON reader). ``Lazy`` arrays in
    ``data`` (``index.jsonstream``) are written item by item as they are read, with the same
    text a list would give."""
    from factdesk.index.jsonstream import chunks, encoder_for

    stream = stream or sys.stdout
    # indented for a person; compact for a program (the encoder is 10x faster without indent)
    indent = 2 if _is_terminal(stream) else None
    encoder = encoder_for(not _can_encode_all(stream), indent)
    _write(chunks(data, encoder), stream)
    stream.write("\n")


def _write(pieces: Iterable[str], stream, size: int = 1 << 16) -> None:
    """JSON text made safe (``json_safe``: one character for one escape, so pieces are safe
    one by one) and written in blocks of about ``size`` characters."""
    block: list[str] = []
    held = 0
    for piece in pieces:
        block.append(piece)
        held += len(piece)
        if held >= size:
            stream.write(json_safe("".join(block)))
            block, held = [], 0
    if block:
        stream.write(json_safe("".join(block)))


SCHEMA = 1  # the version of a command's JSON records' shape (docs/json.md): a key removed or
# changed, or what a key holds by default, makes a new one for that command's records
SCHEMAS = {"ask": 2}  # 2: answers and findings hold the first --limit (10), with their totals


def stamped(record: object, version: int = SCHEMA) -> object:
    """A JSON record with its ``schema`` version as its first key (a dict; others as they are)."""
    return {"schema": version} | record if isinstance(record, dict) else record


def stream_json(
    items: Iterable[object], lines: bool = False, stream=None, schema: bool = False
) -> int:
    """A JSON array of ``items`` (or JSON Lines: one item a line), written item by item so
    that memory stays flat however many there are (with ``schema``, each with its schema
    version); returns how many were written."""
    stream = stream or sys.stdout
    if schema:
        items = (stamped(item) for item in items)
    ascii_only = not _can_encode_all(stream)
    # indented for a person at a terminal; one compact item a line for a program (Python's
    # JSON encoder is ten times faster without indent: 6.8 s → 0.7 s for 1,212 findings)
    indent = 2 if not lines and _is_terminal(stream) else None
    from factdesk.index.jsonstream import chunks, encoder_for

    encoder = encoder_for(ascii_only, indent)
    count = 0
    for item in items:
        if lines:
            _write(chunks(item, encoder), stream)
            stream.write("\n")
        else:
            stream.write("[\n  " if count == 0 else ",\n  ")
            _write(chunks(item, encoder, level=1), stream)
        count += 1
    if not lines:
        stream.write("[]\n" if count == 0 else "\n]\n")
    return count


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def eprint(message: str) -> None:
    """One line on standard error, sanitised."""
    print(" ".join(sanitize_inline(message).split()), file=sys.stderr)
