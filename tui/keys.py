"""Every key command in one table. The app's bindings, the help screen, the command palette and
the README's key list are all built from it; users remap keys by id in ``keys.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KeyCommand:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str
    help: str
    where: str = "anywhere"
    show: bool = True  # in the Footer
    # 'pane': bound on the list and the reading view, which do it themselves; 'reader': on the
    # reading view; 'findings', 'compare': on that screen; 'verdict': on both
    owner: str = "app"
    also: tuple[str, ...] = ()  # other owners that bind it too (the same id, remapped once)


KEY_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(
        "search",
        "slash",
        "start_search",
        "Search",
        'Search as you type (Whoosh syntax: AND OR NOT "phrase" fuzzy~ lang:ar)',
    ),
    KeyCommand(
        "next_hit",
        "n",
        "next_hit",
        "Next hit",
        "Go to the next search hit in the article",
        show=False,
    ),  # the search status line says n/N; the footer keeps q Quit at 80
    KeyCommand(
        "previous_hit",
        "N",
        "previous_hit",
        "Prev hit",
        "Go to the previous search hit in the article",
        show=False,
    ),
    KeyCommand(
        "next_article",
        "j,down",
        "cursor_down",
        "Down",
        "Next item in the focused list; scroll down in the reading view",
        show=False,
        owner="pane",
    ),
    KeyCommand(
        "previous_article",
        "k,up",
        "cursor_up",
        "Up",
        "Previous item in the focused list; scroll up in the reading view",
        show=False,
        owner="pane",
    ),
    KeyCommand(
        "first",
        "home",
        "scroll_home",
        "First",
        "First item in the focused list; top of the reading view",
        show=False,
        owner="pane",
    ),
    KeyCommand(
        "last",
        "end",
        "scroll_end",
        "Last",
        "Last item in the focused list; end of the reading view",
        show=False,
        owner="pane",
    ),
    KeyCommand(
        "page_down",
        "pagedown",
        "page_down",
        "Page down",
        "A page down in the focused list or the reading view",
        show=False,
        owner="pane",
    ),
    KeyCommand(
        "page_up",
        "pageup",
        "page_up",
        "Page up",
        "A page up in the focused list or the reading view",
        show=False,
        owner="pane",
    ),
    KeyCommand(
        "focus_next",
        "tab",
        "focus_next_pane",
        "Pane",
        "Move to the next pane (list → reading view → figures)",
    ),
    KeyCommand(
        "focus_previous",
        "shift+tab",
        "focus_previous_pane",
        "Prev pane",
        "Move to the previous pane",
        show=False,
    ),
    KeyCommand(
        "open",
        "enter",
        "open_selected",
        "Open",
        "Open the selected article, or jump to the selected figure's other source",
        show=False,
    ),
    KeyCommand(
        "jump",
        "g",
        "jump_to_source",
        "Go to source",
        "Jump to the other article's passage for the selected figure",
    ),
    KeyCommand(
        "next_source",
        "o",
        "next_source",
        "Other source",
        "Show the selected figure's next other source in the panel (g goes there)",
        show=False,
    ),
    KeyCommand(
        "back",
        "b,backspace",
        "jump_back",
        "Back",
        "Jump back to where you were",
        show=False,
    ),  # the side panel and the status line say b: back; the footer keeps f, ? and q at 80
    KeyCommand(
        "conflicts_only",
        "c",
        "toggle_conflicts",
        "Conflicts",
        "Show only articles with conflicting figures (again: all articles)",
    ),
    KeyCommand(
        "sort_articles",
        "s",
        "sort_articles",
        "Sort articles",
        "Article list: sort by date (newest first), source (outlet), conflicts (most ✗ first), "
        "then the file order again; search results too (ties keep their order)",
        show=False,
    ),
    KeyCommand(
        "findings",
        "f",
        "findings",
        "Findings",
        "The findings screen: every finding of the corpus, conflicts first (Enter: compare "
        "the two passages; q or esc: back)",
    ),
    KeyCommand(
        "sort_findings",
        "s",
        "cycle_sort",
        "Sort",
        "Findings screen: sort by kind (conflicts first, surest first), confidence, owner or date",
        owner="findings",
        show=False,
    ),
    KeyCommand(
        "filter_language",
        "l",
        "cycle_language",
        "Language",
        "Findings screen: only findings with a source in the next language (after the last: all)",
        owner="findings",
        show=False,
    ),
    KeyCommand(
        "filter_owner",
        "e",
        "filter_owner",
        "Owner",
        "Findings screen: only the selected finding's owner (again: every owner)",
        owner="findings",
        show=False,
    ),
    KeyCommand(
        "filter_story",
        "t",
        "cycle_story",
        "Story",
        "Findings screen: only the findings of one story (articles connected by findings, named "
        "by their most common owner), in turn, the biggest first (after the last: all)",
        owner="findings",
        show=False,
    ),
    KeyCommand(
        "filter_verdict",
        "v",
        "cycle_verdict_filter",
        "Verdict filter",
        "Findings screen: only unchecked, checked, confirmed, dismissed, resolved or mixed "
        "findings, in turn (after the last: all)",
        owner="findings",
        show=False,
    ),
    KeyCommand(
        "previous_pair",
        "left_square_bracket",
        "previous_pair",
        "Prev pair",
        "Compare view: the finding's previous pair of figures",
        owner="compare",
        show=False,
    ),
    KeyCommand(
        "next_pair",
        "right_square_bracket",
        "next_pair",
        "Next pair",
        "Compare view: the finding's next pair of figures",
        owner="compare",
        show=False,
    ),
    KeyCommand(
        "open_left",
        "h",
        "open_side(0)",
        "Open left",
        "Compare view: open the left passage's article in the reading view, at the figure "
        "(b comes back to the article you were reading)",
        owner="compare",
    ),
    KeyCommand(
        "open_right",
        "l",
        "open_side(1)",
        "Open right",
        "Compare view: open the right passage's article in the reading view, at the figure",
        owner="compare",
    ),
    KeyCommand(
        "open_url",
        "o",
        "open_url",
        "Open address",
        "Reading view and compare view: open the article's (the focused side's) source address "
        "in a browser (where there is no desktop, over SSH: show it); tab moves between the "
        "compare view's two sides",
        owner="compare",
        also=("reader",),
        show=False,
    ),
    KeyCommand(
        "copy_passage",
        "y",
        "copy_passage",
        "Copy",
        "Reading view: copy the current paragraph (the search hit's, else the first one "
        "beginning on screen); compare view: the focused side's passage; with its source "
        "(outlet, date, headline, address), to the clipboard (OSC 52: works over SSH)",
        owner="compare",
        also=("reader",),
        show=False,
    ),
    KeyCommand(
        "confirm",
        "1",
        "verdict('confirmed')",
        "Confirmed",
        "Findings screen and compare view: verdict confirmed, the sources state different "
        "values of one quantity (on each pair of the selected finding; in the compare view, "
        "on the pair shown)",
        owner="verdict",
    ),
    KeyCommand(
        "dismiss",
        "2",
        "verdict('dismissed')",
        "Not the same",
        "Findings screen and compare view: verdict not the same quantity (dismissed: a "
        "conflict whose every pair is dismissed is no longer one)",
        owner="verdict",
    ),
    KeyCommand(
        "resolve",
        "3",
        "verdict('resolved')",
        "Resolved",
        "Findings screen and compare view: verdict resolved, one source corrected its figure",
        owner="verdict",
    ),
    KeyCommand(
        "note",
        "m",
        "note",
        "Note",
        "Findings screen and compare view: a note on the verdict given (Enter saves, esc cancels)",
        owner="verdict",
        show=False,
    ),
    KeyCommand(
        "clear_verdict",
        "0",
        "clear_verdict",
        "Clear verdict",
        "Findings screen and compare view: remove the verdict (and its note)",
        owner="verdict",
        show=False,
    ),
    KeyCommand(
        "update_feeds",
        "u",
        "update_feeds",
        "Update feeds",
        "Fetch every subscribed feed's new articles (factdesk feed add URL subscribes) and index "
        "them, in the background: progress and each failure in the status line, the new "
        "articles in the list when done",
        show=False,
    ),
    KeyCommand(
        "feeds",
        "F",
        "feeds",
        "Feeds",
        "The feeds view: each subscribed feed with its last update, its state or last error, "
        "its articles and the items waiting, and the last update's failures (q or esc: back)",
        show=False,
    ),
    KeyCommand(
        "zoom",
        "z",
        "toggle_zoom",
        "Zoom",
        "Show the reading view alone (again: the list and the figures panel too); narrow "
        "windows hide the figures panel, then the list, by themselves",
        show=False,
    ),
    KeyCommand(
        "bidi",
        "B",
        "toggle_bidi",
        "Bidi",
        "Switch who lays out Arabic and Hebrew, the app or the terminal (when they read "
        "backwards), and remember it for this terminal",
        show=False,
    ),
    KeyCommand("help", "question_mark,f1", "help", "Help", "Show this help"),
    KeyCommand(
        "quit",
        "q",
        "quit_or_back",
        "Quit",
        "Close search, help, the compare view or the findings screen; otherwise quit factdesk",
    ),
    KeyCommand(
        "clear",
        "escape",
        "clear_search",
        "Clear",
        "Clear the search and show all articles again; close the compare view or the "
        "findings screen",
        show=False,
    ),
)


def config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("factdesk", appauthor=False)) / "keys.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """Remapped keys by command id from ``[keys]`` in keys.toml, then in config.toml (which
    wins), and warnings for what was ignored. A missing file is no keymap. With ``path``:
    that file's ``[keys]`` only."""
    if path is not None:
        return _keys_of(path)
    from .config import load

    keymap, warnings = _keys_of(config_path())
    config = load()
    theirs, more = _check_keys(config.keys, config_path().with_name("config.toml"))
    return keymap | theirs, warnings + more


def _keys_of(path: Path) -> tuple[dict[str, str], list[str]]:
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return {}, [f"ignored {path}: {err}"]
    section = data.get("keys", {})
    if not isinstance(section, dict):
        return {}, [f"ignored {path}: 'keys' must be a table ([keys] with id = \"key,...\")"]
    return _check_keys(section, path)


def _check_keys(section: dict, path: Path) -> tuple[dict[str, str], list[str]]:
    known = {command.id for command in KEY_COMMANDS}
    keymap, warnings = {}, []
    for command_id, keys in section.items():
        if command_id not in known:
            warnings.append(f"ignored unknown key command {command_id!r} in {path}")
        elif not isinstance(keys, str) or not keys.strip():
            warnings.append(f"ignored {command_id!r} in {path}: keys must be a string")
        else:
            keymap[command_id] = keys
    return keymap, warnings


def display_keys(keys: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "shift+tab": "shift+tab",
        "escape": "esc",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }
    return " ".join(names.get(key, key) for key in keys.split(","))


def markdown_table() -> str:
    """The key table as Markdown (the README's copy is checked against it)."""
    rows = ["| Key | Command | What it does |", "| --- | --- | --- |"]
    for command in KEY_COMMANDS:
        rows.append(f"| `{display_keys(command.keys)}` | {command.description} | {command.help} |")
    return "\n".join(rows)


def bindings(owner: str) -> list:
    """Textual bindings of the commands ``owner`` ('app' or 'pane') carries, with their ids so
    that ``keys.toml`` remaps them wherever they are bound."""
    from textual.binding import Binding

    return [
        Binding(c.keys, c.action, c.description, show=c.show, id=c.id, tooltip=c.help)
        for c in KEY_COMMANDS
        if c.owner == owner or owner in c.also
    ]
