"""HTML files (issue 12, item 1): `factdesk index` reads .html/.htm pages as articles: the main
text (navigation, ads, captions, footers dropped; paragraphs kept), title, date, site and
language in the fields a text article's header lines fill, Arabic and Hebrew character for
character, legacy encodings by the page's declared charset; bad pages skipped with one line."""

from __future__ import annotations

import json
import os
import re
import unicodedata

import pytest

from factdesk.index.ingest import index_paths
from factdesk.index.store import open_store
from factdesk.tui.cli import main
from tests.pages import AD, AR, CAPTION, FOOTER, FR, HE, NAV, page_bytes


def stored(index_dir, name):
    """The stored article (Whoosh fields) and its catalog row and figures, by file name."""
    store = open_store(index_dir)
    try:
        (row,) = [r for r in store.catalog.articles() if r.path.endswith("/" + name)]
        with store.whoosh().searcher() as searcher:
            fields = searcher.document(path=row.path)
        figures = store.catalog.figures(row.path)
    finally:
        store.close()
    return row, fields, figures


@pytest.fixture
def pages(write_corpus):
    return write_corpus(
        {
            "fr.html": page_bytes(FR),
            "ar.htm": page_bytes(AR, charset="windows-1256"),
            "he.html": page_bytes(HE, charset="windows-1255", declare="http-equiv"),
            "note.txt": "Une note\n\nDate: 2023-09-09\n\nTexte déjà là.\n",
        }
    )


def test_html_pages_are_indexed_with_their_metadata(pages, tmp_path):
    summary = index_paths(tmp_path / "ix", [pages])
    assert (summary.added, summary.skipped) == (4, [])
    for name, story in (("fr.html", FR), ("ar.htm", AR), ("he.html", HE)):
        row, fields, _ = stored(tmp_path / "ix", name)
        assert row.title == story["title"]
        assert (row.lang, row.date, row.source) == (story["lang"], story["date"], story["url"])
        assert fields["text"].startswith(
            f"{story['title']}\nSource: {story['url']}\nDate: {story['date']}\n"
            f"Lang: {story['lang']}\n\n"
        )


def test_only_the_article_text_is_kept_paragraph_by_paragraph(pages, tmp_path):
    index_paths(tmp_path / "ix", [pages])
    for name, story in (("fr.html", FR), ("ar.htm", AR), ("he.html", HE)):
        _, fields, _ = stored(tmp_path / "ix", name)
        text = fields["text"]
        for clutter in (NAV, AD, CAPTION, FOOTER, "À lire aussi"):
            assert clutter not in text, (name, clutter)
        body = [text[s:e] for s, e, _ in fields["paragraphs"]]
        assert body == story["paragraphs"]  # one paragraph each, exactly as the page has it


def test_arabic_and_hebrew_keep_every_character(pages, tmp_path):
    """A shadda before its fatha, ZWNJ, RLM, tatweel, niqqud: not dropped, not reordered,
    not normalised (the extractor drops characters that are not printable)."""
    index_paths(tmp_path / "ix", [pages])
    for name, story in (("ar.htm", AR), ("he.html", HE)):
        _, fields, _ = stored(tmp_path / "ix", name)
        for paragraph in story["paragraphs"]:
            assert paragraph in fields["text"]
    assert "\u200c" in AR["paragraphs"][0] and "\u200f" in AR["paragraphs"][0]
    assert "\u0651\u064e" in AR["paragraphs"][0]  # (not the NFC order)
    assert unicodedata.normalize("NFC", AR["paragraphs"][0]) != AR["paragraphs"][0]


def test_entities_of_format_characters_are_kept_too(write_corpus, tmp_path):
    html = (
        page_bytes(AR).replace("\u200c".encode(), b"&zwnj;").replace("\u200f".encode(), b"&#x200F;")
    )
    assert "\u200c".encode() not in html
    corpus = write_corpus({"ar.html": html})
    index_paths(tmp_path / "ix", [corpus])
    _, fields, _ = stored(tmp_path / "ix", "ar.html")
    assert AR["paragraphs"][0] in fields["text"]


def test_figures_of_a_page_point_into_its_text(pages, tmp_path):
    index_paths(tmp_path / "ix", [pages])
    for name in ("fr.html", "ar.htm", "he.html"):
        _, fields, figures = stored(tmp_path / "ix", name)
        assert figures, name
        for figure in figures:
            assert fields["text"][figure["start"] : figure["end"]] == figure["quote"]
    _, _, figures = stored(tmp_path / "ix", "fr.html")
    assert {"2 012 morts", "2 059 blessés"} <= {f["quote"] for f in figures}


def test_extraction_is_the_same_each_time(pages, tmp_path):
    """The text of a page (hence its figures' offsets) is made again at each indexing: it must
    not change from one run to the next, nor from one index to another."""
    index_paths(tmp_path / "one", [pages])
    index_paths(tmp_path / "two", [pages], rebuild=True)
    for name in ("fr.html", "ar.htm", "he.html"):
        one, two = stored(tmp_path / "one", name), stored(tmp_path / "two", name)
        assert one[1]["text"] == two[1]["text"] and one[2] == two[2]
        assert one[0].date and one[0].date == two[0].date


def test_a_changed_page_is_read_again_and_an_unchanged_one_is_not(pages, tmp_path):
    index_paths(tmp_path / "ix", [pages])
    again = index_paths(tmp_path / "ix", [pages])
    assert (again.unchanged, again.indexed) == (4, 0)
    (pages / "fr.html").write_bytes(page_bytes(FR, title="Séisme au Maroc : nouveau bilan"))
    os.utime(pages / "fr.html", ns=(1, 1))
    third = index_paths(tmp_path / "ix", [pages])
    assert (third.changed, third.unchanged) == (1, 3)
    assert stored(tmp_path / "ix", "fr.html")[0].title == "Séisme au Maroc : nouveau bilan"


def test_a_new_extractor_reads_html_again(pages, tmp_path, monkeypatch):
    from factdesk.index import html

    index_paths(tmp_path / "ix", [pages])
    monkeypatch.setattr(html, "FORMAT_VERSION", "test-next")
    again = index_paths(tmp_path / "ix", [pages])
    assert again.reread and again.changed == 4


def test_the_declared_charset_decides_legacy_pages():
    from factdesk.index.html import read_page

    for story, charset in ((AR, "windows-1256"), (HE, "windows-1255"), (FR, "iso-8859-1")):
        for declare in ("meta", "http-equiv"):
            page = read_page(page_bytes(story, charset=charset, declare=declare))
            assert page.paragraphs == story["paragraphs"] and page.title == story["title"]
    # a server's Content-Type wins over the page's own (wrong) declaration
    data = page_bytes(AR, charset="windows-1256").replace(b"windows-1256", b"utf-8")
    page = read_page(data, content_type="text/html; charset=windows-1256")
    assert page.paragraphs == AR["paragraphs"]


def test_a_page_without_a_charset_is_guessed():
    from factdesk.index.html import read_page

    assert read_page(page_bytes(FR, declare="none")).paragraphs == FR["paragraphs"]
    latin = page_bytes(FR, charset="cp1252", declare="none")
    assert read_page(latin).paragraphs == FR["paragraphs"]


def test_without_an_address_or_a_date_the_site_and_the_text_decide(write_corpus, tmp_path):
    html = page_bytes(FR, canonical=False, with_date=False)
    corpus = write_corpus({"sans.html": html})
    index_paths(tmp_path / "ix", [corpus])
    row, _, _ = stored(tmp_path / "ix", "sans.html")
    assert (row.source, row.date, row.lang) == ("Le Quotidien", "", "fr")


def test_a_wrong_lang_attribute_gives_way_to_the_text():
    from factdesk.index.html import read_page

    data = page_bytes(AR).replace(b'lang="ar"', b'lang="en"')
    assert read_page(data).lang == "ar"
    data = page_bytes(FR).replace(b'lang="fr"', b'lang="es"')
    assert read_page(data).lang == "fr"  # the text is plainly French


def test_bad_pages_are_skipped_with_one_reason_each(write_corpus, tmp_path):
    from factdesk.index.html import MAX_HTML_BYTES

    corpus = write_corpus(
        {
            "good.html": page_bytes(FR),
            "image.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "empty.htm": b"",
            "blank.html": b"  \n\n ",
            "nothing.html": b"<html><head><title>x</title></head><body><nav>Menu</nav></body></html>",
            "nul.html": b"<html>\x00\x01\x02\x00\x00\x00\x00garbage\x00",
        }
    )
    with open(corpus / "huge.html", "wb") as big:
        big.truncate(MAX_HTML_BYTES + 1)
    summary = index_paths(tmp_path / "ix", [corpus])
    reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in summary.skipped}
    assert summary.added == 1
    assert set(reasons) == {
        "image.html",
        "empty.htm",
        "blank.html",
        "nothing.html",
        "nul.html",
        "huge.html",
    }
    assert "PNG" in reasons["image.html"]
    assert "empty" in reasons["empty.htm"] and "empty" in reasons["blank.html"]
    assert "no article text" in reasons["nothing.html"]
    assert "binary" in reasons["nul.html"]
    assert "too large" in reasons["huge.html"]
    assert all("\n" not in reason for reason in reasons.values())


def test_a_page_that_turns_bad_keeps_nothing_else_from_being_indexed(write_corpus, tmp_path):
    corpus = write_corpus({"fr.html": page_bytes(FR), "b.txt": "B\n\nTexte.\n"})
    index_paths(tmp_path / "ix", [corpus])
    (corpus / "fr.html").write_bytes(b"\x89PNG\r\n\x1a\n")
    summary = index_paths(tmp_path / "ix", [corpus])
    assert [reason for _, reason in summary.skipped] == ["binary file (PNG image)"]
    store = open_store(tmp_path / "ix")
    try:
        assert {r.path.rsplit("/", 1)[-1] for r in store.catalog.articles()} >= {"b.txt"}
    finally:
        store.close()


def test_the_command_line_indexes_and_shows_a_page(pages, tmp_path, capsys):
    index = ["--index-dir", str(tmp_path / "ix")]
    (pages / "bad.html").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["index", str(pages), *index]) == 0
    captured = capsys.readouterr()
    assert "indexed 4 article(s)" in captured.out
    assert re.findall(r"skipped .*", captured.err) == [
        f"skipped {pages / 'bad.html'}: binary file (PNG image)"
    ]
    assert main(["show", str(pages / "ar.htm"), "--json", *index]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["title"], shown["lang"], shown["date"]) == (AR["title"], "ar", AR["date"])
    assert main(["figures", str(pages / "fr.html"), "--json", *index]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert {f["outlet"] for f in figures} == {"lequotidien.example"}


def test_the_format_characters_kept_are_all_of_unicode_category_cf():
    import sys

    from factdesk.index.html import _FORMAT_CHAR

    every = [
        chr(c) for c in range(0x80, sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
    ]
    assert all(_FORMAT_CHAR.fullmatch(ch) for ch in every)
    assert not _FORMAT_CHAR.search("abc é ب א 1 \u00a0")
