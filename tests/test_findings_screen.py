"""Pilot tests of the findings screen (every finding, sorted and filtered, counts), the compare
view (the two passages side by side, Arabic right to left as FriBidi lays it out) and the
verdict keys (stored at the index root, kept across --rebuild)."""

from __future__ import annotations

import os
import shutil

import pytest
from rich.cells import cell_len

from factdesk.index import verdicts
from factdesk.index.sanitize import sanitize_inline
from factdesk.index.store import open_store
from factdesk.tui.app import FactdeskApp
from factdesk.tui.cli import main
from factdesk.tui.findings import KIND_ORDER
from factdesk.tui.scenarios import wait_for as settle
from factdesk.tui.widgets.findings import CompareScreen, FindingsScreen, PassageView
from tests.conftest import SEEDS
from tests.hostile import fribidi_lines

ACME_A = (
    "Acme hires\nSource: https://www.example.com/2024/03/01/acme\nDate: 2024-03-01\n\n"
    "Acme Corp now employs 5,000 people across Europe, the company said on Friday.\n"
)
ACME_B = (
    "Acme grows\nSource: https://news.example.org/acme-grows\nDate: 2024-03-01\n\n"
    "Acme Corp now employs 9,000 people, the company said on Friday.\n"
)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "en_acme_a.txt").write_text(ACME_A, encoding="utf-8")
    (folder / "en_acme_b.txt").write_text(ACME_B, encoding="utf-8")
    return folder


@pytest.fixture
def index_dir(corpus, tmp_path, capsys):
    target = tmp_path / "ix"
    assert main(["index", str(corpus), "--index-dir", str(target)]) == 0
    capsys.readouterr()
    return target


@pytest.fixture
def make_app(index_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return lambda: FactdeskApp(index_dir)


def loaded(app):
    return lambda: app.entries and app.open_path and app.reader.lines


async def open_findings(pilot) -> FindingsScreen:
    app = pilot.app
    await settle(pilot, loaded(app))
    await pilot.press("f")
    screen = app.screen
    assert isinstance(screen, FindingsScreen)
    await settle(pilot, lambda: screen.loaded and screen.detail is not None)
    return screen


def status_of(screen) -> str:
    return str(screen.query_one(".screen-status").render())


def catalog_findings(index_dir) -> list[dict]:
    store = open_store(index_dir)
    try:
        return store.catalog.findings()
    finally:
        store.close()


async def test_every_finding_conflicts_first_the_surest_on_top(make_app, index_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        stored = catalog_findings(index_dir)
        assert len(screen.rows) == len(stored) == 10
        kinds = [row.kind for row in screen.view]
        assert kinds == sorted(kinds, key=KIND_ORDER.get)
        # two conflicts: Acme's (owner named, dated: 1.00) above X's users (undated: 0.70)
        assert [(r.entity, r.confidence) for r in screen.view[:2]] == [
            ("Acme Corp", 1.0),
            ("X", 0.7),
        ]
        # sources by name in the row, not file names
        assert "example.com, 2024-03-01" in screen.view[0].why
        assert status_of(screen).startswith(
            "10 findings: 2 ✗ conflict · 2 ↻ changed · 6 ✓ agree · 0 checked"
        )
        # the detail names the pair and its reasons
        detail = str(screen.query_one("#findings-detail").render())
        assert "same owner: Acme Corp" in detail and "news.example.org" in detail


async def test_s_sorts_by_confidence_owner_and_date(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("s")
        assert screen.sort == "confidence"
        confidences = [r.confidence for r in screen.view]
        assert confidences == sorted(confidences, reverse=True)
        assert screen.view[-1].entity == "X" and screen.view[-1].kind == "conflict"
        await pilot.press("s")
        assert screen.sort == "owner"
        owners = [r.owner.casefold() for r in screen.view]
        assert owners == sorted(owners) and owners[0] == "acme corp"
        await pilot.press("s")
        assert screen.sort == "date"
        assert screen.view[0].date == "2024-03-01" and screen.view[-1].date == ""
        assert "sorted by date" in status_of(screen)
        await pilot.press("s")
        assert screen.sort == "kind"


async def test_filters_by_language_owner_and_verdict_with_counts(make_app, index_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        langs = []
        for _ in range(3):
            await pilot.press("l")
            langs.append(screen.lang)
            assert all(screen.lang in r.langs for r in screen.view)
        assert set(langs) == {"ar", "fr", "en"}
        while screen.lang != "en":
            await pilot.press("l")
        assert [r.entity for r in screen.view] == ["Acme Corp"]
        assert status_of(screen).startswith("1 of 10 findings: 1 ✗ conflict")
        while screen.lang is not None:
            await pilot.press("l")
        assert len(screen.view) == 10
        # e: the selected finding's owner only (the list starts on Acme's conflict)
        await pilot.press("j")  # X's conflict
        await pilot.press("e")
        assert screen.owner == "X"
        assert screen.view and all(r.entity == "X" for r in screen.view)
        assert len(screen.view) == sum(f["entity"] == "X" for f in catalog_findings(index_dir))
        assert len(screen.view) == 7
        assert screen.listing.current.entity == "X" and screen.listing.current.kind == "conflict"
        await pilot.press("e")
        assert screen.owner is None and len(screen.view) == 10
        # v: unchecked, then checked
        await pilot.press("v")
        assert screen.verdict_filter == "unchecked" and len(screen.view) == 10
        await pilot.press("v")
        assert screen.verdict_filter == "checked" and screen.view == []
        assert "No finding matches." in str(screen.listing.empty)
        assert "verdict: checked" in str(screen.query_one("#findings-head").render())


async def test_q_and_esc_close_the_findings_screen_and_f_keeps_its_state(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("s")
        await pilot.press("q")
        assert not isinstance(app.screen, FindingsScreen)
        assert app.is_running
        await pilot.press("f")
        assert app.screen is screen and screen.sort == "confidence"
        await pilot.press("escape")
        assert not isinstance(app.screen, FindingsScreen)
        # the main screen's keys do nothing on the findings screen
        await pilot.press("f", "slash")
        assert app.screen is screen and not app.query_one("#search").has_class("active")


def test_findings_are_read_in_batches_without_article_bodies(index_dir):
    """The rows come a batch at a time from the catalog alone: no stored body is read."""
    from factdesk.tui.data import AppData

    data = AppData(index_dir)
    try:

        def no_bodies(*args, **kwargs):
            raise AssertionError("an article body was read")

        data.article = no_bodies  # type: ignore[method-assign]
        data._searcher.document = no_bodies
        batches = list(data.finding_rows(batch=4))
    finally:
        data.close()
    assert [len(b) for b in batches] == [4, 4, 2]
    assert len({row.id for b in batches for row in b}) == 10


async def open_compare(pilot, screen, pair: int = 0) -> CompareScreen:
    """Enter on the selected finding; ] to its pair ``pair``."""
    await pilot.press("enter")
    compare = pilot.app.screen
    assert isinstance(compare, CompareScreen)
    await settle(pilot, lambda: compare.shown_pair == 0)
    for step in range(pair):
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda step=step: compare.shown_pair == step + 1)
    return compare


async def test_compare_view_shows_the_arabic_and_french_passages_each_in_its_direction(
    make_app,
):
    """X's users: about 250M (French, 001) against more than 600M (Arabic, 004), side by side;
    every right-to-left line of the Arabic passage is GNU FriBidi's, right-aligned in its pane,
    the figure highlighted on its own characters; both sources named; the reasons shown."""
    if not shutil.which("fribidi"):
        if os.environ.get("CI"):
            raise RuntimeError("fribidi (Debian libfribidi-bin) is required in CI")
        pytest.skip("fribidi not installed")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("j")  # X's conflict
        assert screen.listing.current.entity == "X"
        compare = await open_compare(pilot, screen, pair=1)
        await pilot.pause(0.2)
        left, right = (
            compare.query_one("#passage-a", PassageView),
            compare.query_one("#passage-b", PassageView),
        )
        assert left.figure["quote"] == "environ 250 millions d’utilisateurs"
        assert right.figure["quote"] == "أكثر من 600 مليون مستخدم"
        text = right.fields["text"]
        width = right.size.width - 2
        rtl = [line for line in right.lines if line.rtl]
        assert len(rtl) >= 3
        segments = [sanitize_inline(text[slice(*line.span)]) for line in rtl]
        for line, reference in zip(
            rtl, fribidi_lines(["--rtl", "--nopad", "--nobreak"], segments), strict=True
        ):
            assert line.plain.lstrip(" ") == reference.replace("\ufeff", "")
            assert cell_len(line.plain) == width  # right-aligned in its pane
        styled = {
            o for line in right.lines for o, st in zip(line.offsets, line.styles, strict=True) if st
        }
        figure = right.figure
        assert styled and styled <= set(range(figure["start"], figure["end"]))
        assert not any(line.rtl for line in left.lines)  # the French side reads left to right
        # what the panes show: each source by name and date, the headline in its direction
        shown_left = left.render().plain
        shown_right = right.render().plain
        assert "Désolé Twitter" in shown_left
        assert "صفقة القرن" not in shown_right  # logical order never reaches the screen…
        assert rtl[0].plain.strip() in shown_right  # … the laid-out lines do
        head = str(compare.query_one("#compare-head").render())
        assert "pair 2 of 2" in head and "conflict" in head
        why = str(compare.query_one("#compare-why").render())
        assert "same owner: X" in why and "58% apart" in why
        for side in (left, right):
            assert side.figure["outlet"] in side.render().plain


async def test_h_and_l_open_either_article_at_the_passage_and_b_comes_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        reading = app.open_path
        await pilot.press("j")
        compare = await open_compare(pilot, screen, pair=1)
        target = compare.sides[1][0]
        await pilot.press("l")
        await settle(pilot, lambda: app.open_path == target["path"])
        assert len(app.screen_stack) == 1 and app.focused is app.reader
        top = app.reader.scroll_offset.y
        shown = {
            o for line in app.reader.lines[top : top + app.reader.size.height] for o in line.offsets
        }
        assert target["start"] in shown
        await pilot.press("b")
        await settle(pilot, lambda: app.open_path == reading)
        # f goes back to the findings, h opens the left article
        await pilot.press("f")
        assert app.screen is screen
        compare = await open_compare(pilot, screen)
        left = compare.sides[0][0]
        await pilot.press("h")
        await settle(pilot, lambda: app.open_path == left["path"] and len(app.screen_stack) == 1)


def stored_verdicts(index_dir) -> dict[str, str]:
    return {pair: v.verdict for pair, v in verdicts.load(index_dir).items()}


def entry(app, prefix: str):
    return next(e for e in app.entries if e.row.path.rsplit("/", 1)[-1].startswith(prefix))


async def test_2_dismisses_each_pair_of_the_finding_and_0_clears_them(make_app, index_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        assert entry(app, "001").conflicts == 1 and entry(app, "004").conflicts == 1
        screen = await open_findings(pilot)
        await pilot.press("j")
        row = screen.listing.current
        assert (row.entity, row.kind) == ("X", "conflict")
        await pilot.press("2")
        await settle(pilot, lambda: row.kind == "dismissed")
        assert stored_verdicts(index_dir) == dict.fromkeys(row.pair_ids, "dismissed")
        assert "not the same quantity: saved on 2 pair(s)" in status_of(screen)
        assert row.verdict == "dismissed" and row.was == "conflict" and row.checked == 2
        # the article list's ✗N counts leave the dismissed pairs out
        await settle(pilot, lambda: entry(app, "001").conflicts == 0)
        assert entry(app, "004").conflicts == 0
        assert entry(app, "en_acme_a").conflicts == 1  # another finding: untouched
        assert "≠ not the same quantity" in str(screen.query_one("#findings-detail").render())
        await pilot.press("0")
        await settle(pilot, lambda: row.kind == "conflict")
        assert stored_verdicts(index_dir) == {}
        await settle(pilot, lambda: entry(app, "001").conflicts == 1)


async def test_a_verdict_and_a_note_on_one_pair_in_the_compare_view(make_app, index_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("j")
        row = screen.listing.current
        compare = await open_compare(pilot, screen, pair=1)
        pair = compare.finding["pair_ids"][1]
        await pilot.press("1")
        await settle(pilot, lambda: stored_verdicts(index_dir) == {pair: "confirmed"})
        await settle(pilot, lambda: "confirmed" in str(compare.query_one("#compare-why").render()))
        await pilot.press("m")
        await pilot.press(*"les deux citent l'entreprise", "enter")
        await settle(
            pilot, lambda: verdicts.load(index_dir)[pair].note == "les deux citent l'entreprise"
        )
        why = str(compare.query_one("#compare-why").render())
        assert "note: les deux citent l'entreprise" in why
        assert row.verdict == "confirmed" and row.checked == 1 and row.kind == "conflict"
        # not the same quantity on this pair only: the Arabic side (004) is no conflict any
        # more, the French side (001) still is, against 000
        await pilot.press("2")
        await settle(pilot, lambda: stored_verdicts(index_dir) == {pair: "dismissed"})
        assert verdicts.load(index_dir)[pair].note == "les deux citent l'entreprise"  # kept
        await settle(pilot, lambda: entry(app, "004").conflicts == 0)
        assert entry(app, "001").conflicts == 1 and row.kind == "conflict"
        # the side panel: 001's figure still conflicts (with 000); its pair with 004 shows
        # the verdict and its note
        french, arabic = compare.sides[0][0], compare.sides[1][0]
        await pilot.press("h")
        await settle(pilot, lambda: app.open_path == french["path"] and app.side.flags.items)
        flags = app.side.flags.items
        flag = next(f for f in flags if f.figure["start"] == french["start"])
        assert flag.status == "conflict"
        assert flag.verdicts == {
            (arabic["path"], arabic["start"]): verdicts.load(index_dir)[pair].public()
        }
        app.side.flags.focus()
        app.side.flags.move_cursor(flags.index(flag) - app.side.flags.cursor)
        while (flag.other["path"], flag.other["start"]) != (arabic["path"], arabic["start"]):
            await pilot.press("o")
        await settle(pilot, lambda: "verdict:" in str(app.side.query_one("#detail").render()))
        detail = str(app.side.query_one("#detail").render())
        assert "verdict: ≠ not the same quantity — les deux citent l'entreprise" in detail
        assert "≠" in app.side.flags.render_line(flags.index(flag)).text.split()[0]
        # 004's figure: no conflict any more in its panel (it agrees with 000)
        await pilot.press("f")
        await pilot.press("enter")
        compare = app.screen
        await settle(pilot, lambda: compare.shown_pair == 0)
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: compare.shown_pair == 1)
        await pilot.press("l")
        await settle(pilot, lambda: app.open_path == arabic["path"] and app.side.flags.items)
        flag = next(f for f in app.side.flags.items if f.figure["start"] == arabic["start"])
        assert flag.status == "agree"


async def test_a_verdict_that_cannot_be_written_is_one_line_in_the_status(make_app, index_dir):
    (index_dir / verdicts.VERDICTS_FILE).mkdir()  # not a database: every write fails
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("f")
        screen = app.screen
        await settle(pilot, lambda: screen.loaded)
        await pilot.press("1")
        await settle(pilot, lambda: "verdict not saved" in status_of(screen))
        assert "\n" not in status_of(screen).strip()
        assert app.is_running and screen.listing.current.checked == 0


async def test_a_hostile_note_is_stored_as_given_and_shown_sanitised(make_app, index_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        compare = await open_compare(pilot, screen)
        pair = compare.finding["pair_ids"][0]
        await pilot.press("1")
        await settle(pilot, lambda: stored_verdicts(index_dir) == {pair: "confirmed"})
        await pilot.press("m")
        note = app.screen
        app.screen.query_one("Input").insert_text_at_cursor("ok\x1b]52;c;aGk=\x07\u202e")
        assert "\x1b" not in app.screen.query_one("Input").value
        await pilot.press("escape")
        assert app.screen is compare and note is not compare
        stored = verdicts.load(index_dir)[pair]
        first, second = stored.first, stored.second
        verdicts.record(index_dir, pair, "confirmed", first, second, "bad\x1b[2J\u202enote")
        await pilot.press("1")  # saved again (the note kept), the view reads it back
        await settle(pilot, lambda: "bad" in str(compare.query_one("#compare-why").render()))
        assert verdicts.load(index_dir)[pair].note == "bad\x1b[2J\u202enote"
        why = str(compare.query_one("#compare-why").render())
        assert "\x1b" not in why and "\u202e" not in why


async def test_the_biggest_contradiction_gets_a_verdict_in_under_10_key_presses(
    make_app, index_dir
):
    """A new user: launch, open the findings (the biggest contradiction is on top), compare
    the two passages, confirm. Every key pressed is counted."""
    app = make_app()
    presses = 0

    async def press(pilot, *keys):
        nonlocal presses
        presses += len(keys)
        await pilot.press(*keys)

    stored = catalog_findings(index_dir)
    conflicts = [f for f in stored if f["kind"] == "conflict"]
    biggest = max(conflicts, key=lambda f: (f["confidence"], len(f["figures"])))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.entries)
        await press(pilot, "f")
        screen = app.screen
        await settle(pilot, lambda: screen.loaded)
        assert screen.listing.current.entity == biggest["entity"]
        await press(pilot, "enter")
        compare = app.screen
        await settle(pilot, lambda: compare.shown_pair == 0)
        await press(pilot, "1")
        await settle(pilot, lambda: stored_verdicts(index_dir))
    hashes = {}
    store = open_store(index_dir)
    try:
        hashes = verdicts.content_hashes(store.catalog)
    finally:
        store.close()
    first_pair = verdicts.pair_id(*verdicts.pair_keys(biggest, hashes)[0])
    assert stored_verdicts(index_dir) == {first_pair: "confirmed"}
    assert presses == 3 and presses < 10


async def test_a_verdict_given_with_the_keys_survives_a_rebuild(
    make_app, index_dir, corpus, capsys
):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        await pilot.press("3")  # resolved, on Acme's conflict
        await settle(pilot, lambda: screen.listing.current.verdict == "resolved")
        ids = [i for i in screen.listing.current.pair_ids if i]
    assert main(["index", str(corpus), "--index-dir", str(index_dir), "--rebuild"]) == 0
    capsys.readouterr()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        row = screen.listing.current
        assert row.entity == "Acme Corp" and row.verdict == "resolved" and row.pair_ids == ids
        assert "resolved" in str(screen.query_one("#findings-detail").render())


async def test_a_changed_finding_shows_its_values_by_time_each_with_its_source(make_app):
    from factdesk.tui.findings import timeline_lines

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        compare = await open_compare(pilot, screen)  # Acme's conflict: no timeline
        assert not compare.query_one("#timeline").has_class("shown")
        await pilot.press("q")
        target = next(
            i
            for i, r in enumerate(screen.view)
            if (r.kind, r.entity, r.attribute) == ("changed", "X", "valuation")
        )
        screen.listing.move_cursor(target - screen.listing.cursor)
        compare = await open_compare(pilot, screen)
        chart = compare.query_one("#timeline")
        assert chart.has_class("shown") and chart.region.height > 2
        shown = str(chart.render())
        lines = timeline_lines(compare.finding, 80)
        # in time order: the past value (less than $10B, an Arabic source), then now ($33B)
        assert lines[0].startswith("past") and "less than $10B" in lines[0]
        assert all(line.startswith("now") and "$33B" in line for line in lines[1:])
        assert "004_40f9653985f70d8d" in lines[0] and "000_f006c6dd9652db2c" in lines[1]
        bars = [line.split()[1] for line in lines]
        assert len(bars[0].strip("░")) < len(bars[1])  # $10B is a shorter bar than $33B
        for line in lines:
            assert line.split()[1] in shown and line.split("  ")[-1] in shown


async def test_o_shows_the_sources_address_where_no_browser_can_open(make_app, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url, new=0: opened.append(url))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        compare = await open_compare(pilot, screen)  # Acme: both articles give an address
        await pilot.press("o")
        assert "example.com, 2024-03-01: https://www.example.com/2024/03/01/acme" in status_of(
            compare
        )
        await pilot.press("tab")
        await pilot.press("o")
        assert "https://news.example.org/acme-grows" in status_of(compare)
        assert opened == []  # no desktop: nothing started (a text browser would take over)
        monkeypatch.setenv("DISPLAY", ":0")
        await pilot.press("o")
        await settle(pilot, lambda: opened)
        assert opened == ["https://news.example.org/acme-grows"]
        await pilot.press("q", "j")  # X's conflict: the seeds give no address
        compare = await open_compare(pilot, screen)
        await pilot.press("o")
        assert "gives no web address" in status_of(compare)


async def test_y_copies_the_passage_with_its_source(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        await open_compare(pilot, screen)
        await pilot.press("y")
        assert app.clipboard == (
            "«Acme Corp now employs 5,000 people across Europe, the company said on Friday.»\n"
            "— example.com, 2024-03-01, «Acme hires»\n"
            "https://www.example.com/2024/03/01/acme"
        )
        assert "copied the left passage" in status_of(app.screen)
        await pilot.press("tab", "y")
        assert app.clipboard.startswith("«Acme Corp now employs 9,000 people")
        assert "news.example.org, 2024-03-01, «Acme grows»" in app.clipboard


def test_the_figures_panel_reads_findings_only_for_figures_a_verdict_names(index_dir, capsys):
    """Verdicts exist, but none is about 003: its panel reads no finding whole (a finding can
    hold thousands of figures); 001's reads the one its verdict names."""
    from factdesk.tui.data import AppData

    x_users = next(f for f in conflicts_json(capsys, index_dir) if f["entity"] == "X")
    assert (
        main(["verdict", x_users["pair_ids"][0], "dismissed", "--index-dir", str(index_dir)]) == 0
    )
    capsys.readouterr()
    data = AppData(index_dir)
    read: list[set] = []
    try:
        catalog = data._catalog()
        real = catalog.findings_by_id
        catalog.findings_by_id = lambda ids: read.append(set(ids)) or real(ids)
        paths = {row.path.rsplit("/", 1)[-1][:3]: row.path for row in catalog.articles()}
        data.flags(paths["003"])
        assert read == [set()]
        flags = data.flags(paths["001"])
        assert len(read[1]) == 1
        assert any(f.verdicts for f in flags)
    finally:
        data.close()


def conflicts_json(capsys, index_dir) -> list[dict]:
    import json

    assert main(["conflicts", "--jsonl", "--index-dir", str(index_dir)]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


async def test_t_shows_one_storys_findings_at_a_time(make_app, index_dir):
    """A story: the articles its findings connect (the seeds' X and xAI articles, Acme's two),
    named by its most common owner, the biggest first; `t` steps through them."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_findings(pilot)
        stories = [(s.name, s.findings, s.articles) for s in screen.stories]
        assert stories == [("X", 9, 4), ("Acme Corp", 1, 2)]
        await pilot.press("t")
        assert screen.story is not None and screen.story.name == "X"
        assert len(screen.view) == 9 and {r.entity for r in screen.view} == {"X", "xAI"}
        assert "story: X (t)" in str(screen.query_one("#findings-head").render())
        assert status_of(screen).startswith("story 1 of 2: X (4 articles, 9 findings)")
        await pilot.press("t")
        assert [r.entity for r in screen.view] == ["Acme Corp"]
        await pilot.press("l")  # the filters combine: Acme's story has no source in Arabic
        while screen.lang != "ar":
            await pilot.press("l")
        assert screen.view == []
        while screen.lang is not None:
            await pilot.press("l")
        await pilot.press("t")
        assert screen.story is None and len(screen.view) == 10
        assert "story: all (t)" in str(screen.query_one("#findings-head").render())


def test_stories_link_articles_by_findings_but_not_by_findings_of_too_many():
    from factdesk.tui.findings import STORY_LINK_MAX, FindingRow, find_stories

    def row(number, entity, paths, headline=""):
        return FindingRow(
            number, number, "agree", entity, "m", "", 0.5, (), "", len(paths), 0,
            paths=tuple(paths), headline=headline,
        )  # fmt: skip

    crowd = [f"/c/{n}.txt" for n in range(STORY_LINK_MAX + 1)]
    rows = [
        row(1, "Herat", ["/a/1.txt", "/a/2.txt"]),
        row(2, "Herat", ["/a/2.txt", "/a/3.txt"]),
        row(3, "", ["/b/1.txt", "/b/2.txt"], headline="Floods in Derna"),  # no owner
        row(4, "Herat", ["/h/1.txt", "/h/2.txt"]),  # another story of one owner
        row(5, "", ["/a/3.txt", "/h/1.txt"]),  # no owner: does not join two stories
        row(6, "Afghanistan", [*crowd, "/a/1.txt", "/b/1.txt", "/b/2.txt"]),  # links nothing
    ]
    stories = find_stories(rows)
    names = [(s.name, s.findings, s.articles) for s in stories]
    assert names == [("Herat", 3, 3), ("Afghanistan", 2, 2), ("Herat (2)", 1, 2)]
    assert rows[0].story == rows[1].story == rows[4].story != rows[3].story
    assert rows[5].story == rows[2].story  # most of its articles are in that one
    only_headlines = [row(1, "", ["/b/1.txt", "/b/2.txt"], headline="Floods in Derna")]
    assert [s.name for s in find_stories(only_headlines)] == ["Floods in Derna"]


def list_row(app, prefix: str) -> str:
    """The article list's row of the article whose file name starts with ``prefix``."""
    listing = app.article_list
    index = next(
        i
        for i, item in enumerate(listing.items)
        if item.row.path.rsplit("/", 1)[-1].startswith(prefix)
    )
    return listing._render_row(listing.items[index], 40).plain


async def test_the_article_list_marks_the_articles_with_a_verdict(make_app, index_dir):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        assert app.verdict_marks is None  # no verdict: no column
        assert list_row(app, "001").startswith("fr ✗1  Désolé")
        screen = await open_findings(pilot)
        await pilot.press("j")  # X's conflict: 001 against 000 and 004
        await pilot.press("1")
        await settle(pilot, lambda: screen.listing.current.verdict == "confirmed")
        await settle(pilot, lambda: app.verdict_marks is not None)
        assert {p.rsplit("/", 1)[-1][:3] for p in app.verdict_marks} == {"000", "001", "004"}
        assert list_row(app, "001").startswith("fr ✗1  ✔ Désolé")
        assert list_row(app, "en_acme_a").startswith("en ✗1    Acme")  # its column blank
        await pilot.press("2")
        await settle(pilot, lambda: entry(app, "001").verdict == "dismissed")
        assert list_row(app, "001").startswith("fr     ≠ Désolé")  # no longer a conflict
        await pilot.press("0")
        await settle(pilot, lambda: app.verdict_marks is None)
        assert list_row(app, "001").startswith("fr ✗1  Désolé")
