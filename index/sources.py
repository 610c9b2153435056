"""Sources by name: people name a source by its outlet, its date and its headline, not by the
file it was saved in. The outlet is the host of the article's ``Source:`` address (without
'www.': 'ibtimes.co.in'), else the file's name without its extension; file names are the last
resort.

Figures and findings read from the catalog carry these as extra keys (``SOURCE_KEYS``); the
stored reasons of a finding name files ('15 dead (01_en.txt) vs …'), and ``name_sources``
writes them with the sources' names when they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

SOURCE_KEYS = ("outlet", "published", "headline")  # added to every figure read back
# an address urlsplit reads as scheme://host/… with nothing to undo (no space, no user, port or
# brackets, ASCII): its host taken as it stands, without urlsplit (a lookup names thousands)
_PLAIN_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9_.-]+)(?:[/?#]\S*)?")


def outlet(source: str, path: str) -> str:
    """'https://www.lemonde.fr/…' → 'lemonde.fr'; no address (or not a web one): the file's
    name without its extension."""
    host = ""
    if "://" in source:
        plain = _PLAIN_ADDRESS.fullmatch(source) if source.isascii() else None
        if plain is not None:
            host = plain[1].lower().removeprefix("www.")
            if host:  # (of the characters [\w.-] matches)
                return host
        else:
            try:
                host = (urlsplit(source.strip()).hostname or "").lower()
            except ValueError:
                host = ""
    host = host.removeprefix("www.")
    if host and re.fullmatch(r"[\w.-]+", host):
        return host
    from .paths import display_name

    name = display_name(path)
    stem, _, _ = name.rpartition(".")
    return stem or name


def source_label(figure: dict) -> str:
    """'lemonde.fr, 2025-03-29': how a figure's source is named to a person (the file's name
    when the figure carries no source keys)."""
    name = figure.get("outlet") or outlet("", figure.get("path") or figure.get("article") or "")
    date = figure.get("published") or ""
    return f"{name}, {date}" if date else name


def name_sources(text: str, figures: Iterable[dict]) -> str:
    """A finding's reasons with each file name, standing alone or in brackets, written as its
    source's name: '15 dead (01_en_rapidtidings.txt) vs …' → '15 dead (rapidtidings.com) vs
    …', '13_ar_okaz.txt gives no date' → 'sauress.com gives no date'."""
    done: set[str] = set()
    for figure in figures:
        article = figure.get("article")
        if not article or article in done or article not in text:
            continue
        done.add(article)
        pattern = re.compile(rf"(?<![^\s(]){re.escape(article)}(?![^\s),:;])")
        text = pattern.sub(source_label(figure).replace("\\", "\\\\"), text)
    return text
