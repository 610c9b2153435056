"""The world's currencies as units, open-world: ISO 4217 names from pycountry in English, French
and Arabic ('Egyptian pound', 'livre égyptienne', 'الجنيه المصري'), and a currency's bare noun
('livres', 'جنيه', 'pounds') read as the currency of that noun of a country the article names
(EGP in an article about Egypt; 'pounds' stays sterling elsewhere, 'livres' stays books).

A bare noun is matched as the unit '?<noun>|<default>' (``units.json`` 'currency' gives the
default, or none), then resolved once the article's countries are known (``resolve``)."""

from __future__ import annotations

import gettext
from functools import cache

from ..datafiles import json_data
from .lexicon import normalize, tokenize

GENERIC = "?"  # a bare currency noun, before resolving: '?pound|GBP', '?livre|'


@cache
def _iso_currencies() -> list[tuple[str, str, dict[str, str]]]:
    """(code, English name, {lang: name}) of each country currency pycountry knows."""
    import pycountry

    not_money = json_data("units.json")["currency_not_money"]  # funds, metals, …
    found = []
    translations = {
        lang: gettext.translation("iso4217", pycountry.LOCALES_DIR, [lang], fallback=True)
        for lang in ("fr", "ar")
    }
    for currency in pycountry.currencies:
        name = currency.name
        lower = name.lower()
        if currency.alpha_3.startswith("X") or any(w in lower for w in not_money):
            continue
        local = {lang: t.gettext(name) for lang, t in translations.items()}
        found.append((currency.alpha_3, name, {k: v for k, v in local.items() if v != name}))
    return found


def _plural(words: list[str]) -> list[str]:
    return [w if w.endswith(("s", "x")) else w + "s" for w in words]


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@cache
def name_forms() -> dict[str, str]:
    """Full currency names, singular and plural, by their spelling → ISO code: 'egyptian
    pounds', 'livres égyptiennes', 'جنيه مصري' (and with its article)."""
    forms: dict[str, str] = {}
    for code, name, local in _iso_currencies():
        english = name.split()
        forms[" ".join(english)] = code
        forms[" ".join(english[:-1] + _plural(english[-1:]))] = code
        if "fr" in local:
            french = local["fr"].split()
            forms[" ".join(french)] = code
            forms[" ".join(_plural(french))] = code
        if "ar" in local:
            arabic = local["ar"].split()
            forms[" ".join(arabic)] = code
            forms[" ".join(_strip_article(w) for w in arabic)] = code
    return forms


@cache
def nouns() -> dict[str, frozenset[str]]:
    """A currency's bare noun (normalised) → the ISO codes it names: 'pound' → EGP, GBP, LBP,
    …; 'livre' → the same; 'جنيه' → EGP, SDG, SSP; with the plurals of ``units.json``
    'currency_plurals'."""
    found: dict[str, set[str]] = {}

    def add(noun: str, code: str) -> None:
        found.setdefault(normalize(noun), set()).add(code)

    plurals = json_data("units.json").get("currency_plurals", {})
    for code, name, local in _iso_currencies():
        english = name.split()[-1]
        for noun in (english, *_plural([english])):
            add(noun, code)
        if "fr" in local:
            french = local["fr"].split()[0]
            for noun in (french, *_plural([french])):
                add(noun, code)
        if "ar" in local:
            arabic = _strip_article(local["ar"].split()[0])
            for noun in (arabic, *plurals.get(arabic, ())):
                add(noun, code)
    return {noun: frozenset(codes) for noun, codes in found.items()}


@cache
def codes() -> frozenset[str]:
    return frozenset(code for code, _, _ in _iso_currencies())


@cache
def currency_of_country(country: str) -> str | None:
    """The currency of a country (ISO 3166 code → ISO 4217 code) when one currency names it:
    EG → EGP; None when none or several do."""
    return _by_country().get(country)


@cache
def _by_country() -> dict[str, str]:
    found: dict[str, set[str]] = {}
    for code, name, _ in _iso_currencies():
        if "(" in name:  # 'US Dollar (Next day)', 'Bolivian Mvdol'-like funds: not money
            continue
        country = country_of(code)
        if country:
            found.setdefault(country, set()).add(code)
    return {country: codes.pop() for country, codes in found.items() if len(codes) == 1}


@cache
def country_of(code: str) -> str | None:
    """The country a currency is of, by the adjective of its English name ('Egyptian Pound' →
    EG), when its name names one."""
    from .places import find_places

    name = next((name for c, name, _ in _iso_currencies() if c == code), None)
    if name is None:
        return None
    found = {place for _, _, place in find_places(tokenize(name, lang="en"))}
    return found.pop() if len(found) == 1 else None


@cache
def name_of(code: str) -> str | None:
    """A currency's English name, as its owner is shown: 'EGP' → 'Egyptian pound' (the ISO
    name with its noun in lower case, as news writes it: 'Egyptian Pound' → 'Egyptian pound')."""
    name = next((name for c, name, _ in _iso_currencies() if c == code), None)
    if name is None:
        return None
    words = name.split()
    return " ".join([*words[:-1], words[-1].lower()]) if len(words) > 1 else name


def is_generic(unit: str | None) -> bool:
    return unit is not None and unit.startswith(GENERIC)


def resolve(unit: str, countries: set[str]) -> str | None:
    """'?pound|GBP' → the currency of that noun of one of ``countries`` (ISO 3166 codes the
    article names: EGP when it names Egypt), else the default (GBP), else None (no currency:
    'livres' with no country whose currency they are are books)."""
    noun, _, default = unit[len(GENERIC) :].partition("|")
    candidates = nouns().get(noun, frozenset())
    mine = sorted(code for code in candidates if country_of(code) in countries)
    if len(mine) == 1:
        return mine[0]
    return default or None
