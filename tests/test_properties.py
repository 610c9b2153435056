"""Property tests over arbitrary Unicode (hypothesis)."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from factdesk.index.article import parse_article
from factdesk.index.figures.extract import extract_figures
from factdesk.index.sanitize import is_safe, sanitize_inline, sanitize_text
from factdesk.tui.layout import layout_paragraph

# Text that looks like news: digits of several scripts, scale words, Arabic and Latin letters,
# marks, controls, bidi characters, emoji; plus anything at all.
PIECES = st.sampled_from(
    [
        "33",
        "٢٠٢٢",
        "1,7",
        "68 000",
        "68\u202f000",
        " milliards",
        " مليار",
        " دولار",
        "$",
        "%",
        "٪",
        " de dollars",
        "بـ",
        "plus de ",
        "أكثر من ",
        "environ ",
        "X",
        "Twitter",
        "إكس",
        "\u064b",
        "\u0651",
        "لا",
        "(",
        ")",
        "\u202e",
        "\u2066",
        "\x1b[2J",
        "\x9b",
        "\u200b",
        "🖊️",
        "\r\n",
        "\n",
        " ",
        "é",
        "2023",
        "octobre ",
        " à ",
        "-",
    ]
)
NEWSY = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)
ANY = st.one_of(NEWSY, st.text(max_size=300))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ANY)
def test_extraction_never_raises_and_offsets_hold(text):
    article = parse_article("t.txt", "T\n\n" + text)
    for figure in extract_figures(article):
        assert article.text[figure.start : figure.end] == figure.quote
        json.dumps(figure.as_dict(), allow_nan=False)


@FAST
@given(ANY, st.integers(min_value=1, max_value=120), st.sampled_from(["app", "terminal"]))
def test_layout_never_loses_or_duplicates_a_character(text, width, bidi):
    lines = layout_paragraph(text, 0, width, bidi)
    shown = [o for line in lines for o in line.offsets if o is not None]
    assert len(shown) == len(set(shown))
    safe = sanitize_inline(text)
    missing = set(range(len(text))) - set(shown)
    for offset in missing:  # only breaking spaces, and alefs inside lam-alef ligatures
        assert safe[offset].isspace() or (safe[offset] in "اأإآ" and offset - 1 in shown)
    for line in lines:
        # only a lone character wider than the whole line may overflow it
        visible = [ch for ch in line.plain.strip(" ") if cell_len(ch) > 0]
        assert cell_len(line.plain) <= width or len(visible) == 1
        # the only unsafe characters are terminal mode's own left-to-right marks (no offset)
        assert is_safe(
            "".join(
                ch
                for ch, offset in zip(line.plain, line.offsets, strict=True)
                if not (ch == "\u200e" and offset is None and bidi == "terminal")
            )
        )


@FAST
@given(st.text(max_size=500))
def test_sanitiser_output_has_no_control_characters(text):
    for cleaned in (sanitize_text(text), sanitize_inline(text)):
        assert len(cleaned) == len(text)
        for ch in cleaned:
            category = unicodedata.category(ch)
            assert ch in "\t\n\r" or category not in ("Cc", "Cs"), repr(ch)
            assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
    assert "\n" not in sanitize_inline(text) and "\t" not in sanitize_inline(text)
