"""The ``factdesk`` command line. Imports are lazy so that quick lookups start fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .config import Config

MIN_WIDTH = 10  # the narrowest layout ``show`` makes


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--index-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="index location (default: $FACTDESK_INDEX, else the user data dir)",
    )
    common.add_argument(
        "--bidi",
        choices=("auto", "app", "terminal"),
        default=argparse.SUPPRESS,
        help="who lays out right-to-left text on a terminal: 'app' (visual order), 'terminal' "
        "(logical order, for terminals that reorder), or 'auto' (the default: your answer to "
        "`factdesk bidi-test`, else what the terminal is known to do)",
    )
    return common


class _Unbuilt:
    """A command's parser left out (``build_parser(only=…)``): whatever is asked of it, it
    does nothing (and gives itself back, for a group or a sub-command of it)."""

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; ``only``: a command named first on the command line, the
    one parser built of the commands' (the same parsing of it: ``ask`` starts 5 ms sooner)."""
    from .about import COMPLETION_HELP, SHELLS, VersionAction, examples, main_epilog

    common = _common()
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="factdesk",
        parents=[common],
        description="Read, search and fact-check multilingual news in the terminal. "
        "With no command, opens the reader app.",
        epilog=main_epilog(),
        formatter_class=raw,
    )
    parser.add_argument(
        "--version",
        action=VersionAction,
        help="factdesk's version, with Whoosh's, Textual's and Python's",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def plain(name: str, help_text: str, epilog: str = "") -> argparse.ArgumentParser:
        if only is not None and name != only:
            return cast(argparse.ArgumentParser, _Unbuilt())
        return sub.add_parser(
            name,
            parents=[common],
            help=help_text,
            description=help_text,
            epilog="\n\n".join(x for x in (examples(name), epilog) if x),
            formatter_class=raw,
        )

    def command(name: str, help_text: str, jsonl: bool = True) -> argparse.ArgumentParser:
        p = plain(name, help_text)
        p.add_argument("--json", action="store_true", help="machine-readable output (docs/json.md)")
        if jsonl:
            p.add_argument(
                "--jsonl", action="store_true", help="JSON Lines: one record a line, streamed"
            )
        return p

    plain("app", "open the reader app (the default)")
    plain(
        "bidi-test",
        "show Arabic and Hebrew both ways, ask which reads right, remember it for this terminal",
    )
    command("paths", "where the index, data, config and cache folders are, and what set them")
    p = plain(
        "completion", "print the shell completion script for bash, zsh or fish", COMPLETION_HELP
    )
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    p = command(
        "index",
        "index article files (.txt, .md, .html, .htm) or folders; with none: the demo corpus "
        "when there is no index yet, else the index's own articles again",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument(
        "--demo",
        action="store_true",
        help="also index the demo corpus shipped with factdesk (5 articles: fr, ar, en, he)",
    )
    p.add_argument(
        "--rebuild",
        action="store_true",
        help="build a new index from scratch (readers keep the old one until done)",
    )
    p = command("search", 'full-text search (Whoosh syntax: AND OR NOT "phrase" fuzzy~ lang:ar)')
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--lang", metavar="xx", help="only articles in this language (fr, ar, en, ...)")
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N hits (10, or limits.search in config.toml)",
    )
    p = command("show", "print an article as the reading view lays it out")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--width", type=int, default=None, metavar="W", help="wrap at W cells")
    p = command("figures", "figures extracted from one article, or from all")
    p.add_argument("path", nargs="?", metavar="PATH")
    p = command("conflicts", "where sources disagree on a figure")
    p.add_argument("--all", action="store_true", help="also agreements and changes over time")
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N findings, then '… and K more' (text: 20; --json/--jsonl: all; 0: all)",
    )
    p = command(
        "verdict",
        "record a verdict on a pair of figures (its id from `factdesk conflicts`): confirmed, "
        "dismissed (not the same quantity) or resolved (one source corrected)",
    )
    p.add_argument("id", metavar="ID", help="the pair's id (12 hex digits)")
    p.add_argument(
        "verdict", nargs="?", choices=("confirmed", "dismissed", "resolved"), metavar="VERDICT"
    )
    p.add_argument("--note", metavar="TEXT", default=None, help="a note kept with the verdict")
    p.add_argument("--clear", action="store_true", help="remove the verdict on this pair")
    p = command(
        "report",
        "write the checked findings (pairs with a verdict): each claim with its quote and "
        "source, the other sources, the verdict and note",
    )
    p.add_argument(
        "--format", choices=("md", "json", "csv"), default=None, help="md (default), json, csv"
    )
    p.add_argument("--output", metavar="FILE", type=Path, help="write to FILE (not stdout)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--all", action="store_true", help="every pair of every conflict, checked or not"
    )
    p.add_argument(
        "--claimreview",
        action="store_true",
        help="with --format json: schema.org ClaimReview records (needs a reviewer)",
    )
    p.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who checked, for ClaimReview's author (default: [report] reviewer in "
        "config.toml in the user config dir)",
    )
    p.add_argument("--url", metavar="URL", help="where the report is published (ClaimReview url)")
    p = command("ask", 'quick fact lookup, e.g. "xAI valuation", "تقييم xAI"')
    p.add_argument("question", metavar="QUESTION")
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="at most N value groups and N findings, then '… and K more' (JSON: "
        "answers_total, findings_total); 10, or limits.ask in config.toml; 0: all",
    )
    if only is None or only in ("feed", "add"):
        from .feedcli import add_parsers  # (argparse only: the feed code loads when one runs)

        add_parsers(command)
    return parser


NO_HITS = 1  # the status of a lookup that found nothing (as grep and ripgrep say)


class CliError(Exception):
    """A one-line error for the user; exit status 1 (2 for usage)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def main(argv: list[str] | None = None) -> int:
    """The command line; a reader that stops reading (``| head``) ends it quietly, status 0,
    whatever was being written (help, a result, JSON)."""
    try:
        return _main(argv)
    except BrokenPipeError:
        _stdout_to_devnull()
        return 0


def _stdout_to_devnull() -> None:
    """Nothing more reaches the closed pipe, not even the flush at exit."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - no real standard output
        pass


def _main(argv: list[str] | None) -> int:
    from .output import eprint, prepare_streams

    prepare_streams()
    words = sys.argv[1:] if argv is None else argv
    parser = build_parser(only="ask" if words[:1] == ["ask"] else None)
    args = parser.parse_args(argv)
    if args.command == "completion":
        from .about import completion_script

        sys.stdout.write(completion_script(build_parser(), args.shell))
        sys.stdout.flush()
        return 0
    from factdesk.index.paths import resolve_index_dir

    global _JSONL, _CONFIG
    _JSONL = bool(getattr(args, "jsonl", False))  # (each run its own: main runs in tests too)
    if _JSONL:
        args.json = True
    from .config import load

    _CONFIG = config = load()
    if args.command not in (None, "app"):  # (the app says them in its status line)
        for warning in config.warnings:
            eprint(f"factdesk: {warning}")
    option = getattr(args, "index_dir", None)
    args.index_option = option is not None
    if option is None and not os.environ.get("FACTDESK_INDEX") and config.index is not None:
        args.index_dir = config.index  # config.toml's index = "…"
    else:
        args.index_dir = resolve_index_dir(option)
    note = _locale_note(getattr(args, "query", None) or getattr(args, "question", None))
    if note:
        eprint(note)
    try:
        handler = COMMANDS[args.command or "app"]
        if (
            args.command in TEXT_COMMANDS
            and not getattr(args, "json", False)
            and sys.stdout.isatty()
        ):
            from .termbidi import ExplicitMode

            with ExplicitMode(_bidi_choice(args)):
                status = handler(args) or 0
        else:
            status = handler(args) or 0
        sys.stdout.flush()  # here: a closed pipe is seen now, not at exit
        return status
    except CliError as err:
        eprint(f"factdesk: {err}")
        return err.status
    except KeyboardInterrupt:
        print("factdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _stdout_to_devnull()
        return 0
    except Exception as err:  # the engine's own errors carry one-line messages
        import sqlite3

        from factdesk.index.search import QueryError
        from factdesk.index.store import IndexLocked, StoreError

        if isinstance(err, (StoreError, QueryError, OSError, sqlite3.Error)):
            eprint(f"factdesk: {err}")
            return 3 if isinstance(err, IndexLocked) else 1
        raise


def _locale_note(words: str | None) -> str | None:
    """Typed words that are not ASCII, read in a locale that is not UTF-8 ('données' from a
    UTF-8 terminal read as Latin-1 is 'donnÃ©es'): say so, instead of finding nothing."""
    import locale

    if not words or words.isascii():
        return None
    encoding = locale.getpreferredencoding(False) or "ascii"
    if encoding.lower().replace("-", "").replace("_", "") in ("utf8", "utf8mb4"):
        return None
    return (
        f"factdesk: note: the locale's encoding is {encoding}, not UTF-8: non-ASCII words "
        f"may not be read as typed (try LANG=C.UTF-8)"
    )


_CHOICE = None
TEXT_COMMANDS = ("search", "figures", "conflicts", "ask")


def _bidi_choice(args):
    """The right-to-left mode for this run (``termbidi.choose``), decided once."""
    global _CHOICE
    if _CHOICE is None:
        from .termbidi import choose, for_printed_text

        _CHOICE = choose(getattr(args, "bidi", None) or _config().bidi or "auto")
        if (args.command or "app") != "app":
            _CHOICE = for_printed_text(_CHOICE)
    return _CHOICE


def _shown(text: str, style: str = "", styles=(), wrap: bool = False):
    """A piece of CLI output (a title, a snippet, a quote, a line) as Rich Text. With Arabic or
    Hebrew in it, on a terminal: laid out like the reading view in the run's mode, with its own
    base direction (an Arabic quote starting with a number keeps the number on its right), its
    leading indentation kept, and with ``wrap`` broken into lines at the terminal's width
    *before* being reordered (a long Hebrew snippet read its end first); otherwise as it is."""
    from rich.text import Text

    from factdesk.index.sanitize import sanitize_inline

    text = sanitize_inline(text)  # (the same length: styles keep their offsets)
    from .layout import has_rtl_script

    if _CHOICE is None or not sys.stdout.isatty() or not has_rtl_script(text):
        shown = Text(text, style=style)
        for start, end, span_style in styles:
            shown.stylize(span_style, start, end)
        return shown
    import shutil

    from factdesk.index.langdetect import is_rtl_text

    from .layout import layout_paragraph, shaped_widths

    indent = len(text) - len(text.lstrip(" "))
    body = text[indent:]
    shifted = [(s - indent, e - indent, st) for s, e, st in styles if e > indent]
    width = (shutil.get_terminal_size((80, 24)).columns - indent - 1) if wrap else 0
    # unwrapped: the piece's own width once shaped (a lam-alef ligature takes one cell)
    width = max(width, 20) if wrap else max(1, sum(shaped_widths(body)))
    lines = layout_paragraph(
        body, 0, width, _CHOICE.layout_mode, shifted, rtl=is_rtl_text(body), base_style=style
    )
    shown = Text(style=style, end="")
    for number, line in enumerate(lines):
        if number:
            shown.append("\n")
        shown.append(" " * indent)
        shown.append_text(line.rich())
    return shown


def _quote(text: str, style: str = ""):
    """«quote» with the quote laid out on its own (see ``_shown``)."""
    from rich.text import Text

    shown = Text("«", style=style, end="")
    shown.append_text(_shown(text, style))
    shown.append("»", style=style)
    return shown


def _print_json(data: object, version: int | None = None) -> None:
    """A command's JSON: each record (the object, or each item of the list) with its
    ``schema`` version first (``version``, else ``output.SCHEMA``: docs/json.md); with
    ``--jsonl``, one record a line."""
    from factdesk.index.jsonstream import Lazy

    from .output import SCHEMA, print_json, stamped, stream_json

    version = version or SCHEMA
    if _JSONL:
        records = data if isinstance(data, (list, Lazy)) else [data]
        stream_json((stamped(item, version) for item in records), lines=True)
    elif isinstance(data, (list, Lazy)):  # (a Lazy list: written as its items are read)
        print_json(Lazy(stamped(item, version) for item in data))
    else:
        print_json(stamped(data, version))


_JSONL = False  # --jsonl given: JSON Lines
_CONFIG: Config | None = None  # config.toml, read once a run


def _config():
    from .config import Config

    return _CONFIG if _CONFIG is not None else Config()


def _console():
    from .output import make_console

    return make_console(keep_lrm=_CHOICE is not None and _CHOICE.mode == "terminal")


def _open(args):
    from factdesk.index.store import open_store

    return open_store(args.index_dir)


def _index_inputs(args) -> list[Path]:
    """What ``factdesk index`` reads: the paths given (and with ``--demo`` the demo corpus);
    with none, the demo corpus when there is no index yet, else the articles the index holds
    (a refresh: changed files read again, deleted ones dropped). The articles of feeds and
    `add` are part of every run."""
    from factdesk.index.paths import demo_corpus, fetched_articles_dir, key_path
    from factdesk.index.store import INDEX_SOME, exists

    from .output import eprint

    paths = list(args.paths)
    if args.demo:
        paths.append(demo_corpus())
    elif not paths and not exists(args.index_dir):
        eprint(
            f"no index yet: indexing the demo corpus shipped with factdesk "
            f"({DEMO_DESCRIPTION}); index your own with: factdesk index PATH..."
        )
        paths.append(demo_corpus())
    elif not paths:
        store = _open(args)
        try:
            if store.catalog.count() == 0 and not fetched_articles_dir(args.index_dir).is_dir():
                raise CliError(f"the index at {args.index_dir} holds no articles: {INDEX_SOME}", 2)
            # (a file deleted since is dropped by the run: it no longer exists)
            paths = [key_path(a.path) for a in store.catalog.articles()]
            paths = [path for path in paths if path.exists()]
        finally:
            store.close()
    fetched = fetched_articles_dir(args.index_dir)
    if fetched.is_dir() and fetched not in paths:
        paths = [*paths, fetched]  # the articles of feeds and `add`: part of every index
    return paths


DEMO_DESCRIPTION = "5 articles on one story in French, Arabic, English and Hebrew"


def _no_articles(args, store=None) -> None:
    """An index that holds no article says so, and what to do, in one line (status 1)."""
    if store is None:
        store = _open(args)
        try:
            return _no_articles(args, store)
        finally:
            store.close()
    from factdesk.index.store import INDEX_SOME

    if store.catalog.count() == 0:
        raise CliError(f"the index at {args.index_dir} holds no articles: {INDEX_SOME}")


def cmd_index(args) -> int:
    from factdesk.index.ingest import index_paths

    paths = _index_inputs(args)
    progress = None
    bar = None
    if sys.stderr.isatty() and not args.json:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        from .output import make_console

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                return Text(f"{task.speed:,.0f} files/s" if task.speed else "", style="dim")

        bar = Progress(
            TextColumn("indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            Rate(),
            TimeRemainingColumn(),
            TextColumn("{task.description}", markup=False),
            transient=True,
            console=make_console(stderr=True),
        )
        task = bar.add_task("", total=None)
        bar.start()

        def progress(path: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=Path(path).name[:40])

    try:
        summary = index_paths(args.index_dir, paths, progress, rebuild=args.rebuild)
    finally:
        if bar is not None:
            bar.stop()
    if args.json:
        _print_json(
            {
                "added": summary.added,
                "changed": summary.changed,
                "unchanged": summary.unchanged,
                "removed": summary.removed,
                "figures": summary.figures,
                "findings": summary.findings,
                "copies": summary.copies,
                "skipped": [{"path": p, "reason": r} for p, r in summary.skipped],
                "warnings": [{"path": p, "warning": w} for p, w in summary.warnings],
                "seconds": round(summary.seconds, 3),
                "reread": summary.reread,
                "index_dir": str(args.index_dir),
            }
        )
    else:
        from .output import eprint

        for path, reason in summary.skipped:
            eprint(f"skipped {path}: {reason}")
        for path, warning in summary.warnings:
            eprint(f"warning {path}: {warning}")
        print(summary.line())
    total = summary.indexed + summary.unchanged
    if total == 0:
        from .output import eprint

        where = ", ".join(str(p) for p in args.paths) or "the index's own articles"
        eprint(
            f"factdesk: no article indexed from {where} (article files: .txt, .md, .html, .htm)"
            + ("; no index was written" if summary.unpublished else "")
        )
        return 1
    return 0


def cmd_search(args) -> int:
    from factdesk.index.search import Searcher

    if args.limit is None:
        args.limit = _config().limits["search"]
    if args.limit < 1:
        raise CliError("--limit must be at least 1", 2)
    from factdesk.index.langdetect import LANGS

    if args.lang is not None and args.lang not in LANGS:
        raise CliError(f"unknown language {args.lang!r} for --lang (one of: {', '.join(LANGS)})", 2)
    searcher = Searcher(args.index_dir)
    hits = searcher.search(args.query, lang=args.lang, limit=args.limit)
    from .output import eprint

    if hits.notes:
        eprint(f"factdesk: note: {'; '.join(hits.notes)}")
    if not hits:
        _no_articles(args)
    if args.json:
        _print_json([hit.as_dict() for hit in hits])
        return 0 if hits else NO_HITS
    from rich.text import Text

    from factdesk.index.paths import display_path

    console = _console()
    if not hits:
        console.print("no hits")
        return NO_HITS
    for hit in hits:
        head = Text(f"{hit.score:6.2f}  ", style="dim")
        head.append_text(_shown(hit.title, "bold"))
        source = f"{hit.outlet}, {hit.published}" if hit.published else hit.outlet
        head.append_text(_shown(f"  [{hit.lang}] {source or display_path(hit.path)}", "dim"))
        console.print(head)
        console.print(
            _shown(
                "        " + hit.snippet,
                wrap=True,
                styles=[
                    (start + 8, end + 8, "reverse bold") for start, end in hit.snippet_highlights
                ],
            )
        )
    return 0


def _article_fields(args, path: str) -> dict:
    """The stored article for PATH, else the file read from disk."""
    from factdesk.index.paths import key_path, path_key
    from factdesk.index.store import exists

    wanted = path_key(path)
    if exists(args.index_dir):
        store = _open(args)
        try:
            ix = store.whoosh()
            with ix.searcher() as searcher:
                fields = searcher.document(path=wanted)
        finally:
            store.close()
        if fields:
            return fields
    from factdesk.index.ingest import read_article
    from factdesk.index.textio import NotText

    try:
        article, *_ = read_article(key_path(wanted))
    except NotText as err:
        raise CliError(f"{path}: {err}") from None
    except OSError as err:
        raise CliError(f"{path}: {err.strerror or err}") from None
    return {
        "path": article.path,
        "title": article.title,
        "lang": article.lang,
        "text": article.text,
        "body_start": article.body_start,
        "paragraphs": [(p.start, p.end, p.lang) for p in article.paragraphs],
        "source": article.source,
        "date": article.date,
    }


def cmd_show(args) -> int:
    from factdesk.index.sanitize import sanitize_text

    fields = _article_fields(args, args.path)
    if args.json:
        _print_json(
            {k: fields.get(k) for k in ("path", "title", "lang", "source", "date")}
            | {"text": sanitize_text(fields["text"])}
        )
        return 0
    from .layout import layout_article

    is_tty = sys.stdout.isatty()
    if args.width is not None and args.width < MIN_WIDTH:
        raise CliError(f"--width must be at least {MIN_WIDTH}", 2)
    if args.width is None:  # $COLUMNS, else the terminal's width; never under MIN_WIDTH
        import shutil

        # ($COLUMNS first, then the terminal of standard output; piped without it: 80)
        width = max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)
    else:
        width = args.width
    requested = getattr(args, "bidi", None)
    if is_tty or requested not in (None, "auto"):
        choice = _bidi_choice(args)
        bidi = choice.layout_mode
    else:  # piped: logical order, no padding, unless a mode is asked for
        choice, bidi = None, "plain"
    # Konsole drops the zero-width marks of a line's first column (they attach to the cell
    # before): lines laid out for it keep one column of margin, so that their isolates hold
    margin = " " if bidi == "terminal-nomirror" else ""
    lines = layout_article(fields, width - len(margin), bidi=bidi)
    if is_tty:
        from .termbidi import ExplicitMode

        console = _console()
        with ExplicitMode(choice):
            for line in lines:
                console.print(margin, line.rich(), sep="", soft_wrap=True)
            console.file.flush()
    else:
        sys.stdout.write("".join(margin + line.plain + "\n" for line in lines))
    return 0


def cmd_figures(args) -> int:
    store = _open(args)
    try:
        from factdesk.index.paths import path_key

        path = path_key(args.path) if args.path else None
        _no_articles(args, store)
        if path and store.catalog.article(path) is None:
            raise CliError(f"{args.path}: not in the index (run: factdesk index {args.path})")
        if args.json:  # written as read from the cursor: memory flat in the figures' number
            from factdesk.index.figures.present import public
            from factdesk.index.jsonstream import Lazy

            _print_json(Lazy(public(f) for f in store.catalog.iter_figures(path)))
            return 0
        _print_figure_table(lambda: store.catalog.iter_figures(path))
        return 0
    finally:
        store.close()


FIGURE_ROWS = 2_000  # rows of the figures table measured, then printed, at a time


def _print_figure_table(read) -> None:
    """The figures as one Rich table, its rows never all held (`figures` over every article:
    2.1 GB at 10k when the table held them): the figures read twice (``read()`` each time), a
    first time to measure each column over every row ``FIGURE_ROWS`` at a time, the second
    to print them that many at a time with the widths the whole table takes."""
    from itertools import islice

    from rich.measure import Measurement
    from rich.table import Table

    from factdesk.index.figures.model import from_dict
    from factdesk.index.figures.present import describe
    from factdesk.index.sanitize import sanitize_inline
    from factdesk.index.sources import source_label

    console = _console()
    measured: list[Measurement] | None = None
    widths: list[int] | None = None

    class Part(Table):
        """Some of the rows: measured with every row's columns, printed with their widths."""

        def _measure_column(self, console, options, column) -> Measurement:
            if measured is not None:
                return measured[column._index].with_maximum(options.max_width)
            return super()._measure_column(console, options, column)

        def _calculate_column_widths(self, console, options) -> list[int]:
            if widths is not None:
                return list(widths)
            return super()._calculate_column_widths(console, options)

    def table(rows, header: bool = True) -> Table:
        part = Part(box=None, show_header=header)
        part.add_column("source", overflow="fold")  # a name is never cut: folded
        for name in ("quote", "value", "entity", "attribute", "when"):
            part.add_column(name)
        for figure in rows:
            cells = (
                source_label(figure),
                figure["quote"],
                describe(from_dict(figure)),
                figure["entity"] or "–",
                figure["attribute"] or "–",
                figure["when"] or "–",
            )
            part.add_row(*(_shown(sanitize_inline(cell)) for cell in cells))
        return part

    options = console.options
    figures = read()
    first = list(islice(figures, FIGURE_ROWS))
    if len(first) < FIGURE_ROWS:  # (all of them: one table, as it always was)
        console.print(table(first))
        return
    # the first pass: each column's widest measures over every row (a table's widths come
    # from these alone: its widest cell's minimum and maximum, the header's included)
    chunk: list = first
    maxima: list[tuple[int, int]] = []
    while chunk:
        part = table(chunk)
        inner = options.update_width(options.max_width - part._extra_width)  # (as Rich does)
        found = [part._measure_column(console, inner, column) for column in part.columns]
        maxima = [
            (max(a, m.minimum), max(b, m.maximum))
            for (a, b), m in zip(maxima or [(0, 0)] * len(found), found, strict=True)
        ]
        chunk = list(islice(figures, FIGURE_ROWS))
    measured = [Measurement(a, b) for a, b in maxima]
    whole = table([])
    widths = whole._calculate_column_widths(
        console, options.update_width(options.max_width - whole._extra_width)
    )
    measured = None
    figures = read()
    header = True
    while chunk := list(islice(figures, FIGURE_ROWS)):
        console.print(table(chunk, header))
        header = False


def _print_findings(findings: Iterable[dict]) -> int:
    """Each finding with its reasons and figures; returns how many were printed."""
    from rich.text import Text

    from factdesk.index.sanitize import sanitize_inline
    from factdesk.index.sources import name_sources, source_label

    console = _console()
    symbols = {
        "conflict": ("✗ conflict", "bold red"),
        "possible": ("? possible", "magenta"),
        "agree": ("✓ agree", "green"),
        "changed": ("↻ changed", "yellow"),
        "dismissed": ("≠ dismissed", "dim"),
    }
    count = 0
    for finding in findings:
        count += 1
        label, style = symbols[finding["kind"]]
        line = Text(f"{label:<10} ", style=style)
        line.append(_shown(sanitize_inline(name_sources(finding["why"], finding["figures"]))))
        console.print(line)
        if finding.get("verdict"):
            _print_verdict(console, finding)
        if finding.get("reasons"):
            grounds = name_sources(" · ".join(finding["reasons"]), finding["figures"])
            console.print(
                _shown(
                    f"    {sanitize_inline(grounds)} · confidence {finding['confidence']:.2f}",
                    "italic",
                )
            )
        for figure in finding["figures"][:TEXT_FIGURES_PER_FINDING]:
            line = Text(f"    {sanitize_inline(source_label(figure))}  ", style="dim")
            line.append_text(_quote(figure["quote"], "dim"))
            console.print(line)
        if len(finding["figures"]) > TEXT_FIGURES_PER_FINDING:
            more = len(finding["figures"]) - TEXT_FIGURES_PER_FINDING
            console.print(f"    … and {more} more figures (--json for all)", style="dim")
        if finding.get("pair_ids") is not None:
            _print_pairs(console, finding)
    if not count:
        console.print("no findings")
    return count


TEXT_FIGURES_PER_FINDING = 8  # figures listed under a finding on a terminal


def _print_verdict(console, finding: dict) -> None:
    """Under a finding's line: the verdict given to its pairs ('mixed' when they differ)."""
    from factdesk.index.verdicts import verdict_kinds

    name = finding["verdict"]
    label = verdict_kinds().get(name, {}).get("label", name)
    was = f" (was {finding['was']})" if finding.get("was") else ""
    pairs = len(finding.get("pairs") or [])
    console.print(f"    verdict: {label}{was}, {finding['checked']} of {pairs} pairs checked")


def _pair_sides(figures: dict, pair) -> str:
    """A pair's two figures, each with its source: '250M users (outlet, date) ↔ 600M users
    (…)'; ``figures`` by (path, start)."""
    from factdesk.index.figures.model import from_dict
    from factdesk.index.figures.present import describe
    from factdesk.index.sources import source_label

    return " ↔ ".join(
        f"{describe(from_dict(figures[(path, start)]))} ({source_label(figures[(path, start)])})"
        for path, start in pair
    )


def _print_pairs(console, finding: dict) -> None:
    """Under a finding: each pair with its id (what `factdesk verdict` takes), the two values
    and sources, and the pair's verdict and note."""
    from rich.text import Text

    from factdesk.index.sanitize import sanitize_inline
    from factdesk.index.verdicts import verdict_kinds

    kinds = verdict_kinds()
    pairs = finding.get("pairs") or []
    figures = {(f["path"], f["start"]): f for f in finding["figures"]}
    given = {v["id"]: v for v in finding.get("verdicts", [])}
    for pair, pair_id in list(zip(pairs, finding["pair_ids"], strict=True))[
        :TEXT_FIGURES_PER_FINDING
    ]:
        if pair_id is None:
            continue
        line = Text(f"    pair {pair_id}  ", style="dim")
        line.append_text(_shown(sanitize_inline(_pair_sides(figures, pair)), "dim"))
        verdict = given.get(pair_id)
        if verdict is not None:
            spec = kinds.get(verdict["verdict"], {})
            mark = f"  {spec.get('symbol', '')} {spec.get('label', verdict['verdict'])}"
            line.append(mark, style="bold")
            if verdict["note"]:
                line.append(": ")
                line.append_text(_shown(sanitize_inline(verdict["note"])))
        console.print(line)
    if len(pairs) > TEXT_FIGURES_PER_FINDING:
        more = len(pairs) - TEXT_FIGURES_PER_FINDING
        console.print(f"    … and {more} more pairs (--json for all)", style="dim")


def cmd_conflicts(args) -> int:
    """Findings read from the catalog one at a time and written as they come: memory stays
    flat in their number (JSON streamed, JSON Lines with --jsonl)."""
    from .output import stream_json

    machine = args.json or args.jsonl
    text_limit = _config().limits["conflicts"]
    limit = args.limit if args.limit is not None else (0 if machine else text_limit)
    if limit < 0:
        raise CliError("--limit: a number of findings, 0 for all", 2)
    from itertools import islice

    from factdesk.index import verdicts

    store = _open(args)
    try:
        _no_articles(args, store)
        kinds = None if args.all else ["conflict"]
        given = verdicts.load(args.index_dir)
        hashes = verdicts.ArticleHashes(store.catalog)
        # with no dismissed pair, no finding changes kind: the catalog limits and counts
        dismissing = any(v.verdict == verdicts.DISMISSED for v in given.values())
        # JSON: each finding's figures read as they are written (a finding holds 30,000 at
        # 50k articles); a terminal lists eight of them
        stored = store.catalog.iter_findings(kinds, 0 if dismissing else limit, streamed=machine)
        findings = verdicts.annotate_all(stored, hashes, given)
        dropped: list[dict] = []
        if dismissing:
            findings = _dismissed_last(findings, keep=args.all, dropped=dropped)
        if machine:
            stream_json(islice(findings, limit or None), lines=args.jsonl, schema=True)
            return 0
        shown = _print_findings(islice(findings, limit or None))
        if limit and shown == limit:
            more = sum(1 for _ in findings) if dismissing else None
            total = shown + more if more is not None else store.catalog.count_findings(kinds)
        else:
            total = shown
    finally:
        store.close()
    if dropped and not machine:
        _console().print(
            f"({len(dropped)} dismissed by verdicts: not the same quantity; --all lists them)",
            style="dim",
        )
    if total > shown:
        _console().print(f"… and {total - shown} more (--limit 0 for all)", style="dim")
    return 0


def _dismissed_last(findings: Iterable[dict], keep: bool, dropped: list[dict]):
    """Findings that verdicts dismissed are no conflicts: listed after all the others (only
    with ``keep``: `conflicts --all`), held meanwhile (as many as there are verdicts at most);
    ``dropped`` receives those left out."""
    from factdesk.index.verdicts import DISMISSED

    held = []
    for finding in findings:
        if finding["kind"] != DISMISSED:
            yield finding
        elif keep:
            held.append(finding)
        else:
            dropped.append({"kind": finding["kind"], "was": finding.get("was")})
    yield from held


def cmd_verdict(args) -> int:
    """Record, replace or clear the verdict on one pair of figures."""
    from factdesk.index import verdicts
    from factdesk.index.store import claim_index_dir

    pair = verdicts.normalise_id(args.id)
    if pair is None:
        raise CliError(
            f"{args.id!r} is not a pair id (12 hex digits, as `factdesk conflicts` shows)", 2
        )
    if args.clear and (args.verdict or args.note is not None):
        raise CliError("--clear takes no verdict and no --note", 2)
    if not args.clear and not args.verdict:
        raise CliError("give a verdict (confirmed, dismissed, resolved) or --clear", 2)
    note = args.note or ""
    try:
        verdicts.check_note(note)
    except verdicts.VerdictError as err:
        raise CliError(f"--note: {err}", 2) from None
    store = _open(args)  # a missing index is an error before anything is written
    try:
        found = verdicts.find_pair(store.catalog, pair)
    finally:
        store.close()
    try:
        if args.clear:
            removed = verdicts.clear(args.index_dir, pair)
            if not removed and found is None:
                raise CliError(f"no pair {pair} in the index and no verdict on it")
            if args.json:
                _print_json({"id": pair, "verdict": None, "cleared": removed})
            else:
                _console().print(f"{pair}: {'verdict cleared' if removed else 'had no verdict'}")
            return 0
        if found is None:
            raise CliError(
                f"no pair {pair} in the index (ids are listed by: factdesk conflicts --all)"
            )
        finding, position, (first, second) = found
        claim_index_dir(args.index_dir)
        stored = verdicts.record(args.index_dir, pair, args.verdict, first, second, note)
    except verdicts.VerdictError as err:
        raise CliError(str(err)) from None
    if args.json:
        _print_json(
            stored.public()
            | {
                "pair": finding["pairs"][position],
                "kind": finding["kind"],
                "entity": finding["entity"],
                "attribute": finding["attribute"],
            }
        )
        return 0
    from rich.text import Text

    from factdesk.index.sanitize import sanitize_inline

    figures = {(f["path"], f["start"]): f for f in finding["figures"]}
    sides = _pair_sides(figures, finding["pairs"][position])
    label = verdicts.verdict_kinds()[stored.verdict]["label"]
    about = " ".join(x for x in (finding["entity"], finding["attribute"]) if x)
    line = Text(f"{pair}: {label} — ")
    line.append_text(_shown(sanitize_inline(f"{about}: {sides}")))
    _console().print(line)
    return 0


REVIEWER_TYPES = ("Person", "Organization")


def _report_config() -> dict:
    """``[report]`` of ``config.toml`` in the user config dir (reviewer, reviewer_type)."""
    return dict(_config().report)


def _write_file(path: Path, fill, force: bool) -> None:
    """Write to ``path`` what ``fill(handle)`` writes, whole or not at all (a temporary file
    beside it, then linked in place, which fails if the file appeared meanwhile; or, with
    ``force``, renamed over)."""
    import tempfile

    if (path.exists() or path.is_symlink()) and not force:
        raise CliError(f"{path} exists (--force to replace it)", 2)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle = tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", newline="", dir=directory, prefix=f".{path.name}.", delete=False
        )
    except OSError as err:
        raise CliError(f"cannot write {path}: {err.strerror or err}") from None
    temporary = Path(handle.name)
    try:
        with handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise CliError(f"{path} exists (--force to replace it)", 2) from None
    except OSError as err:
        raise CliError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        temporary.unlink(missing_ok=True)


def cmd_report(args) -> int:
    """The checked findings as Markdown, JSON (or ClaimReview records) or CSV."""
    from factdesk.index import report
    from factdesk.index.sanitize import json_safe

    fmt = args.format or ("json" if args.json else "md")
    if args.json and fmt != "json":
        raise CliError("--json and --format " + fmt + " disagree", 2)
    if args.force and args.output is None:
        raise CliError("--force needs --output FILE", 2)
    if args.claimreview and fmt != "json":
        raise CliError("--claimreview is a JSON shape: add --format json", 2)
    reviewer, reviewer_type = "", "Person"
    if args.claimreview:
        config = _report_config()
        reviewer = (args.reviewer or str(config.get("reviewer") or "")).strip()
        reviewer_type = str(config.get("reviewer_type") or "Person")
        if not reviewer:
            raise CliError(
                'ClaimReview needs the reviewer\'s name: --reviewer NAME, or reviewer = "…" '
                "under [report] in config.toml in the user config dir",
                2,
            )
        if reviewer_type not in REVIEWER_TYPES:
            raise CliError(f"[report] reviewer_type: one of {', '.join(REVIEWER_TYPES)}", 2)
    if (
        args.output is not None
        and not args.force
        and (args.output.exists() or args.output.is_symlink())
    ):
        raise CliError(f"{args.output} exists (--force to replace it)", 2)
    store = _open(args)
    try:
        _no_articles(args, store)
        # each pair written as it comes (150,000 pairs for --all at 10k: 1.2 GB when held)
        written = [0]

        def counted():
            for item in report.entries(store.catalog, args.index_dir, every_conflict=args.all):
                written[0] += 1
                yield item

        if fmt == "md":

            def fill(out) -> None:
                for number, line in enumerate(report.markdown_lines(counted(), args.all)):
                    out.write(line if number == 0 else "\n" + line)

        elif fmt == "csv":

            def fill(out) -> None:
                report.write_csv(counted(), out)

        else:
            from factdesk.index.jsonstream import Lazy, chunks, encoder_for

            data = Lazy(
                report.claim_reviews(counted(), reviewer, reviewer_type, args.url or "")
                if args.claimreview
                else counted()
            )
            if args.output is None:
                from .output import print_json

                print_json(
                    data
                )  # (report's own shapes: no schema field, ClaimReview as schema.org)
                return 0

            def fill(out) -> None:
                for piece in chunks(data, encoder_for(False, 2)):
                    out.write(json_safe(piece))
                out.write("\n")

        if args.output is None:
            fill(sys.stdout)
            return 0
        _write_file(args.output, fill, args.force)
    finally:
        store.close()
    from .output import eprint

    eprint(f"wrote {written[0]} pair(s) to {args.output}")
    return 0


def cmd_ask(args) -> int:
    from factdesk.index.figures.ask import answer

    # JSON shows what a terminal shows, with the totals (schema 2; it held every value before)
    limit = args.limit if args.limit is not None else _config().limits["ask"]
    if limit < 0:
        raise CliError("--limit: a number of answers, 0 for all", 2)
    store = _open(args)
    try:
        _no_articles(args, store)

        def search(question: str, limit: int):
            from factdesk.index.search import Searcher

            return Searcher(args.index_dir).search(question, limit=limit)

        from factdesk.index import verdicts

        # only the findings to be shown are read: a terminal lists the ones that flag something
        kinds = None if args.json else ["conflict", "possible", "changed"]
        given = verdicts.load(args.index_dir)
        # a pair marked "not the same quantity" is no conflict (as in `conflicts`): with such
        # verdicts every finding on the key is read, then judged, then cut to the limit
        dismissing = any(v.verdict == verdicts.DISMISSED for v in given.values())
        # --limit 0: every value and finding, written as they are read (memory flat in their
        # number: 358 MB at 50k when they were held); the totals are counted meanwhile
        streamed = not limit
        result = answer(
            store.catalog,
            args.question,
            search=search,
            kinds=kinds,
            findings_limit=limit if not dismissing else 0,
            answers_limit=limit,
            streamed=streamed,
            lazy_figures=args.json,
        )
        result["dismissed"] = 0
        full_text = result["entity"] is None and result["attribute"] is None
        if streamed and not full_text:
            _count_findings(result, given, args.json, verdicts.ArticleHashes(store.catalog))
        else:
            if result["findings"] and (given or args.json):
                hashes = verdicts.ArticleHashes(store.catalog)
                hashes.read(
                    path
                    for finding in result["findings"]
                    for pair in finding.get("pairs") or []
                    for path, _ in pair
                )
                judged = verdicts.annotate_all(result["findings"], hashes, given)
                dropped: list[dict] = []
                result["findings"] = list(_dismissed_last(judged, keep=args.json, dropped=dropped))
                result["dismissed"] = len(dropped) + sum(
                    1 for f in result["findings"] if f["kind"] == verdicts.DISMISSED
                )
            if dismissing or not limit or full_text:
                total = len(result["findings"])  # every finding on the key was read
            else:
                total = store.catalog.count_findings_for_key(
                    result["entity"], result["attribute"], kinds
                )
            result["findings"] = result["findings"][:limit] if limit else result["findings"]
            result["findings_total"] = total
        return _print_answer(args, result)
    finally:
        store.close()


def _count_findings(result: dict, given: dict, machine: bool, hashes) -> None:
    """``ask --limit 0``: the findings judged (as ``cmd_ask`` does a list) and counted as they
    are written; ``dismissed`` and ``findings_total`` known once they all are (written after
    them in JSON: ``Later``)."""
    from factdesk.index import verdicts
    from factdesk.index.jsonstream import Later, Lazy

    found = result["findings"]
    dropped: list[dict] = []
    if given or machine:
        found = _dismissed_last(
            verdicts.annotate_all(found, hashes, given), keep=machine, dropped=dropped
        )
    counts = {"total": 0, "dismissed": 0}

    def counted():
        for finding in found:
            counts["total"] += 1
            counts["dismissed"] += finding["kind"] == verdicts.DISMISSED
            yield finding

    result["findings"] = Lazy(counted(), batch=1) if machine else counted()
    result["dismissed"] = Later(lambda: len(dropped) + counts["dismissed"])
    result["findings_total"] = Later(lambda: counts["total"])


def _print_answer(args, result: dict) -> int:
    if args.json:
        from .output import SCHEMAS

        _print_json(result, SCHEMAS["ask"])
        return 0 if result["answers"] or result.get("hits") else NO_HITS
    from rich.text import Text

    from factdesk.index.jsonstream import Later
    from factdesk.index.sanitize import sanitize_inline
    from factdesk.index.sources import source_label

    console = _console()
    if result["entity"] is None and result["attribute"] is None:
        if not result.get("hits"):
            console.print("no known entity or measure in the question, and no article mentions it")
            return NO_HITS
        console.print("no known entity or measure in the question; full-text hits:")
        for hit in result.get("hits", []):
            line = Text("  ")
            line.append_text(_shown(hit["title"], "bold"))
            line.append("  ")
            line.append_text(_shown(hit["snippet"]))
            console.print(line)
        return 0
    about = " ".join(x for x in (result["entity"], result["attribute"]) if x)
    console.print(_shown(sanitize_inline(about), "bold"))
    if not result["answers"]:
        console.print("  no figures found")
    answers = result["answers"]
    texts = getattr(answers, "texts", None) or [item["text"] for item in answers]
    column = max((len(text) for text in texts), default=0) + 2
    for item in answers:
        line = Text(f"  {item['text']:<{column}}", style="bold")
        line.append(
            _shown(
                sanitize_inline(
                    f"{item['entity']} {item['attribute']} — {item['articles']} article(s): "
                )
            )
        )
        labels = sorted({source_label(f) for f in item["figures"]})
        names = "; ".join(labels[:ASK_SOURCES])  # 'outlet, date; outlet, date'
        if len(labels) > ASK_SOURCES:
            names += f"; … and {len(labels) - ASK_SOURCES} more"
        line.append(_shown(sanitize_inline(names), "dim"))
        console.print(line)
        for figure in item["figures"][:3]:
            line = Text("      ", style="dim")
            line.append_text(_quote(figure["quote"], "dim"))
            console.print(line)
    if len(answers) < result["answers_total"]:
        more = result["answers_total"] - len(answers)
        console.print(f"  … and {more} more values (--limit 0 for all)", style="dim")
    shown = _print_findings(result["findings"])

    def known(value) -> int:  # (a count written after the findings: known once they are)
        count = value.get() if isinstance(value, Later) else value
        return count if isinstance(count, int) else 0

    dismissed, total = known(result.get("dismissed")), known(result["findings_total"])
    if dismissed:
        console.print(
            f"({dismissed} dismissed by verdicts: not the same quantity; "
            "conflicts --all lists them)",
            style="dim",
        )
    if shown < total:
        more = total - shown
        console.print(f"… and {more} more findings (--limit 0 for all)", style="dim")
    return 0 if result["answers"] else NO_HITS


ASK_SOURCES = 5  # sources named on a value's line, then '… and N more'


def cmd_paths(args) -> int:
    """Where factdesk keeps things, and which option or variables moved them."""
    from .about import folders

    rows = folders(args.index_dir, args.index_option, configured=_config().index is not None)
    if args.json:
        _print_json(rows)
        return 0
    width = max(len(row["name"]) for row in rows)
    for row in rows:
        moved = f"  (set by {', '.join(row['set_by'])})" if row["set_by"] else ""
        print(f"{row['name']:<{width}}  {row['path']}{moved}")
    return 0


def cmd_app(args) -> int:
    from .app import run_app

    return run_app(args.index_dir, _bidi_choice(args))


BIDI_SAMPLES = (
    "إمبراطورية إيلون ماسك: صفقة بقيمة 33 مليار دولار",
    "האימפריה של אילון מאסק: עסקה בשווי 33 מיליארד דולר",
)


def cmd_bidi_test(args) -> int:
    """Both layouts of an Arabic and a Hebrew line; the user says which reads right, and the
    answer is saved for this terminal (``termbidi.save_answer``)."""
    from .layout import layout_paragraph
    from .termbidi import Choice, choose, detect, mode_sequences, save_answer, terminal_key

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CliError("bidi-test needs a terminal: run it where you read factdesk", 2)
    current = choose("auto")
    width = 60
    out = sys.stdout
    out.write(
        f"Right-to-left text in this terminal ({terminal_key()}).\nNow: {current.label()}\n\n"
    )
    detected = detect()
    for number, mode in ((1, "app"), (2, "terminal")):
        out.write(f" {number})\n")
        # each sample in the state it would be shown in: the terminal told not to reorder
        # (CSI 8 l for VTE, OSC 5379 for mlterm) in app mode, told to again for terminal mode
        start, end = mode_sequences(detected.explicit, switch=detected.switch)
        out.write(start if mode == "app" else end)
        for sample in BIDI_SAMPLES:
            layout = "terminal-nomirror" if mode == "terminal" and not detected.mirrors else mode
            (line,) = layout_paragraph(sample, 0, width, layout, rtl=True)
            out.write(f"    {line.plain}\n")
    out.write(end)
    out.write(
        "\nWhich reads right to left with joined letters, ending at the right edge?\n"
        "Answer 1 or 2 (Enter: keep the current choice): "
    )
    out.flush()
    answer = sys.stdin.readline().strip()
    if answer not in ("1", "2"):
        out.write(f"kept: {current.label()}\n")
        return 0
    choice = (
        Choice("app", detected.explicit, "", detected.switch)
        if answer == "1"
        else Choice("terminal", False, "", mirrors=detected.mirrors)
    )
    path = save_answer(choice)
    saved = choose("auto")
    out.write(f"saved in {path}: {saved.label()}\n")
    return 0


def cmd_feed(args) -> int:
    from .feedcli import cmd_feed as run

    return run(args)


def cmd_add(args) -> int:
    from .feedcli import cmd_add as run

    return run(args)


COMMANDS = {
    "app": cmd_app,
    "bidi-test": cmd_bidi_test,
    "index": cmd_index,
    "search": cmd_search,
    "show": cmd_show,
    "figures": cmd_figures,
    "conflicts": cmd_conflicts,
    "verdict": cmd_verdict,
    "report": cmd_report,
    "ask": cmd_ask,
    "feed": cmd_feed,
    "add": cmd_add,
    "paths": cmd_paths,
}


if __name__ == "__main__":
    sys.exit(main())
