"""The feeds view: every subscribed feed with its last update, its state or last error, the
articles stored and the items waiting, and the failures of the app's last update. Read in a
thread worker, without the feeds' lock (an update may be running: ``index.feeds.read_feeds``)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from factdesk.index.sanitize import sanitize_inline

from ..layout import single_line
from .modal import ScrollingModal


@dataclass
class FeedsRead(Message):
    feeds: list
    error: str = ""


def feeds_text(feeds: list, failures: list[str], updating: bool, width: int, bidi: str) -> Text:
    """The view's text: a feed a block (number, title, address; its state), then the last
    update's failures."""
    text = Text("Feeds", style="bold")
    text.append(
        f"  ({len(feeds)} subscribed; u updates them all on the main screen; q or Esc: back)\n",
        style="dim",
    )
    if updating:
        text.append("an update is running (its progress is in the status line)\n", style="bold")
    if not feeds:
        text.append("\nNo feeds. Subscribe from the shell: factdesk feed add URL\n")
    for number, feed in enumerate(feeds, 1):
        stored = sum(1 for v in feed.seen.values() if v)
        text.append(f"\n{number:>3}  ", style="bold")
        title = sanitize_inline(feed.title) or "(not fetched yet)"
        text.append(single_line(title, max(10, width - 6), bidi), style="bold")
        text.append(f"\n     {single_line(sanitize_inline(feed.url), max(10, width - 6), 'plain')}")
        state = [f"{stored} article(s)"]
        state.append(f"updated {feed.updated}" if feed.updated else "never updated")
        if feed.status:
            state.append(sanitize_inline(feed.status))
        if feed.pending:
            state.append(f"{len(feed.pending)} item(s) to fetch")
        line = " · ".join(state)
        style = "" if feed.status in ("", "ok", "not modified") else "bold"
        text.append(
            f"\n     {single_line(line, max(10, width - 6), 'plain')}", style=style or "dim"
        )
    if failures:
        text.append(f"\n\nThe last update's failures ({len(failures)}):", style="bold")
        for line in failures:
            text.append(f"\n  {single_line(sanitize_inline(line), max(10, width - 3), 'plain')}")
    return text


class FeedsScreen(ScrollingModal):
    DEFAULT_CSS = """
    FeedsScreen { align: center middle; }
    FeedsScreen > VerticalScroll { width: 90%; max-width: 110; height: auto; max-height: 90%;
                                   border: round $accent; background: $surface; padding: 0 1; }
    FeedsScreen Static { height: auto; }
    """
    BINDINGS = [
        Binding("escape,q,F", "dismiss", "Close", id="close_feeds"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("Reading the feeds…", style="dim"), id="feeds-view")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.read()

    @work(thread=True, exclusive=True, group="feeds-view")
    def read(self) -> None:
        from factdesk.index.feeds import FeedError, read_feeds

        index_dir = getattr(self.app, "index_dir", None)
        try:
            feeds = read_feeds(index_dir) if index_dir is not None else []
        except FeedError as err:
            self.post_message(FeedsRead([], str(err)))
            return
        self.post_message(FeedsRead(feeds))

    def on_feeds_read(self, message: FeedsRead) -> None:
        view = self.query_one("#feeds-view", Static)
        if message.error:
            view.update(Text(sanitize_inline(message.error)))
            return
        width = view.size.width or 100
        view.update(
            feeds_text(
                message.feeds,
                list(getattr(self.app, "feed_failures", [])),
                bool(getattr(self.app, "feeds_updating", False)),
                width,
                getattr(self.app, "bidi", "app"),
            )
        )
