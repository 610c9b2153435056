"""Countries and territories named in text, in any of the four languages, as CLDR codes.

The names come from the CLDR data that Babel ships (every territory in French, English, Arabic
and Hebrew) and from ``data/places.json`` (other spellings and demonyms). A place names the owner
of a figure when no organisation from ``entities.json`` does: inflation *in Turkey*, the toll
*in Syria*."""

from __future__ import annotations

from functools import cache

from ..datafiles import json_data
from .lexicon import PhraseTable, Token, phrase_words

# CLDR names that are common words or too ambiguous in running text.
_SKIP = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "001", "150", "419"})


@cache
def place_table() -> tuple[PhraseTable, dict[str, str]]:
    """Place names by normalised spelling → code, and each code's English display name."""
    from babel import Locale

    data = json_data("places.json")
    table = PhraseTable()
    display: dict[str, str] = {}
    for lang in data["languages"]:
        for code, name in Locale.parse(lang).territories.items():
            if code in _SKIP or code.isdigit():
                continue
            table.add(phrase_words(name), code)
            if lang == "en":
                display.setdefault(code, name)
    for code, names in data["extra"].items():
        for name in names:
            table.add(phrase_words(name), code)
    display.update(data["display"])
    return table, display


def find_places(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, code) of every place named in ``tokens``."""
    return [(start, end, str(code)) for start, end, code in place_table()[0].find_all(tokens)]


def place_name(code: str) -> str:
    return place_table()[1].get(code, code)


@cache
def scope_table() -> PhraseTable:
    """Phrases naming a part of a country (``scopes.json``) → the part's label."""
    table = PhraseTable()
    for label, phrases in json_data("scopes.json")["parts"].items():
        for phrase in phrases:
            table.add(phrase_words(phrase), label)
    return table


def find_scopes(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(start, end, label) of every phrase naming a part of a country."""
    return [(start, end, str(label)) for start, end, label in scope_table().find_all(tokens)]
