"""Reading the digits of a number the way its language writes them."""

from __future__ import annotations

import re

from ..analysis import fold_digits

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_GROUPS = re.compile(r"^\d{1,3}(?:([ \u00a0\u202f,.\u066c])\d{3})+$")
MAX_ABS_VALUE = 1e300


def parse_number(raw: str, lang: str) -> float | None:
    """The value of a written number: '68 000' → 68000, '1,7' (fr) → 1.7, '1,700' (en) → 1700,
    '٢٠٢٢' → 2022. None when it is not a sensible number."""
    text = fold_digits(_INVISIBLE.sub("", raw)).replace("\u066b", ".").replace("\u066c", ",")
    fraction, ra, whole = text.partition("\u0631")  # '3ر6' is 6.3 (lexicon.ARABIC_RA_DECIMAL)
    if ra:
        return _value(whole, fraction) if whole.isdigit() and fraction.isdigit() else None
    for ch in " \u00a0\u202f":
        if ch in text:
            integer, _, decimals = _split_decimal(text.replace(ch, ""), lang, grouped=True)
            return _value(integer, decimals)
    integer, _, decimals = _split_decimal(text, lang, grouped=False)
    return _value(integer, decimals)


def _split_decimal(text: str, lang: str, grouped: bool) -> tuple[str, str, str]:
    seps = [ch for ch in text if ch in ",."]
    if not seps:
        return text, "", ""
    if len(set(seps)) == 2:
        decimal = text[max(text.rfind(","), text.rfind("."))]
        thousands = "," if decimal == "." else "."
        integer, _, decimals = text.replace(thousands, "").partition(decimal)
        return integer, decimal, decimals
    sep = seps[0]
    if grouped or len(seps) > 1:
        if len(seps) > 1 and _GROUPS.match(text):
            return text.replace(sep, ""), "", ""
        head, _, tail = text.rpartition(sep)
        if grouped:
            return head.replace(sep, ""), sep, tail
        return text.replace(sep, ""), "", ""
    head, _, tail = text.partition(sep)
    french_decimal = lang == "fr" and sep == ","
    english_decimal = lang != "fr" and sep == "."
    if french_decimal or english_decimal or len(tail) != 3:
        return head, sep, tail
    return head + tail, "", ""


def _value(integer: str, decimals: str) -> float | None:
    try:
        value = float(f"{integer or '0'}.{decimals or '0'}")
    except ValueError:
        return None
    if value != value or abs(value) > MAX_ABS_VALUE:
        return None
    return value


def is_year(raw: str, value: float) -> bool:
    digits = fold_digits(_INVISIBLE.sub("", raw))
    return digits.isdigit() and len(digits) == 4 and 1800 <= value <= 2100
