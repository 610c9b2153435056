"""The side panel: the open article's figures, each marked by status, and below them the other
source's passage for the selected one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from index.figures.findings import describe
from index.figures.model import from_dict
from index.sanitize import sanitize_inline

from ..data import STATUS_STYLE, FigureFlag
from .lines import VirtualList

CONTEXT_CHARS = 90


def render_flag(flag: FigureFlag, width: int) -> Text:
    text = Text(f"{flag.symbol} ", style=STATUS_STYLE[flag.status])
    emphasis = "" if flag.status == "unchecked" else "bold"
    text.append(sanitize_inline(describe(from_dict(flag.figure))), style=emphasis)
    about = " ".join(x for x in (flag.figure["entity"], flag.figure["attribute"]) if x)
    if about:
        text.append(f" {sanitize_inline(about)}", style="dim")
    return text


def passage(fields: dict, start: int, end: int) -> Text:
    """The sentence-ish stretch around [start, end) of an article, the figure highlighted."""
    body = fields["text"]
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(body), end + CONTEXT_CHARS)
    text = Text("…" if left else "")
    text.append(sanitize_inline(body[left:start]))
    text.append(sanitize_inline(body[start:end]), style="reverse bold")
    text.append(sanitize_inline(body[end:right]))
    if right < len(body):
        text.append("…")
    return text


class FindingsPanel(Vertical):
    DEFAULT_CSS = """
    FindingsPanel { border-left: solid $panel; }
    FindingsPanel > #flags { height: 1fr; }
    FindingsPanel > #detail { height: auto; max-height: 60%; border-top: solid $panel;
                              padding: 0 1; overflow-y: auto; }
    """

    def compose(self) -> ComposeResult:
        yield VirtualList(render_flag, empty="No figures in this article.", id="flags")
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
        text = Text(f"{flag.symbol} {flag.status}: ", style=STATUS_STYLE[flag.status])
        text.append(sanitize_inline(flag.summary()))
        if flag.others and other_fields is not None:
            other = flag.others[0]
            text.append(f"\n\n{sanitize_inline(other['article'])} says:\n", style="bold")
            text.append_text(passage(other_fields, other["start"], other["end"]))
            text.append("\n\n[g] go there  [b] back", style="dim")
        detail.update(text)
