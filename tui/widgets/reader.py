"""The reading view: the article laid out by ``tui.layout`` (right-to-left paragraphs in visual
order), drawn line by line, re-laid out on resize, with figures and search hits highlighted."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..keys import bindings
from ..layout import LayoutLine, layout_article
from .marks import MARK_CLASSES, default_css, styles_of

HIT_STYLE = "reverse"
CURRENT_HIT_STYLE = "reverse bold underline"


class ReaderView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    ReaderView { height: 1fr; }
    """ + default_css("ReaderView", "mark")
    # j/k, Home/End, PgUp/PgDn: the pane moves itself; o and y: the app opens the address and
    # copies the current paragraph
    BINDINGS = [*bindings("pane"), *bindings("reader")]
    COMPONENT_CLASSES = MARK_CLASSES

    def __init__(self, bidi: str = "app", **kwargs) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi
        self.fields: dict | None = None
        self.lines: list[LayoutLine] = []
        self.figure_styles: list[tuple[int, int, str]] = []
        self._mark_styles: dict[str, str] = {}
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self.placeholder = "No article open."
        self._laid_out_width = 0

    # --- content ---------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._read_mark_styles()

    def notify_style_update(self) -> None:
        super().notify_style_update()  # a theme or the CSS changed
        if self.is_mounted:
            self._read_mark_styles()

    def _read_mark_styles(self) -> None:
        self._mark_styles = {s: str(style) for s, style in styles_of(self, "mark").items()}

    @property
    def mark_styles(self) -> dict[str, str]:
        """How each figure status is marked in the text (``mark--*`` component classes), read
        on the main thread when the view is mounted or restyled, for the loading worker."""
        return self._mark_styles

    def lay_out(self, fields: dict, figure_styles=(), hits=()) -> tuple[int, list[LayoutLine]]:
        """The lines for an article at the current width; pure, so a worker thread can do it
        before the article is shown."""
        width = self._text_width()
        styles = list(figure_styles) + [(s, e, HIT_STYLE) for s, e in sorted(hits)]
        return width, layout_article(fields, width, self.bidi, styles)

    def show_article(self, fields: dict | None, figure_styles=(), hits=(), laid_out=None) -> None:
        self.fields = fields
        self.figure_styles = list(figure_styles)
        self.hits = sorted(hits)
        self.current_hit = -1
        if laid_out is not None and laid_out[0] == self._text_width():
            self._laid_out_width, self.lines = laid_out
            self.virtual_size = Size(self._laid_out_width, len(self.lines))
            self.refresh()
        else:
            self._relayout()
        self.scroll_to(y=0, animate=False)

    def set_hits(self, hits) -> None:
        self.hits = sorted(hits)
        self.current_hit = -1
        self._relayout()

    def _styles(self) -> list[tuple[int, int, str]]:
        styles = list(self.figure_styles)
        for i, (start, end) in enumerate(self.hits):
            styles.append((start, end, CURRENT_HIT_STYLE if i == self.current_hit else HIT_STYLE))
        return styles

    def _relayout(self) -> None:
        width = self._text_width()
        self._laid_out_width = width
        if self.fields is None:
            self.lines = []
        else:
            self.lines = layout_article(self.fields, width, self.bidi, self._styles())
        self.virtual_size = Size(width, len(self.lines))
        self.refresh()

    def _text_width(self) -> int:
        """Cells for text: the view less its scrollbar and a one-cell margin on each side. The
        scrollbar's cells are kept whether it shows yet or not: an article laid out before its
        scrollbar appeared lost the end of every line under it (the start, for Arabic)."""
        width = self.size.width - self.styles.gutter.width
        scrollbar = self.styles.scrollbar_size_vertical
        return max(10, width - scrollbar - 2) if width > 0 else 78

    def on_resize(self) -> None:
        if self._text_width() != self._laid_out_width:
            self._relayout()

    # --- moving ----------------------------------------------------------------------------
    def line_of(self, offset: int) -> int | None:
        for number, line in enumerate(self.lines):
            if offset in line.offsets:
                return number
        return None

    def reveal(self, offset: int) -> None:
        """Scroll so that the character at ``offset`` is in view, a third of the way down."""
        number = self.line_of(offset)
        if number is not None:
            self.scroll_to(y=max(0, number - self.size.height // 3), animate=False)

    def step_hit(self, delta: int) -> bool:
        if not self.hits:
            return False
        self.current_hit = (self.current_hit + delta) % len(self.hits)
        self._relayout()
        self.reveal(self.hits[self.current_hit][0])
        return True

    def current_paragraph(self) -> tuple[int, int] | None:
        """The paragraph `y` copies, as (start, end) in the text: the current search hit's;
        else the first paragraph beginning on screen (else the one the top line is in)."""
        if self.fields is None:
            return None
        paragraphs = [(s, e) for s, e, _ in self.fields.get("paragraphs", [])]
        if not paragraphs:
            return None

        def holding(offset: int) -> tuple[int, int] | None:
            return next(((s, e) for s, e in paragraphs if s <= offset < e), None)

        if 0 <= self.current_hit < len(self.hits):
            return holding(self.hits[self.current_hit][0])
        top = int(self.scroll_offset.y)
        shown = self.lines[top : top + max(1, self.size.height)]
        offsets = [o for line in shown for o in line.offsets if o is not None]
        starts = {s for s, _ in paragraphs}
        begins = [o for o in offsets if o in starts]
        if begins:
            return holding(min(begins))
        return holding(min(offsets)) if offsets else paragraphs[0]

    def action_open_url(self) -> None:
        getattr(self.app, "open_article_url", lambda: None)()

    def action_copy_passage(self) -> None:
        getattr(self.app, "copy_paragraph", lambda: None)()

    def action_cursor_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_cursor_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    # --- drawing ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        number = self.scroll_offset.y + y
        if not self.lines:
            if y == 0:
                message = self.placeholder[:width].ljust(width)
                return Strip([Segment(message, base + Style(dim=True))])
            return Strip.blank(width, base)
        if number >= len(self.lines):
            return Strip.blank(width, base)
        text = self.lines[number].rich()
        segments = [Segment(" ", base), *Segment.apply_style(text.render(self.app.console), base)]
        return Strip(segments).adjust_cell_length(width, base)
