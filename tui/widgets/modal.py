"""A modal screen of text that scrolls: the help and the feeds view share its keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen


class ScrollingModal(ModalScreen[None]):
    """A modal whose body is one ``VerticalScroll``: j/k scroll it, as arrows, PgUp/PgDn and
    Home/End do once it has the focus. Subclasses add their close binding and their body."""

    BINDINGS = [
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def action_scroll(self, direction: str) -> None:
        body = self.query_one(VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
