"""Whoosh analysis chains per language, modelled on Lucene's French and Arabic analyzers.

Whoosh pickles the schema with the analyzers in it, so every filter here must stay importable
under this module path. Each chain is script-aware: an Arabic word inside a French article is
analysed as Arabic, whatever the field.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from whoosh.lang.porter2 import stem as porter_stem

from .datafiles import json_data, word_list
from .langdetect import script_of

# Combining marks (Latin accents, Arabic harakat, Hebrew niqqud), tatweel and zero-width joiners
# belong to the word they sit in; Python's \w does not match them.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0591-\u05c7\u200c\u200d\u00ad"
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
TOKEN_PATTERN = rf"\d+(?:[.,\u066b\u066c]\d+)*|{_LETTER}+(?:['’]{_LETTER}+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_HEBREW_MARKS = re.compile("[\u0591-\u05c7]")
_INVISIBLE = re.compile("[\u200b-\u200f\u00ad\u2060\ufeff]")
_ALEF_FORMS = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "ال", "لل")
_AR_PROCLITICS = ("و", "ب", "ل", "ك", "ف")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def fold_digits(text: str) -> str:
    """Any Unicode decimal digit (Arabic-Indic, Persian, ...) to ASCII 0-9."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)


def fold_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_arabic(word: str) -> str:
    """Lucene's ArabicNormalizer: no harakat or tatweel, one alef, ى → ي, ة → ه."""
    return _ARABIC_MARKS.sub("", word).translate(_ALEF_FORMS)


@cache
def _arabic_lemmas() -> dict[str, str]:
    return {
        normalize_arabic(k): normalize_arabic(v) for k, v in json_data("arabic_lemmas.json").items()
    }


def stem_arabic(word: str) -> str:
    """Lucene's ArabicStemmer plus the single-letter proclitics ب ل ك ف (news text uses them a lot).

    Words in ``arabic_lemmas.json`` (scale words, currencies) are never cut.
    """
    lemmas = _arabic_lemmas()
    if word in lemmas:
        return lemmas[word]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) >= len(prefix) + 2:
            word = word[len(prefix) :]
            break
    else:
        if word[:1] in _AR_PROCLITICS and word[1:] in lemmas:
            return lemmas[word[1:]]
        if word[:1] in _AR_PROCLITICS and len(word) >= 6:
            word = word[1:]
    if word in lemmas:
        return lemmas[word]
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


def stem_french(word: str) -> str:
    """A light French stemmer in the spirit of Lucene's FrenchLightStemmer: plurals, feminine
    and past-participle endings, so inflected forms of one word meet."""
    if len(word) > 4 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    for suffix, replacement in (("euse", "eux"), ("rice", "eur"), ("ive", "if"), ("elle", "el")):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)] + replacement
            break
    while len(word) > 4 and word[-1] in "eé":
        word = word[:-1]
    return word


def _language_filter():
    """``LanguageFilter``, made when first asked for (``__getattr__``): Whoosh's analysis
    package loads urllib.request, email and ssl, a quarter of what a quick lookup (``ask``)
    imports, and only an index's schema uses the filter."""
    from whoosh.analysis import Filter

    class LanguageFilter(Filter):
        """Lower-cases, normalises, removes stop words and stems each token for one language."""

        def __init__(self, lang: str):
            self.lang = lang

        def __eq__(self, other: object) -> bool:
            return isinstance(other, LanguageFilter) and other.lang == self.lang

        def __hash__(self) -> int:
            return hash(("LanguageFilter", self.lang))

        def __call__(self, tokens):
            position = 0
            for token in tokens:
                text = analyse_word(token.text, self.lang)
                if text is None:
                    if token.removestops:
                        continue
                    token.stopped = True
                else:
                    token.stopped = False
                    token.text = text
                if getattr(token, "positions", False):
                    token.pos = position
                position += 1
                yield token

    LanguageFilter.__qualname__ = "LanguageFilter"  # (pickled by name in Whoosh's schema)
    return LanguageFilter


def __getattr__(name: str):
    if name == "LanguageFilter":
        made = globals().get(name)  # (made once: pickle asks that it be the same class)
        if made is None:
            made = globals()[name] = _language_filter()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return word_list(f"stopwords_{lang}.txt")
    except FileNotFoundError:
        return frozenset()


@cache
def _elisions() -> frozenset[str]:
    return word_list("elisions_fr.txt")


@lru_cache(maxsize=262_144)
def analyse_word(raw: str, lang: str) -> str | None:
    """The index term for one token, or None for a stop word (cached: news text repeats its
    words, and stemming is the costliest step of indexing)."""
    word = _INVISIBLE.sub("", unicodedata.normalize("NFC", raw))
    if word[:1].isdigit():
        return fold_digits(word).replace("\u066b", ",").replace("\u066c", "")
    first_letter = next((ch for ch in word if ch.isalpha()), "")
    script = script_of(first_letter)
    if script == "arabic":
        word = normalize_arabic(word)
        if not word or word in _stop_words("ar"):
            return None
        if word[0] == "و" and word[1:] in _stop_words("ar"):
            return None
        return stem_arabic(word)
    if script == "hebrew":
        return _HEBREW_MARKS.sub("", word) or None
    word = word.casefold().replace("’", "'")
    if lang == "fr" or (lang not in ("en",) and "'" in word):
        head, _, tail = word.partition("'")
        if tail and head in _elisions():
            word = tail
    if not word:
        return None
    if lang == "fr":
        if word in _stop_words("fr"):
            return None
        return fold_accents(stem_french(word))
    if lang == "en":
        if word in _stop_words("en"):
            return None
        return fold_accents(porter_stem(word))
    return fold_accents(word)


def language_analyzer(lang: str):
    from whoosh.analysis import RegexTokenizer

    return RegexTokenizer(TOKEN_PATTERN) | __getattr__("LanguageFilter")(lang)


class PreAnalyzed:
    """A field's text as its analyser reads it, made where the article is read (an indexing
    worker) and filed as is by ``schema.AnalysedText``: each term (UTF-8) with its frequency and
    its positions already encoded as the index stores them (``codec.encode_positions``), so the
    writing process only files postings."""

    __slots__ = ("postings",)

    def __init__(self, postings: list[tuple[bytes, int, bytes]]):
        self.postings = postings

    def __getstate__(self):
        return self.postings

    def __setstate__(self, state):
        self.postings = state

    @classmethod
    def of(cls, text: str, lang: str) -> PreAnalyzed:
        """The terms and positions ``language_analyzer(lang)`` gives (its tokenizer's matches,
        each through ``analyse_word``; a stop word takes no position), without its token
        objects: this runs on every article at index time."""
        from .codec import encode_positions

        terms: dict[str, list[int]] = {}
        position = 0
        for match in TOKEN_RE.finditer(text):
            term = analyse_word(match.group(), lang)
            if term is not None:
                found = terms.get(term)
                if found is None:
                    terms[term] = [position]
                else:
                    found.append(position)
                position += 1
        return cls(
            [
                (term.encode("utf-8"), len(positions), encode_positions(positions))
                for term, positions in terms.items()
            ]
        )
