"""How a figure is shown: its value in words ('about $250M') and its JSON record.

Kept apart from ``findings.py`` (which compares figures and imports the dating and owner
rules) so that the commands that only show figures (``ask``, ``figures``, ``conflicts``) load
little: a command-line process compiles each module it imports.
"""

from __future__ import annotations

import math

from .model import json_number

PUBLIC_KEYS = (
    "path",
    "article",
    "start",
    "end",
    "quote",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "entity",
    "attribute",
    "when",
)


def format_amount(value: float | None, unit: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isinf(value)):
        return "∞"
    magnitude = abs(value)
    for scale, word in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= scale:
            number = f"{value / scale:.3g}{word}"
            break
    else:
        number = f"{value:.4g}"
    if unit in ("USD",):
        return f"${number}"
    if unit == "EUR":
        return f"€{number}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}" if unit else number


def describe(figure: dict) -> str:
    """'about $250M', 'more than 600M users', '30–31 seats'."""
    unit, qualifier = figure["unit"], figure["qualifier"]
    if qualifier == "range":
        low, high = format_amount(figure["low"], unit), format_amount(figure["high"], unit)
        word = f" {unit}" if unit and high.endswith(f" {unit}") else ""
        return f"{low.removesuffix(word)}–{high}"  # '30–31 seats', '$4B–$5B'
    amount = format_amount(figure["value"], unit)
    return amount if qualifier == "exact" else f"{qualifier} {amount}"


def public(figure: dict) -> dict:
    """A figure as the JSON output shows it (open bounds as null), with its source's name
    when it was read with it (``sources.SOURCE_KEYS``)."""
    from ..sources import SOURCE_KEYS

    data = {key: figure.get(key) for key in PUBLIC_KEYS}
    data.update({key: figure[key] for key in SOURCE_KEYS if key in figure})
    for key in ("value", "low", "high"):
        number = data[key]
        data[key] = None if number is None else json_number(number)
    return data
