"""Pilot tests: every key path of the reader app."""

from __future__ import annotations

import pytest
from rich.style import Style

from factdesk.index.sources import source_label
from factdesk.tui.app import FactdeskApp, HelpScreen
from factdesk.tui.keys import KEY_COMMANDS
from factdesk.tui.scenarios import wait_for as settle


def loaded(app):
    return lambda: app.entries and app.open_path and app.reader.lines


def name(path):
    return path.rsplit("/", 1)[-1][:3]


@pytest.fixture
def app(seed_index, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return FactdeskApp(seed_index)


async def test_opens_on_the_first_article_with_its_figures(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        assert len(app.entries) == 5
        assert name(app.open_path) == "000"
        assert app.side.flags.items, "figures panel is empty"
        statuses = {flag.status for flag in app.side.flags.items}
        assert {"conflict", "agree", "changed"} <= statuses


async def test_j_k_move_through_articles(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("j", "j")
        await settle(pilot, lambda: name(app.open_path) == "002")
        await pilot.press("k")
        await settle(pilot, lambda: name(app.open_path) == "001")
        await pilot.press("down")
        await settle(pilot, lambda: name(app.open_path) == "002")


async def test_tab_cycles_panes(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            seen.append(app.focused.id)
        assert seen == ["reader", "flags", "articles"]


async def test_search_as_you_type_then_next_and_previous_hit(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash")
        await pilot.press(*"valorisation")
        await settle(
            pilot, lambda: app.article_list.items and not hasattr(app.article_list.items[0], "row")
        )
        assert {name(hit.path) for hit in app.article_list.items} == {"000"}
        await pilot.press("enter")
        assert app.focused.id == "articles"
        await settle(pilot, lambda: len(app.reader.hits) >= 2)
        await pilot.press("n")
        assert app.reader.current_hit == 0
        await pilot.press("n")
        assert app.reader.current_hit == 1
        await pilot.press("N")
        assert app.reader.current_hit == 0
        await pilot.press("escape")
        await settle(pilot, lambda: len(app.article_list.items) == 5)
        assert app.reader.hits == []


async def test_stale_search_results_are_dropped(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash", *"Bolivie")
        await settle(
            pilot, lambda: app.article_list.items and not hasattr(app.article_list.items[0], "row")
        )
        from factdesk.tui.app import SearchDone

        app.post_message(SearchDone("an older query", []))
        await pilot.pause()
        assert {name(hit.path) for hit in app.article_list.items} == {"003"}


async def test_jump_to_the_conflicting_source_and_back(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("j")
        await settle(pilot, lambda: name(app.open_path) == "001")
        await pilot.press("tab", "tab")
        assert app.focused.id == "flags"
        flags = app.side.flags.items
        target = next(i for i, f in enumerate(flags) if f.status == "conflict")
        for _ in range(target):
            await pilot.press("j")
        conflict = app.side.flags.current
        assert conflict.status == "conflict" and conflict.others
        detail = str(app.side.query_one("#detail").render())
        assert source_label(conflict.others[0]) in detail  # the source by name, not its file
        await pilot.press("g")
        other = conflict.others[0]
        await settle(pilot, lambda: app.open_path == other["path"])
        shown = {o for line in app.reader.lines[app.reader.scroll_offset.y :] for o in line.offsets}
        assert other["start"] in shown
        await pilot.press("b")
        await settle(pilot, lambda: name(app.open_path) == "001")


async def test_help_lists_every_key_and_closes(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("Static").render())
        for command in KEY_COMMANDS:
            assert command.help in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_conflicts_only_filter(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("c")
        assert all(entry.conflicts for entry in app.article_list.items)
        assert len(app.article_list.items) < 5
        await pilot.press("c")
        assert len(app.article_list.items) == 5


async def test_q_quits(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_keys_can_be_remapped(seed_index, monkeypatch, tmp_path):
    config = tmp_path / "config" / "factdesk"
    config.mkdir(parents=True)
    (config / "keys.toml").write_text('[keys]\nquit = "x"\nnope = "y"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = FactdeskApp(seed_index)
    assert app.keymap == {"quit": "x"} and "nope" in app.keymap_warnings[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("q")
        await pilot.pause()
        assert not app._exit
        await pilot.press("x")
        await pilot.pause()
        assert app._exit


async def test_builds_the_index_on_first_run(seed_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = FactdeskApp(tmp_path / "new_index", corpus=seed_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, loaded(app), timeout=30)
        assert "built the index" in str(app.query_one("#status").render())


async def test_missing_index_without_corpus_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = FactdeskApp(tmp_path / "none", corpus=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "no index" in str(app.query_one("#status").render()))


async def test_command_palette_has_every_command(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {c.description for c in KEY_COMMANDS} <= titles


async def test_mouse_works_too(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.click("#articles", offset=(5, 2))
        await settle(pilot, lambda: name(app.open_path) == "002")


async def test_fifty_thousand_articles_without_fifty_thousand_widgets(app):
    from factdesk.index.catalog import ArticleRow
    from factdesk.tui.app import ArticlesLoaded
    from factdesk.tui.data import ArticleEntry

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        widgets_before = len(app.query("*"))
        entries = [
            ArticleEntry(ArticleRow(f"/x/{i:05d}.txt", f"Article {i}", "fr", "", "", 10))
            for i in range(50_000)
        ]
        app.post_message(ArticlesLoaded(entries, "many"))
        await settle(pilot, lambda: len(app.article_list.items) == 50_000)
        assert len(app.query("*")) == widgets_before
        app.article_list.focus()
        app.article_list.move_cursor(len(entries))
        await pilot.pause()
        assert app.article_list.cursor == 49_999
        assert app.article_list.scroll_offset.y >= 49_999 - app.article_list.size.height


async def test_reading_view_rewraps_on_resize(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        wide = max(line.width for line in app.reader.lines)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, lambda: max(line.width for line in app.reader.lines) < wide)
        assert max(line.width for line in app.reader.lines) <= app.reader.size.width - 2


@pytest.mark.parametrize("article", ["000", "004"])
async def test_no_text_under_the_scrollbar_at_start_up(app, article):
    """The first article is laid out before its scrollbar appears; no line may reach under it
    (it cut 'connu pou', and the start of every Arabic line)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        if article == "004":
            await pilot.press("j", "j", "j", "j")
            await settle(pilot, lambda: name(app.open_path) == "004")
        assert app.reader.show_vertical_scrollbar
        room = app.reader.scrollable_content_region.width - 1  # one cell of margin
        assert max(line.width for line in app.reader.lines) <= room


async def test_end_home_and_pages_move_the_selection_in_the_list(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("end")
        await settle(pilot, lambda: name(app.open_path) == "004")
        assert app.article_list.cursor == 4
        await pilot.press("j")  # stays at the end, does not jump back to the top
        await pilot.press("home")
        await settle(pilot, lambda: name(app.open_path) == "000")
        await pilot.press("pagedown")
        await settle(pilot, lambda: name(app.open_path) == "004")
        await pilot.press("pageup")
        await settle(pilot, lambda: name(app.open_path) == "000")


async def select_figure_of_001(app, pilot, wanted) -> int:
    """Open article 001, go to the figures panel and select its first figure that is
    ``wanted``; its index."""
    await pilot.press("j")
    await settle(pilot, lambda: name(app.open_path) == "001")
    await pilot.press("tab", "tab")
    target = next(i for i, f in enumerate(app.side.flags.items) if wanted(f))
    for _ in range(target):
        await pilot.press("j")
    return target


async def test_back_returns_to_the_same_place_and_figure(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        target = await select_figure_of_001(app, pilot, lambda f: f.status == "conflict")
        await settle(pilot, lambda: app.reader.scroll_offset.y > 0)
        where = app.reader.scroll_offset.y
        other = app.side.flags.current.others[0]
        await pilot.press("g")
        await settle(pilot, lambda: app.open_path == other["path"])
        assert app.article_list.current.row.path == other["path"]  # the list follows
        await pilot.press("b")
        await settle(pilot, lambda: name(app.open_path) == "001")
        await pilot.pause(0.5)
        assert (app.reader.scroll_offset.y, app.side.flags.cursor) == (where, target)


async def test_typing_finds_words_that_start_with_the_unfinished_word(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash", *"valorisatio")
        await settle(pilot, lambda: app.search_hits is not None and len(app.search_hits) > 0)
        status = str(app.query_one("#status").render())
        assert "Enter: go to the results, then n/N" in status


async def test_c_during_a_search_keeps_the_results_and_filters_them(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash", *"milliards", "enter")
        await settle(pilot, lambda: app.search_hits is not None and len(app.search_hits) >= 3)
        everything = {h.path for h in app.search_hits}
        await pilot.press("c")
        await pilot.pause(0.3)
        shown = {h.path for h in app.article_list.items}
        conflicted = {e.row.path for e in app.entries if e.conflicts}
        assert shown == everything & conflicted and shown
        assert all(not hasattr(item, "row") for item in app.article_list.items)  # still hits


async def test_marks_differ_by_more_than_colour_and_conflict_stands_out(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # composed, even on a loaded machine
        for table in (app.article_list.status_styles(), app.reader.mark_styles):
            plain = {
                status: Style.parse(str(style)).without_color for status, style in table.items()
            }
            assert len(set(plain.values())) == len(plain), table  # NO_COLOR keeps them apart
            assert plain["conflict"].bold and not plain["agree"].bold
        assert app.article_list.status_styles()["conflict"].reverse  # a block even in grey


async def test_status_colours_are_component_classes_a_theme_can_restyle(
    seed_index, monkeypatch, tmp_path
):
    """The marks come from CSS component classes (``status--*``, ``mark--*``), so a theme or
    the App's CSS restyles them: here the conflict mark turns blue in the list, the side panel
    and the reading view."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    class Restyled(FactdeskApp):
        CSS = """
        VirtualList > .status--conflict { color: #0000ff; }
        ReaderView > .mark--conflict { color: #0000ff; }
        """

    app = Restyled(seed_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        blue = Style.parse("#0000ff").color
        assert app.article_list.status_styles()["conflict"].color == blue
        assert app.side.flags.status_styles()["conflict"].color == blue
        assert Style.parse(app.reader.mark_styles["conflict"]).color == blue
        row = app.article_list._render_row(next(e for e in app.entries if e.conflicts), 40)
        assert any(span.style.color == blue for span in row.spans if hasattr(span.style, "color"))


async def test_no_color_marks_use_weight_and_reverse_on_default_colours(app, monkeypatch):
    from factdesk.tui.data import without_colour

    monkeypatch.setenv("NO_COLOR", "1")
    styles = without_colour({"conflict": "bold reverse red", "agree": "green"})
    assert styles == {"conflict": "bold reverse", "agree": "none"}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # composed, even on a loaded machine
        conflict = app.article_list.status_styles()["conflict"]
        assert conflict.color is None and conflict.bold and conflict.reverse
        assert Style.parse(app.reader.mark_styles["agree"]).color is None
    monkeypatch.delenv("NO_COLOR")
    assert without_colour({"conflict": "bold reverse red"}) == {"conflict": "bold reverse red"}


async def test_help_scrolls_to_its_last_line_at_80x24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("question_mark")
        await pilot.pause(0.3)
        body = app.screen.query_one("VerticalScroll")
        assert body.max_scroll_y > 0  # longer than the screen
        await pilot.press("end")
        await pilot.pause(0.3)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, HelpScreen)


async def test_the_focused_pane_is_tinted(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        unfocused = app.reader.styles.background_tint
        await pilot.press("tab")
        await pilot.pause(0.2)
        assert app.focused is app.reader and app.reader.styles.background_tint != unfocused


async def test_a_keys_file_warning_stays_in_the_status_line(seed_index, monkeypatch, tmp_path):
    from factdesk.tui.app import FactdeskApp

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "factdesk").mkdir()
    (tmp_path / "factdesk" / "keys.toml").write_text('[keys]\nnope = "x"\n')
    app = FactdeskApp(seed_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.pause(0.3)
        assert "unknown key command 'nope'" in str(app.query_one("#status").render())


async def test_arabic_in_the_status_line_is_laid_out_right_to_left(app):
    from factdesk.tui.layout import shape

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash", *"مستخدم", "enter")
        await settle(pilot, lambda: app.search_hits is not None)
        status = str(app.query_one("#status").render())
        joined = shape("مستخدم")[0]  # the letters joined, as the reading view shows them
        assert joined[::-1] in status and "مستخدم" not in status


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_footer_keeps_quit_and_help_at_80_and_60_columns(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot, loaded(app))
        keys = {str(key.render()).strip(): key.region for key in app.screen.query("FooterKey")}
        palette = [region for label, region in keys.items() if "palette" in label]
        right = palette[0].x if palette else size[0]  # narrow: no palette key (Ctrl+P works)
        for label in ("q Quit", "? Help"):  # not drawn over by the palette key on the right
            assert keys[label].right <= right, label
        assert bool(palette) == (size[0] >= 80)


async def test_list_rows_end_before_the_lists_scrollbar(app):
    """With a scrollbar, a row is drawn in the cells left of it: a long title ends in '…' there
    (it used to be cut under the scrollbar, and an Arabic title lost its first letters)."""
    from factdesk.index.catalog import ArticleRow
    from factdesk.tui.app import ArticlesLoaded
    from factdesk.tui.data import ArticleEntry

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, loaded(app))
        entries = [
            ArticleEntry(
                ArticleRow(
                    f"/x/{i:03d}.txt",
                    f"صفقة القرن التقنية رقم {i} إيلون ماسك يدمج إكس",
                    "ar",
                    "",
                    "",
                    10,
                )
            )
            for i in range(200)
        ]
        app.post_message(ArticlesLoaded(entries, "many"))
        await settle(pilot, lambda: len(app.article_list.items) == 200)
        listing = app.article_list
        assert listing.show_vertical_scrollbar
        room = listing.scrollable_content_region.width
        strip = listing.render_line(0)
        assert strip.cell_length == room
        text = "".join(segment.text for segment in strip)
        assert text.startswith("ar") and "…" in text  # the title is cut where it can be seen


@pytest.mark.parametrize(
    "size, side, listing",
    [((120, 40), True, True), ((60, 20), False, True), ((44, 12), False, False)],
)
async def test_narrow_windows_keep_the_reading_view(app, size, side, listing):
    """The reading view keeps 30 columns: the figures panel goes first, then the list (at
    30x10 it used to get 1 column)."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot, loaded(app))
        await pilot.pause()
        assert app.side.display == side and app.article_list.display == listing
        assert app.reader.size.width >= 30


async def test_z_shows_the_reading_view_alone_and_back(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        wide = app.reader.size.width
        await pilot.press("z")
        await pilot.pause()
        assert not app.side.display and not app.article_list.display
        assert app.reader.size.width > wide + 40 and app.focused is app.reader
        await pilot.press("z")
        await pilot.pause()
        assert app.side.display and app.article_list.display


async def test_the_command_palette_lists_each_command_once_with_its_key(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles)), titles  # one Quit, not two
        quit_command = next(c for c in commands if c.title == "Quit")
        assert "(key: q)" in quit_command.help
        assert "Theme" in titles and "Screenshot" in titles  # Textual's own stay


async def test_o_shows_the_next_other_source_and_g_goes_to_it(app):
    """A conflict with several other sources: `o` steps through them in the panel and `g`
    goes to the one shown (it could only ever reach the first)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await select_figure_of_001(app, pilot, lambda f: len({o["path"] for o in f.others}) > 1)
        flag = app.side.flags.current
        paths = [o["path"] for o in flag.others]
        detail = app.side.query_one("#detail")
        await settle(pilot, lambda: "1 of" in str(detail.render()))
        await pilot.press("o")
        await settle(pilot, lambda: "2 of" in str(detail.render()))
        second = paths[1]
        assert name(second) in str(detail.render())
        await pilot.press("g")
        await settle(pilot, lambda: app.open_path == second)


def _illegible(strip, system) -> list[str]:
    """Text drawn in the same colour as its background once the terminal has only ``system``
    colours (16: TERM=linux; 256: most terminals without truecolor)."""
    bad = []
    for segment in strip:
        style = segment.style
        if style is None or not segment.text.strip():
            continue
        fg = style.color.downgrade(system) if style.color else "default-fg"
        bg = style.bgcolor.downgrade(system) if style.bgcolor else "default-bg"
        if style.reverse:
            fg, bg = bg, fg
        if fg == bg:
            bad.append(segment.text)
    return bad


@pytest.mark.parametrize("system", ["standard", "256"])
async def test_every_mark_stays_legible_in_16_and_256_colours(app, system):
    """On the selected row too: '↻6' and ' X valuation' were drawn in colour 214 on 214, and
    with 16 colours the selected row was bright red under a red ✗."""
    from rich.color import ColorSystem
    from textual.color import Color

    color_system = ColorSystem.STANDARD if system == "standard" else ColorSystem.EIGHT_BIT
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        bad = []
        for flag_row in range(len(app.side.flags.items)):  # each figure selected in turn
            app.side.flags.focus()
            app.side.flags.cursor = flag_row
            app.side.flags.refresh()
            for listing in (app.article_list, app.side.flags):
                for cursor in range(len(listing.items)):
                    if listing is app.article_list:
                        listing.cursor = cursor
                    for y in range(min(len(listing.items), listing.size.height)):
                        segments = list(listing.render_line(y))
                        # as the app draws them (its first filter): ANSI colours ('yellow')
                        # become the theme's own
                        segments = app._filters[0].apply(
                            segments, Color.parse(app.current_theme.background or "#000000")
                        )
                        bad += _illegible(segments, color_system)
        assert not bad, sorted(set(bad))


@pytest.mark.parametrize("system", ["standard", "256"])
async def test_mark_colours_keep_their_meaning_in_16_and_256_colours(app, system):
    """Drawn as the app draws them (ANSI names become the theme's colours) and reduced to a
    16- or 256-colour palette: a conflict stays red, a possible conflict magenta, a change
    yellow, an agreement green, each different from the others (with 16 colours conflicts were
    magenta, like possible ones, and changes bright red)."""
    from rich.color import ColorSystem
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color

    reduced = ColorSystem.STANDARD if system == "standard" else ColorSystem.EIGHT_BIT
    hues = {"conflict": "red", "possible": "magenta", "changed": "yellow", "agree": "green"}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # composed, even on a loaded machine
        for styles in (app.article_list.status_styles(), app.reader.mark_styles):
            seen = {}
            for status, hue in hues.items():
                segments = [Segment("x", Style.parse(str(styles[status])))]
                for line_filter in app._filters[:1]:  # ANSI names to the theme's colours
                    segments = line_filter.apply(segments, Color.parse("#000000"))
                colour = segments[0].style.color.downgrade(reduced)
                seen[status] = colour.number
                r, g, b = colour.get_truecolor()
                family = {
                    "red": r > 2 * max(g, b),
                    "magenta": r > 2 * g and b > 2 * g,
                    "yellow": r > 2 * b and g > 2 * b and g > r / 2,
                    "green": g > 2 * max(r, b) or (g > r and g > 2 * b),
                }
                assert family[hue], (status, styles[status], colour)
            assert len(set(seen.values())) == 4, seen


async def test_an_arabic_query_is_drawn_right_to_left_in_the_search_box(app):
    """Typed Arabic showed backwards and unjoined in the box: it is drawn like the reading
    view (shaped, visual order), the cursor on the cell of the character it stands before."""
    from factdesk.tui.widgets.search import SearchInput

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash")
        for ch in "مليار xAI":
            await pilot.press(ch if ch != " " else "space")
        box = app.query_one("#search", SearchInput)
        await settle(pilot, lambda: box.value == "مليار xAI")
        drawn = "".join(segment.text for segment in box.render_line(0))
        assert "ﺭﺎﻴﻠﻣ xAI" in drawn  # shaped and reordered: what FriBidi shows
        assert "مليار" not in drawn
        box.cursor_position = 0  # before the first letter, shown at the right end of its word
        box._cursor_visible = True
        strip = box.render_line(0)
        cells = [(segment.text, segment.style) for segment in strip if segment.text]
        cursor_style = box.get_component_rich_style("input--cursor")
        under_cursor = "".join(
            text
            for text, style in cells
            if style and cursor_style.bgcolor and style.bgcolor == cursor_style.bgcolor
        )
        assert under_cursor == "ﻣ"  # the initial form of م, at the right of the word


def test_closing_the_index_while_a_worker_reads_it_is_safe(seed_index):
    """The app quitting while its loading worker still read the catalog closed SQLite under a
    running query: a segmentation fault, seen in CI. Now the close waits for the query and
    the worker then gets nothing."""
    import threading
    import time

    from factdesk.tui.data import AppData

    data = AppData(seed_index)
    counts: list[int] = []

    def read() -> None:  # reads until the close shows, however fast the machine
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            entries = data.articles()
            counts.append(len(entries))
            if not entries:
                break
            data.flags(entries[0].row.path)

    worker = threading.Thread(target=read)
    worker.start()
    time.sleep(0.05)
    data.close()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert counts[0] == 5 and counts[-1] == 0 and data.article("x") is None


async def test_a_result_that_arrives_while_the_app_quits_is_dropped(app):
    """A worker's result posted after the main screen's widgets are gone (the app quitting
    while an article loads) raised NoMatches '#articles' at exit, seen in CI under load."""
    from factdesk.tui.app import ArticleLoaded, SearchDone

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        path = app.open_path
        await app.screen_stack[0].query_one("#articles").remove()
        app.post_message(ArticleLoaded(path, None, [], None, [], [], None))
        app.post_message(SearchDone("x", []))
        await pilot.pause()


async def test_the_conflicts_filter_is_state_the_list_follows(app):
    """`conflicts_only` is reactive: setting it (not only pressing `c`) filters the list."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        everything = len(app.article_list.items)
        app.conflicts_only = True
        await pilot.pause()
        shown = app.article_list.items
        assert 0 < len(shown) < everything and all(e.conflicts for e in shown)
        app.conflicts_only = False
        await pilot.pause()
        assert len(app.article_list.items) == everything


async def test_the_search_worker_returns_its_answer_for_the_main_thread(app):
    """The search runs in a thread and returns its hits; the main thread assigns them."""
    from factdesk.tui.app import SearchDone

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        app.search_text = "xAI"
        worker = app.run_search("xAI")
        await worker.wait()
        await pilot.pause()
        assert isinstance(worker.result, SearchDone) and worker.result.hits
        assert app.search_hits == worker.result.hits
        assert [h.path for h in app.article_list.items] == [h.path for h in worker.result.hits]


async def test_the_panes_carry_their_own_moves_and_keys_toml_remaps_them(
    seed_index, monkeypatch, tmp_path
):
    """j/k, Home/End, PgUp/PgDn are bindings of the list and the reading view (not the App's,
    forwarding to whatever is focused); keys.toml remaps them there too."""
    from factdesk.tui.widgets.lines import VirtualList
    from factdesk.tui.widgets.reader import ReaderView

    moves = {"next_article", "previous_article", "first", "last", "page_down", "page_up"}
    for widget in (VirtualList, ReaderView):
        assert moves <= {b.id for b in widget.BINDINGS}
    assert not moves & {b.id for b in FactdeskApp.BINDINGS}
    config = tmp_path / "config" / "factdesk"
    config.mkdir(parents=True)
    (config / "keys.toml").write_text('[keys]\nnext_article = "x"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = FactdeskApp(seed_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        app.article_list.focus()
        await pilot.pause()
        before = app.article_list.cursor
        await pilot.press("x")
        await pilot.pause()
        assert app.article_list.cursor == before + 1


async def test_an_answer_arriving_while_the_app_closes_is_dropped(app):
    """A worker's answer (the side panel's other source) that arrives once the widgets are
    gone is dropped, not raised: quitting while it loads never fails."""
    from factdesk.tui.app import OtherLoaded

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        flag = app.side.flags.items[0]
        await app.screen.query("*").remove()
        app.on_other_loaded(OtherLoaded(flag, None))  # no NoMatches
        assert not app.query("#side")


async def test_typing_fast_searches_once_for_the_last_query(app, monkeypatch):
    """Keys that come faster than the typing pause start no search: each newer query cancels
    the worker of the one before, which then never searches (issue 17: results after the
    last key, not after every key's search in turn)."""
    import factdesk.tui.app as app_module
    from factdesk.index.search import Searcher

    monkeypatch.setattr(app_module, "TYPING_PAUSE", 0.5)  # every key within it
    asked: list[str] = []
    search = Searcher.search

    def counted(self, text, *args, **kwargs):
        asked.append(text)
        return search(self, text, *args, **kwargs)

    monkeypatch.setattr(Searcher, "search", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("slash")
        box = app.query_one("#search")
        for end in range(1, len("valorisation") + 1):
            box.value = "valorisation"[:end]  # (no pause: the keys of a fast typist)
        await settle(pilot, lambda: app.search_hits is not None)
        await app.workers.wait_for_complete()
        assert asked == ["valorisation"]  # a word the index has: searched as it is
        assert {name(hit.path) for hit in app.search_hits} == {"000"}


def test_as_you_type_looks_for_longer_words_only_when_the_last_word_is_no_word_yet():
    from factdesk.tui.app import as_you_type

    assert as_you_type("valorisatio") == "(valorisatio OR valorisatio*)"
    assert as_you_type("xAI valorisatio") == "xAI (valorisatio OR valorisatio*)"
    assert as_you_type("valorisation", known=lambda word: True) == "valorisation"
    assert as_you_type("va") == "va"  # 'va*' would stand for thousands of words
    assert as_you_type('"milliards de') == '"milliards de'  # an open phrase stays
    assert as_you_type("xAI AND") == "xAI AND"


def test_a_search_that_a_newer_query_stops_ends_with_superseded(seed_index):
    """`stop` is asked before the search starts, as the prefix's words are looked up and as
    documents are matched; once it says True the search ends with Superseded."""
    from factdesk.index.search import Searcher, Superseded

    searcher = Searcher(seed_index)

    def stop_after(calls: int):
        asked = iter(range(calls + 1))
        return lambda: next(asked, calls) >= calls

    try:
        with pytest.raises(Superseded):
            searcher.search("xAI", stop=lambda: True)
        with pytest.raises(Superseded):  # the prefix's words looked up
            searcher.search("valo*", stop=stop_after(1))
        with pytest.raises(Superseded):  # the documents matched
            searcher.search("xAI", stop=stop_after(1))
        assert searcher.knows("valorisation") and searcher.knows("تقييم")
        assert not searcher.knows("valorisatio")
        found = searcher.search("xAI", stop=lambda: False)
        assert [h.path for h in found] == [h.path for h in searcher.search("xAI")]
    finally:
        searcher.close()
