"""Language of an article and of each paragraph, from scripts and stop words.

Script decides Arabic and Hebrew; for Latin script, the French and English stop-word lists
(data files) vote. Anything else is ``other``; a paragraph with no evidence inherits the article's.
"""

from __future__ import annotations

import re

from .datafiles import word_list

LANGS = ("fr", "en", "ar", "he", "other")
_WORD = re.compile(r"[^\W\d_]+")


def script_of(ch: str) -> str:
    """'arabic', 'hebrew', 'latin', 'other' or '' (not a letter)."""
    if not ch.isalpha():
        return ""
    cp = ord(ch)
    if 0x0600 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "arabic"
    if 0x0590 <= cp <= 0x05FF or 0xFB1D <= cp <= 0xFB4F:
        return "hebrew"
    if cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    return "other"


_ARABIC = re.compile(
    "[\u0620-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]"
)
_HEBREW = re.compile("[\u05d0-\u05ea\u05ef-\u05f2\ufb1d-\ufb4f]")
_LATIN = re.compile(
    "[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"
)
_ANY_LETTER = re.compile(r"[^\W\d_]")


def script_counts(text: str) -> dict[str, int]:
    """Letters per script (regular expressions: this runs on every paragraph at index time).
    Letters of other scripts are only counted when the three known ones are scarce."""
    counts = {
        "arabic": len(_ARABIC.findall(text)),
        "hebrew": len(_HEBREW.findall(text)),
        "latin": len(_LATIN.findall(text)),
        "other": 0,
    }
    known = sum(counts.values())
    if known < len(text) // 2:
        counts["other"] = max(0, len(_ANY_LETTER.findall(text)) - known)
    return counts


SAMPLE_CHARS = 1_000  # a paragraph's language shows in its first thousand characters


def detect_language(text: str, default: str = "other") -> str:
    """Best language code for ``text`` (read from its first SAMPLE_CHARS characters: this runs
    on every paragraph at index time); ``default`` when the text gives no evidence."""
    text = text[:SAMPLE_CHARS]
    counts = script_counts(text)
    total = sum(counts.values())
    if total == 0:
        return default
    script = max(counts, key=counts.__getitem__)
    if script == "arabic":
        return "ar"
    if script == "hebrew":
        return "he"
    if script == "other":
        return "other"
    fr_words, en_words = word_list("stopwords_fr.txt"), word_list("stopwords_en.txt")
    fr = en = 0
    for word in _WORD.findall(text.lower()):
        if len(word) < 2:
            continue
        fr += word in fr_words
        en += word in en_words
    if fr == en == 0:
        return default
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return default if default in ("fr", "en") else "fr"


def is_rtl_text(text: str) -> bool:
    """Whether a paragraph reads right to left: its letters are mostly Arabic or Hebrew."""
    counts = script_counts(text)
    rtl = counts["arabic"] + counts["hebrew"]
    return rtl > 0 and rtl >= counts["latin"] + counts["other"]
