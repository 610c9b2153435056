"""Making article text safe for a terminal, one character for one character.

Terminal escape sequences start with ESC (or a C1 control), and bidi override or isolate characters
can reorder what a reader sees (Trojan-source style). Each such character is replaced by one visible
placeholder, so offsets into the sanitised text are offsets into the original.
"""

from __future__ import annotations

import re
import unicodedata

PLACEHOLDER = "\ufffd"

# C0 controls except tab and line breaks, DEL, C1 controls, bidi embeddings, overrides, isolates
# and marks, the Arabic letter mark, line/paragraph separators, interlinear annotation marks,
# tag characters and lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)
_C0_PICTURE_BASE = 0x2400


def _placeholder(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(_C0_PICTURE_BASE + code)  # ␛ for ESC, ␀ for NUL, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    if ch in "\u2028\u2029":
        return " "
    return PLACEHOLDER


def sanitize_text(text: str) -> str:
    """Safe text with tabs and line breaks kept; same length as the input."""
    text = UNSAFE.sub(_placeholder, text)
    if "\ufe0f" in text:
        text = _EMOJI_SELECTOR.sub(_text_presentation, text)
    return text


# '🖊️' (U+1F58A U+FE0F): a character one cell wide asking to be drawn as an emoji. Rich and
# Textual count two cells for it; xterm, Konsole and mlterm draw one, which shifts the rest of
# the row. Asked for as text instead (U+FE0E), it is one cell everywhere.
_EMOJI_SELECTOR = re.compile(".\ufe0f", re.DOTALL)


def _text_presentation(match: re.Match[str]) -> str:
    base = match.group()[0]
    if unicodedata.east_asian_width(base) in ("W", "F"):
        return match.group()  # '😀️': two cells anyway
    return base + "\ufe0e"


def sanitize_inline(text: str) -> str:
    """Safe single-line text: line breaks and tabs become spaces; same length as the input."""
    return sanitize_text(text).translate({9: " ", 10: " ", 13: " "})


def is_safe(text: str) -> bool:
    return UNSAFE.search(text) is None


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes characters past the BMP
        code -= 0x10000
        high, low = 0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)
        return f"\\u{high:04x}\\u{low:04x}"
    return f"\\u{code:04x}"


def json_safe(dumped: str) -> str:
    """JSON text with every unsafe character written as a ``\\uXXXX`` escape: the same data to
    a JSON reader, and no raw control, C1 or bidi character for a terminal."""
    return UNSAFE.sub(_json_escape, dumped)
