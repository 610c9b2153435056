"""The reader's everyday keys (issue 11, item 6): `o` opens the article's address (shown where
no browser can open), `y` copies the current paragraph with its source (OSC 52), `s` sorts the
article list (search results too), and the figures panel shows the figures with an owner and
a measure first, the other numbers folded."""

from __future__ import annotations

import shutil

import pytest

from factdesk.index.ingest import index_paths
from factdesk.tui.app import FactdeskApp
from factdesk.tui.data import ArticleEntry, sort_articles
from factdesk.tui.scenarios import wait_for as settle
from factdesk.tui.widgets.side import OtherNumbers
from tests.conftest import SEEDS

ACME = (
    "Acme hires\nSource: https://www.example.com/2024/03/01/acme\nDate: 2024-03-01\n\n"
    "Acme Corp now employs 5,000 people across Europe, the company said on Friday.\n\n"
    "The second paragraph says the factory opened in Lyon and hired welders.\n\n"
    "A third paragraph closes the report with a quote about the future of the plant.\n\n"
    "A fourth paragraph is here so that the article is longer than a small window.\n\n"
    "And a fifth one, for the same reason: the view can scroll past the third.\n"
)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zz_acme.txt").write_text(ACME, encoding="utf-8")
    target = tmp_path_factory.mktemp("ix")
    index_paths(target, [corpus])
    return target


@pytest.fixture
def app(index_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return FactdeskApp(index_dir)


def loaded(app):
    return lambda: app.entries and app.open_path and app.reader.lines


def name(path) -> str:
    return path.rsplit("/", 1)[-1][:3]


def status_text(app) -> str:
    return str(app.query_one("#status").render())


async def open_acme(app, pilot) -> None:
    await settle(pilot, loaded(app))
    await pilot.press("end")
    await settle(pilot, lambda: name(app.open_path) == "zz_")
    await pilot.press("tab")
    assert app.focused is app.reader


# --- o and y in the reading view -----------------------------------------------------------------


async def test_o_in_the_reading_view_shows_or_opens_the_address(app, monkeypatch):
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_acme(app, pilot)
        await pilot.press("o")
        assert (
            "example.com, 2024-03-01: https://www.example.com/2024/03/01/acme (no browser here"
            in status_text(app)
        )
        assert opened == []
        monkeypatch.setenv("DISPLAY", ":0")
        await pilot.press("o")
        await settle(pilot, lambda: opened)
        assert opened == ["https://www.example.com/2024/03/01/acme"]
        await pilot.press("shift+tab", "home")  # a seed article: no Source: line
        await settle(pilot, lambda: name(app.open_path) == "000")
        await pilot.press("tab", "o")
        assert "gives no web address" in status_text(app)
        # in the figures panel, o keeps its meaning there: the figure's next other source
        await pilot.press("shift+tab", "j")
        await settle(pilot, lambda: name(app.open_path) == "001")
        await pilot.press("tab", "tab")
        flags = app.side.flags.items
        target = next(
            i
            for i, f in enumerate(flags)
            if not isinstance(f, OtherNumbers) and len({o["path"] for o in f.others}) > 1
        )
        for _ in range(target):
            await pilot.press("j")
        detail = app.side.query_one("#detail")
        await settle(pilot, lambda: "1 of" in str(detail.render()))
        await pilot.press("o")
        await settle(pilot, lambda: "2 of" in str(detail.render()))
        assert opened == ["https://www.example.com/2024/03/01/acme"]


async def test_y_copies_the_current_paragraph_with_its_source(app):
    async with app.run_test(size=(60, 12)) as pilot:  # the article is longer than the view
        await open_acme(app, pilot)
        await pilot.press("y")  # at the top: the first paragraph
        assert app.clipboard == (
            "«Acme Corp now employs 5,000 people across Europe, the company said on Friday.»\n"
            "— example.com, 2024-03-01, «Acme hires»\n"
            "https://www.example.com/2024/03/01/acme"
        )
        assert "copied the paragraph (13 words)" in status_text(app)
        # scrolled: the first paragraph that begins on screen
        first_of_third = next(n for n, line in enumerate(app.reader.lines) if "third" in line.plain)
        app.reader.scroll_to(y=first_of_third - 1, animate=False)
        await settle(pilot, lambda: app.reader.scroll_offset.y == first_of_third - 1)
        await pilot.press("y")
        assert app.clipboard.startswith("«A third paragraph closes the report")
        # a search hit: its paragraph, wherever the view is
        await pilot.press("slash", *"welders", "enter")
        await settle(pilot, lambda: app.search_hits is not None and len(app.search_hits) == 1)
        await settle(pilot, lambda: app.reader.hits)
        await pilot.press("tab", "n", "y")
        assert app.clipboard.startswith("«The second paragraph says the factory opened")


# --- sorting the article list ----------------------------------------------------------------


async def test_s_sorts_the_list_by_date_source_conflicts_and_back(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        files = [e.row.path for e in app.article_list.items]
        assert files == sorted(files)
        await pilot.press("j", "j")
        await settle(pilot, lambda: name(app.open_path) == "002")
        reading = app.open_path
        await pilot.press("s")
        rows = [e.row for e in app.article_list.items]
        dates = [r.date for r in rows]
        assert dates == sorted(dates, reverse=True) and rows[0].path.endswith("zz_acme.txt")
        assert app.article_list.current.row.path == reading  # the selection stays
        assert app.open_path == reading
        assert "sorted by date (newest first" in status_text(app)
        assert app.article_list.border_title == "by date (s)"
        await pilot.press("s")
        from factdesk.index.sources import outlet

        outlets = [outlet(e.row.source, e.row.path) for e in app.article_list.items]
        assert outlets == sorted(outlets, key=str.casefold)
        assert app.article_list.border_title == "by source (s)"
        await pilot.press("s")
        counts = [(e.conflicts, e.flagged) for e in app.article_list.items]
        assert [c for c, _ in counts] == sorted((c for c, _ in counts), reverse=True)
        assert counts[0][0] > 0
        await pilot.press("s")
        assert [e.row.path for e in app.article_list.items] == files
        assert app.article_list.border_title is None


async def test_s_sorts_search_results_too(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash", *"milliards", "enter")
        await settle(pilot, lambda: app.search_hits is not None and len(app.search_hits) >= 3)
        relevance = [h.path for h in app.search_hits]
        await pilot.press("s")  # date
        dates = {e.row.path: e.row.date for e in app.entries}
        shown_dates = [dates[h.path] for h in app.article_list.items]
        assert shown_dates == sorted(shown_dates, reverse=True)
        assert "results sorted by date" in status_text(app)
        await pilot.press("s", "s")  # conflicts
        assert "results sorted by conflicts" in status_text(app)
        assert app.article_list.border_title == "by conflicts (s)"
        shown = app.article_list.items
        assert all(not isinstance(item, ArticleEntry) for item in shown)  # still hits
        conflicts = {e.row.path: e.conflicts for e in app.entries}
        assert [conflicts[h.path] for h in shown] == sorted(
            (conflicts[h.path] for h in shown), reverse=True
        )
        assert {h.path for h in shown} == set(relevance)
        await pilot.press("s")
        assert [h.path for h in app.article_list.items] == relevance


def test_sorting_is_stable_and_puts_undated_articles_last():
    from factdesk.index.catalog import ArticleRow

    def entry(path, date, source="", conflicts=0):
        return ArticleEntry(ArticleRow(path, path, "fr", source, date, 10), conflicts)

    items = [
        entry("a", ""),
        entry("b", "2024-01-02", "https://x.org/1", 1),
        entry("c", "2024-01"),
        entry("d", "2024-01-02", "https://www.a.org/2", 1),
        entry("e", "2023-12-31", "https://x.org/3"),
    ]
    by_path = {e.row.path: e for e in items}

    def order(key):
        return [e.row.path for e in sort_articles(items, key, by_path)]

    assert order("date") == ["b", "d", "c", "e", "a"]
    assert order("source") == ["a", "d", "c", "b", "e"]  # a (file stem), a.org, c, x.org…
    assert order("conflicts") == ["b", "d", "a", "c", "e"]
    assert order("file") == ["a", "b", "c", "d", "e"]


# --- the figures panel: owners and measures first ------------------------------------------------


async def test_the_panel_shows_owned_measured_figures_first_and_folds_the_others(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("j")
        await settle(pilot, lambda: name(app.open_path) == "001")
        rows = app.side.flags.items
        fold = next(i for i, row in enumerate(rows) if isinstance(row, OtherNumbers))
        assert fold == len(rows) - 1 and rows[fold].folded  # folded: the last row
        shown = rows[:fold]
        assert all(
            (f.figure["entity"] and f.figure["attribute"]) or f.status != "unchecked" for f in shown
        )
        starts = [f.figure["start"] for f in shown]
        assert starts == sorted(starts)  # in text order
        quotes = {f.figure["quote"] for f in shown}
        assert not {"16 heures", "20 ans", "350 milles"} & quotes
        line = "".join(s.text for s in app.side.flags.render_line(fold))
        assert "▸ 4 other numbers (Enter: show)" in line
        await pilot.press("tab", "tab")
        for _ in range(fold):
            await pilot.press("j")
        assert isinstance(app.side.flags.current, OtherNumbers)
        assert "no owner or no measure" in str(app.side.query_one("#detail").render())
        await pilot.press("enter")
        await pilot.pause()
        rows = app.side.flags.items
        assert len(rows) == fold + 1 + 4 and not rows[fold].folded
        assert {"16 heures", "20 ans", "350 milles"} <= {
            f.figure["quote"] for f in rows[fold + 1 :]
        }
        assert app.open_path.rsplit("/", 1)[-1].startswith("001")  # Enter did not jump
        await pilot.press("j")  # an other number: no finding, no other source
        await pilot.press("g")
        assert "no other source" in status_text(app)
        await pilot.press("k", "enter")
        await pilot.pause()
        assert len(app.side.flags.items) == fold + 1


async def test_an_article_with_only_other_numbers_shows_the_fold(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("j", "j")
        await settle(pilot, lambda: name(app.open_path) == "002")
        await settle(pilot, lambda: app.side.flags.items)
        (row,) = app.side.flags.items
        assert isinstance(row, OtherNumbers) and row.count == 1
