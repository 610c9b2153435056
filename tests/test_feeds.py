"""Feeds and pages (issue 12, items 2 and 5), against a real HTTP server on 127.0.0.1:
`factdesk feed add/list/remove/update/import/export` and `factdesk add URL`; conditional GET,
politeness, timeouts, size limits, redirects, content types; every hostile fixture gives one
clear line and loses nothing already stored."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factdesk.index.store import open_store
from factdesk.tui.cli import main
from tests.feedserver import FeedServer
from tests.hostile import FORBIDDEN, run_on_pty
from tests.pages import AR, FR, HE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server():
    with FeedServer(big_feed_items=1000) as running:
        yield running


def cli(*args, index_dir) -> int:
    return main([*args, "--index-dir", str(index_dir)])


def update(index_dir, *extra) -> int:
    return cli("feed", "update", "--delay", "0", "--timeout", "3", *extra, index_dir=index_dir)


def articles(index_dir) -> dict[str, dict]:
    """Indexed articles by title: their row, text and figures."""
    store = open_store(index_dir)
    try:
        found = {}
        with store.whoosh().searcher() as searcher:
            for row in store.catalog.articles():
                fields = searcher.document(path=row.path)
                found[row.title] = {
                    "row": row,
                    "text": fields["text"],
                    "figures": store.catalog.figures(row.path),
                }
        return found
    finally:
        store.close()


def stored_files(index_dir) -> dict[str, str]:
    folder = Path(index_dir) / "feeds" / "articles"
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.txt"))
    }


def test_a_feed_added_and_updated_is_indexed_with_titles_dates_languages_figures(
    server, tmp_path, capsys
):
    ix = tmp_path / "ix"
    assert cli("feed", "add", server.url("/feed.xml"), index_dir=ix) == 0
    assert update(ix) == 0
    captured = capsys.readouterr()
    assert "3 new article(s) stored" in captured.err
    assert "indexed 3 article(s)" in captured.out
    found = articles(ix)
    expected = {FR["title"]: ("fr", "2023-09-10"), AR["title"]: ("ar", "2023-09-09")}
    expected[HE["title"]] = ("he", "2023-09-09")
    assert {t: (a["row"].lang, a["row"].date) for t, a in found.items()} == expected
    for story, page in ((FR, "fr"), (AR, "ar"), (HE, "he")):
        article = found[story["title"]]
        assert article["row"].source == server.url(f"/pages/{page}.html")
        for paragraph in story["paragraphs"]:
            assert paragraph in article["text"]  # Arabic and Hebrew exactly, from legacy bytes
        assert article["figures"]
        for figure in article["figures"]:
            assert article["text"][figure["start"] : figure["end"]] == figure["quote"]
    assert {"2 012 morts", "2 059 blessés"} <= {f["quote"] for f in found[FR["title"]]["figures"]}
    # stored as ordinary article files with their header lines, under the index folder
    files = stored_files(ix)
    assert len(files) == 3 and all(name.startswith("127.0.0.1/") for name in files)
    fr_file = next(text for text in files.values() if text.startswith(FR["title"]))
    assert fr_file.startswith(
        f"{FR['title']}\nSource: {server.url('/pages/fr.html')}\nDate: 2023-09-10\nLang: fr\n\n"
    )


def test_the_second_update_asks_with_validators_and_fetches_nothing(server, tmp_path, capsys):
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/atom.xml"), index_dir=ix)
    before = (server.count("/atom.xml", 200), server.count("/atom.xml", 304))
    pages = server.count("/pages/fr.html")
    update(ix)
    update(ix)
    assert server.count("/atom.xml", 200) - before[0] == 1
    assert server.count("/atom.xml", 304) - before[1] == 1
    assert server.count("/pages/fr.html") - pages == 1
    assert "0 new article(s) stored" in capsys.readouterr().err.splitlines()[-1]


def test_atom_and_rdf_feeds(server, tmp_path):
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/atom.xml"), index_dir=ix)
    cli("feed", "add", server.url("/rdf.xml"), index_dir=ix)
    assert update(ix) == 0
    found = articles(ix)
    assert (found[FR["title"]]["row"].date, found[HE["title"]]["row"].date) == (
        "2023-09-10",
        "2023-09-09",
    )


HOSTILE_FEEDS = {
    "/big.xml": "too large",  # 100 MB streamed without a length: cut at the limit
    "/big-declared.xml": "too large",  # 100 MB announced: refused from the header
    "/drip.xml": "timed out",
    "/loop-a": "redirect loop",
    "/invalid.xml": "not a valid feed",
    "/image.xml": "unexpected content type image/png",
    "/page-as-feed.xml": "unexpected content type text/html",
    "/to-file": "not a web address",
    "/missing.xml": "HTTP 404",
}


def test_every_hostile_feed_gives_one_line_and_loses_nothing(server, tmp_path, capsys):
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/feed.xml"), index_dir=ix)
    update(ix)
    files = stored_files(ix)
    capsys.readouterr()
    for path in HOSTILE_FEEDS:
        assert cli("feed", "add", server.url(path), index_dir=ix) == 0
    started = time.monotonic()
    assert update(ix) == 0  # one feed still answers (304)
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("feed ")]
    assert len(lines) == len(HOSTILE_FEEDS)
    for path, reason in HOSTILE_FEEDS.items():
        (line,) = [line for line in lines if line.startswith(f"feed {server.url(path)}:")]
        assert reason in line, line
    assert (
        f"{len(HOSTILE_FEEDS) + 1} feed(s): 0 updated, 1 unchanged, {len(HOSTILE_FEEDS)} failed"
        in err
    )
    assert elapsed < 20  # the drip is cut at the timeout, the big body at the limit
    assert stored_files(ix) == files
    assert set(articles(ix)) == {FR["title"], AR["title"], HE["title"]}
    listed = json.loads(_out(capsys, "feed", "list", "--json", index_dir=ix))
    statuses = {f["url"]: f["status"] for f in listed}
    assert "redirect loop" in statuses[server.url("/loop-a")]


def _out(capsys, *args, index_dir) -> str:
    capsys.readouterr()
    assert cli(*args, index_dir=index_dir) == 0
    return capsys.readouterr().out


def test_pages_that_fail_give_one_line_each_and_are_tried_again(server, tmp_path, capsys):
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/bad-pages.xml"), index_dir=ix)
    assert update(ix) == 0
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if line.startswith("page ")]
    reasons = {
        "/loop-a": "redirect loop",
        "/drip.xml": "unexpected content type application/rss+xml",
        "/big.html": "too large",
        "/image.xml": "unexpected content type image/png",
        "/missing.html": "HTTP 404",
    }
    assert len(failed) == len(reasons)
    for path, reason in reasons.items():
        (line,) = [line for line in failed if line.startswith(f"page {server.url(path)} ")]
        assert reason in line and "(Mixed pages)" in line
    assert set(articles(ix)) == {"Good"}  # (the feed's title for the item)
    # the feed has not changed (304), yet the failed pages are asked for again
    missing = server.count("/missing.html")
    assert update(ix) == 0
    assert server.count("/bad-pages.xml", 304) >= 1
    assert server.count("/missing.html") == missing + 1
    assert "5 page(s) failed" in capsys.readouterr().err
    update(ix)  # the third time is the last
    update(ix)
    assert server.count("/missing.html") == missing + 2
    capsys.readouterr()
    (listed,) = json.loads(_out(capsys, "feed", "list", "--json", index_dir=ix))
    assert listed["pending"] == 0 and listed["articles"] == 1


def test_a_feed_that_injects_terminal_escapes_shows_none(server, tmp_path):
    ix = tmp_path / "ix"
    assert cli("feed", "add", server.url("/evil.xml"), index_dir=ix) == 0
    assert cli("feed", "add", server.url("/evil-status.xml"), index_dir=ix) == 0
    index = ["--index-dir", str(ix)]
    output = run_on_pty(["feed", "update", "--delay", "0", *index], cwd=tmp_path)
    output += run_on_pty(["feed", "list", *index], cwd=tmp_path)
    output += run_on_pty(["search", "séisme", *index], cwd=tmp_path)
    output += run_on_pty(["feed", "export", *index], cwd=tmp_path)
    assert FORBIDDEN.search(output) is None, output
    assert b"PWN-STATUS\x1b" not in output and b"\x1b[41mRED" not in output
    text = output.decode("utf-8", "replace")
    assert re.search(r"feed http://\S+/evil-status.xml: HTTP 500 Oops", text)
    assert re.search(r"page file:/+etc/passwd \(.*\): no web address", text)
    assert re.search(r"page \S+/pages/x\S* \(.*\): HTTP 404", text)  # sent percent-encoded
    assert "PWN-TITLE" in text and "FEED-TITLE" in text  # shown, made harmless
    (stored,) = stored_files(ix).values()
    title = stored.split("\n", 1)[0]
    assert title.startswith("Evil PWN-TITLE \ufffdgnirts\ufffd ")  # overrides as placeholders
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", stored)
    assert (tmp_path / "ix" / "feeds").is_dir() and not any(
        "passwd" in p.name for p in (tmp_path / "ix").rglob("*")
    )


def test_a_1000_item_feed_updates_with_a_progress_bar_and_then_fetches_nothing(server, tmp_path):
    ix = tmp_path / "ix"
    assert cli("feed", "add", server.url("/big-feed.xml"), index_dir=ix) == 0
    index = ["--index-dir", str(ix)]
    first = run_on_pty(["feed", "update", "--delay", "0", *index], cwd=tmp_path, seconds=300)
    assert b"fetching pages" in first and b"/1000" in first  # the bar, on a terminal
    assert b"1000 new article(s) stored" in first
    assert b"indexed 1000 article(s)" in first
    generated = server.count_prefix("/gen/", 200)
    assert generated == 1000
    second = run_on_pty(["feed", "update", "--delay", "0", *index], cwd=tmp_path, seconds=120)
    assert b"0 new article(s) stored" in second
    assert server.count("/big-feed.xml", 200) == 1 and server.count("/big-feed.xml", 304) == 1
    assert server.count_prefix("/gen/") == 1000  # not one page asked for again
    store = open_store(ix)
    try:
        assert len(store.catalog.articles()) == 1000
    finally:
        store.close()


def test_no_bar_when_piped(server, tmp_path):
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/atom.xml"), index_dir=ix)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "factdesk.tui.cli",
            "feed",
            "update",
            "--delay",
            "0",
            "--index-dir",
            str(ix),
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0
    assert b"fetching" not in result.stderr and b"\x1b" not in result.stderr
    assert result.stderr.decode().splitlines() == [
        "1 feed(s): 1 updated, 0 unchanged, 0 failed; 1 new article(s) stored"
    ]


def test_politeness_one_host_at_a_time_delay_apart(server):
    from factdesk.index.fetch import PAGE_TYPES, Fetcher, FetchPolicy

    fetcher = Fetcher(FetchPolicy(delay=0.4))
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(server.url("/pages/fr.html"), PAGE_TYPES)
    assert time.monotonic() - started >= 0.8
    other = f"http://localhost:{server.port}/pages/fr.html"  # another host: no wait for it
    started = time.monotonic()
    fetcher.get(other, PAGE_TYPES)
    assert time.monotonic() - started < 0.4


def test_redirects_are_followed_within_bounds(server):
    from factdesk.index.fetch import FEED_TYPES, Fetcher, FetchError, FetchPolicy

    fetcher = Fetcher(FetchPolicy(delay=0))
    response = fetcher.get(server.url("/moved.xml"), FEED_TYPES)
    assert response.url == server.url("/feed.xml") and response.status == 200
    with pytest.raises(FetchError, match="too many redirects"):
        Fetcher(FetchPolicy(delay=0, max_redirects=0)).get(server.url("/moved.xml"), FEED_TYPES)
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.get(server.url("/loop-a"), FEED_TYPES)
    with pytest.raises(FetchError, match="not a web address: file:///etc/passwd"):
        fetcher.get(server.url("/to-file"), FEED_TYPES)


def test_a_big_body_is_read_only_up_to_the_limit(server):
    import tracemalloc

    from factdesk.index.fetch import PAGE_TYPES, Fetcher, FetchError, FetchPolicy

    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="too large"):
            Fetcher(FetchPolicy(delay=0, max_bytes=2 * 1024 * 1024)).get(
                server.url("/big.html"), PAGE_TYPES
            )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # never the 100 MB


def test_remove_keeps_the_stored_articles(server, tmp_path, capsys):
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/feed.xml"), index_dir=ix)
    update(ix)
    assert cli("feed", "remove", "1", index_dir=ix) == 0
    assert "its 3 stored article(s) stay indexed" in capsys.readouterr().err
    assert json.loads(_out(capsys, "feed", "list", "--json", index_dir=ix)) == []
    assert len(stored_files(ix)) == 3
    assert cli("index", str(tmp_path / "nothing-here"), index_dir=ix) == 0  # feeds read along
    assert len(articles(ix)) == 3
    assert cli("feed", "remove", server.url("/feed.xml"), index_dir=ix) == 1
    assert "no such feed" in capsys.readouterr().err


def test_bad_addresses_are_refused_with_one_line(tmp_path, capsys):
    ix = tmp_path / "ix"
    for url in ("file:///etc/passwd", "javascript:alert(1)", "example.org/feed", "http://"):
        assert cli("feed", "add", url, index_dir=ix) == 1
        assert "not an http(s) address" in capsys.readouterr().err
    assert cli("feed", "add", "https://example.org/feed", index_dir=ix) == 0
    assert cli("feed", "add", "https://example.org/feed", index_dir=ix) == 1
    assert "already subscribed" in capsys.readouterr().err


def test_opml_round_trip(server, tmp_path, capsys):
    ix = tmp_path / "ix"
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        f'<outline text="News"><outline type="rss" text="Le fil" xmlUrl="{server.url("/feed.xml")}"/>'
        f'<outline type="rss" text="Atom" xmlUrl="{server.url("/atom.xml")}"/></outline>'
        '<outline type="rss" text="bad" xmlUrl="file:///etc/passwd"/></body></opml>',
        encoding="utf-8",
    )
    assert cli("feed", "import", str(opml), index_dir=ix) == 0
    err = capsys.readouterr().err
    assert "imported 2 feed(s) of 3" in err and "skipped: not an http(s) address" in err
    exported = _out(capsys, "feed", "export", index_dir=ix)
    again = tmp_path / "again.opml"
    again.write_text(exported, encoding="utf-8")
    other = tmp_path / "other"
    assert cli("feed", "import", str(again), index_dir=other) == 0
    urls = [f["url"] for f in json.loads(_out(capsys, "feed", "list", "--json", index_dir=other))]
    assert urls == [server.url("/feed.xml"), server.url("/atom.xml")]
    (tmp_path / "broken.opml").write_text("<opml><body>", encoding="utf-8")
    assert cli("feed", "import", str(tmp_path / "broken.opml"), index_dir=ix) == 1
    assert "not an OPML file" in capsys.readouterr().err


def test_add_url_stores_and_indexes_one_page(server, tmp_path, capsys):
    ix = tmp_path / "ix"
    assert cli("add", server.url("/pages/ar.html"), "--delay", "0", index_dir=ix) == 0
    captured = capsys.readouterr()
    assert f"stored: {AR['title']}" in captured.err and "indexed 1 article(s)" in captured.out
    article = articles(ix)[AR["title"]]
    assert (article["row"].lang, article["row"].date) == ("ar", AR["date"])
    assert article["row"].source == server.url("/pages/ar.html")
    assert cli("add", server.url("/pages/ar.html"), "--delay", "0", index_dir=ix) == 0
    assert "already stored" in capsys.readouterr().err
    assert cli("add", server.url("/image.xml"), index_dir=ix) == 1
    assert capsys.readouterr().err.strip() == (
        f"factdesk: {server.url('/image.xml')}: unexpected content type image/png"
    )
    assert len(stored_files(ix)) == 1


def test_the_feed_folder_is_never_a_users_folder(tmp_path, capsys):
    """The feeds live in the index folder factdesk owns: a folder of other files is refused."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli("feed", "add", "https://example.org/feed", index_dir=mine) == 1
    assert "holds files factdesk did not create" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_lookup_commands_do_not_load_the_feed_code(seed_index):
    code = (
        "import sys\n"
        "from factdesk.tui.cli import main\n"
        f"index = ['--index-dir', {str(seed_index)!r}]\n"
        "for args in (['search', 'xAI'], ['figures'], ['conflicts'], ['ask', 'X users']):\n"
        "    main([*args, *index])\n"
        "heavy = ('factdesk.index.feeds', 'factdesk.index.fetch', 'factdesk.index.html', 'feedparser',\n"
        "         'trafilatura', 'datasketch', 'numpy', 'lxml')\n"
        "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout, result.stdout[-500:]


def test_the_shell_line_of_the_issue(server, tmp_path):
    """`factdesk feed add URL && factdesk feed update`, as a user types it (piped output)."""
    ix = tmp_path / "ix"
    command = (
        f"{sys.executable} -m factdesk.tui.cli feed add {server.url('/feed.xml')} --index-dir {ix} && "
        f"{sys.executable} -m factdesk.tui.cli feed update --delay 0 --index-dir {ix}"
    )
    result = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("indexed 3 article(s) (3 new")
    assert {a["row"].lang for a in articles(ix).values()} == {"fr", "ar", "he"}


def test_an_extractor_or_parser_that_breaks_is_one_line(server, tmp_path, capsys, monkeypatch):
    from factdesk.index import feeds, html

    real = html.read_page

    def breaks_on_arabic(data, url="", content_type=""):
        if url.endswith("/ar.html"):
            raise RuntimeError("lxml gave up")
        return real(data, url=url, content_type=content_type)

    monkeypatch.setattr(html, "read_page", breaks_on_arabic)
    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/feed.xml"), index_dir=ix)
    assert update(ix) == 0
    err = capsys.readouterr().err
    assert re.search(r"page \S+/ar.html \(Le fil\): unreadable page \(RuntimeError: lxml", err)
    assert set(articles(ix)) == {FR["title"], HE["title"]}

    def parser_breaks(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(feeds, "parse_feed", parser_breaks)
    cli("feed", "add", server.url("/rdf.xml"), index_dir=ix)
    assert update(ix) == 0
    err = capsys.readouterr().err
    assert re.search(r"feed \S+/rdf.xml: unreadable feed \(ValueError: boom\)", err)
    assert set(articles(ix)) >= {FR["title"], HE["title"]}


def test_an_interrupted_update_loses_nothing_and_stores_nothing_twice(server, tmp_path):
    from factdesk.index.feeds import update_feeds
    from factdesk.index.fetch import FetchPolicy

    ix = tmp_path / "ix"
    cli("feed", "add", server.url("/feed.xml"), index_dir=ix)

    def interrupt(stage, done, total):
        if stage == "pages" and done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_feeds(ix, FetchPolicy(delay=0), progress=interrupt, workers=1)
    assert len(stored_files(ix)) <= 2
    summary = update_feeds(ix, FetchPolicy(delay=0))
    assert summary.waiting == 0 and summary.failed_pages == 0
    assert len(stored_files(ix)) == 3
    (listed,) = json.loads(_out_plain("feed", "list", "--json", index_dir=ix))
    assert listed["articles"] == 3 and listed["pending"] == 0


def _out_plain(*args, index_dir) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "factdesk.tui.cli", *args, "--index-dir", str(index_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_listing_no_feeds_makes_no_folder(tmp_path, capsys):
    ix = tmp_path / "nowhere"
    assert cli("feed", "list", "--json", index_dir=ix) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli("feed", "export", index_dir=ix) == 0
    assert "<body />" in capsys.readouterr().out
    assert not ix.exists()
