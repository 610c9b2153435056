"""Right-to-left layout checked line by line against GNU FriBidi (an independent reference),
and against python-bidi where the two must agree."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bidi import get_display
from rich.cells import cell_len

from factdesk.index.article import parse_article
from factdesk.index.langdetect import is_rtl_text, script_of
from factdesk.index.sanitize import sanitize_inline
from factdesk.tui.layout import layout_article, layout_paragraph, shape
from tests.hostile import fribidi_lines

ARABIC_SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_40f9653985f70d8d.txt"

if not shutil.which("fribidi"):
    if os.environ.get("CI"):
        raise RuntimeError("fribidi (Debian libfribidi-bin) is required for the RTL tests in CI")
    pytest.skip("fribidi not installed", allow_module_level=True)


def fribidi(logical: str) -> str:
    result = subprocess.run(
        ["fribidi", "--rtl", "--nopad", "--nobreak"],
        input=logical.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8").rstrip("\n").replace("\ufeff", "")


def fribidi_many(segments: list[str]) -> list[str]:
    """One fribidi run for many lines (each line is its own paragraph)."""
    result = subprocess.run(
        ["fribidi", "--rtl", "--nopad", "--nobreak"],
        input="\n".join(segments).encode("utf-8"),
        capture_output=True,
        check=True,
    )
    lines = result.stdout.decode("utf-8").split("\n")
    return [line.replace("\ufeff", "") for line in lines[: len(segments)]]


@pytest.fixture(scope="module")
def seed():
    text = ARABIC_SEED.read_bytes().decode("utf-8")
    return parse_article(str(ARABIC_SEED), text)


def logical_span(line):
    offsets = [o for o in line.offsets if o is not None]
    assert min(offsets) == line.span[0] and max(offsets) < line.span[1]
    return line.span


@pytest.mark.parametrize("width", [30, 50, 80])
def test_arabic_seed_lines_match_fribidi(seed, width):
    text = seed.text
    checked = 0
    for paragraph in seed.paragraphs:
        chunk = text[paragraph.start : paragraph.end]
        lines = layout_paragraph(chunk, paragraph.start, width, "app")
        rtl = is_rtl_text(chunk)
        segments = []
        for line in lines:
            assert cell_len(line.plain) <= width, line.plain
            start, end = logical_span(line)
            segments.append(sanitize_inline(text[start:end]))
        if not rtl:
            continue
        for line, segment, reference in zip(lines, segments, fribidi_many(segments), strict=True):
            assert line.plain.lstrip(" ") == reference, segment
            assert cell_len(line.plain) == width  # right-aligned
            checked += 1
    assert checked >= 15


@pytest.mark.parametrize("width", [30, 50, 80])
def test_no_character_lost_or_duplicated(seed, width):
    text = seed.text
    for paragraph in seed.paragraphs:
        chunk = text[paragraph.start : paragraph.end]
        lines = layout_paragraph(chunk, paragraph.start, width, "app")
        shown = [o for line in lines for o in line.offsets if o is not None]
        assert len(shown) == len(set(shown)), "a character is shown twice"
        missing = set(range(paragraph.start, paragraph.end)) - set(shown)
        assert all(text[o] in " \u00a0" or _ligature_partner(text, o, shown) for o in missing)
        words = " ".join(text[s:e] for s, e in (logical_span(line) for line in lines)).split()
        assert words == chunk.split()


def _ligature_partner(text: str, offset: int, shown: list[int]) -> bool:
    """The alef of a lam-alef ligature is shown by the lam's cell."""
    return text[offset] in "اأإآ" and offset - 1 in shown and text[offset - 1] == "ل"


@pytest.mark.parametrize("width", [30, 50, 80])
def test_highlight_covers_exactly_the_figure(seed, width):
    text = seed.text
    start = text.index("80 مليار دولار")
    end = start + len("80 مليار دولار")
    fields = {
        "title": seed.title,
        "text": text,
        "lang": seed.lang,
        "paragraphs": [(p.start, p.end, p.lang) for p in seed.paragraphs],
    }
    lines = layout_article(fields, width, "app", styles=[(start, end, "bold red")])
    styled = {
        o
        for line in lines
        for o, s in zip(line.offsets, line.styles, strict=True)
        if s == "bold red"
    }
    shown = [o for line in lines for o in line.offsets if o is not None]
    expected = {
        o
        for o in range(start, end)
        if not text[o].isspace() and not _ligature_partner(text, o, shown)
    }
    assert expected <= styled <= set(range(start, end))


@pytest.mark.parametrize(
    "logical, visual",
    [
        ("إكس (Twitter سابقًا)", "(ﺎﻘًﺑﺎﺳ Twitter) ﺲﻛﺇ"),
        ("تقدر بـ12 مليار دولار", "ﺭﻻﻭﺩ ﺭﺎﻴﻠﻣ 12ـﺑ ﺭﺪﻘﺗ"),
        ("33 مليار دولار", "ﺭﻻﻭﺩ ﺭﺎﻴﻠﻣ 33"),
        ("🖊️ محمود خالد عمار", "ﺭﺎﻤﻋ ﺪﻟﺎﺧ ﺩﻮﻤﺤﻣ 🖊\ufe0e"),  # shown as text (one cell)
        ("الاستحواذ لا يقتصر", "ﺮﺼﺘﻘﻳ ﻻ ﺫﺍﻮﺤﺘﺳﻻﺍ"),
        ("شاملًا", "ﺎﻠًﻣﺎﺷ"),
    ],
)
def test_exact_output(logical, visual):
    (line,) = layout_paragraph(logical, 0, 40, "app")
    assert line.plain.lstrip(" ") == visual
    assert visual == fribidi(sanitize_inline(logical))


def test_python_bidi_agrees_where_it_can(seed):
    """python-bidi neither mirrors brackets nor keeps marks after their letter; elsewhere its
    order must be ours."""
    compared = 0
    for paragraph in seed.paragraphs:
        chunk = seed.text[paragraph.start : paragraph.end]
        for line in layout_paragraph(chunk, paragraph.start, 50, "app"):
            start, end = logical_span(line)
            logical = sanitize_inline(seed.text[start:end])
            if any(ch in logical for ch in "()[]{}«»") or any(
                0x064B <= ord(ch) <= 0x065F or ch in "\ufe0e\ufe0f" for ch in logical
            ):
                continue
            shaped, _ = shape(logical)
            base = "R" if is_rtl_text(logical) else "L"
            assert get_display(shaped, base_dir=base) == line.plain.strip(" ")
            compared += 1
    assert compared >= 5


def test_plain_mode_for_pipes_sends_logical_text():
    (line,) = layout_paragraph("إكس (Twitter سابقًا)", 0, 40, "plain")
    assert line.plain == "إكس (Twitter سابقًا)"


REORDERING_TERMINAL = ["fribidi", "--ltr", "--nopad", "--nobreak", "--reordernsm", "--clean"]


@pytest.mark.parametrize(
    "width, mode", [(24, "terminal"), (60, "terminal"), (90, "terminal"), (60, "terminal-nomirror")]
)
def test_terminal_mode_reads_like_app_mode_in_a_terminal_that_reorders(width, mode):
    """`--bidi terminal` is for terminals that run the bidi algorithm on each line with a
    left-to-right base (VTE without CSI 8 l, Konsole; mlterm, since the line starts with an
    LRM): GNU FriBidi, doing what they do to each line sent in terminal mode, must show exactly
    the app-mode line, on every right-to-left article (seeds and the evaluation corpus)."""
    from factdesk.index.article import parse_article

    root = Path(__file__).resolve().parent.parent
    paths = [
        *sorted((root / "seeds").glob("*.txt")),
        *sorted((root / "eval" / "stories").glob("*/articles/*_[ah][re]_*.txt")),
    ]
    sent, expected = [], []
    for path in paths:
        article = parse_article(str(path), path.read_text(encoding="utf-8"))
        fields = {
            "title": article.title,
            "text": article.text,
            "path": str(path),
            "body_start": article.body_start,
            "lang": article.lang,
            "source": article.source,
            "date": article.date,
            "paragraphs": [(p.start, p.end, p.lang) for p in article.paragraphs],
        }
        for app, term in zip(
            layout_article(fields, width, "app"), layout_article(fields, width, mode), strict=True
        ):
            if any(script_of(ch) in ("arabic", "hebrew") for ch in app.plain) and (
                term.plain != app.plain
            ):  # (an address line is logical in both modes)
                sent.append(term.plain)
                expected.append(app.plain)
                assert cell_len(term.plain) == cell_len(app.plain)
    if mode == "terminal":
        shown = fribidi_lines(REORDERING_TERMINAL[1:], sent)
    else:  # Konsole reorders as FriBidi does but does not mirror brackets: FriBidi's order
        maps = fribidi_lines(["--ltr", "--nobreak", "--reordernsm", "--vtol", "--novisual"], sent)
        shown = [
            "".join(line[int(i)] for i in order.split())
            for line, order in zip(sent, maps, strict=False)
        ]
    marks = str.maketrans("", "", "\u200e\u2066\u2067\u2069")  # no cell of their own
    wrong = [(e, s) for e, s in zip(expected, shown, strict=False) if s.translate(marks) != e]
    # (for Konsole each reversed block is isolated, so that a bracket in it whose partner is on
    # another line never pairs with one outside it: every line is exact)
    assert len(sent) > 300 and not wrong, wrong[:3]


def test_terminal_mode_line_starts_left_to_right_and_keeps_offsets():
    (line,) = layout_paragraph("إكس (Twitter سابقًا)", 0, 40, "terminal")
    assert line.plain.startswith("\u200e")  # a terminal guessing the direction guesses LTR
    assert len(line.offsets) == len(line.plain) and line.offsets[0] is None
    assert sorted(o for o in line.offsets if o is not None) == list(range(20))


def test_mixed_line_in_ltr_paragraph_keeps_order():
    (line,) = layout_paragraph("Le mot إكس veut dire X.", 0, 60, "app")
    assert line.plain == "Le mot " + fribidi_ltr("إكس") + " veut dire X."


def fribidi_ltr(logical: str) -> str:
    result = subprocess.run(
        ["fribidi", "--ltr", "--nopad", "--nobreak"],
        input=logical,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.rstrip("\n").replace("\ufeff", "")


def test_hostile_characters_never_reach_the_layout():
    (line,) = layout_paragraph("abc\x1b[2J\u202eعربي\x9b", 0, 40, "app")
    assert "\x1b" not in line.plain and "\u202e" not in line.plain and "\x9b" not in line.plain


@pytest.mark.parametrize("width", [28, 40])
def test_the_side_panels_arabic_passage_is_laid_out_like_fribidi(seed, width):
    """The other source's passage in the figures panel: right to left, joined, whole words,
    the figure highlighted on exactly its characters."""
    from factdesk.index.figures.extract import extract_figures
    from factdesk.tui.widgets.side import passage_lines

    fields = {
        "text": seed.text,
        "lang": seed.lang,
        "paragraphs": [(p.start, p.end, p.lang) for p in seed.paragraphs],
    }
    figure = next(f for f in extract_figures(seed) if f.lang == "ar" and f.value == 80e9)
    lines, _, _ = passage_lines(fields, figure.start, figure.end, width)
    segments = [sanitize_inline(seed.text[slice(*line.span)]) for line in lines]
    assert len(lines) >= 2
    for line, reference in zip(lines, fribidi_many(segments), strict=True):
        assert line.plain.lstrip(" ") == reference
        assert cell_len(line.plain) == width  # right-aligned
    assert seed.text[lines[0].span[0] - 1].isspace()  # starts at a word
    styled = {o for line in lines for o, s in zip(line.offsets, line.styles, strict=True) if s}
    shown = {o for line in lines for o in line.offsets if o is not None}
    missing = set(range(figure.start, figure.end)) - styled
    assert styled <= set(range(figure.start, figure.end))
    assert all(_ligature_partner(seed.text, o, sorted(shown)) for o in missing)  # lam-alef


@pytest.mark.parametrize("width", range(20, 44, 3))
def test_a_line_never_splits_a_figure(width):
    text = "Le service revendique aujourd'hui 180 000 d'entre eux aux États-Unis et ailleurs."
    start = text.index("180 000")
    lines = layout_paragraph(text, 0, width, "app", styles=[(start, start + 7, "bold")])
    holding = [line for line in lines if start in line.offsets or start + 6 in line.offsets]
    assert len(holding) == 1 and "180 000" in holding[0].plain


def test_a_narrow_character_asking_for_emoji_presentation_is_shown_as_text():
    """🖊️ (U+1F58A U+FE0F): Rich counts two cells, xterm, Konsole and mlterm draw one, which
    shifted the side panel's row. It is shown as text (U+FE0E), one cell for all of them; a
    wide emoji keeps its selector; the text keeps its length (offsets)."""
    from factdesk.tui.layout import cell_widths

    assert sanitize_inline("🖊️") == "🖊\ufe0e" and sanitize_inline("😀️") == "😀️"
    assert sum(cell_widths(sanitize_inline("🖊️"))) == 1 == cell_len(sanitize_inline("🖊️"))
    (line,) = layout_paragraph("محمود خالد عمار 🖊️", 0, 20, "app")
    assert line.width == cell_len(line.plain) == 20 and "\ufe0f" not in line.plain


def test_an_arabic_address_in_the_metadata_line_reads_right_to_left():
    """The line under the title (language · address · date) was laid out in logical order:
    an address whose slug is Arabic showed backwards and unjoined in app mode."""
    from factdesk.tui.layout import layout_article

    source = "https://egypt-today.com/1198/062503-حصيلة-قتلى-زلزال"
    text = "عنوان\n\nنص المقال.\n"
    fields = {
        "text": text,
        "title": "عنوان",
        "lang": "ar",
        "source": source,
        "date": "",
        "paragraphs": [(7, 17, "ar")],
    }
    meta = layout_article(fields, 120, "app")[1]
    assert meta.plain == fribidi_ltr(f"ar · {source}")
    fields["date"] = "2025-03-29"  # before the address: never pulled into its Arabic slug
    assert layout_article(fields, 120, "app")[1].plain.startswith("ar · 2025-03-29 · https://")
    assert not meta.rtl and meta.plain.startswith("ar · https://")


def test_a_cut_arabic_passage_marks_its_cuts_on_the_right_sides():
    """The side panel's '…' sat on the left of an Arabic passage's first line (mid-sentence, as
    an RTL reader sees it) and lines ran 2 cells past the panel: the cut before the passage is
    at the right of its first line, the cut after at the left of its last line."""
    from factdesk.tui.widgets.side import passage

    text = ARABIC_SEED.read_text("utf-8")
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    low, high = max(spans, key=lambda span: span[1] - span[0])  # the longest paragraph
    start = text.index(" ", (low + high) // 2) + 1  # a word in its middle
    fields = {"text": text, "paragraphs": [(low, high, "ar")], "lang": "ar"}
    lines = passage(fields, start, start + 3, 40, "app").plain.split("\n")
    assert len(lines) >= 2
    assert lines[0].endswith(" …") and not lines[0].startswith("…")
    assert lines[-1].startswith("… ") and not lines[-1].endswith("…")
    assert all(cell_len(line) <= 40 for line in lines)


def test_arabic_and_hebrew_letters_are_never_slanted():
    """A figure marked 'possible' or 'changed' is italic in Latin text; Arabic and Hebrew
    letters keep the other marks (bold, underline) without the slant, which their terminal
    fonts often lack (mlterm drew boxes). Digits and Latin letters keep it."""
    text = "وتقدر قيمة الصفقة 80 مليار دولار Twitter"
    start = text.index("80")
    (line,) = layout_paragraph(text, 0, 60, "app", [(start, len(text), "bold italic underline")])
    for offset, style in zip(line.offsets, line.styles, strict=True):
        if offset is None or style is None or text[offset] == " ":
            continue
        slanted = "italic" in style.split()
        assert slanted == (script_of(text[offset]) not in ("arabic", "hebrew")), text[offset]
        assert "bold" in style and "underline" in style


def test_a_percent_sign_after_digits_stays_with_them_for_a_reordering_terminal():
    """Hebrew writes '87%': sent for a terminal that reorders, the sign is part of the number,
    so the terminal shows the app's line (the colon at the left end of the block)."""
    from factdesk.tui.bidi import for_reordering_terminal

    visual = " :תולוקהמ 87% תריפס רחאל"
    encoded = for_reordering_terminal(visual)
    assert encoded is not None
    (shown,) = fribidi_lines(REORDERING_TERMINAL[1:], [encoded[0]])
    assert shown.replace("\u200e", "") == visual
