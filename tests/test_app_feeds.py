"""Feeds in the app (issue 12, item 3): a key updates every subscribed feed in a thread worker,
with progress and each failure as one line in the status line, and the new articles appear in
the list without a restart. Against the real HTTP server of ``tests/feedserver.py``."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from factdesk.index.feeds import FeedError, FeedList
from factdesk.index.ingest import index_paths
from factdesk.index.store import open_store
from factdesk.tui.app import FactdeskApp
from factdesk.tui.cli import main
from factdesk.tui.scenarios import wait_for as settle
from tests.feedserver import FeedServer
from tests.pages import AR, FR, HE


@pytest.fixture(scope="module")
def server():
    with FeedServer(big_feed_items=80) as running:
        yield running


@pytest.fixture
def index_dir(seed_copy, tmp_path):
    """The seeds indexed in a folder of this test's own (the update writes to it)."""
    target = tmp_path / "ix"
    index_paths(target, [seed_copy])
    return target


class Recording(FactdeskApp):
    """The app, remembering every status line it showed; no politeness delay (one host)."""

    FEED_DELAY = 0.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lines: list[str] = []

    def status(self, message: str) -> None:
        self.lines.append(message)
        super().status(message)


def make_app(index_dir, monkeypatch, tmp_path) -> Recording:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return Recording(index_dir)


def subscribe(index_dir, *urls) -> None:
    for url in urls:
        assert main(["feed", "add", url, "--index-dir", str(index_dir)]) == 0


def loaded(app):
    return lambda: app.entries and app.open_path and app.reader.lines


def titles(app) -> set[str]:
    return {item.row.title for item in app.article_list.items}


def status_text(app) -> str:
    return str(app.query_one("#status").render())


def stored_files(index_dir) -> dict[str, str]:
    folder = Path(index_dir) / "feeds" / "articles"
    return {str(p.relative_to(folder)): p.read_text("utf-8") for p in sorted(folder.rglob("*.txt"))}


async def test_u_updates_the_feeds_and_the_new_articles_appear_in_the_list(
    server, index_dir, monkeypatch, tmp_path
):
    subscribe(index_dir, server.url("/feed.xml"))
    app = make_app(index_dir, monkeypatch, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        assert len(app.article_list.items) == 5
        opened = app.open_path
        started = time.monotonic()
        await pilot.press("u")
        await settle(pilot, lambda: not app.feeds_updating, timeout=60)
        elapsed = time.monotonic() - started
        assert {FR["title"], AR["title"], HE["title"]} <= titles(app)
        assert len(app.article_list.items) == 8
        assert app.open_path == opened  # the article read stays open and selected
        assert app.article_list.current.row.path == opened
        status = status_text(app)
        assert "1 feed(s): 1 updated" in status and "3 new article(s) stored" in status
        assert "3 new in the list" in status
        progress = [line for line in app.lines if re.match(r"feeds: \d+/\d+ pages…", line)]
        assert progress and progress[-1] == "feeds: 3/3 pages…", app.lines
        assert any(re.match(r"feeds: indexing \d+/\d+…", line) for line in app.lines)
        # the new articles open, with their figures
        fr = next(i for i, e in enumerate(app.article_list.items) if e.row.title == FR["title"])
        app.article_list.focus()
        app.article_list.move_cursor(fr - app.article_list.cursor)
        await settle(pilot, lambda: app.reader.fields and app.reader.fields["title"] == FR["title"])
        assert any("2 012" in flag.figure["quote"] for flag in app.side.flags.items)
        # and a search finds them (the search's index is refreshed too)
        await pilot.press("slash", *"Séisme", "enter")
        await settle(pilot, lambda: app.search_hits is not None and len(app.search_hits) > 0)
        assert FR["title"] in {hit.title for hit in app.search_hits}
    print(f"feed update in the app: {elapsed:.2f} s")


async def test_a_hostile_feed_is_one_line_in_the_status_and_loses_nothing(
    server, index_dir, monkeypatch, tmp_path
):
    subscribe(index_dir, server.url("/feed.xml"))
    app = make_app(index_dir, monkeypatch, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("u")
        await settle(pilot, lambda: not app.feeds_updating, timeout=60)
        assert len(app.article_list.items) == 8
    files = stored_files(index_dir)
    subscribe(index_dir, server.url("/evil-status.xml"), server.url("/invalid.xml"))
    app = make_app(index_dir, monkeypatch, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("u")
        await settle(pilot, lambda: not app.feeds_updating, timeout=60)
        assert len(app.article_list.items) == 8
        assert len(app.feed_failures) == 2
        evil = next(line for line in app.feed_failures if "evil-status" in line)
        assert re.fullmatch(r"feed http://\S+/evil-status\.xml: HTTP 500 Oops .*", evil)
        assert "not a valid feed" in next(x for x in app.feed_failures if "invalid" in x)
        failures = [line for line in app.lines if line in app.feed_failures]
        assert len(failures) == 2  # one line each, as they came
        status = status_text(app)
        assert "3 feed(s): 0 updated, 1 unchanged, 2 failed" in status
        assert "(and 1 more)" in status
        for line in [*app.lines, status]:
            assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", line), repr(line)
        # the feeds view: each feed's state, the last update's failures, nothing raw
        await pilot.press("F")
        view = app.screen.query_one("#feeds-view")
        await settle(pilot, lambda: "Le fil" in str(view.render()))
        text = str(view.render())
        assert "3 subscribed" in text and "3 article(s) · updated " in text
        assert "0 article(s) · never updated · HTTP 500 Oops" in text  # the failed feeds
        assert "HTTP 500 Oops" in text and "not a valid feed" in text
        assert "The last update's failures (2):" in text
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.query("#articles")  # back on the main screen
    assert stored_files(index_dir) == files
    store = open_store(index_dir)
    try:
        assert len(store.catalog.articles()) == 8
    finally:
        store.close()


async def test_u_with_no_feeds_says_how_to_subscribe(index_dir, monkeypatch, tmp_path):
    app = make_app(index_dir, monkeypatch, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("u")
        await settle(pilot, lambda: not app.feeds_updating, timeout=30)
        assert "no feeds (subscribe: factdesk feed add URL)" in status_text(app)
        assert len(app.article_list.items) == 5
    assert not (index_dir / "feeds").exists()


def _free(index_dir) -> bool:
    """No update holds the feeds' lock any more (the worker's thread has stopped)."""
    try:
        with FeedList(index_dir):
            return True
    except FeedError:
        return False


async def test_quitting_during_an_update_leaves_the_feeds_and_the_index_consistent(
    server, index_dir, monkeypatch, tmp_path
):
    from factdesk.index.feeds import update_feeds
    from factdesk.index.fetch import FetchPolicy

    subscribe(index_dir, server.url("/big-feed.xml"))
    app = make_app(index_dir, monkeypatch, tmp_path)
    app.FEED_DELAY = 0.05  # 80 pages of one host: 4 s at least, the quit lands in the middle
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, loaded(app))
        await pilot.press("u")
        await settle(
            pilot, lambda: any(re.match(r"feeds: ([5-9]|\d\d)/80 pages", x) for x in app.lines)
        )
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
    deadline = time.monotonic() + 60
    while not _free(index_dir):
        assert time.monotonic() < deadline, "the update did not stop"
        time.sleep(0.1)
    stored = len(stored_files(index_dir))
    assert 5 <= stored < 80  # it stopped in the middle
    store = open_store(index_dir)
    try:
        assert len(store.catalog.articles()) == 5  # the index as it was: nothing half written
    finally:
        store.close()
    # the next update fetches only what is missing and stores nothing twice
    pages = server.count_prefix("/gen/")
    summary = update_feeds(index_dir, FetchPolicy(delay=0))
    assert summary.failed_pages == 0 and summary.waiting == 0
    assert len(stored_files(index_dir)) == 80
    assert server.count_prefix("/gen/") - pages == 80 - stored
    (feed,) = json.loads((index_dir / "feeds" / "feeds.json").read_text("utf-8"))["feeds"]
    assert len(feed["seen"]) == 80 and feed["pending"] == []
    index_paths(index_dir, [index_dir / "feeds" / "articles"])
    store = open_store(index_dir)
    try:
        assert len(store.catalog.articles()) == 85
    finally:
        store.close()
