"""The factdesk reader: article list, reading view with right-to-left layout, figures panel.

Every slow thing (building the index, reading an article, searching) runs in a thread worker
that posts a message back; the first paint never waits for the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from factdesk.index.sanitize import sanitize_inline

from .data import (
    STATUS_STYLE,
    AppData,
    ArticleEntry,
    FigureFlag,
)
from .findings import verdict_symbol
from .keys import KEY_COMMANDS, bindings, display_keys, load_keymap
from .layout import single_line
from .widgets.lines import VirtualList
from .widgets.modal import ScrollingModal
from .widgets.reader import ReaderView
from .widgets.search import SearchInput
from .widgets.side import FindingsPanel, OtherNumbers

PANE_IDS = ("articles", "reader", "flags")
PANE_HELP = {
    "articles": "Article list: j/k move and open, Enter reads, s sorts (date, source, "
    "conflicts), ✗N: N conflicting figures, ↻N: N changed over time, ⌕: a search hit.",
    "reader": "Reading view: j/k scroll, n/N search hits, o the source's address, y copies the "
    "paragraph. Figures are underlined: red bold conflicting, yellow italic changed, green "
    "agreeing, plain unchecked.",
    "flags": "Figures: j/k select (the other source's passage shows below), g goes there, "
    "b comes back; figures with no owner or measure are folded under 'other numbers' "
    "(Enter shows them).",
    "search": "Search: type a query; Enter goes to the results, Esc clears.",
    "findings": "Findings: every finding of the corpus, conflicts first. j/k select, Enter "
    "compares the two passages; s sorts, l/e/t/v filter by language, owner, story, verdict; "
    "1 2 3 give a verdict to each pair of the finding, m a note, 0 clears it; q or Esc: back.",
    "compare": "Compare view: a pair's two passages side by side. [ and ] step through the "
    "finding's pairs, h/l open the left/right article at the figure; 1 2 3 give this pair a "
    "verdict, m a note, 0 clears it; q or Esc: back.",
}
# What only the main screen does: off on the findings screen and the compare view
MAIN_ONLY_ACTIONS = frozenset(
    {
        "start_search",
        "next_hit",
        "previous_hit",
        "focus_next_pane",
        "focus_previous_pane",
        "jump_to_source",
        "next_source",
        "jump_back",
        "toggle_conflicts",
        "toggle_zoom",
        "findings",
        "update_feeds",
        "feeds",
        "sort_articles",
    }
)
SCREEN_OWNERS = ("findings", "compare", "verdict")  # key commands bound on those screens

BIDI_KEYS = next(c.keys for c in KEY_COMMANDS if c.id == "bidi")
ZOOM_KEYS = next(c.keys for c in KEY_COMMANDS if c.id == "zoom")


@dataclass
class Place:
    """Where the reader was: the article, how far down, which figure was selected."""

    path: str
    scroll_y: float
    flag: int = 0


@dataclass
class IndexProgress(Message):
    done: int
    total: int
    name: str


@dataclass
class ArticlesLoaded(Message):
    entries: list[ArticleEntry]
    note: str


@dataclass
class LoadFailed(Message):
    error: str


@dataclass
class ArticleLoaded(Message):
    path: str
    fields: dict | None
    flags: list[FigureFlag]
    reveal: int | None
    styles: list
    hits: list
    laid_out: Any
    restore: Place | None = None


@dataclass
class OtherLoaded(Message):
    flag: FigureFlag
    fields: dict | None


@dataclass
class SearchDone(Message):
    query: str
    hits: list
    error: str = ""


@dataclass
class FlagsLoaded(Message):
    path: str
    flags: list[FigureFlag]


@dataclass
class CountsLoaded(Message):
    """The article list's entries read again after a verdict (its ✗N counts)."""

    entries: list[ArticleEntry]


@dataclass
class FeedsProgress(Message):
    """A feed update's progress ('feeds: 12/40 pages…') or one failure, a line each."""

    line: str
    failure: bool = False


@dataclass
class FeedsDone(Message):
    """A feed update ended: the articles read again (None: nothing to show anew), the
    summary line and the failures (each one line, sanitised)."""

    entries: list[ArticleEntry] | None
    line: str
    failures: list[str]
    new_paths: list[str]


class FeedsCancelled(Exception):
    """The app quits during a feed update: the update stops where it is (what it stored is
    kept, the index write is rolled back)."""


# What the app's workers post back: dropped once the main screen is torn down (a result that
# arrives while the app quits has nowhere to go)
WORKER_RESULTS = (
    FeedsProgress,
    FeedsDone,
    IndexProgress,
    ArticlesLoaded,
    LoadFailed,
    ArticleLoaded,
    OtherLoaded,
    SearchDone,
    CountsLoaded,
    FlagsLoaded,
)


SEARCH_LIMIT = 200  # hits the list shows
TYPING_PAUSE = 0.03  # s: a search starts once typing pauses this long (a newer key stops it)
MIN_PREFIX = 3  # letters the last word needs before words starting with it are looked for


def as_you_type(query: str, known=None) -> str:
    """While typing, the last word may be unfinished: 'valorisatio' also looks for words that
    start with it (a bounded prefix search), so results do not flash 'no hits' on every key.
    A word of one or two letters is searched as it is ('e*' stands for every word starting
    with e in ten fields: 2.1 s at 10,000 articles, for results replaced at the next key), and
    so is a word the index ``known`` has (a callable; 'elections' costs 39 ms, with the words
    starting with it 103 ms, before prefixes were scored in bulk): the list then shows what
    Enter and `factdesk search` find."""
    words = query.split()
    last = words[-1] if words else ""
    if not last.isalpha() or query.count('"') % 2 or last in ("AND", "OR", "NOT"):
        return query
    if len(last) < MIN_PREFIX or (known is not None and known(last)):
        return query
    return " ".join([*words[:-1], f"({last} OR {last}*)"])


def render_article_row(
    item,
    width: int,
    bidi: str = "app",
    styles: dict | None = None,
    verdicts: dict[str, str | None] | None = None,
) -> Text:
    """A row of the article list: language, flag counts, title (or a search hit). With
    ``verdicts`` (each article's verdict by path, once any was given), a column after the
    counts marks the articles whose figures have one: ✔ confirmed, ≠ not the same quantity,
    ↺ resolved, ± mixed."""
    column = ""
    if verdicts is not None:
        path = item.row.path if isinstance(item, ArticleEntry) else item.path
        column = (verdict_symbol(verdicts.get(path)) or " ") + " "
    if isinstance(item, ArticleEntry):
        row, flags = item.row, ""
        if item.conflicts:
            flags = f"✗{item.conflicts}"
        elif item.flagged:
            flags = f"↻{item.flagged}"
        text = Text(f"{row.lang:<2} ", style="dim")
        status = "conflict" if item.conflicts else "changed"
        text.append(f"{flags:<3} ", style=(styles or STATUS_STYLE)[status])
        text.append(column, style="bold")
        text.append(single_line(row.title, max(1, width - 7 - len(column)), bidi))
        return text
    text = Text(f"{item.lang:<2} ", style="dim")
    text.append("⌕   ", style="bold")
    text.append(column, style="bold")
    text.append(single_line(item.title, max(1, width - 7 - len(column)), bidi))
    return text


class BidiCheckScreen(ModalScreen[str]):
    """On a terminal nothing identifies (the first start): an Arabic and a Hebrew line laid out
    both ways; the user says which reads right (1 or 2), Esc leaves the choice as it is."""

    DEFAULT_CSS = """
    BidiCheckScreen { align: center middle; }
    BidiCheckScreen > Static { width: 74; height: auto; border: round $accent;
                               background: $surface; padding: 1 2; }
    """
    BINDINGS = [
        Binding("1", "dismiss('app')", "app lays it out", id="bidi_app"),
        Binding("2", "dismiss('terminal')", "terminal lays it out", id="bidi_terminal"),
        Binding("escape", "dismiss('')", "Keep", id="bidi_keep"),
    ]

    def compose(self) -> ComposeResult:
        from .cli import BIDI_SAMPLES
        from .layout import layout_paragraph

        text = Text(
            "Which reads right to left, with joined letters, ending at the right edge?\n\n",
            style="bold",
        )
        for number, mode in ((1, "app"), (2, "terminal")):
            text.append(f" {number}\n", style="bold")
            for sample in BIDI_SAMPLES:
                (line,) = layout_paragraph(sample, 0, 66, mode, rtl=True)
                text.append(line.plain + "\n")
        text.append(
            "\nPress 1 or 2 (remembered for this terminal; B switches later), "
            "Esc: keep the app's layout.",
            style="dim",
        )
        yield Static(text)


class HelpScreen(ScrollingModal):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
                                  border: round $accent; background: $surface; padding: 1 2; }
    HelpScreen Static { height: auto; }
    """
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close_help"),
    ]

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # arrows, j/k, PgUp/PgDn, Home/End scroll

    def __init__(self, pane: str, keymap: dict[str, str]) -> None:
        super().__init__()
        self.pane = pane
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        text = Text("factdesk keys", style="bold")
        text.append(f"   (focused: {self.pane})\n", style="dim")
        text.append(PANE_HELP.get(self.pane, "") + "\n\n")
        for command in KEY_COMMANDS:
            keys = display_keys(self.keymap.get(command.id, command.keys))
            text.append(f"{keys:<16}", style="bold")
            text.append(f"{command.help}\n")
        text.append(
            "\nFigures: ✗ conflicting  ? possible conflict (no named owner)  "
            "↻ changed over time  ✓ agreeing  · unchecked\n",
            style="dim",
        )
        text.append(
            'Remap keys in keys.toml ([keys] id = "key"); Ctrl+P lists commands.', style="dim"
        )
        with VerticalScroll():
            yield Static(text)


def _while_shown(handler):
    """A worker's answer that arrives while the app closes finds its widgets gone: dropped
    (``NoMatches``), never raised from the message loop (the side panel's other source, loaded
    after the user quit, once failed a quit this way)."""
    from functools import wraps

    from textual.css.query import NoMatches

    @wraps(handler)
    def handle(self, message):
        try:
            return handler(self, message)
        except NoMatches:
            if self.screen_stack and self.screen_stack[0].query("#side"):
                raise  # the widgets are there: a real error
            return None

    return handle


class FactdeskApp(App[None]):
    TITLE = "factdesk"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    READER_MIN = 30  # columns the reading view keeps before the side panes do
    COMPACT_FOOTER_BELOW = 80
    LIST_MIN, SIDE_MIN = 18, 22
    MIN_SIZE = (40, 8)  # columns, rows: below this the panes cannot show an article
    conflicts_only: reactive[bool] = reactive(False, init=False)  # `c`: the list's filter
    BINDINGS = bindings("app")  # the list and the reading view carry their own (keys.py)

    def __init__(
        self, index_dir: Path, bidi: str = "app", corpus: Path | None = None, choice=None
    ) -> None:
        super().__init__()
        self.index_dir = index_dir
        self.bidi = bidi
        self.bidi_choice = choice  # termbidi.Choice: why this mode (shown at start)
        self.explicit_mode: Any = None  # termbidi.ExplicitMode around the run (run_app)
        self.corpus = corpus
        self.data: AppData | None = None
        self.entries: list[ArticleEntry] = []
        self.search_text = ""
        self.search_hits: Any = None  # the last search's Hits
        self.searcher: Any = None  # index.search.Searcher, opened at the first search
        self.open_path: str | None = None
        self.history: list[Place] = []
        self.article_sort = "file"  # `s`: data.ARTICLE_SORTS
        # each article's verdict by path, once any article has one (the list's verdict column)
        self.verdict_marks: dict[str, str | None] | None = None
        self.feeds_updating = False
        self.feed_failures: list[str] = []  # the last feed update's, one line each
        self.keymap, self.keymap_warnings = load_keymap()
        from .config import load

        self.config = load()
        self.keymap_warnings = self.config.warnings + self.keymap_warnings

    # --- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        box = SearchInput(placeholder="search… (Enter: results, Esc: clear)", id="search")
        box.bidi = self.bidi
        yield box
        with Horizontal(id="main"):
            articles = VirtualList(
                lambda item, width: render_article_row(
                    item, width, self.bidi, articles.status_styles(), self.verdict_marks
                ),
                empty="Loading the index…",
                id="articles",
            )
            yield articles
            yield ReaderView(bidi=self.bidi, id="reader")
            yield FindingsPanel(bidi=self.bidi, id="side")
        yield Static("", id="status")
        yield Footer()
        yield Static("", id="too-small")

    def check_message_enabled(self, message: Message) -> bool:
        """A worker's result that arrives after the main screen is gone (the app quitting while
        an article loads) is dropped, not handled against widgets that no longer exist."""
        if isinstance(message, WORKER_RESULTS) and not self._main_shown():
            return False
        return super().check_message_enabled(message)

    def _main_shown(self) -> bool:
        """The main screen's panes exist (not before compose, not once the app quits)."""
        return bool(self.screen_stack and self.screen_stack[0].query("#articles"))

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        too_small = width < self.MIN_SIZE[0] or height < self.MIN_SIZE[1]
        self.screen.set_class(too_small, "too-small")
        # the reading view first: the figures panel goes below READER_MIN + both panes, then
        # the list (z shows the reading view alone at any width)
        self.screen.set_class(width < self.READER_MIN + self.LIST_MIN + self.SIDE_MIN, "no-side")
        self.screen.set_class(width < self.READER_MIN + self.LIST_MIN, "no-list")
        for footer in self.query(Footer):  # narrow: keys closer together, and no palette key
            # (Ctrl+P still opens it), so that ? Help and q Quit still fit
            footer.compact = width < self.COMPACT_FOOTER_BELOW
            footer.show_command_palette = width >= self.COMPACT_FOOTER_BELOW
        if too_small:
            self.query_one("#too-small", Static).update(
                f"terminal too small ({width}x{height}): factdesk needs "
                f"{self.MIN_SIZE[0]}x{self.MIN_SIZE[1]}"
            )

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self._apply_configured_theme()
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self.bidi_choice is not None and not self.bidi_choice.known:
            self.push_screen(BidiCheckScreen(), self._bidi_answered)
        self.query_one("#articles").focus()
        self.status("opening the index…" if not self.keymap_warnings else self.keymap_warnings[0])
        self.load_index()

    def _apply_configured_theme(self) -> None:
        """config.toml's theme, when it names one of the app's themes (else a warning)."""
        theme = self.config.theme
        if theme is None:
            return
        if theme in self.available_themes:
            self.theme = theme
        else:
            known = ", ".join(sorted(self.available_themes))
            self.keymap_warnings.insert(0, f"config.toml: ignored theme = {theme!r} ({known})")

    def _save_theme(self, theme) -> None:
        """A theme picked in the command palette is kept in config.toml for the next start."""
        if theme.name == self.config.theme:
            return
        from .config import save_setting

        try:
            save_setting("theme", theme.name)
        except OSError as err:
            self.status(f"theme not saved: {err.strerror or err}")
            return
        self.config.theme = theme.name

    def status(self, message: str) -> None:
        """One to three lines at the bottom; Arabic or Hebrew in it (a query, a title) laid
        out right to left within the left-to-right message, like the reading view."""
        from .layout import layout_paragraph

        widget = self.query_one("#status", Static)
        width = max(20, widget.size.width - 2) if widget.size.width else 78
        lines = layout_paragraph(
            " ".join(sanitize_inline(message).split()), 0, width, self.bidi, rtl=False
        )
        widget.update(Text("\n".join(line.plain.rstrip() for line in lines)))

    @property
    def article_list(self) -> VirtualList:
        return self.query_one("#articles", VirtualList)

    @property
    def reader(self) -> ReaderView:
        return self.query_one("#reader", ReaderView)

    @property
    def side(self) -> FindingsPanel:
        return self.query_one("#side", FindingsPanel)

    # --- loading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def load_index(self) -> None:
        from factdesk.index.store import StoreError, exists

        note = ""
        try:
            if not exists(self.index_dir) and self.corpus is not None:
                from factdesk.index.ingest import index_paths

                def progress(path: str, done: int, total: int) -> None:
                    if done == total or done % 25 == 1:  # merge progress messages
                        self.post_message(IndexProgress(done, total, Path(path).name))

                summary = index_paths(self.index_dir, [self.corpus], progress)
                note = f"built the index from the demo corpus: {summary.line()}"
            data = AppData(self.index_dir)
        except (StoreError, OSError) as err:
            self.post_message(LoadFailed(str(err)))
            return
        self.data = data
        self.post_message(ArticlesLoaded(data.articles(), note))

    @_while_shown
    def on_index_progress(self, message: IndexProgress) -> None:
        self.status(f"indexing {message.done}/{message.total}  {message.name}")

    @_while_shown
    def on_load_failed(self, message: LoadFailed) -> None:
        self.article_list.empty = "No index."
        self.article_list.refresh()
        self.reader.placeholder = message.error
        self.reader.refresh()
        self.status(message.error)

    @_while_shown
    def on_articles_loaded(self, message: ArticlesLoaded) -> None:
        self.set_entries(message.entries)
        self.article_list.empty = "No articles."
        self.show_entries()
        conflicts = sum(1 for e in self.entries if e.conflicts)
        summary = f"{len(self.entries)} articles, {conflicts} with conflicts"
        if not self.entries:
            from factdesk.index.store import INDEX_SOME

            summary = f"the index holds no articles: {INDEX_SOME}"
        self.status(
            "  · ".join(
                [
                    message.note or summary,
                    *self.keymap_warnings,
                    *self._bidi_note(),
                ]
            )
        )

    def _bidi_note(self) -> list[str]:
        """How right-to-left text is laid out, why, and the key that switches it."""
        if self.bidi_choice is None:
            return []
        key = display_keys(self.keymap.get("bidi", BIDI_KEYS))
        return [
            f"right-to-left: {self.bidi_choice.mode}, {self.bidi_choice.reason} ({key}: switch)"
        ]

    def _bidi_answered(self, mode: str | None) -> None:
        """The first-start check's answer: saved, and applied if it changes the mode."""
        from .termbidi import Choice, save_answer

        if not mode:
            return
        if mode != (self.bidi_choice.mode if self.bidi_choice else self.bidi):
            self.action_toggle_bidi("your answer, saved")
        else:
            self.bidi_choice = Choice(mode, False, "your answer, saved")
            try:
                save_answer(self.bidi_choice)
            except OSError as err:
                self.status(f"could not save the choice: {err}")

    def action_toggle_bidi(self, reason: str = "switched with the key, saved") -> None:
        """Switch who lays out right-to-left text, tell the terminal (CSI 8 l / 8 h where it
        reorders), save the answer for this terminal and lay everything out again."""
        from .termbidi import Choice, ExplicitMode, detect, save_answer

        old = self.bidi_choice or Choice(self.bidi, False, "")
        detected = detect()
        if old.mode == "app":
            new = Choice("terminal", False, reason, mirrors=detected.mirrors)
        else:
            new = Choice("app", detected.explicit, reason, detected.switch)
        mode = self.explicit_mode or ExplicitMode(old)
        self._send(mode.switch(old, new))  # (and what the exit restores follows)
        if new.mode != old.mode:
            self._send("\x1b[2J")  # no cell drawn in the old mode may stay: all is drawn again
            self.screen.refresh(repaint=True, layout=True)
        try:
            save_answer(new)
        except OSError as err:
            self.status(f"could not save the choice: {err}")
        self.bidi_choice = new
        self.bidi = self.reader.bidi = self.side.bidi = new.layout_mode
        self.query_one("#search", SearchInput).bidi = new.layout_mode
        self.reader._relayout()
        self.article_list.refresh()
        self.side.refresh()
        self.status(self._bidi_note()[0])

    def _send(self, sequence: str) -> None:
        """Raw bytes to the terminal (a mode escape), through the app's driver."""
        driver = getattr(self, "_driver", None)
        if sequence and driver is not None:
            driver.write(sequence)
            getattr(driver, "flush", lambda: None)()

    def listed(self) -> list:
        """What the list shows: search hits while a search is on, else the articles; with `c`,
        only those with conflicts, in either case; in the order `s` chose."""
        from .data import sort_articles

        if self.search_text and self.search_hits is not None:
            items: list = list(self.search_hits)
            if self.conflicts_only:
                conflicted = {e.row.path for e in self.entries if e.conflicts}
                items = [h for h in items if h.path in conflicted]
        else:
            items = (
                [e for e in self.entries if e.conflicts] if self.conflicts_only else self.entries
            )
        if self.article_sort == "file":
            return list(items)
        # (the hits' rows and counts, by path: built only to sort)
        return sort_articles(items, self.article_sort, {e.row.path: e for e in self.entries})

    def show_entries(self) -> None:
        self.article_list.set_items(self.listed())

    def action_sort_articles(self) -> None:
        """The next order of the article list (data.ARTICLE_SORTS), the selection kept."""
        from .data import ARTICLE_SORT_LABELS, ARTICLE_SORTS

        self.article_sort = ARTICLE_SORTS[
            (ARTICLE_SORTS.index(self.article_sort) + 1) % len(ARTICLE_SORTS)
        ]
        current = self.article_list.current
        items = self.listed()
        keep = next(
            (
                i
                for i, item in enumerate(items)
                if current is not None and self._path_of(item) == self._path_of(current)
            ),
            0,
        )
        self.article_list.items = items
        self.article_list.cursor = keep
        self.article_list.scroll_to(y=max(0, keep - self.article_list.size.height // 2))
        self.article_list.refresh()
        self.show_sort()
        what = "results" if self.search_text and self.search_hits is not None else "articles"
        self.status(f"{what} sorted by {ARTICLE_SORT_LABELS[self.article_sort]}")

    def show_sort(self) -> None:
        """The list's title says its order (none in the file order)."""
        key = display_keys(self.keymap.get("sort_articles", "s"))
        self.article_list.set_class(self.article_sort != "file", "sorted")
        self.article_list.border_title = (
            None if self.article_sort == "file" else f"by {self.article_sort} ({key})"
        )

    @on(VirtualList.Highlighted, "#articles")
    def article_highlighted(self, event: VirtualList.Highlighted) -> None:
        item = event.list.current
        if item is not None:
            path = item.row.path if isinstance(item, ArticleEntry) else item.path
            self.open_article(path)

    @on(VirtualList.Chosen, "#articles")
    def article_chosen(self) -> None:
        self.reader.focus()

    @work(thread=True, exclusive=True, group="article")
    def open_article(
        self, path: str, reveal: int | None = None, restore: Place | None = None
    ) -> None:
        if self.data is None:
            return
        fields = self.data.article(path)
        flags = self.data.flags(path)
        marks = self.reader.mark_styles  # read on the main thread (component classes)
        styles = [(f.figure["start"], f.figure["end"], marks[f.status]) for f in flags]
        if reveal is not None:
            styles.append((reveal, self.figure_end(flags, reveal), "reverse bold"))
        hits = self.hits_in(fields) if fields else []
        laid_out = self.reader.lay_out(fields, styles, hits) if fields else None
        self.post_message(
            ArticleLoaded(path, fields, flags, reveal, styles, hits, laid_out, restore)
        )

    @_while_shown
    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.open_path = message.path
        self._select_in_list(message.path)
        self.reader.show_article(message.fields, message.styles, message.hits, message.laid_out)
        self.side.set_flags(message.flags)
        if message.reveal is not None:
            self.reader.reveal(message.reveal)
            index = self.side.index_of(message.reveal)
            if index is not None:
                self.side.flags.move_cursor(index - self.side.flags.cursor)
        if message.restore is not None:  # back where the reader was, at the figure they chose
            self.side.flags.move_cursor(message.restore.flag - self.side.flags.cursor)
            self.call_after_refresh(
                self.reader.scroll_to, y=message.restore.scroll_y, animate=False
            )

    def _select_in_list(self, path: str) -> None:
        """The list shows the open article selected (after g or b too)."""
        items = self.article_list.items
        current = self.article_list.current
        if current is not None and self._path_of(current) == path:
            return
        for index, item in enumerate(items):
            if self._path_of(item) == path:
                self.article_list.show_selected(index)
                return

    @staticmethod
    def _path_of(item) -> str:
        return item.row.path if isinstance(item, ArticleEntry) else item.path

    @staticmethod
    def figure_end(flags: list[FigureFlag], start: int) -> int:
        return next((f.figure["end"] for f in flags if f.figure["start"] == start), start + 1)

    # --- the reading view's o and y --------------------------------------------------------
    COPY_LIMIT = 8000  # characters `y` copies at most (OSC 52 payloads have limits)

    def _open_source(self) -> dict:
        """The open article as a source: a figure-like record for ``source_label``."""
        from factdesk.index.sources import outlet

        fields = self.reader.fields or {}
        path = fields.get("path", self.open_path or "")
        return {
            "path": path,
            "outlet": outlet(fields.get("source", ""), path),
            "published": fields.get("date", ""),
            "headline": fields.get("title", ""),
        }

    def open_article_url(self) -> None:
        """`o` in the reading view: the article's address in a browser where there is a
        desktop, else in the status line (the compare view's way: ``findings.address_to_open``)."""
        import os
        import sys

        from factdesk.index.sources import source_label

        from .findings import address_to_open

        if self.reader.fields is None:
            self.status("no article open")
            return
        source = self.reader.fields.get("source", "")
        address, line = address_to_open(
            source_label(self._open_source()), source, os.environ, sys.platform
        )
        if address:
            self.open_browser(address)
        self.status(line)

    @work(thread=True, group="browser")
    def open_browser(self, address: str) -> None:
        from .findings import open_in_browser

        open_in_browser(address)

    def copy_paragraph(self) -> None:
        """`y` in the reading view: the current paragraph (``ReaderView.current_paragraph``)
        with its source, by OSC 52."""
        from .findings import passage_with_source

        fields = self.reader.fields
        span = self.reader.current_paragraph()
        if fields is None or span is None:
            self.status("nothing to copy")
            return
        cut = span[1] - span[0] > self.COPY_LIMIT
        if cut:
            end = fields["text"].rfind(" ", span[0], span[0] + self.COPY_LIMIT)
            span = (span[0], end if end > span[0] else span[0] + self.COPY_LIMIT)
        text = passage_with_source(fields, self._open_source(), span)
        if cut:
            text = text.replace("»\n", "…»\n", 1)
        self.copy_to_clipboard(text)
        words = len(fields["text"][span[0] : span[1]].split())
        self.status(
            f"copied the paragraph ({words} words{', cut' if cut else ''}) with its source (OSC 52)"
        )

    # --- feeds -------------------------------------------------------------------------------
    FEED_TIMEOUT = 20.0  # seconds for one answer: quitting mid-update waits at most this long
    FEED_DELAY = 1.0  # seconds between two requests to one host (as `factdesk feed update`)
    PROGRESS_EVERY = 0.1  # seconds between two progress lines

    def action_update_feeds(self) -> None:
        """Update every subscribed feed in a worker (``index.feeds.update_feeds``), index the
        new articles (``index.ingest.index_paths``) and show them in the list."""
        if self.feeds_updating:
            self.status("feeds: an update is already running")
            return
        self.feeds_updating = True
        self.feed_failures = []
        self.status("feeds: starting the update…")
        self.run_feed_update()

    @work(thread=True, exclusive=True, group="feeds")
    def run_feed_update(self) -> None:
        import time

        from textual.worker import get_current_worker

        from factdesk.index.feeds import FeedError, FeedList, articles_dir, clean_line, update_feeds
        from factdesk.index.fetch import FetchPolicy
        from factdesk.index.ingest import index_paths
        from factdesk.index.store import StoreError

        worker = get_current_worker()
        failures: list[str] = []
        shown = [0.0]

        def tell(line: str, force: bool = False) -> None:
            if worker.is_cancelled:
                raise FeedsCancelled  # the app quits: stop here, consistent
            now = time.monotonic()
            if force or now - shown[0] >= self.PROGRESS_EVERY:
                shown[0] = now
                self.post_message(FeedsProgress(line))

        def progress(stage: str, done: int, total: int) -> None:
            tell(f"feeds: {done}/{total} {stage}…", force=done == total)

        def say(line: str) -> None:
            line = clean_line(line, 400)
            failures.append(line)
            self.post_message(FeedsProgress(line, failure=True))

        def indexing(path: str, done: int, total: int) -> None:
            tell(f"feeds: indexing {done}/{total}…", force=done == total)

        try:
            with FeedList(self.index_dir, write=False) as listed:
                if not listed.feeds:
                    self.post_message(
                        FeedsDone(
                            None, "feeds: no feeds (subscribe: factdesk feed add URL)", [], []
                        )
                    )
                    return
            policy = FetchPolicy(
                timeout=self.FEED_TIMEOUT, idle=self.FEED_TIMEOUT / 2, delay=self.FEED_DELAY
            )
            summary = update_feeds(self.index_dir, policy, progress=progress, say=say)
            folder = articles_dir(self.index_dir)
            before = {e.row.path for e in self.entries}
            indexed = index_paths(self.index_dir, [folder], indexing) if folder.is_dir() else None
            if self.data is None:
                self.data = AppData(self.index_dir)  # the first articles of a new index
            else:
                self.data.refresh()
            entries = self.data.articles()
        except FeedsCancelled:
            return
        except (FeedError, StoreError, OSError) as err:
            self.post_message(FeedsDone(None, f"feeds: {err}", failures, []))
            return
        except Exception as err:  # bad input never kills the app: one line
            line = f"feeds: the update failed ({type(err).__name__}: {err})"
            self.post_message(FeedsDone(None, line, failures, []))
            return
        new = [e.row.path for e in entries if e.row.path not in before]
        line = f"feeds: {summary.line()}"
        if indexed is not None and indexed.skipped:
            line += f"; {len(indexed.skipped)} file(s) not indexed"
        self.post_message(FeedsDone(entries, line, failures, new))

    def action_feeds(self) -> None:
        """The feeds view (``widgets.feeds``)."""
        from .widgets.feeds import FeedsScreen

        self.push_screen(FeedsScreen())

    @_while_shown
    def on_feeds_progress(self, message: FeedsProgress) -> None:
        if message.failure:
            self.feed_failures.append(message.line)
        self.status(message.line)

    @_while_shown
    def on_feeds_done(self, message: FeedsDone) -> None:
        self.feeds_updating = False
        self.feed_failures = list(message.failures)
        line = message.line
        if message.entries is not None:
            if self.data is not None and not self.entries:
                self.article_list.empty = "No articles."
            self.replace_entries(message.entries)
            if message.new_paths:
                line += f" · {len(message.new_paths)} new in the list"
        if message.failures:
            more = len(message.failures) - 1
            line += f" · {message.failures[0]}" + (f" (and {more} more)" if more else "")
        self.status(line)

    # --- the figures panel -------------------------------------------------------------------
    @on(VirtualList.Highlighted, "#flags")
    def flag_highlighted(self, event: VirtualList.Highlighted) -> None:
        flag = event.list.current
        if isinstance(flag, FigureFlag):
            self.load_other(flag)
        elif isinstance(flag, OtherNumbers):
            self.side.show_folding(flag)

    @work(thread=True, exclusive=True, group="other")
    def load_other(self, flag: FigureFlag) -> None:
        fields = None
        if flag.other is not None and self.data is not None:
            fields = self.data.article(flag.other["path"])
        self.post_message(OtherLoaded(flag, fields))

    @_while_shown
    def on_other_loaded(self, message: OtherLoaded) -> None:
        self.side.show_detail(message.flag, message.fields)
        if self.focused is self.side.flags:
            self.reader.reveal(message.flag.figure["start"])

    def action_jump_to_source(self) -> None:
        from factdesk.index.sources import source_label

        flag = self.side.flags.current
        if not isinstance(flag, FigureFlag) or not flag.others or self.open_path is None:
            self.status("no other source for this figure")
            return
        self.history.append(
            Place(self.open_path, self.reader.scroll_offset.y, self.side.flags.cursor)
        )
        other = flag.other
        assert other is not None  # (others is not empty)
        self.status(f"jumped to {source_label(other)} (b: back)")
        self.open_article(other["path"], reveal=other["start"])

    def action_next_source(self) -> None:
        """The selected figure's next other source, in the panel (and for `g`)."""
        flag = self.side.flags.current
        if not isinstance(flag, FigureFlag) or len(flag.others) < 2:
            self.status(
                "no other source for this figure"
                if not isinstance(flag, FigureFlag) or not flag.others
                else "this figure has one other source"
            )
            return
        flag.shown = (flag.shown + 1) % len(flag.others)
        self.load_other(flag)

    def action_jump_back(self) -> None:
        if not self.history:
            self.status("nothing to go back to")
            return
        place = self.history.pop()
        self.status("back")
        self.open_article(place.path, restore=place)

    # --- search ------------------------------------------------------------------------------
    def action_start_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("active")
        box.focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value.strip()
        if self.search_text:
            self.run_search(self.search_text)
        else:
            self.show_entries()
            self.reader.set_hits([])

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.article_list.focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> SearchDone | None:
        """Search in a thread and return the answer; the main thread assigns it when the
        worker succeeds (``on_worker_state_changed``). A newer query cancels this worker: it
        does not start while keys come faster than ``TYPING_PAUSE``, stops where it is when
        it has started (``Searcher.search(stop=…)``: the searcher is free for the newer one at
        once), and a cancelled worker's answer is never assigned."""
        import time

        from textual.worker import get_current_worker

        from factdesk.index.search import QueryError, Searcher, Superseded

        worker = get_current_worker()
        time.sleep(TYPING_PAUSE)
        if worker.is_cancelled:
            return None
        try:
            if self.searcher is None:
                self.searcher = Searcher(self.index_dir)
            hits = self.searcher.search(
                as_you_type(query, self.searcher.knows),
                limit=SEARCH_LIMIT,
                details=False,
                stop=lambda: worker.is_cancelled,
            )
        except Superseded:
            return None
        except QueryError as err:
            return SearchDone(query, [], str(err))
        except Exception as err:  # a broken index must not kill the app
            return SearchDone(query, [], f"search failed: {err}")
        return SearchDone(query, hits)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(result, SearchDone):
            if self._main_shown():
                self.on_search_done(result)

    @_while_shown
    def on_search_done(self, message: SearchDone) -> None:
        if message.query != self.search_text:
            return  # a stale answer to an older query
        if message.error:
            self.status(message.error)
            return
        self.search_hits = message.hits
        self.article_list.empty = f"no hits for {message.query}"
        self.show_entries()
        notes = getattr(message.hits, "notes", [])
        count = len(message.hits)
        shown = f"{SEARCH_LIMIT}+ hits" if count >= SEARCH_LIMIT else f"{count} hit(s)"
        typing = self.focused is self.query_one("#search", Input)
        keys = "Enter: go to the results, then n/N" if typing else "n/N: next/previous hit"
        self.status(
            f"{shown} for {message.query}"
            + (f"  ({keys})" if count else "")
            + ("  · articles with conflicts only (c: all)" if self.conflicts_only else "")
            + "".join(f"  · {note}" for note in notes)
        )

    def hits_in(self, fields: dict) -> list[tuple[int, int]]:
        if not self.search_text:
            return []
        if self.search_hits is None or fields["path"] not in {h.path for h in self.search_hits}:
            return []
        return self.search_hits.spans_in(fields)

    def action_next_hit(self) -> None:
        if not self.reader.step_hit(1):
            self.status("no hits in this article")

    def action_previous_hit(self) -> None:
        if not self.reader.step_hit(-1):
            self.status("no hits in this article")

    def action_clear_search(self) -> None:
        if not self._on_main_screen():
            self.pop_screen()
            return
        box = self.query_one("#search", Input)
        if box.has_class("active") or self.search_text:
            box.value = ""
            box.remove_class("active")
            self.search_text = ""
            self.show_entries()
            self.reader.set_hits([])
            self.article_list.focus()
            self.status("search cleared")

    # --- panes and lists ---------------------------------------------------------------------
    def _pane(self, step: int) -> None:
        focused = self.focused.id if self.focused is not None else None
        index = PANE_IDS.index(focused) if focused in PANE_IDS else -1
        self.query_one(f"#{PANE_IDS[(index + step) % len(PANE_IDS)]}").focus()

    def action_focus_next_pane(self) -> None:
        self._pane(1)

    def action_focus_previous_pane(self) -> None:
        self._pane(-1)

    def action_open_selected(self) -> None:
        focused = self.focused
        if isinstance(focused, VirtualList):
            focused.action_choose()  # (on the other numbers' row: the panel folds them)
            if focused.id == "flags" and isinstance(focused.current, FigureFlag):
                self.action_jump_to_source()

    def action_toggle_zoom(self) -> None:
        """The reading view alone, or with the list and the figures panel again."""
        zoomed = not self.screen.has_class("zoomed")
        self.screen.set_class(zoomed, "zoomed")
        if zoomed and self.focused is not None and self.focused.id in ("articles", "flags"):
            self.reader.focus()
        key = display_keys(self.keymap.get("zoom", ZOOM_KEYS))
        self.status(f"reading view alone ({key}: panes back)" if zoomed else "panes shown")

    def action_toggle_conflicts(self) -> None:
        self.conflicts_only = not self.conflicts_only

    def watch_conflicts_only(self, only: bool) -> None:
        """The list follows the state, whoever sets it (the key, the palette, a test)."""
        if self._main_shown():
            self.show_entries()
            self.status("articles with conflicts only" if only else "all articles")

    def action_help(self) -> None:
        from .widgets.findings import CompareScreen, FindingsScreen

        pane = self.focused.id if self.focused is not None else "app"
        if isinstance(self.screen, FindingsScreen | CompareScreen):
            pane = "compare" if isinstance(self.screen, CompareScreen) else "findings"
        self.push_screen(HelpScreen(pane or "app", self.keymap))

    def action_quit_or_back(self) -> None:
        if not self._on_main_screen():
            self.pop_screen()
        elif self.search_text:
            self.action_clear_search()
        else:
            self.exit()

    # --- the findings screen and the compare view -------------------------------------------
    def _on_main_screen(self) -> bool:
        return len(self.screen_stack) <= 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The main screen's commands are off on the findings screen and the compare view
        (their keys do nothing there, and the footer leaves them out)."""
        if action in MAIN_ONLY_ACTIONS and not self._on_main_screen():
            return False
        return True

    def action_findings(self) -> None:
        """The findings screen, kept while the app runs (its sort, filters and selection)."""
        from .widgets.findings import FindingsScreen

        if not self.is_screen_installed("findings"):
            self.install_screen(FindingsScreen(), "findings")
        self.push_screen("findings")

    @property
    def findings_screen(self):
        from .widgets.findings import FindingsScreen

        if self.is_screen_installed("findings"):
            screen = self.get_screen("findings")
            return screen if isinstance(screen, FindingsScreen) else None
        return None

    def open_at(self, figure: dict) -> None:
        """Back to the reading view, at a figure of the compare view (b comes back to the
        article read before)."""
        from factdesk.index.sources import source_label

        while not self._on_main_screen():
            self.pop_screen()
        if self.open_path is not None:
            self.history.append(
                Place(self.open_path, self.reader.scroll_offset.y, self.side.flags.cursor)
            )
        self.screen.set_class(False, "zoomed")
        self.reader.focus()
        self.status(f"opened {source_label(figure)} at the figure (b: back, f: findings)")
        self.open_article(figure["path"], reveal=figure["start"])

    def verdicts_changed(self, finding: dict | None) -> None:
        """A verdict was saved: the findings screen's row, the article list's ✗N counts and the
        open article's figures follow."""
        screen = self.findings_screen
        if finding is not None and screen is not None:
            screen.finding_changed(finding)
        self.reload_counts()

    @work(thread=True, exclusive=True, group="counts")
    def reload_counts(self) -> None:
        if self.data is not None:
            self.post_message(CountsLoaded(self.data.articles()))

    @_while_shown
    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self.replace_entries(message.entries)

    def set_entries(self, entries: list[ArticleEntry]) -> None:
        """The article rows, and the list's verdict column (shown once any has a verdict)."""
        self.entries = entries
        marks = {e.row.path: e.verdict for e in entries if e.verdict}
        self.verdict_marks = dict(marks) if marks else None

    def replace_entries(self, entries: list[ArticleEntry]) -> None:
        """New article rows (counts after a verdict, new articles after a feed update): the
        list shows them, the selected article stays selected."""
        shown_before = bool(self.entries)
        self.set_entries(entries)
        cursor = self.article_list.cursor
        current = self.article_list.current
        if self.search_text and self.search_hits is not None:
            pass  # the hits list stays; its filter reads the counts when it is shown again
        elif not shown_before:
            self.show_entries()  # the first articles (a new index): the first one opens
        else:
            entries = self.listed()
            self.article_list.items = entries
            keep = next(
                (
                    i
                    for i, e in enumerate(entries)
                    if current is not None and e.row.path == self._path_of(current)
                ),
                min(cursor, max(0, len(entries) - 1)),
            )
            self.article_list.cursor = keep
            self.article_list.virtual_size = self.article_list.virtual_size.with_height(
                len(entries)
            )
            self.article_list.refresh()
        if self.open_path is not None:
            self.reload_flags(self.open_path)

    @work(thread=True, exclusive=True, group="flags")
    def reload_flags(self, path: str) -> None:
        if self.data is not None:
            self.post_message(FlagsLoaded(path, self.data.flags(path)))

    @_while_shown
    def on_flags_loaded(self, message: FlagsLoaded) -> None:
        if message.path != self.open_path:
            return
        cursor = self.side.flags.cursor
        self.side.figures = list(message.flags)
        rows = self.side.rows()
        self.side.flags.items = rows
        self.side.flags.cursor = min(cursor, max(0, len(rows) - 1))
        self.side.flags.refresh()
        flag = self.side.flags.current
        if isinstance(flag, FigureFlag):
            self.load_other(flag)

    def get_system_commands(self, screen):
        """factdesk's commands with their keys, then Textual's own (theme, screenshot…) but
        for those factdesk has already (its Quit)."""
        ours = {command.description for command in KEY_COMMANDS}
        for command in KEY_COMMANDS:
            keys = display_keys(self.keymap.get(command.id, command.keys))
            yield SystemCommand(
                command.description,
                f"{command.help}  (key: {keys})",
                lambda command=command: self._run_command(command),
            )
        for system in super().get_system_commands(screen):
            if system.title not in ours:
                yield system

    def _run_command(self, command) -> None:
        """A command from the palette: the app's own, the focused pane's ('Down'), or the
        findings screen's and the compare view's (there only)."""
        if command.owner in SCREEN_OWNERS:
            name = command.action.split("(", 1)[0]
            if hasattr(self.screen, f"action_{name}"):
                self.call_later(self.screen.run_action, command.action)
            else:
                self.status(f"{command.description}: on the findings screen or compare view")
            return
        if command.owner == "pane":
            target = self.focused if self.focused is not None else self.article_list
            if hasattr(target, f"action_{command.action}"):
                self.call_later(target.run_action, command.action)
            return
        self.call_later(self.run_action, command.action)

    def on_unmount(self) -> None:
        if self.data is not None:
            self.data.close()


def default_corpus() -> Path | None:
    """What the app indexes at its first start, when there is no index yet: the demo corpus
    shipped with factdesk."""
    from factdesk.index.paths import demo_corpus

    corpus = demo_corpus()
    return corpus if corpus.is_dir() else None


def run_app(index_dir: Path, choice=None) -> int:
    """The app, with the terminal told not to reorder right-to-left text when it would (and
    told again at exit, whatever happens): see ``termbidi``."""
    from .termbidi import ExplicitMode, choose

    choice = choice or choose("auto")
    with ExplicitMode(choice) as mode:
        app = FactdeskApp(
            index_dir, bidi=choice.layout_mode, corpus=default_corpus(), choice=choice
        )
        app.explicit_mode = mode
        app.run()
    return 0
