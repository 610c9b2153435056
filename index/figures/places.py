"""Countries and territories named in text, in any of the four languages, as CLDR codes.

The names come from the CLDR data that Babel ships (every territory in French, English, Arabic
and Hebrew) and from ``data/places.json`` (other spellings and demonyms). A place names the owner
of a figure when no organisation from ``entities.json`` does: inflation *in Turkey*, the toll
*in Syria*."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from ..datafiles import json_data, word_list
from ..langdetect import script_of
from .lexicon import PhraseTable, Token, listed_phrases, normalize, phrase_words

# CLDR names that are common words or too ambiguous in running text.
_SKIP = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "001", "150", "419"})


@cache
def place_table() -> tuple[PhraseTable, dict[str, str]]:
    """Place names by normalised spelling → code, and each code's English display name."""
    from babel import Locale

    data = json_data("places.json")
    table = _UnaccentedCapitals()
    display: dict[str, str] = {}
    demonyms: dict[str, set[str]] = {}
    for lang in data["languages"]:
        skip = {normalize(name) for name in data["not_places"].get(lang, ())}
        for code, name in Locale.parse(lang).territories.items():
            if code in _SKIP or code.isdigit() or normalize(name) in skip:
                continue
            table.add(phrase_words(name), code)
            for demonym in _demonyms(name, data["demonyms"][lang]):
                demonyms.setdefault(demonym, set()).add(code)
            if lang == "en":
                display.setdefault(code, name)
    not_places = {normalize(n) for names in data["not_places"].values() for n in names}
    for code, name in _iso_names():  # 'République démocratique du Congo', 'Viet Nam'
        if normalize(name) not in not_places:  # 'مالي' is 'financial' before it is Mali
            table.add(phrase_words(name), code)
    for demonym, codes in demonyms.items():
        if len(codes) == 1:  # 'Nigerian' would be Niger's and Nigeria's: neither's
            table.add(phrase_words(demonym), codes.pop())
    for code, names in data["extra"].items():
        for name in names:
            table.add(phrase_words(name), code)
    display.update(data["display"])
    return table, display


class _UnaccentedCapitals(PhraseTable):
    """A place table that also knows each name with its capital's accent left off, as the
    French press often writes it: 'Egypte', 'Egyptiens', 'Ethiopie', 'Emirats arabes unis'."""

    def add(self, words: tuple[str, ...], payload: Any) -> None:
        super().add(words, payload)
        if words and words[0][:1].isalpha():
            first = unicodedata.normalize("NFD", words[0])
            bare = unicodedata.normalize("NFC", first[0] + first[1:].lstrip(_ACCENTS))
            if bare != words[0] and bare[:1].isascii():
                super().add((bare, *words[1:]), payload)


_ACCENTS = "\u0300\u0301\u0302\u0308"  # grave, acute, circumflex, diaeresis


def _iso_names() -> list[tuple[str, str]]:
    """(code, name) for the names of two words or more ISO 3166 gives countries (pycountry:
    name, official and common name, in English and translated to French, Arabic and Hebrew),
    written in their reading order ('Congo, The Democratic Republic of the' → 'The Democratic
    Republic of the Congo')."""
    import gettext

    import pycountry

    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [lang], fallback=True)
        for lang in ("fr", "ar", "he")
    ]
    found = []
    for country in pycountry.countries:
        english = {
            str(getattr(country, field))
            for field in ("name", "official_name", "common_name")
            if getattr(country, field, None)
        }
        for name in english:
            for spelling in {name} | {t.gettext(name) for t in translations}:
                for written in _reading_order(str(spelling)):
                    # one-word names are CLDR's (place_table): here a one-word name is a
                    # common word as often as a place ('Réunion', 'בובה')
                    if len(written.split()) >= 2:
                        found.append((country.alpha_2, written))
    return found


def _reading_order(name: str) -> list[str]:
    """'Congo, The Democratic Republic of the' → that name in reading order; 'Korea, Republic
    of', 'Réunion, Île de la', 'Virgin Islands, British' too; 'الكونغو، جمهوريّة الكونغو
    الدّيموقراطيّة' → the full name after its comma. Other inverted names ('Taiwan, Province of
    China') give nothing: read wrongly, they would name a province of China Taiwan."""
    if "، " in name:
        head, _, tail = name.partition("، ")
        return [tail] if head in tail else []  # not 'تايوان، محافظة صينية' (a province)
    if ", " not in name:
        return [name]
    head, _, tail = name.partition(", ")
    last = tail.split()[-1] if tail.split() else ""
    if last.lower() in json_data("places.json")["inverted_name_endings"] or " " not in tail:
        written = f"{tail} {head}"
        return [written, written[4:]] if written.startswith("The ") else [written]
    return []


def _demonyms(name: str, rule: dict) -> list[str]:
    """The adjective of a one-word country name by its language's first fitting ending
    ('Libya' → 'Libyan', 'Libyans'; 'ليبيا' → 'ليبي', 'الليبية'), in the rule's forms."""
    if " " in name or "-" in name or len(name) < 3:
        return []
    if name.startswith("ال"):
        name = name[2:]
    for ending, replacement in rule["endings"]:
        if name.endswith(ending):
            stem = name[: len(name) - len(ending)] + replacement
            return [form.format(stem) for form in rule["forms"]]
    return []


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


@cache
def _region_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = json_data("scopes.json")["regions"]
    return tuple(  # type: ignore[return-value]
        frozenset(normalize(word) for word in data[key])
        for key in ("before_name", "after_name", "links", "articles")
    )


@cache
def _not_region_names() -> frozenset[str]:
    return frozenset(normalize(word) for word in json_data("scopes.json")["regions"]["not_names"])


def _capitalised(token: Token) -> bool:
    """A word that can be part of a name: capitalised, and not a capitalised small word ('The',
    'La' at the start of a sentence)."""
    word = token.raw[len(token.elided) :] if token.elided else token.raw
    return token.kind == "word" and word[:1].isupper() and normalize(word) not in _small_words()


@cache
def _small_words() -> frozenset[str]:
    words = set(_region_words()[2])
    for lang in ("fr", "en"):
        words |= word_list(f"stopwords_{lang}.txt")
    return frozenset(words)


def _rtl(token: Token) -> bool:
    return token.kind == "word" and script_of(token.raw[0]) in ("arabic", "hebrew")


MAX_REGION_WORDS = 3


# the Arabic article, alone or after a one-letter proclitic ('للمنطقة' is 'ل' + 'المنطقة')
ARABIC_DEFINITE = ("ال", "لل", "وال", "بال", "فال", "كال", "ولل", "فلل")


def _name_after(tokens: list[Token], i: int, text: str) -> tuple[int, int] | None:
    """The name following an area word at ``i``: 'province d'Al-Haouz', 'province of Hatay',
    'إقليم الحوز', 'מחוז אל-חוז'."""
    _, _, links, articles = _region_words()
    j = i + 1
    while j < len(tokens) and tokens[j].kind == "word" and tokens[j].norm in links:
        j += 1
    if j >= len(tokens) or tokens[j].start - tokens[j - 1].end > 1:
        return None
    if _rtl(tokens[i]):
        if not _rtl(tokens[j]) or normalize(tokens[i].raw).startswith(ARABIC_DEFINITE):
            return None  # 'المنطقة المنكوبة', 'للمنطقة التي': with an article, it names no area
        if tokens[j].norm in _not_region_names():
            return None  # 'بولاية رئاسية ثانية': a second presidential term
        last = j
        if tokens[j].norm in articles and j + 2 < len(tokens) and tokens[j + 1].raw == "-":
            last = j + 2  # 'אל-חוז'
        return j, last
    if not _capitalised(tokens[j]):
        return None
    last = j
    while last + 1 < len(tokens) and last - j < MAX_REGION_WORDS * 2:
        nxt = tokens[last + 1]
        gap = text[tokens[last].end : nxt.start]
        if (
            nxt.raw == "-"
            and gap == ""
            and last + 2 < len(tokens)
            and _capitalised(tokens[last + 2])
        ):
            last += 2
        elif gap == " " and _capitalised(nxt) and nxt.norm not in links:
            last += 1
        else:
            break
    return j, last


def _name_before(tokens: list[Token], i: int, text: str) -> tuple[int, int] | None:
    """The name before an area word: 'Hatay province', 'the Al Haouz region'."""
    first = i - 1
    if (
        first < 0
        or not _capitalised(tokens[first])
        or text[tokens[first].end : tokens[i].start] != " "
    ):
        return None
    while first > 0 and i - first < MAX_REGION_WORDS:
        before = tokens[first - 1]
        gap = text[before.end : tokens[first].start]
        if (
            gap in ("", " ")
            and (_capitalised(before) or before.raw == "-")
            and before.kind != "num"
        ):
            first -= 1
        else:
            break
    if tokens[first].raw == "-":
        first += 1
    return first, i - 1


def find_regions(tokens: list[Token], text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every named part of a country: the name as written, article and
    hyphens kept readable ('Al Haouz', 'الحوز'); names that are countries are not parts."""
    before_name, after_name, _, _ = _region_words()
    found = []
    for i, token in enumerate(tokens):
        if token.kind != "word":
            continue
        span = None
        if token.forms & before_name:
            span = _name_after(tokens, i, text)
        if span is None and token.forms & after_name and not _rtl(token):
            span = _name_before(tokens, i, text)
        if span is None:
            continue
        first, last = span
        if find_places(tokens[first : last + 1]):
            continue  # 'la région du Maroc'
        if _listed(tokens, last, text):
            continue  # 'les provinces d'Alep, Lattaquié, Hama': the figure covers them all
        start = tokens[first].start + len(tokens[first].elided)
        name = " ".join(text[start : tokens[last].end].replace("-", " ").split())
        if name:
            found.append((min(token.start, start), max(token.end, tokens[last].end), name))
    return found


class ArticleAreas:
    """The areas one article names with their designator ('la ville de Derna', 'province
    d'Al-Haouz', 'مدينة درنة'): the same name alone elsewhere in the article ('à Derna', 'في
    درنة', its title included) is that area too."""

    def __init__(self) -> None:
        self.table = PhraseTable()
        self.empty = True

    def learn(self, regions: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        for _, _, name in regions:
            self.table.add(phrase_words(name), name)
            if " " in name:  # 'Al Haouz' is written 'Al-Haouz' too
                self.table.add(phrase_words(name.replace(" ", "-")), name)
            self.empty = False
        return regions

    def with_bare(
        self, tokens: list[Token], designated: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """``designated`` and the known names standing alone in ``tokens``."""
        if self.empty:
            return designated
        found = list(designated)
        events = [(s, e) for s, e, _ in _phrase_table("regions", "events").find_all(tokens)]
        links = _region_words()[2]
        starts = {token.start: i for i, token in enumerate(tokens)}
        for start, end, name in self.table.find_all(tokens):
            if any(s <= start < e for s, e, _ in designated):
                continue
            i = starts[start]
            j = i - 1
            while j >= 0 and tokens[j].norm in links:
                j -= 1  # 'le séisme d'Al-Haouz', 'the quake of'
            before = tokens[j].end if j >= 0 else -1
            after = next((t.start for t in tokens if t.start >= end), -1)
            if any(e == before or s == after for s, e in events):
                continue  # 'زلزال الحوز', 'the Derna floods': the event's name
            found.append((start, end, str(name)))
        return sorted(found)


def _listed(tokens: list[Token], last: int, text: str) -> bool:
    """The name is the first of a list: ', Name' or 'et/and/و Name' follows."""
    if last + 1 >= len(tokens):
        return False
    nxt = tokens[last + 1]
    joined = text[tokens[last].end : nxt.start].strip() == ","
    k = last + 1
    while k < len(tokens) - 1 and tokens[k].norm in ("et", "and", "و", "ו", *_region_words()[2]):
        joined, k = True, k + 1  # 'Al Haouz et de Taroudant', 'Alep, de Hama'
    if not joined:
        return False
    after = tokens[k]
    return _capitalised(after) or (_rtl(after) and _rtl(tokens[last]))


def region_key(name: str) -> str:
    """A name's consonants in Latin letters, so that one area named in four scripts compares
    equal: 'Al-Haouz', 'الحوز', 'אל-חוז' → 'hz'; 'Taroudant', 'تارودانت' → 'trdnt'."""
    from anyascii import anyascii

    name = name.strip()
    name = re.sub(r"^(?:ال|אל[-\s]?|(?:al|el)[-\s'’])", "", name, flags=re.IGNORECASE)
    latin = anyascii(name).lower()
    for digraph, sound in (("ou", "w"), ("ch", "sh"), ("dj", "j")):
        latin = latin.replace(digraph, sound)
    latin = re.sub(r"[^a-z]|[aeiouyvw]", "", latin).replace("kh", "k").replace("gh", "g")
    latin = re.sub(r"(.)\1+", r"\1", latin)
    return latin[:-1] if len(latin) > 2 and latin.endswith("h") else latin


MIN_AREA_SKELETON = 3  # shorter consonant keys ('hz', 'ht') fit areas of many countries


@cache
def _area_keys() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Every country's subdivisions (ISO 3166-2 provinces, regions, districts, from pycountry's
    data, with its French and Hebrew names) by Latin spelling and by consonants: name → the
    codes of the countries that have a part of that name."""
    import gettext

    import pycountry
    from anyascii import anyascii

    translations = []
    for lang in ("fr", "he"):
        try:
            translations.append(
                gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
            )
        except OSError:
            continue
    spelled: dict[str, set[str]] = {}
    consonants: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        code = sub.country_code
        for name in {sub.name, *(t.gettext(sub.name) for t in translations)}:
            if script_of(name[:1]) == "latin":
                spelled.setdefault(_latin_key(anyascii(name)), set()).add(code)
            consonants.setdefault(region_key(name), set()).add(code)
    return (
        {key: frozenset(codes) for key, codes in spelled.items() if key},
        {key: frozenset(codes) for key, codes in consonants.items() if key},
    )


def _latin_key(name: str) -> str:
    name = re.sub(r"^(?:al|el)[-\s'’]", "", name.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^a-z]", "", name.lower())


def area_country(name: str) -> str | None:
    """The country of a named area when only one country has a part of that name: 'Herat',
    'Hérat', 'هرات', 'הראת' → AF; 'Taroudant', 'تارودانت' → MA. A name in Latin letters is
    spelled as the list spells it ('Hérat' = 'Herāt'), else compared by its consonants if it
    has more than MIN_AREA_SKELETON ('Taroudant' = 'Taroudannt'); one in Arabic or Hebrew
    letters by its consonants, if it has at least MIN_AREA_SKELETON."""
    from anyascii import anyascii

    spelled, consonants = _area_keys()
    latin = script_of(name.strip()[:1]) == "latin"
    codes = spelled.get(_latin_key(anyascii(name)), frozenset()) if latin else frozenset()
    key = region_key(name)
    if not codes and len(key) >= MIN_AREA_SKELETON + latin:
        codes = consonants.get(key, frozenset())
    return next(iter(codes)) if len(codes) == 1 else None


def _phrase_table(section: str, key: str) -> PhraseTable:
    """The phrases of ``scopes.json`` [section][key], by normalised spelling."""
    return listed_phrases("scopes.json", section, key)


def gross_table() -> PhraseTable:
    """Words saying an amount includes the next one ('less', 'تتضمن')."""
    return _phrase_table("gross", "words")


def gross_before_table() -> PhraseTable:
    """Words adding an amount named before a later one ('factoring in', 'باحتساب')."""
    return _phrase_table("gross", "before")


def net_table() -> PhraseTable:
    """Words saying what follows is taken out of an amount ('net of', 'بعد خصم')."""
    return _phrase_table("gross", "net")


def mostly_table() -> PhraseTable:
    """Words saying an area holds only part of a figure ('principalement', 'mostly', 'معظمهم')."""
    return _phrase_table("regions", "mostly")
