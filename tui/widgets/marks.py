"""What each status of a figure looks like, as component classes: ``status--conflict`` for the
list and the side panel (the mark reversed), ``mark--conflict`` for a figure in the reading view
(underlined). Defaults from ``data.MARK_LOOKS``; the App's CSS or a theme may restyle them. The
colours are values, not ANSI names, so that 16- and 256-colour terminals keep red, magenta,
yellow and green apart; under NO_COLOR only weight, slant, underline and reverse remain (Textual
would turn the colours into greys, red the darkest)."""

from __future__ import annotations

import os

from rich.style import Style

from ..data import MARK_COLOURS, MARK_LOOKS

STATUSES = ("conflict", "possible", "changed", "agree", "dismissed", "unchecked")
STATUS_CLASSES = {f"status--{s}" for s in STATUSES}
MARK_CLASSES = {f"mark--{s}" for s in STATUSES}


def default_css(widget: str, kind: str) -> str:
    """CSS rules for ``widget``'s ``kind`` ('status' or 'mark') component classes."""
    rules = []
    for status, look in MARK_LOOKS[kind].items():
        colour = f"color: {MARK_COLOURS[status]}; " if status in MARK_COLOURS else ""
        rules.append(f"{widget} > .{kind}--{status} {{ {colour}text-style: {look}; }}")
    return "\n".join(rules)


def styles_of(widget, kind: str) -> dict[str, Style]:
    """Each status's Rich style, from ``widget``'s component classes."""
    found = {}
    for status in STATUSES:
        style = widget.get_component_rich_style(f"{kind}--{status}", partial=True)
        found[status] = style.without_color if os.environ.get("NO_COLOR") else style
    return found
