"""The side panel: the open article's figures, each marked by status, and below them the other
source's passage for the selected one."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from factdesk.index.figures.findings import describe
from factdesk.index.figures.model import from_dict
from factdesk.index.sanitize import sanitize_inline
from factdesk.index.sources import source_label

from ..data import STATUS_STYLE, FigureFlag
from .lines import VirtualList

CONTEXT_CHARS = 90


def render_flag(flag: FigureFlag, width: int, styles: dict[str, Style] | None = None) -> Text:
    # the mark as its status says (reversed for a conflict); the row in the status's colour
    style = (styles or {}).get(flag.status) or Style.parse(STATUS_STYLE[flag.status])
    text = Text(style=style + Style(reverse=False))
    text.append(flag.symbol, style=style)
    verdict = flag.verdict
    if verdict is not None:  # the verdict a person gave (✔ confirmed, ≠ not the same, ↺ …)
        from ..findings import verdict_symbol

        text.append(verdict_symbol(verdict["verdict"]), style="bold")
    text.append(" ")
    emphasis = "" if flag.status == "unchecked" else "bold"
    text.append(sanitize_inline(describe(from_dict(flag.figure))), style=emphasis)
    about = " ".join(x for x in (flag.figure["entity"], flag.figure["attribute"]) if x)
    if about:
        text.append(f" {sanitize_inline(about)}", style="dim")
    return text


def passage_lines(
    fields: dict,
    start: int,
    end: int,
    width: int = 60,
    bidi: str = "app",
    context: int = CONTEXT_CHARS,
):
    """The stretch around [start, end) of an article (``context`` characters of its paragraph
    either side), from word to word, laid out like the reading view (Arabic and Hebrew right to
    left, joined), the figure highlighted; and whether text was left out before and after it."""
    from ..layout import layout_paragraph

    body = fields["text"]
    paragraph = next(
        ((s, e, lang) for s, e, lang in fields.get("paragraphs", []) if s <= start < e),
        (0, len(body), fields.get("lang", "")),
    )
    left = max(paragraph[0], start - context)
    right = min(paragraph[1], end + context)
    while left > paragraph[0] and not body[left - 1].isspace():
        left -= 1  # whole words: no '…âtonné'
    while right < paragraph[1] and not body[right].isspace():
        right += 1
    lines = layout_paragraph(
        body[left:right],
        left,
        max(10, width),
        bidi,
        styles=[(start, end, "reverse bold")],
        rtl=paragraph[2] in ("ar", "he") or None,
    )
    return lines, left > paragraph[0], right < paragraph[1]


def passage(
    fields: dict,
    start: int,
    end: int,
    width: int = 60,
    bidi: str = "app",
    context: int = CONTEXT_CHARS,
) -> Text:
    """The passage with '…' where text is left out: at the start of its first line and the end
    of its last, in the passage's own direction (the right of the first line of Arabic), inside
    ``width``."""
    lines, before, after = passage_lines(fields, start, end, max(10, width) - 2, bidi, context)
    text = Text()
    for number, line in enumerate(lines):
        first, last = number == 0, number == len(lines) - 1
        if number:
            text.append("\n")
        if line.rtl:  # reads from the right: it starts at the right, ends at the left
            rich = line.rich()
            if last and after:  # in the padding that right-aligns it, when it has some
                text.append("… ")
                rich = rich[2:] if rich.plain.startswith("  ") else rich
            text.append_text(rich)
            text.append(" …" if first and before else "  ")
        else:
            text.append("… " if first and before else "  " if before else "")
            text.append_text(line.rich())
            if last and after:
                text.append(" …")
    return text


class FindingsPanel(Vertical):
    DEFAULT_CSS = """
    FindingsPanel { border-left: solid $panel; }
    FindingsPanel > #flags { height: 1fr; }
    FindingsPanel > #detail { height: auto; max-height: 60%; border-top: solid $panel;
                              padding: 0 1; overflow-y: auto; }
    """

    def __init__(self, bidi: str = "app", **kwargs) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi

    def compose(self) -> ComposeResult:
        rows = VirtualList(
            lambda flag, width: render_flag(flag, width, rows.status_styles()),
            empty="No figures in this article.",
            id="flags",
        )
        yield rows
        yield Static("", id="detail")

    @property
    def flags(self) -> VirtualList:
        return self.query_one("#flags", VirtualList)

    def set_flags(self, flags: list[FigureFlag]) -> None:
        self.flags.set_items(flags)
        if not flags:
            self.show_detail(None, None)

    def show_detail(self, flag: FigureFlag | None, other_fields: dict | None) -> None:
        detail = self.query_one("#detail", Static)
        if flag is None:
            detail.update("")
            return
        text = Text()
        styles: dict[str, Style] = getattr(
            self.flags, "status_styles", dict
        )()  # (a panel not mounted: defaults)
        from ..findings import verdict_label, verdict_symbol

        style = styles.get(flag.status) or STATUS_STYLE[flag.status]
        status = "not the same quantity" if flag.status == "dismissed" else flag.status
        text.append(f"{flag.symbol} {status}:", style=style)
        text.append(" ")
        text.append(sanitize_inline(flag.summary()))
        verdict = flag.verdict
        if verdict is not None:
            text.append(
                f"\nverdict: {verdict_symbol(verdict['verdict'])} "
                f"{verdict_label(verdict['verdict'])}",
                style="bold",
            )
            if verdict["note"]:
                text.append(f" — {sanitize_inline(verdict['note'])}")
        if flag.other is not None and other_fields is not None:
            other = flag.other
            text.append(f"\n\n{sanitize_inline(source_label(other))} says:", style="bold")
            if len(flag.others) > 1:
                text.append(
                    f" ({flag.shown % len(flag.others) + 1} of {len(flag.others)}, [o] next)",
                    style="dim",
                )
            text.append("\n")
            width = detail.size.width - 2 if detail.size.width > 12 else 40
            text.append_text(passage(other_fields, other["start"], other["end"], width, self.bidi))
            text.append("\n\n[g] go there  [b] back", style="dim")
        detail.update(text)
