"""A figure stated in an article: where, what value and unit, what interval, about what."""

from __future__ import annotations

import math
from dataclasses import dataclass

ASSEMBLY = "(whole assembly)"  # the owner of an assembly's size and its majority


@dataclass
class Figure:
    path: str
    article: str
    start: int
    end: int
    quote: str
    value: float
    unit: str | None
    qualifier: str
    low: float
    high: float
    entity: str | None = None
    attribute: str | None = None
    when: str | None = None
    lang: str = ""
    article_date: str = ""
    owner_from: str = ""  # 'article': the article's subject owns it, not its sentence; 'name': an
    # open-world name does (names.py), not a listed organisation or a place; 'currency': an
    # exchange rate's currency's country does
    weekdays: tuple[int, ...] = ()  # 'lundi' (1) in an article with no date: its story dates it
    monthday: str = ""  # '6 février' ('02-06') in an article with no date: its story's year
    reference: str = ""  # '40 km west of Herat': the place a distance is from ('Herat')

    def as_dict(self) -> dict:
        data = dict(vars(self))
        if not data["weekdays"]:
            del data["weekdays"]
        for key in ("monthday", "reference"):
            if not data[key]:
                del data[key]
        for key in ("value", "low", "high"):
            data[key] = json_number(data[key])
        return data


def json_number(value: float) -> float | int | None:
    """Integers stay integers; infinities (open bounds) become null so JSON stays valid."""
    if value is None or math.isinf(value) or math.isnan(value):
        return None
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def from_dict(data: dict) -> dict:
    """Stored figures come back with open bounds as null; restore them as infinities."""
    data = dict(data)
    if data.get("low") is None:
        data["low"] = -math.inf
    if data.get("high") is None:
        data["high"] = math.inf
    return data
