"""A keyboard-driven list that renders only its visible rows (Textual's line API), so 50,000
entries cost 50,000 small tuples, not 50,000 widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..keys import bindings
from .marks import STATUS_CLASSES, default_css, styles_of

RowRenderer = Callable[[Any, int], Text]


class VirtualList(ScrollView, can_focus=True):
    """Rows of any kind, drawn by ``render_row(item, width)``; one highlighted cursor row."""

    DEFAULT_CSS = """
    VirtualList { height: 1fr; overflow-x: hidden; }
    VirtualList > .virtual-list--cursor { background: $accent 40%; }
    VirtualList:focus > .virtual-list--cursor { background: $accent; color: $text; }
    """ + default_css("VirtualList", "status")
    BINDINGS = bindings("pane")  # j/k, Home/End, PgUp/PgDn: the pane moves itself
    COMPONENT_CLASSES = {"virtual-list--cursor", *STATUS_CLASSES}

    class Highlighted(Message):
        def __init__(self, sender: VirtualList, index: int) -> None:
            super().__init__()
            self.list = sender
            self.index = index

        @property
        def control(self) -> VirtualList:
            return self.list

    class Chosen(Highlighted):
        """Enter (or a click) on a row."""

    def __init__(self, render_row: RowRenderer, empty: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._status_styles: dict[str, Style] | None = None
        self.items: Sequence[Any] = ()
        self.cursor = 0
        self._render_row = render_row
        self.empty = empty

    def status_styles(self) -> dict[str, Style]:
        """How each figure status is drawn in rows (``status--*`` component classes)."""
        if self._status_styles is None:
            self._status_styles = styles_of(self, "status")
        return self._status_styles

    def notify_style_update(self) -> None:
        self._status_styles = None  # a theme or the CSS changed
        super().notify_style_update()

    def set_items(self, items: Sequence[Any], cursor: int = 0) -> None:
        self.items = items
        self.cursor = max(0, min(cursor, len(items) - 1))
        self.virtual_size = Size(0, len(items))
        self.scroll_to(y=0, animate=False)
        self._show_cursor()
        self.refresh()
        if items:
            self.post_message(self.Highlighted(self, self.cursor))

    @property
    def current(self) -> Any | None:
        return self.items[self.cursor] if self.items else None

    def show_selected(self, index: int) -> None:
        """Select ``index`` without announcing it (the app opened that item itself)."""
        if 0 <= index < len(self.items) and index != self.cursor:
            self.cursor = index
            self._show_cursor()
            self.refresh()

    def move_cursor(self, delta: int) -> None:
        if not self.items:
            return
        new = max(0, min(len(self.items) - 1, self.cursor + delta))
        if new != self.cursor:
            self.cursor = new
            self._show_cursor()
            self.refresh()
            self.post_message(self.Highlighted(self, self.cursor))

    def _show_cursor(self) -> None:
        height = max(1, self.size.height)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_down(self) -> None:
        self.move_cursor(1)

    def action_cursor_up(self) -> None:
        self.move_cursor(-1)

    # Home/End/PgUp/PgDn move the selection (ScrollView's own bindings only scrolled, and the
    # next j jumped back to the selection)
    def action_scroll_home(self) -> None:
        self.move_cursor(-len(self.items))

    def action_scroll_end(self) -> None:
        self.move_cursor(len(self.items))

    def action_page_down(self) -> None:
        self.move_cursor(max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(-max(1, self.size.height - 1))

    def action_choose(self) -> None:
        if self.items:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.items):
            self.cursor = index
            self.refresh()
            self.post_message(self.Highlighted(self, index))
            self.post_message(self.Chosen(self, index))

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.items))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        # the cells left of the scrollbar: rows drawn at the full width lost their end under it
        # (an Arabic title its first letters)
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if not self.items:
            if y == 0 and self.empty:
                return Strip([Segment(self.empty[:width].ljust(width), base + Style(dim=True))])
            return Strip.blank(width, base)
        if index >= len(self.items):
            return Strip.blank(width, base)
        text = self._render_row(self.items[index], width)
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("virtual-list--cursor")
        return Strip(Segment.apply_style(segments, style), width).crop(0, width)
