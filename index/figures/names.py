"""Organisations, parties and people named in an article that no list knows: the open world.

``entities.json`` knows a few organisations in four languages; news names many more ("le
Nouveau Front populaire (NFP)", "Jordan Bardella", "the White Helmets"). In Latin script a
name is a run of capitalised words (small connecting words inside: "Front de libération",
"Bank of England") or an acronym ("RN", "AFAD"); in Arabic and Hebrew text, a Latin acronym
or name written inside it. Within one article, "Long Name (ACR)" makes the acronym the name's
key, so that "RN" in one language and "Rassemblement national (RN)" in another are one owner;
a later mention of a person's last name is the person.

Such a name owns a figure only by grammar (see ``owner.resolve_name``), never by being the
nearest name: sources ("selon l'AFAD", "according to Reuters") are not owners.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache

from ..datafiles import json_data, word_list
from ..langdetect import script_of
from .lexicon import PhraseTable, Token, listed_phrases, normalize, word_forms

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$")
MAX_NAME_WORDS = 6


@cache
def _grammar() -> dict:
    return json_data("grammar.json")["names"]


@cache
def _small_words() -> frozenset[str]:
    words: set[str] = set()
    for lang in ("fr", "en"):
        words |= word_list(f"stopwords_{lang}.txt")
    words |= {normalize(w) for w in _grammar()["not_names"]}
    return frozenset(words)


@cache
def _event_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in _grammar()["events"])


@cache
def _connectors() -> frozenset[str]:
    return frozenset(normalize(w) for w in _grammar()["connectors"])


def attribution_table() -> PhraseTable:
    """Words that introduce a source, not an owner: 'selon', 'according to', 'بحسب', 'לפי'."""
    return listed_phrases("grammar.json", "names", "attribution")


def _bare(token: Token) -> str:
    return token.raw[len(token.elided) :] if token.elided else token.raw


def is_acronym(token: Token) -> bool:
    return token.kind == "word" and bool(_ACRONYM.match(_bare(token)))


def _name_word(token: Token) -> bool:
    return token.kind == "word" and _is_name_word(token.raw)


@lru_cache(maxsize=1 << 17)  # asked of every word of every paragraph with figures
def _is_name_word(raw: str) -> bool:
    """Whether a word (a token's spelling, its forms and elided article as ``word_forms``
    makes them) may be part of a name."""
    forms, elided = word_forms(raw)
    word = raw[len(elided) :] if elided else raw
    if script_of(word[:1]) != "latin" or not word[:1].isupper():
        return False
    small = _small_words()  # 'January's rate': the month's, not a name's
    return bool(_ACRONYM.match(word)) or (normalize(word) not in small and small.isdisjoint(forms))


def find_names(
    tokens: list[Token],
    text: str,
    sentence_starts: set[int],
    taken: list[tuple[int, int]],
    known: frozenset[str] = frozenset(),
) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every name: capitalised runs and acronyms that no place,
    listed organisation or measure word already covers (``taken``). A single ordinary
    capitalised word opening a sentence ('Ensemble, ils…') is not taken for a name. A run
    longer than a place it holds is a name ('Jordan Bardella', 'Banque de France'). A name with
    an event word is an event, not an owner ('Paris Olympics': its figures are the story's)."""
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        if not _name_word(tokens[i]):
            i += 1
            continue
        last = j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1]
            if text[tokens[j].end : nxt.start] not in (" ", "-", ""):
                break
            if _name_word(nxt) and j + 1 - i < MAX_NAME_WORDS:
                j = last = j + 1
            elif (  # 'Jean-Luc Mélenchon': a hyphen inside a name's word
                nxt.raw == "-"
                and j + 2 < len(tokens)
                and nxt.end == tokens[j + 2].start
                and _name_word(tokens[j + 2])
                and j + 2 - i < MAX_NAME_WORDS
            ):
                j = last = j + 2
            elif (  # 'Rassemblement national', 'Parti socialiste': French names lower-case
                # the words after their first; only name words continue a name made of them
                nxt.raw[:1].islower()
                and _folded(nxt.raw) in _lowercase_fr()
                and _folded(tokens[j].raw) in _concept_of()
                and j + 1 - i < MAX_NAME_WORDS
            ):
                j = last = j + 1
            elif (
                nxt.norm in _connectors()
                and j + 2 < len(tokens)
                and _name_word(tokens[j + 2])
                and text[nxt.end : tokens[j + 2].start] in (" ", "")
                and j + 2 - i < MAX_NAME_WORDS
            ):
                j = last = j + 2
            else:
                break
        first = i
        for k in range(i, last):  # 'Yair Lapid's Yesh Atid', 'Netanyahu's Likud': the party
            if tokens[k].raw.endswith(("'s", "’s")):
                first = k + 1
        start = tokens[first].start + len(tokens[first].elided)
        end = tokens[last].end
        if tokens[last].raw.endswith(("'s", "’s")) and len(tokens[last].raw) > 2:
            end -= 2  # 'X’s existing debt', 'Netanyahu's bloc': the name is X, Netanyahu
        i = last + 1
        if any(s <= start and end <= e for s, e in taken):
            continue  # a place or a listed organisation, nothing more
        if any(tokens[k].norm in _event_words() for k in range(first, last + 1)):
            continue  # an event ('Paris Olympics', 'the World Cup'): its figures are the story's
        if last == first and start in sentence_starts:
            if (
                not is_acronym(tokens[last])
                and name_key(text[start:end]) not in known
                and not _result_verbs().match_at(tokens, last + 1)
            ):
                continue  # 'Ensemble, ils…'; but 'Bardella a…' once 'Jordan Bardella' is named,
                # and 'Likud won 32 seats'

        found.append((start, end, " ".join(text[start:end].split())))
    return found


def _result_verbs() -> PhraseTable:
    return listed_phrases("grammar.json", "names", "result_verbs")


def name_skeleton(surface: str) -> str:
    """A name's consonants in Latin letters, word by word, so that one party or organisation
    spelt in several scripts compares equal: 'Likud', 'الليكود', 'הליכוד' → 'lkd'; 'Yesh
    Atid', 'يش عتيد', 'יש עתיד' → 'std'; 'Meretz', 'ميرتس', 'מרצ' → 'mrts'."""
    return "".join(name_word_keys(surface))


def name_word_keys(surface: str) -> list[str]:
    """Each word's consonants (``name_skeleton``): 'Tebboune Abdelmadjid' and 'Abdelmadjid
    Tebboune' have the same words in another order; 'Tebboune' alone is one of them."""
    from .places import region_key

    keys = []
    for word in re.split(r"[\s\-–]+", surface):
        word = word.strip(_NAME_QUOTES)
        if word[:1] == "ה" and len(word) > 3:  # Hebrew 'the'
            word = word[1:]
        keys.append(
            region_key(word.translate(_HEBREW_STOPS)).replace("tz", "ts").replace("sh", "s")
        )
    return keys


# Hebrew letters read hard, as names are spelt in Latin letters ('ביתנו' Beitenu, 'ש"ס' Shas)
_HEBREW_STOPS = str.maketrans({"ב": "b", "ש": "sh", "כ": "k", "ך": "k", "פ": "p", "ף": "p"})
_NAME_QUOTES = "\"'«»“”„‘’()"


@cache
def _concept_of() -> dict[str, str]:
    """Each listed form of a name word → its concept (``name_words.json``)."""
    forms: dict[str, str] = {}
    for concept, by_lang in json_data("name_words.json")["concepts"].items():
        for words in by_lang.values():
            for word in words:
                forms.setdefault(_folded(word), concept)
    return forms


@cache
def _lowercase_fr() -> frozenset[str]:
    """French forms that continue a capitalised name in lower case ('Rassemblement national')."""
    return frozenset(
        _folded(w) for by in json_data("name_words.json")["concepts"].values() for w in by["fr"]
    )


def _folded(word: str) -> str:
    folded = unicodedata.normalize("NFKD", normalize(word))
    return "".join(ch for ch in folded if not unicodedata.combining(ch) or ch > "\u0600")


_NAME_SMALL = frozenset(
    {"de", "du", "des", "d'", "of", "the", "and", "et", "la", "le", "les", "l'"}
)


def name_concepts(surface: str) -> str:
    """The concepts a name's words say, sorted, when every word (past articles and connectors)
    is a listed name word (``name_words.json``), else '': 'Rassemblement national', 'National
    Rally' and 'التجمع الوطني' → 'national+rally'. One name in several languages compares equal
    by them; a name with any other word ('Likud', 'Banque de France') has none."""
    concepts = []
    for word in re.split(r"[\s\-–]+", surface):
        word = _folded(word.strip(_NAME_QUOTES + ",.!"))
        for elided in ("l'", "d'"):
            word = word.removeprefix(elided)
        if not word or word in _NAME_SMALL:
            continue
        concept = _concept_of().get(word)
        if concept is None and word[:1] in ("و", "ו") and len(word) > 3:  # 'and' stuck on
            concept = _concept_of().get(word[1:])
        if concept is None:
            return ""
        concepts.append(concept)
    return "+".join(sorted(set(concepts)))


def is_assembly(surface: str) -> bool:
    """Whether a name is an assembly's ('Assemblée nationale', 'the National Assembly'):
    one of its words' concepts is an assembly's (``name_words.json`` assemblies)."""
    concepts = name_concepts(surface)
    return bool(concepts) and not _assemblies().isdisjoint(concepts.split("+"))


@cache
def _assemblies() -> frozenset[str]:
    return frozenset(json_data("name_words.json")["assemblies"])


def initials(surface: str) -> str:
    """A long name's initials, as its acronym spells them ('Rassemblement national' → 'RN',
    'Nouvelle union populaire écologique et sociale' → 'NUPES'); '' for a single word."""
    words = [w for w in re.split(r"[\s\-–]+", surface) if w]
    letters = [
        w.removeprefix("l'").removeprefix("d'")[:1]
        for w in words
        if _folded(w) not in ("de", "du", "des", "d'", "of", "and", "et", "&")
    ]
    return "".join(letters).upper() if len(letters) >= 2 and all(letters) else ""


def name_key(surface: str) -> str:
    """How one name is compared: case and accents folded, hyphens as spaces."""
    return " ".join(normalize(surface).replace("-", " ").split())


class ArticleNames:
    """The names of one article and their aliases: 'Nouveau Front populaire (NFP)' → NFP;
    'Bardella' after 'Jordan Bardella' → Jordan Bardella."""

    def __init__(self) -> None:
        self.canonical: dict[str, str] = {}  # key → display name of the owner

    def learn(self, names: list[tuple[int, int, str]], text: str) -> None:
        for (_, e1, a), (s2, e2, b) in itertools.pairwise(names):
            between = text[e1:s2].strip()
            # 'Rassemblement national (RN)': lowercase words may end the long name
            tail = between[:-1].split() if between.endswith("(") else None
            if tail is not None and len(tail) <= 3 and all(w.islower() for w in tail):
                between = "("
            if between in ("(", "، (") and text[e2 : e2 + 1] == ")":
                long, short = (a, b) if len(b) < len(a) else (b, a)
                if _acronym_text(short):
                    # a long name other languages translate word by word is the owner's
                    # name ('Nouvelle union populaire écologique et sociale (Nupes)' = 'New
                    # Ecologic and Social People's Union'), else the acronym ('AFAD')
                    shown = long if name_concepts(long) else short
                    self.canonical.setdefault(name_key(short), shown)
                    self.canonical[name_key(long)] = self.canonical[name_key(short)]
        for _, _, surface in names:
            key = name_key(surface)
            if key in self.canonical:
                continue
            words = key.split()
            if len(words) == 1:  # a last name alone: the person named in full earlier
                fuller = [
                    value
                    for known, value in self.canonical.items()
                    if len(known.split()) > 1 and known.split()[-1] == words[0]
                ]
                if len(set(fuller)) == 1:
                    self.canonical[key] = fuller[0]
                    continue
            self.canonical[key] = surface

    def words(self) -> frozenset[str]:
        """Single words that name a known owner: its key, or a person's last name."""
        return frozenset(key.split()[-1] for key in self.canonical if key.split()) | frozenset(
            self.canonical
        )

    def owner(self, surface: str) -> str:
        return self.canonical.get(name_key(surface), surface)


def _acronym_text(surface: str) -> bool:
    return bool(_ACRONYM.match(surface))
