"""The findings screen (every finding of the corpus, conflicts first, sorted and filtered) and
the compare view (a pair's two passages side by side, each in its own direction), with the
verdict keys of both. Reading and writing run in thread workers that post their answers back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from factdesk.index.sanitize import sanitize_inline

from ..findings import (
    KIND_SYMBOL,
    SORT_LABELS,
    SORTS,
    VERDICT_FILTERS,
    FindingRow,
    Story,
    address_to_open,
    counts_line,
    filter_rows,
    find_stories,
    languages,
    next_of,
    open_in_browser,
    pair_sides,
    passage_with_source,
    sort_rows,
    timeline_lines,
    verdict_label,
    verdict_symbol,
)
from ..keys import bindings, display_keys
from ..layout import layout_paragraph, single_line
from .lines import VirtualList
from .search import SearchInput

KIND_STATUS = {"dismissed": "unchecked"}  # the status style a finding's kind is drawn in


def render_finding_row(row: FindingRow, width: int, bidi: str, styles: dict) -> Text:
    """'✗ ✔ 0.70 2023-02-06 fr ar  X active users: about 250M users (…) vs 600M users (…)'."""
    style = styles.get(KIND_STATUS.get(row.kind, row.kind)) or Style()
    text = Text()
    text.append(row.symbol, style=style)
    text.append(f" {verdict_symbol(row.verdict) or ' '} ", style="bold")
    text.append(f"{row.confidence:.2f} {row.date or '—':<10} {' '.join(row.langs):<8} ", "dim")
    used = text.cell_len
    text.append(single_line(row.why, max(1, width - used), bidi))
    return text


def _lines_text(lines) -> Text:
    text = Text()
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        text.append_text(line.rich())
    return text


def paragraph_text(message: str, width: int, bidi: str, style: str = "") -> Text:
    """A left-to-right message wrapped at ``width``, its Arabic or Hebrew words right to left
    (as the status line does), sanitised."""
    lines = layout_paragraph(
        " ".join(sanitize_inline(message).split()), 0, max(10, width), bidi, rtl=False
    )
    text = _lines_text(lines)
    if style:
        text.stylize(style)
    return text


# --- messages from the workers -----------------------------------------------------------------
@dataclass
class FindingsBatch(Message):
    rows: list[FindingRow]
    done: bool = False
    error: str = ""


@dataclass
class FindingDetail(Message):
    finding: dict | None


@dataclass
class VerdictSaved(Message):
    finding: dict | None
    changed: int
    verdict: str | None
    error: str = ""


@dataclass
class PairLoaded(Message):
    finding: dict | None
    sides: list[tuple[dict, dict | None]]  # each figure and its article's stored fields
    pair: int = 0


class NoteScreen(ModalScreen[str | None]):
    """A one-line note on a verdict: Enter saves it, Esc leaves it as it was."""

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical { width: 80%; max-width: 90; height: auto; border: round $accent;
                            background: $surface; padding: 0 1; }
    NoteScreen Static { height: auto; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="note_cancel")]

    def __init__(self, note: str, about: str) -> None:
        super().__init__()
        self.original = note
        self.shown = sanitize_inline(note)
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(sanitize_inline(self.about), style="bold"))
            box = NoteInput(value=self.shown, placeholder="a note (Enter: save, Esc: cancel)")
            box.bidi = getattr(self.app, "bidi", "app")
            yield box

    def on_mount(self) -> None:
        self.query_one(NoteInput).focus()

    @on(SearchInput.Submitted)
    def save(self, event: SearchInput.Submitted) -> None:
        # an unchanged note keeps its stored text (shown sanitised)
        self.dismiss(self.original if event.value == self.shown else event.value)


class NoteInput(SearchInput):
    """The note's input: whatever is typed or pasted is shown sanitised (no control character
    reaches the terminal); Arabic and Hebrew drawn right to left like the search box."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(sanitize_inline(text), start, end)


class VerdictKeys(Screen):
    """The verdict keys of the findings screen and the compare view: a verdict on the target
    (each pair of the selected finding, or the pair shown), a note, clear."""

    WIDE = 120  # below this many columns the footer is compact, without the palette key

    def on_screen_resume(self) -> None:
        self.fit_footer(self.app.size.width)

    def on_resize(self, event) -> None:
        self.fit_footer(event.size.width)

    def fit_footer(self, width: int) -> None:
        for footer in self.query(Footer):  # (the screen's keys at 80 columns, ? and q too)
            footer.compact = width < self.WIDE
            footer.show_command_palette = width >= self.WIDE

    @property
    def factdesk(self) -> Any:
        """The app (``FactdeskApp``: its data, bidi mode, keymap)."""
        return self.app

    def verdict_target(self) -> tuple[int, int | None] | None:  # (finding id, pair or None)
        raise NotImplementedError

    def verdict_note(self) -> tuple[str, str] | None:  # the current note and what it is about
        raise NotImplementedError

    def action_verdict(self, verdict: str) -> None:
        target = self.verdict_target()
        if target is None:
            self.say("no finding selected")
            return
        self.save_verdict(target[0], verdict, None, target[1])

    def action_clear_verdict(self) -> None:
        target = self.verdict_target()
        if target is None:
            self.say("no finding selected")
            return
        self.save_verdict(target[0], None, None, target[1])

    def action_note(self) -> None:
        target, current = self.verdict_target(), self.verdict_note()
        if target is None or current is None:
            self.say("give a verdict first (1 confirmed, 2 not the same quantity, 3 resolved)")
            return
        note, verdict = current

        def saved(text: str | None) -> None:
            if text is not None and target is not None:
                self.save_verdict(target[0], verdict, text, target[1])

        self.app.push_screen(NoteScreen(note, "Note on the verdict"), saved)

    @work(thread=True, exclusive=True, group="verdict")
    def save_verdict(
        self, finding_id: int, verdict: str | None, note: str | None, pair: int | None
    ) -> None:
        from factdesk.index.verdicts import VerdictError

        data = self.factdesk.data
        try:
            if data is None:
                raise VerdictError("the index is not open yet")
            finding, changed = data.set_verdict(finding_id, verdict, note, pair)
        except (VerdictError, OSError) as err:
            self.post_message(VerdictSaved(None, 0, verdict, str(err)))
            return
        self.post_message(VerdictSaved(finding, changed, verdict))

    def say(self, message: str) -> None:
        self.query_one(".screen-status", Static).update(paragraph_text(message, 200, "plain"))

    def verdict_said(self, message: VerdictSaved, pairs: str) -> None:
        if message.error:
            self.say(f"verdict not saved: {message.error}")
            return
        if message.verdict is None:
            self.say(f"verdict cleared on {message.changed} {pairs}")
        else:
            self.say(f"{verdict_label(message.verdict)}: saved on {message.changed} {pairs}")
        self.factdesk.verdicts_changed(message.finding)


class FindingsScreen(VerdictKeys):
    """Every finding of the corpus. Rows stream in from a worker (a connection of its own, no
    article body), in the catalog's order (conflicts first); then sorted and filtered."""

    DEFAULT_CSS = """
    FindingsScreen #findings-head { height: 1; padding: 0 1; background: $panel; }
    FindingsScreen #findings { height: 1fr; }
    FindingsScreen #findings-detail { height: auto; max-height: 40%; border-top: solid $panel;
                                      padding: 0 1; overflow-y: auto; }
    FindingsScreen .screen-status { height: auto; max-height: 2; padding: 0 1;
                                    color: $text-muted; background: $panel; }
    """
    BINDINGS = [*bindings("findings"), *bindings("verdict")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FindingRow] = []
        self.view: list[FindingRow] = []
        self.loaded = False
        self.sort = "kind"
        self.lang: str | None = None
        self.owner: str | None = None
        self.verdict_filter: str | None = None
        self.story: Story | None = None  # `t`: the story shown (None: all)
        self.stories: list[Story] = []  # once every row is read (find_stories)
        self.detail: dict | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="findings-head")
        rows = VirtualList(
            lambda row, width: render_finding_row(
                row,
                width,
                self.factdesk.bidi,
                rows.status_styles(),
            ),
            empty="Loading the findings…",
            id="findings",
        )
        yield rows
        yield Static("", id="findings-detail")
        yield Static("", classes="screen-status")
        yield Footer()

    @property
    def listing(self) -> VirtualList:
        return self.query_one("#findings", VirtualList)

    def on_mount(self) -> None:
        self.listing.focus()
        self.show_head()
        self.load()

    # --- loading ---------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="findings")
    def load(self) -> None:
        from textual.worker import get_current_worker

        data = self.factdesk.data
        if data is None:
            self.post_message(FindingsBatch([], True, "the index is not open yet"))
            return
        worker = get_current_worker()
        try:
            for batch in data.finding_rows():
                if worker.is_cancelled:
                    return
                self.post_message(FindingsBatch(batch))
        except Exception as err:  # a broken catalog must not kill the app
            self.post_message(FindingsBatch([], True, f"cannot read the findings: {err}"))
            return
        self.post_message(FindingsBatch([], True))

    def on_findings_batch(self, message: FindingsBatch) -> None:
        if message.error:
            self.listing.empty = message.error
            self.listing.refresh()
            self.say(message.error)
            return
        if not message.done:  # while loading: in the catalog's order, conflicts first
            self.rows += message.rows
            self.view += self.filtered(message.rows)
            self.listing.set_items(self.view, self.listing.cursor)
            self.say(f"loading the findings… {len(self.rows)}")
            return
        self.loaded = True
        self.stories = find_stories(self.rows)
        self.listing.empty = "No findings." if not self.rows else "No finding matches."
        self.refresh_view()

    # --- the view --------------------------------------------------------------------------
    def filtered(self, rows) -> list[FindingRow]:
        story = self.story.key if self.story is not None else None
        return filter_rows(rows, self.lang, self.owner, self.verdict_filter, story)

    def refresh_view(self, keep: int | None = None) -> None:
        """Sort and filter again, keeping the selected finding selected."""
        current = self.listing.current
        keep = keep if keep is not None else (current.id if current is not None else None)
        self.view = sort_rows(self.filtered(self.rows), self.sort)
        cursor = next((i for i, r in enumerate(self.view) if r.id == keep), 0)
        self.listing.set_items(self.view, cursor)
        if not self.view:
            self.query_one("#findings-detail", Static).update("")
        self.show_head()
        self.say(counts_line(self.view, len(self.rows)) + "  (Enter: compare the passages)")

    def show_head(self) -> None:
        keys = self.factdesk.keymap

        def key(command_id: str, default: str) -> str:
            return display_keys(keys.get(command_id, default))

        parts = [
            f"sort: {self.sort} ({key('sort_findings', 's')})",
            f"language: {self.lang or 'all'} ({key('filter_language', 'l')})",
            f"owner: {self.owner or 'all'} ({key('filter_owner', 'e')})",
            f"verdict: {self.verdict_filter or 'all'} ({key('filter_verdict', 'v')})",
            f"story: {self.story.name if self.story else 'all'} ({key('filter_story', 't')})",
        ]
        head = self.query_one("#findings-head", Static)
        width = head.size.width - 2 if head.size.width > 12 else 118
        text = Text("Findings  ", style="bold")
        text.append(single_line(" · ".join(parts), max(1, width - 10), "app"))
        head.update(text)

    def action_cycle_sort(self) -> None:
        self.sort = next_of(SORTS, self.sort)
        self.refresh_view()
        self.say(f"sorted by {SORT_LABELS[self.sort]} · {counts_line(self.view, len(self.rows))}")

    def action_cycle_language(self) -> None:
        options: list[str | None] = [None, *languages(self.rows)]
        self.lang = next_of(options, self.lang)
        self.refresh_view()

    def action_filter_owner(self) -> None:
        current = self.listing.current
        if self.owner is not None:
            self.owner = None
        elif current is not None:
            self.owner = current.owner
        self.refresh_view()

    def action_cycle_story(self) -> None:
        """The next story's findings only (the biggest first; after the last: all)."""
        if not self.loaded:
            self.say("stories: the findings are still loading")
            return
        if not self.stories:
            self.say("no stories: no finding links two articles")
            return
        options: list[Story | None] = [None, *self.stories]
        self.story = next_of(options, self.story)
        self.refresh_view()
        if self.story is not None:
            number = self.stories.index(self.story) + 1
            self.say(
                f"story {number} of {len(self.stories)}: {self.story.name} "
                f"({self.story.articles} articles, {self.story.findings} findings) · "
                + counts_line(self.view, len(self.rows))
            )

    def action_cycle_verdict_filter(self) -> None:
        self.verdict_filter = next_of(VERDICT_FILTERS, self.verdict_filter)
        self.refresh_view()

    # --- the selected finding ----------------------------------------------------------------
    @on(VirtualList.Highlighted, "#findings")
    def highlighted(self, event: VirtualList.Highlighted) -> None:
        row = event.list.current
        if row is not None:
            self.load_detail(row.id)

    @on(VirtualList.Chosen, "#findings")
    def chosen(self, event: VirtualList.Chosen) -> None:
        row = event.list.current
        if row is not None:
            self.app.push_screen(CompareScreen(row.id))

    @work(thread=True, exclusive=True, group="finding")
    def load_detail(self, finding_id: int) -> None:
        data = self.factdesk.data
        self.post_message(FindingDetail(data.finding(finding_id) if data else None))

    def on_finding_detail(self, message: FindingDetail) -> None:
        current = self.listing.current
        if message.finding is None or current is None or current.id != message.finding["id"]:
            return
        self.detail = message.finding
        current.annotate(message.finding)
        self.listing.refresh()
        widget = self.query_one("#findings-detail", Static)
        width = widget.size.width - 2 if widget.size.width > 12 else 78
        widget.update(finding_detail(message.finding, width, self.factdesk.bidi))

    # --- verdicts ----------------------------------------------------------------------------
    def verdict_target(self) -> tuple[int, int | None] | None:
        current = self.listing.current
        return None if current is None else (current.id, None)

    def verdict_note(self) -> tuple[str, str] | None:
        current = self.listing.current
        if current is None or self.detail is None or self.detail.get("id") != current.id:
            return None
        given = self.detail.get("verdicts") or []
        if not given:
            return None
        return given[0]["note"], given[0]["verdict"]

    def on_verdict_saved(self, message: VerdictSaved) -> None:
        self.verdict_said(message, "pair(s) of this finding")

    def finding_changed(self, finding: dict) -> None:
        """A verdict was given (here or in the compare view): the row and the detail follow."""
        for row in self.rows:
            if row.id == finding["id"]:
                row.annotate(finding)
        self.listing.refresh()
        current = self.listing.current
        if current is not None and current.id == finding["id"]:
            self.detail = finding
            widget = self.query_one("#findings-detail", Static)
            width = widget.size.width - 2 if widget.size.width > 12 else 78
            widget.update(finding_detail(finding, width, self.factdesk.bidi))


def finding_detail(finding: dict, width: int, bidi: str) -> Text:
    """The selected finding: what it says, its reasons and confidence, and each pair with its
    verdict and note."""
    from factdesk.index.sources import name_sources

    figures = finding["figures"]
    kind = finding["kind"]
    text = Text()
    label = verdict_label(kind) if kind == "dismissed" else kind
    text.append(f"{KIND_SYMBOL.get(kind, '·')} {label}", style="bold")
    if finding.get("was"):
        text.append(f" (was {finding['was']})", style="dim")
    text.append("  ")
    text.append_text(paragraph_text(name_sources(finding["why"], figures), width - 12, bidi))
    if finding.get("reasons"):
        grounds = name_sources(" · ".join(finding["reasons"]), figures)
        text.append("\n")
        text.append_text(
            paragraph_text(
                f"{grounds} · confidence {finding.get('confidence', 0):.2f}", width, bidi, "italic"
            )
        )
    given = {v["id"]: v for v in finding.get("verdicts") or []}
    pairs = finding.get("pairs") or []
    for number, (pair, pair_id) in enumerate(
        zip(pairs, finding.get("pair_ids") or [], strict=False)
    ):
        if number >= 6:
            text.append(f"\n… and {len(pairs) - 6} more pairs (Enter: compare them)", "dim")
            break
        text.append("\n")
        verdict = given.get(pair_id) if pair_id else None
        mark = f"{verdict_symbol(verdict['verdict'])} " if verdict else "· "
        text.append(mark, style="bold")
        line = pair_sides(finding, pair)
        if verdict:
            line += f"  — {verdict_label(verdict['verdict'])}"
            if verdict["note"]:
                line += f": {verdict['note']}"
        text.append_text(paragraph_text(line, width - 2, bidi))
    return text


class PassageView(Widget):
    """One side of the compare view: the source (outlet, date, language), its headline in its
    own direction, and the passage around the figure laid out by the reading view's pipeline
    (``widgets.side.passage``), the figure highlighted. Laid out again at each width."""

    DEFAULT_CSS = """
    PassageView { height: auto; padding: 0 1; }
    """
    CONTEXT = 400  # characters of the paragraph either side of the figure

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.figure: dict | None = None
        self.fields: dict | None = None
        self.lines: list = []  # the passage's LayoutLines at the last width drawn
        self.figure_row: int | None = None  # the row of the figure's first line

    def show(self, figure: dict | None, fields: dict | None) -> None:
        self.figure, self.fields = figure, fields
        self.refresh(layout=True)
        self.call_after_refresh(self.reveal)

    def reveal(self) -> None:
        """Scroll the pane so that the figure's first line is in view, a third down."""
        parent = self.parent
        if self.figure_row is not None and isinstance(parent, Widget):
            height = parent.size.height
            parent.scroll_to(y=max(0, self.figure_row - height // 3), animate=False)

    def render(self) -> Text:
        return self.text(self.size.width or 40)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.text(width).plain.split("\n")) if self.figure is not None else 0

    def text(self, width: int) -> Text:
        from factdesk.index.sources import source_label

        from .side import passage, passage_lines

        figure, fields = self.figure, self.fields
        if figure is None:
            return Text("")
        width = max(12, width)
        bidi = getattr(self.app, "bidi", "app")
        lang = (fields or {}).get("lang", "")
        text = Text()
        text.append(single_line(f"{source_label(figure)} · {lang}", width, "app"), style="bold")
        headline = figure.get("headline") or (fields or {}).get("title") or ""
        if headline:
            text.append("\n")
            text.append_text(_lines_text(layout_paragraph(headline, 0, width, bidi)))
        text.append("\n\n")
        if fields is None:
            text.append("(the article is no longer in the index)", style="dim")
            return text
        start, end = figure["start"], figure["end"]
        self.lines = passage_lines(fields, start, end, width - 2, bidi, self.CONTEXT)[0]
        above = text.plain.count("\n")
        self.figure_row = above + next(
            (n for n, line in enumerate(self.lines) if start in line.offsets), 0
        )
        text.append_text(passage(fields, start, end, width, bidi, self.CONTEXT))
        return text


class CompareScreen(VerdictKeys):
    """A pair of a finding: the two passages side by side, the reasons for pairing them, the
    pair's verdict; keys to step through the pairs and to open either article there."""

    DEFAULT_CSS = """
    CompareScreen #compare-head { height: auto; padding: 0 1; background: $panel; }
    CompareScreen #sides { height: 1fr; }
    CompareScreen #sides > VerticalScroll { width: 1fr; }
    CompareScreen #side-a { border-right: solid $panel; }
    CompareScreen #timeline { height: auto; max-height: 40%; border-top: solid $panel;
                              padding: 0 1; overflow-y: auto; display: none; }
    CompareScreen #timeline.shown { display: block; }
    CompareScreen #compare-why { height: auto; max-height: 40%; border-top: solid $panel;
                                 padding: 0 1; overflow-y: auto; }
    CompareScreen .screen-status { height: auto; max-height: 2; padding: 0 1;
                                   color: $text-muted; background: $panel; }
    """
    BINDINGS = [*bindings("compare"), *bindings("verdict")]

    def __init__(self, finding_id: int, pair: int = 0) -> None:
        super().__init__()
        self.finding_id = finding_id
        self.pair = pair
        self.finding: dict | None = None
        self.sides: list[tuple[dict, dict | None]] = []
        self.shown_pair: int | None = None  # the pair on screen (None: loading)

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        yield Static("Loading…", id="compare-head")
        with Horizontal(id="sides"):
            with VerticalScroll(id="side-a"):
                yield PassageView(id="passage-a")
            with VerticalScroll(id="side-b"):
                yield PassageView(id="passage-b")
        yield Static("", id="timeline")
        yield Static("", id="compare-why")
        yield Static("", classes="screen-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#side-a").focus()
        self.load()

    @work(thread=True, exclusive=True, group="pair")
    def load(self) -> None:
        data = self.factdesk.data
        finding = data.finding(self.finding_id) if data is not None else None
        sides: list[tuple[dict, dict | None]] = []
        pairs = (finding or {}).get("pairs") or []
        if finding is not None and pairs:
            self.pair = max(0, min(self.pair, len(pairs) - 1))
            figures = {(f["path"], f["start"]): f for f in finding["figures"]}
            for path, start in pairs[self.pair]:
                figure = figures[(path, start)]
                sides.append((figure, data.article(path)))
        self.post_message(PairLoaded(finding, sides, self.pair))

    def on_pair_loaded(self, message: PairLoaded) -> None:
        self.finding, self.sides = message.finding, message.sides
        self.shown_pair = message.pair
        if message.finding is None or not message.sides:
            self.query_one("#compare-head", Static).update("This finding has no pair to compare.")
            return
        for widget_id, (figure, fields) in zip(
            ("#passage-a", "#passage-b"), message.sides, strict=False
        ):
            self.query_one(widget_id, PassageView).show(figure, fields)
        self.show_finding()

    def show_finding(self) -> None:
        finding = self.finding
        if finding is None:
            return
        pairs = finding.get("pairs") or []
        about = " ".join(x for x in (finding.get("entity"), finding.get("attribute")) if x)
        kind = finding["kind"]
        keys = self.factdesk.keymap
        steps = (
            f"{display_keys(keys.get('previous_pair', 'left_square_bracket'))}"
            f"/{display_keys(keys.get('next_pair', 'right_square_bracket'))}"
        )
        head = (
            f"{KIND_SYMBOL.get(kind, '·')} {kind} · {about} · pair {self.pair + 1} of "
            f"{len(pairs)} ({steps}) · confidence {finding.get('confidence', 0):.2f}"
        )
        head_widget = self.query_one("#compare-head", Static)
        width = head_widget.size.width - 2 if head_widget.size.width > 12 else 118
        head_widget.update(paragraph_text(head, width, self.factdesk.bidi, "bold"))
        why = self.query_one("#compare-why", Static)
        width = why.size.width - 2 if why.size.width > 12 else 118
        why.update(compare_detail(finding, self.pair, width, self.factdesk.bidi))
        chart = self.query_one("#timeline", Static)
        chart.set_class(kind == "changed", "shown")
        if kind == "changed":
            text = Text()
            text.append("Timeline: the values by time, each with its source", style="bold")
            for line in timeline_lines(finding, width):
                # (not paragraph_text: the columns' spaces stay)
                lines = layout_paragraph(line, 0, max(10, width), self.factdesk.bidi, rtl=False)
                text.append("\n")
                text.append_text(_lines_text(lines))
            chart.update(text)

    def pair_verdict(self) -> dict | None:
        if self.finding is None:
            return None
        ids = self.finding.get("pair_ids") or []
        pair_id = ids[self.pair] if self.pair < len(ids) else None
        return next((v for v in self.finding.get("verdicts") or [] if v["id"] == pair_id), None)

    def action_next_pair(self) -> None:
        self.step_pair(1)

    def action_previous_pair(self) -> None:
        self.step_pair(-1)

    def step_pair(self, step: int) -> None:
        pairs = (self.finding or {}).get("pairs") or []
        if len(pairs) < 2:
            self.say("this finding has one pair")
            return
        self.pair = (self.pair + step) % len(pairs)
        self.load()

    def action_open_side(self, side: int) -> None:
        if len(self.sides) <= side:
            self.say("nothing to open")
            return
        figure = self.sides[side][0]
        self.factdesk.open_at(figure)

    def focused_side(self) -> int:
        """The side the keys o and y act on: the focused one (tab moves), else the left."""
        focused = self.focused
        return 1 if focused is not None and focused.id == "side-b" else 0

    def action_open_url(self) -> None:
        import os
        import sys

        from factdesk.index.sources import source_label

        if not self.sides:
            self.say("nothing to open")
            return
        figure, fields = self.sides[min(self.focused_side(), len(self.sides) - 1)]
        source = (fields or {}).get("source", "")
        address, line = address_to_open(source_label(figure), source, os.environ, sys.platform)
        if address:
            self.open_browser(address)
        self.say(line)

    @work(thread=True, group="browser")
    def open_browser(self, address: str) -> None:
        open_in_browser(address)

    def action_copy_passage(self) -> None:
        from .side import passage_lines

        if not self.sides:
            self.say("nothing to copy")
            return
        side = min(self.focused_side(), len(self.sides) - 1)
        figure, fields = self.sides[side]
        if fields is None:
            self.say("the article is no longer in the index")
            return
        lines = passage_lines(
            fields, figure["start"], figure["end"], 1_000_000, "plain", PassageView.CONTEXT
        )[0]
        span = (lines[0].span[0], lines[-1].span[1]) if lines else (figure["start"], figure["end"])
        self.app.copy_to_clipboard(passage_with_source(fields, figure, span))
        self.say(f"copied the {('left', 'right')[side]} passage with its source (OSC 52)")

    # --- verdicts ----------------------------------------------------------------------------
    def verdict_target(self) -> tuple[int, int | None] | None:
        return None if self.finding is None else (self.finding_id, self.pair)

    def verdict_note(self) -> tuple[str, str] | None:
        verdict = self.pair_verdict()
        return None if verdict is None else (verdict["note"], verdict["verdict"])

    def on_verdict_saved(self, message: VerdictSaved) -> None:
        if message.finding is not None:
            self.finding = message.finding
            self.show_finding()
        self.verdict_said(message, "pair")


def compare_detail(finding: dict, pair: int, width: int, bidi: str) -> Text:
    """Under the two passages: why they were paired (the finding's reasons) and the pair's
    verdict and note."""
    from factdesk.index.sources import name_sources

    figures = finding["figures"]
    text = paragraph_text(name_sources(finding["why"], figures), width, bidi, "bold")
    if finding.get("reasons"):
        text.append("\n")
        grounds = name_sources(" · ".join(finding["reasons"]), figures)
        text.append_text(paragraph_text(f"Paired because: {grounds}", width, bidi))
    ids = finding.get("pair_ids") or []
    pair_id = ids[pair] if pair < len(ids) else None
    verdict = next((v for v in finding.get("verdicts") or [] if v["id"] == pair_id), None)
    text.append("\n")
    if verdict is None:
        text.append(f"pair {pair_id or '?'}: no verdict yet", style="dim")
    else:
        line = (
            f"pair {pair_id}: {verdict_symbol(verdict['verdict'])} "
            f"{verdict_label(verdict['verdict'])} ({verdict['updated']})"
        )
        if verdict["note"]:
            line += f" — note: {verdict['note']}"
        text.append_text(paragraph_text(line, width, bidi, "bold"))
    text.append(
        "\nh/l: open the left/right article · tab: the other side · o: its address · "
        "y: copy its passage · m: a note",
        style="dim",
    )
    return text
