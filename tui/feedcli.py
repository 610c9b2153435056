"""``factdesk feed …`` and ``factdesk add URL``: feeds and pages brought into the index.

Imported only by these commands (the lookup commands never load the feed, HTTP or HTML code).
Every line shown goes through the sanitising console (``output.eprint``, ``make_console``): a
feed's titles and addresses come from the network.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parsers(command) -> None:
    """The ``feed`` and ``add`` commands, on the parser maker of ``cli.build_parser``."""
    p = command("feed", "subscribe to RSS/Atom/RDF feeds and bring their articles in")
    feed_sub = p.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--index-dir", metavar="DIR", default=argparse.SUPPRESS, help="index location"
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    q = feed_sub.add_parser("add", parents=[common], help="subscribe to a feed (http/https)")
    q.add_argument("url", metavar="URL")
    q = feed_sub.add_parser("list", parents=[common], help="the feeds, with their state")
    q = feed_sub.add_parser(
        "remove", parents=[common], help="unsubscribe (its stored articles stay indexed)"
    )
    q.add_argument("feed", metavar="URL|N", help="the feed's address, or its number in list")
    q = feed_sub.add_parser(
        "update",
        parents=[common],
        help="fetch every feed and its new items' pages, store and index them",
    )
    _fetch_options(q)
    q = feed_sub.add_parser(
        "import", parents=[common], help="subscribe to the feeds of an OPML file"
    )
    q.add_argument("file", type=Path, metavar="FILE")
    feed_sub.add_parser("export", parents=[common], help="the feeds as OPML, on standard output")
    p = command("add", "fetch one web page, store it as an article and index it")
    p.add_argument("url", metavar="URL")
    _fetch_options(p)


def _fetch_options(parser) -> None:
    parser.add_argument(
        "--delay",
        type=float,
        default=1.0,
        metavar="S",
        help="seconds between two requests to one host (1)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds for a whole answer, redirects included (30)",
    )


def _policy(args):
    from factdesk.index.fetch import FetchPolicy

    if args.delay < 0 or args.timeout <= 0:
        from .cli import CliError

        raise CliError("--delay must be 0 or more and --timeout more than 0", 2)
    return FetchPolicy(timeout=args.timeout, idle=min(15.0, args.timeout), delay=args.delay)


def _feed_error(call, *args):
    from factdesk.index.feeds import FeedError

    from .cli import CliError

    try:
        return call(*args)
    except FeedError as err:
        raise CliError(str(err)) from None


def cmd_feed(args) -> int:
    action = {
        "add": _feed_add,
        "list": _feed_list,
        "remove": _feed_remove,
        "update": _feed_update,
        "import": _feed_import,
        "export": _feed_export,
    }[args.feed_command]
    return _feed_error(action, args)


def _feed_add(args) -> int:
    from factdesk.index.feeds import FeedList

    from .output import eprint

    with FeedList(args.index_dir) as feeds:
        feed = feeds.add(args.url)
        feeds.save()
    if args.json:
        from .cli import _print_json

        _print_json(feed.as_dict() | {"seen": len(feed.seen), "pending": len(feed.pending)})
    else:
        eprint(f"subscribed to {feed.url} (fetch it with: factdesk feed update)")
    return 0


def _feed_list(args) -> int:
    from factdesk.index.feeds import FeedList

    with FeedList(args.index_dir, write=False) as feeds:
        listed = feeds.feeds
    if args.json:
        from .cli import _print_json

        _print_json(
            [
                {
                    "url": f.url,
                    "title": f.title,
                    "added": f.added,
                    "updated": f.updated,
                    "status": f.status,
                    "articles": sum(1 for v in f.seen.values() if v),
                    "pending": len(f.pending),
                }
                for f in listed
            ]
        )
        return 0
    from rich.text import Text

    from .cli import _console

    console = _console()
    if not listed:
        console.print(Text("no feeds (subscribe with: factdesk feed add URL)"))
    for number, feed in enumerate(listed, 1):
        stored = sum(1 for v in feed.seen.values() if v)
        line = Text(f"{number:>3}  ")
        line.append(feed.title or "(not fetched yet)", style="bold")
        line.append(f"  {feed.url}", style="dim")
        console.print(line)
        state = f"       {stored} article(s)"
        if feed.updated:
            state += f", updated {feed.updated}"
        if feed.status:
            state += f", {feed.status}"
        if feed.pending:
            state += f", {len(feed.pending)} item(s) to fetch"
        console.print(Text(state, style="dim"))
    return 0


def _feed_remove(args) -> int:
    from factdesk.index.feeds import FeedList

    from .output import eprint

    with FeedList(args.index_dir) as feeds:
        feed = feeds.remove(args.feed)
        feeds.save()
    stored = sum(1 for v in feed.seen.values() if v)
    eprint(f"unsubscribed from {feed.url} (its {stored} stored article(s) stay indexed)")
    return 0


def _feed_import(args) -> int:
    from factdesk.index.feeds import FeedError, FeedList, read_opml

    from .output import eprint

    found = read_opml(args.file)
    added = 0
    with FeedList(args.index_dir) as feeds:
        for url, title in found:
            try:
                feeds.add(url, title)
                added += 1
            except FeedError as err:
                eprint(f"skipped: {err}")
        feeds.save()
    eprint(f"imported {added} feed(s) of {len(found)} in {args.file}")
    return 0 if added or not found else 1


def _feed_export(args) -> int:
    from factdesk.index.feeds import FeedList, write_opml

    with FeedList(args.index_dir, write=False) as feeds:
        text = write_opml(feeds.feeds)
    if sys.stdout.isatty():
        from factdesk.index.sanitize import sanitize_text

        text = sanitize_text(text)
    sys.stdout.write(text)
    return 0


class _Bar:
    """A Rich progress bar on standard error when it is a terminal; nothing when piped."""

    def __init__(self, enabled: bool, unit: str):
        self.bar = None
        if not enabled:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from .output import make_console

        self.bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(unit, markup=False),
            TimeRemainingColumn(),
            transient=True,
            console=make_console(stderr=True),
        )
        self.tasks: dict = {}
        self.bar.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(f"fetching {stage}", total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def say(self, line: str) -> None:
        from .output import eprint

        if self.bar is not None:
            from factdesk.index.sanitize import sanitize_inline

            self.bar.console.print(" ".join(sanitize_inline(line).split()))
        else:
            eprint(line)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def index_fetched(args) -> int:
    """Index the stored articles (with the index's own bar and lines, like `factdesk index`)."""
    from factdesk.index.feeds import articles_dir

    from .cli import cmd_index

    folder = articles_dir(args.index_dir)
    if not folder.is_dir():
        return 0
    index_args = argparse.Namespace(
        index_dir=args.index_dir, paths=[folder], rebuild=False, json=False, demo=False
    )
    return cmd_index(index_args)


def _feed_update(args) -> int:
    from factdesk.index.feeds import update_feeds

    bar = _Bar(sys.stderr.isatty() and not args.json, "")
    try:
        summary = update_feeds(args.index_dir, _policy(args), progress=bar, say=bar.say)
    finally:
        bar.stop()
    if args.json:
        from factdesk.index.feeds import articles_dir
        from factdesk.index.ingest import index_paths

        from .cli import _print_json

        indexed = index_paths(args.index_dir, [articles_dir(args.index_dir)])
        _print_json(
            {
                "indexed": indexed.indexed,
                "skipped": [{"path": p, "reason": r} for p, r in indexed.skipped],
                "feeds": summary.feeds,
                "not_modified": summary.not_modified,
                "failed_feeds": summary.failed_feeds,
                "new_items": summary.new_items,
                "stored": summary.stored,
                "failed_pages": summary.failed_pages,
                "waiting": summary.waiting,
                "failures": summary.failures,
            }
        )
        return 1 if summary.feeds and summary.failed_feeds == summary.feeds else 0
    from .output import eprint

    eprint(summary.line())
    status = index_fetched(args)
    if summary.feeds and summary.failed_feeds == summary.feeds:
        return 1
    return status


def cmd_add(args) -> int:
    from factdesk.index.feeds import FeedError, add_page
    from factdesk.index.fetch import FetchError
    from factdesk.index.textio import NotText

    from .cli import CliError
    from .output import eprint

    try:
        path, title, new = add_page(args.index_dir, args.url, _policy(args))
    except (FeedError, FetchError, NotText) as err:
        raise CliError(f"{args.url.strip()}: {err}") from None
    eprint(f"{'stored' if new else 'already stored'}: {title} ({path.name})")
    return index_fetched(args)
