"""The search box, with Arabic and Hebrew laid out right to left as the reading view does.

Textual's Input draws the query in logical order: typed Arabic showed backwards and unjoined
wherever the app lays out right-to-left text itself (``--bidi app``). Here the query is drawn in
visual order (shaped, reordered, FriBidi-checked like every line of the app), with the cursor on
the cell that shows the character it stands before, and the selection on the cells of the
selected characters. Editing is Textual's own: only the drawing changes."""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from ..layout import has_rtl_script


class SearchInput(Input):
    bidi = "app"  # set by the app (and switched with it)

    def render_line(self, y: int) -> Strip:
        value = self.value
        if y != 0 or not value or self.password or self.bidi != "app" or not has_rtl_script(value):
            return super().render_line(y)
        from ..layout import layout_paragraph

        line = layout_paragraph(value, 0, 1_000_000, "app", rtl=False)[0]
        text = Text(line.plain, no_wrap=True, overflow="ignore", end="")
        cursor_cell = None
        if self.has_focus:
            if not self.selection.is_empty:
                start, end = sorted(self.selection)
                style = self.get_component_rich_style("input--selection")
                for cell, offset in enumerate(line.offsets):
                    if offset is not None and start <= offset < end:
                        text.stylize_before(style, cell, cell + 1)
            if self._cursor_visible:
                cursor_cell = self._cursor_cell(
                    line.offsets, self.cursor_position, len(value), len(text)
                )
                if cursor_cell == len(text):
                    text.pad_right(1)
                text.stylize(
                    self.get_component_rich_style("input--cursor"), cursor_cell, cursor_cell + 1
                )
        width = self.scrollable_content_region.width
        console = self.app.console
        segments = list(
            console.render(
                text, self.app.console_options.update_width(max(width, len(text.plain) + 1))
            )
        )
        strip = Strip(segments)
        start = 0
        if cursor_cell is not None and cursor_cell >= width:  # keep the cursor in view
            start = cursor_cell - width + 1
        strip = strip.crop(start, start + width + 1).extend_cell_length(width + 1)
        return strip.apply_style(self.rich_style)

    @staticmethod
    def _cursor_cell(offsets: list[int | None], cursor: int, length: int, end: int) -> int:
        """The cell of the character the cursor stands before (a lam-alef ligature shows two
        characters in one cell: the cell of the lam); at the end of the query, the cell after
        the text."""
        if cursor >= length:
            return end
        best, best_offset = end, -1
        for cell, offset in enumerate(offsets):
            if offset is not None and best_offset < offset <= cursor:
                best, best_offset = cell, offset
        return best
