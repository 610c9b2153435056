"""The side panel: the open article's figures, each marked by status, and below them the other
source's passage for the selected one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on
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


@dataclass
class OtherNumbers:
    """The figures panel's row that folds the other numbers: figures with no owner or no
    measure known and in no finding ('16 heures', '20 ans', '350 milles')."""

    count: int
    folded: bool = True

    def label(self) -> str:
        mark = "▸" if self.folded else "▾"
        noun = "number" if self.count == 1 else "numbers"
        return f"{mark} {self.count} other {noun} (Enter: {'show' if self.folded else 'hide'})"


def is_known(flag: FigureFlag) -> bool:
    """A figure shown first: one with an owner and a measure, or one in a finding."""
    figure = flag.figure
    return bool(figure.get("entity") and figure.get("attribute")) or flag.status != "unchecked"


def render_flag(
    flag: FigureFlag | OtherNumbers, width: int, styles: dict[str, Style] | None = None
) -> Text:
    if isinstance(flag, OtherNumbers):
        return Text(flag.label(), style="dim italic")
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
        self.figures: list[FigureFlag] = []  # the open article's, in text order
        self.folded = True  # the other numbers (kept from one article to the next)

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

    def rows(self) -> list[FigureFlag | OtherNumbers]:
        """The figures with an owner and a measure (or in a finding) first, in text order,
        then the other numbers under one row that folds them."""
        known = [f for f in self.figures if is_known(f)]
        others = [f for f in self.figures if not is_known(f)]
        if not others:
            return list(known)
        return [*known, OtherNumbers(len(others), self.folded), *([] if self.folded else others)]

    def set_flags(self, flags: list[FigureFlag], cursor: int = 0) -> None:
        self.figures = list(flags)
        self.flags.set_items(self.rows(), cursor)
        if not flags:
            self.show_detail(None, None)

    def index_of(self, start: int) -> int | None:
        """The row of the figure at ``start`` (the other numbers unfolded if it is one)."""
        rows = self.flags.items
        found = next(
            (
                i
                for i, f in enumerate(rows)
                if isinstance(f, FigureFlag) and f.figure["start"] == start
            ),
            None,
        )
        if found is None and self.folded and any(f.figure["start"] == start for f in self.figures):
            self.toggle_fold()
            return self.index_of(start)
        return found

    def toggle_fold(self) -> None:
        """Show or hide the other numbers; the selection stays on the folding row."""
        self.folded = not self.folded
        rows = self.rows()
        cursor = next((i for i, f in enumerate(rows) if isinstance(f, OtherNumbers)), 0)
        self.flags.items = rows
        self.flags.cursor = cursor
        self.flags.virtual_size = self.flags.virtual_size.with_height(len(rows))
        self.flags.refresh()
        row = rows[cursor] if rows else None
        self.show_folding(row if isinstance(row, OtherNumbers) else None)

    @on(VirtualList.Chosen, "#flags")
    def chosen(self, event: VirtualList.Chosen) -> None:
        if isinstance(event.list.current, OtherNumbers):
            event.stop()
            self.toggle_fold()

    def show_folding(self, row: OtherNumbers | None) -> None:
        if row is None:
            return
        self.query_one("#detail", Static).update(
            Text(
                f"{row.count} number(s) with no owner or no measure known and in no finding "
                "(durations, distances, ages…): "
                + ("Enter shows them." if row.folded else "Enter hides them."),
                style="dim",
            )
        )

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
