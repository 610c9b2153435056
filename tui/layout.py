"""Laying out an article for a terminal: sanitise, wrap by cells, and put right-to-left lines in
visual order, keeping for every cell the offset of the character it shows.

Pipeline for a right-to-left paragraph (in ``bidi="app"`` mode): wrap the *logical* text by the
cell widths of its *shaped* form → for each line: shape with arabic-reshaper (logical order) →
resolve bidi levels with a right-to-left base → reorder, mirror brackets, marks after their letter
→ right-align. ``bidi="terminal"`` is for terminals that reorder each line themselves (VTE
without ``CSI 8 l``, Konsole, mlterm): the same visual line, encoded so that their left-to-right
reordering shows it (``bidi.for_reordering_terminal``, checked against FriBidi by the tests);
``bidi="plain"`` is logical text with no padding, for pipes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from factdesk.index.langdetect import is_rtl_text, script_of
from factdesk.index.sanitize import sanitize_inline

from .bidi import for_reordering_terminal, reorder_line

_LAM_ALEF = frozenset(chr(c) for c in range(0xFEF5, 0xFEFD))
_LIGATURE_FINAL = frozenset("\ufef6\ufef8\ufefa\ufefc")
_ALEF_FINAL = {"ا": "\ufe8e", "أ": "\ufe84", "إ": "\ufe88", "آ": "\ufe82"}
# Words are runs of anything but breaking white space: a no-break space stays inside its word.
_WORD = re.compile(r"[^ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")


@dataclass
class LayoutLine:
    """One screen line: the characters in display order and, for each, its offset in the
    article text (None for padding)."""

    plain: str
    offsets: list[int | None]
    styles: list[str | None] = field(default_factory=list)
    rtl: bool = False
    base_style: str = ""
    span: tuple[int, int] = (0, 0)  # the logical text this line shows, [start, end)

    def rich(self) -> Text:
        text = Text(self.plain, style=self.base_style, end="")
        run_start, run_style = 0, None
        for i, style in enumerate([*self.styles, None]):
            if style != run_style:
                if run_style:
                    text.stylize(run_style, run_start, i)
                run_start, run_style = i, style
        return text

    @property
    def width(self) -> int:
        return cell_len(self.plain)


@cache
def _reshaper():
    from arabic_reshaper import ArabicReshaper

    return ArabicReshaper(configuration={"delete_harakat": False, "arabic ligature allah": False})


@lru_cache(maxsize=4096)
def shape(text: str) -> tuple[str, list[int]]:
    """Arabic presentation forms for ``text`` and, for each shaped character, the index of the
    first logical character it shows (a lam-alef ligature shows two)."""
    if not any(script_of(ch) == "arabic" for ch in text):
        return text, list(range(len(text)))
    shaped = _reshaper().reshape(text)
    out: list[str] = []
    mapping: list[int] = []
    i = k = 0
    while k < len(shaped) and i < len(text):
        ch = shaped[k]
        if ch not in _LAM_ALEF or text[i] in _LAM_ALEF:  # (a ligature the text already had)
            out.append(ch)
            mapping.append(i)
            i, k = i + 1, k + 1
            continue
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        if j == i + 1 or j >= len(text):
            out.append(ch)
            mapping.append(i)
            i, k = j + 1, k + 1
            continue
        # Marks between lam and alef: no ligature (as FriBidi does); the reshaper moved the
        # marks after its ligature, so they are skipped there.
        final = ch in _LIGATURE_FINAL
        out.append("\ufee0" if final else "\ufedf")
        out.extend(text[i + 1 : j])
        out.append(_ALEF_FINAL.get(text[j], text[j]))
        mapping.extend(range(i, j + 1))
        k += 1 + (j - i - 1)
        i = j + 1
    if i != len(text) or k != len(shaped):  # unforeseen: show the text unshaped
        return text, list(range(len(text)))
    return "".join(out).replace("\ufe80", "\u0621"), mapping  # hamza never joins


# A zero-width character can only widen its cluster near its start (U+FE0F after an emoji, a
# ZWJ sequence); past this many marks one more costs nothing, and 10,000 combining marks on one
# letter (a "Zalgo" text) are laid out in linear time instead of quadratic.
MAX_CLUSTER_MARKS = 16


def cell_widths(text: str) -> list[int]:
    """Cells each character adds, as the terminal counts them: a zero-width character can
    widen its cluster (U+FE0F makes 🖊 two cells wide)."""
    widths = []
    base = None
    for i, ch in enumerate(text):
        width = get_character_cell_size(ch)
        if width == 0 and base is not None and i - base <= MAX_CLUSTER_MARKS:
            width = max(0, cell_len(text[base : i + 1]) - cell_len(text[base:i]))
        elif width:
            base = i
        widths.append(width)
    return widths


def shaped_widths(text: str) -> list[int]:
    """Cells each logical character takes once shaped (the alef of a lam-alef ligature: 0)."""
    form, mapping = shape(text)
    widths = [0] * len(text)
    for width, index in zip(cell_widths(form), mapping, strict=True):
        widths[index] += width
    return widths


def wrap(text: str, width: int, widths: Sequence[int]) -> list[tuple[int, int]]:
    """Greedy wrap of logical text into (start, end) lines of at most ``width`` cells."""
    lines: list[tuple[int, int]] = []
    line_start: int | None = None
    line_end = 0
    used = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = sum(widths[start:end])
        if line_start is not None and used + sum(widths[line_end:start]) + word <= width:
            used += sum(widths[line_end:start]) + word
            line_end = end
            continue
        if line_start is not None:
            lines.append((line_start, line_end))
        while word > width:  # a word wider than the line is cut by cells
            cut, cells = start, 0
            while cut < end and cells + widths[cut] <= width:
                cells += widths[cut]
                cut += 1
            cut = max(cut, start + 1)
            lines.append((start, cut))
            start = cut
            word = sum(widths[start:end])
        line_start, line_end, used = start, end, word
    if line_start is not None:
        lines.append((line_start, line_end))
    return lines


# Combining marks (accents, harakat, niqqud) of every script's main blocks, in runs.
_MARK_RUN = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
    f"{{{MAX_CLUSTER_MARKS + 1},}}"
)
MAX_LAYOUT_CHARS = 200_000  # what ``show`` and the reading view lay out of one article


def excess_marks(text: str) -> int:
    """Combining marks past MAX_CLUSTER_MARKS on one letter: not shown (a "Zalgo" text)."""
    return sum(len(run) - MAX_CLUSTER_MARKS for run in _MARK_RUN.findall(text))


def _kept(text: str) -> tuple[str, list[int] | None]:
    """``text`` without the marks past MAX_CLUSTER_MARKS on any one letter, and for each kept
    character its index in ``text`` (None when nothing is dropped)."""
    runs = [(m.start() + MAX_CLUSTER_MARKS, m.end()) for m in _MARK_RUN.finditer(text)]
    if not runs:
        return text, None
    keep: list[int] = []
    previous = 0
    for start, end in runs:
        keep.extend(range(previous, start))
        previous = end
    keep.extend(range(previous, len(text)))
    return "".join(text[i] for i in keep), keep


def _glued(text: str, offset: int, styles: Sequence[tuple[int, int, str]]) -> str:
    """``text`` for wrapping only: the spaces inside a styled span (a figure such as
    '180 000 d'entre eux', a search hit) do not break, so a line never splits a figure."""
    chars = None
    for span_start, span_end, _ in styles:
        first, last = max(span_start - offset, 0), min(span_end - offset, len(text))
        if first < last and " " in text[first:last]:
            chars = chars or list(text)
            for i in range(first, last):
                if chars[i] == " ":
                    chars[i] = "\u00a0"
    return text if chars is None else "".join(chars)


def has_rtl_script(text: str) -> bool:
    """Arabic or Hebrew in ``text``: it needs laying out right to left."""
    return any(script_of(ch) in ("arabic", "hebrew") for ch in text)


def layout_paragraph(
    text: str,
    offset: int,
    width: int,
    bidi: str = "app",
    styles: Sequence[tuple[int, int, str]] = (),
    rtl: bool | None = None,
    base_style: str = "",
) -> list[LayoutLine]:
    """Lines for one paragraph; ``offset`` is where ``text`` starts in the article, and
    ``styles`` are (start, end, style) spans in article offsets. Combining marks past
    MAX_CLUSTER_MARKS on one letter are left out, so that their cost stays bounded."""
    text, keep = _kept(sanitize_inline(text))
    if keep is not None:
        lines = layout_paragraph(text, 0, width, bidi, (), rtl, base_style)
        kept = [*keep, keep[-1] + 1]  # the end of the text maps to the end
        style_by_offset = _styles_by_offset(styles, offset, offset + kept[-1])
        for line in lines:
            line.offsets = [None if o is None else offset + kept[o] for o in line.offsets]
            line.span = (offset + kept[line.span[0]], offset + kept[line.span[1]])
            line.styles = [None if o is None else style_by_offset.get(o) for o in line.offsets]
        return lines
    rtl = is_rtl_text(text) if rtl is None else rtl
    has_rtl = rtl or has_rtl_script(text)
    for_terminal = bidi.startswith("terminal")
    reorder = (bidi == "app" or for_terminal) and has_rtl
    if reorder:
        # shaped once per paragraph: letters join only within words, so a line's shapes are
        # the paragraph's shapes between its first and last character
        form, mapping = shape(text)
        widths = shaped_widths(text)
    else:
        widths = cell_widths(text)
    style_by_offset = _styles_by_offset(styles, offset, offset + len(text))
    if has_rtl and style_by_offset:
        _upright(text, offset, style_by_offset)
    lines = []
    for start, end in wrap(_glued(text, offset, styles), width, widths):
        piece = text[start:end]
        if reorder:
            first, last = bisect_left(mapping, start), bisect_left(mapping, end)
            visual = reorder_line(form[first:last], 1 if rtl else 0)
            plain = visual.text
            offsets: list[int | None] = [offset + mapping[first + i] for i in visual.order]
        else:
            plain = piece
            offsets = [*range(offset + start, offset + end)]
        if rtl and (bidi == "app" or for_terminal):
            # right-aligned in both modes: a terminal that reorders but aligns left still shows
            # the paragraph at the right edge ('plain', for pipes, adds no padding)
            pad = max(0, width - cell_len(plain))
            plain = " " * pad + plain
            offsets = [*(None for _ in range(pad)), *offsets]
        if for_terminal and has_rtl:
            # the same visual line, encoded for a terminal that reorders it (tui.bidi)
            if bidi == "terminal":
                encoded = for_reordering_terminal(plain) or for_reordering_terminal(
                    plain, absorb_numbers=True
                )
            else:  # Konsole: no mirroring, bracket pairs over the whole row (tui.bidi)
                encoded = for_reordering_terminal(
                    plain, False, isolate=True
                ) or for_reordering_terminal(plain, False, absorb_numbers=True, isolate=True)
            if encoded is not None:
                plain = encoded[0]
                offsets = [None if i is None else offsets[i] for i in encoded[1]]
            else:  # not seen on real text: the shaped logical line, which such terminals reorder
                shaped = form[first:last]
                pad = max(0, width - cell_len(shaped)) if rtl else 0
                plain = " " * pad + shaped
                offsets = [None] * pad + [offset + mapping[first + i] for i in range(len(shaped))]
        line = LayoutLine(
            plain, offsets, rtl=rtl, base_style=base_style, span=(offset + start, offset + end)
        )
        line.styles = [None if o is None else style_by_offset.get(o) for o in offsets]
        lines.append(line)
    return lines


def single_line(text: str, width: int, bidi: str = "app") -> str:
    """``text`` cut to one line of ``width`` cells (with … when cut), in display order: for list
    rows and titles."""
    text = " ".join(sanitize_inline(text).split())
    if cell_len(shape(text)[0]) > width:
        widths = shaped_widths(text)
        cut, used = 0, 0
        while cut < len(text) and used + widths[cut] <= width - 1:
            used += widths[cut]
            cut += 1
        text = text[:cut].rstrip() + "…"
    lines = layout_paragraph(text, 0, max(width, 1), bidi)
    return lines[0].plain.strip(" ") if lines else ""


def _upright(text: str, offset: int, style_by_offset: dict[int, str]) -> None:
    """Arabic and Hebrew letters are never slanted: their scripts have no italic, and terminal
    fonts often have none for them (mlterm draws boxes); bold, underline and colour still mark
    the figure."""
    for at, style in style_by_offset.items():
        if "italic" in style and script_of(text[at - offset]) in ("arabic", "hebrew"):
            style_by_offset[at] = " ".join(w for w in style.split() if w != "italic")


def _styles_by_offset(
    styles: Sequence[tuple[int, int, str]], start: int, end: int
) -> dict[int, str]:
    """The style of each styled offset in [start, end); overlapping spans combine."""
    found: dict[int, str] = {}
    for span_start, span_end, style in styles:
        for offset in range(max(start, span_start), min(end, span_end)):
            found[offset] = f"{found[offset]} {style}" if offset in found else style
    return found


def _unanchored(
    text: str, width: int, bidi: str, style: str, rtl: bool | None = None
) -> list[LayoutLine]:
    """Lines for text that is not part of the article body (title, metadata, notes): no cell
    of them stands for an offset in the article."""
    lines = layout_paragraph(text, 0, width, bidi, rtl=rtl, base_style=style)
    for line in lines:
        line.offsets = [None] * len(line.offsets)
    return lines


def layout_article(
    fields: dict,
    width: int,
    bidi: str = "app",
    styles: Sequence[tuple[int, int, str]] = (),
    max_chars: int = MAX_LAYOUT_CHARS,
) -> list[LayoutLine]:
    """The reading view of a stored article: title, metadata, then paragraphs with a blank line
    between them; past ``max_chars`` of text, a note says how much more the article holds."""
    text = fields["text"]
    lines = _unanchored(fields["title"], width, bidi, "bold")
    meta = " · ".join(
        # the address last: an Arabic slug next to the date pulled the date into the address
        x
        for x in (fields.get("lang", ""), fields.get("date", ""), fields.get("source", ""))
        if x
    )
    # a left-to-right line (language · address · date) whose Arabic or Hebrew words, in an
    # address's slug, are laid out right to left like any such run
    lines += _unanchored(meta, width, bidi, "dim", rtl=False)
    hidden_marks, shown_end = 0, len(text)
    for start, end, _lang in fields["paragraphs"]:
        if start >= max_chars:
            shown_end = start
            break
        if end > max_chars:  # one huge paragraph is cut too, at a space
            cut = text.rfind(" ", start, max_chars)
            end = shown_end = cut if cut > start else max_chars
        lines.append(LayoutLine("", []))
        lines += layout_paragraph(text[start:end], start, width, bidi, styles)
        hidden_marks += excess_marks(text[start:end])
    if shown_end < len(text.rstrip()):
        note = f"[… {len(text) - shown_end:,} more characters not shown; show --json has all]"
        lines.append(LayoutLine("", []))
        lines += _unanchored(note, width, "plain", "dim")
    if hidden_marks:
        note = (
            f"[{hidden_marks:,} combining marks past {MAX_CLUSTER_MARKS} on one letter "
            "are not shown]"
        )
        lines.append(LayoutLine("", []))
        lines += _unanchored(note, width, "plain", "dim")
    return lines
