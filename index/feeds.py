"""Feeds (RSS 2.0, Atom, RDF) and web pages brought into the index.

Everything lives in the index folder factdesk owns (``feeds/`` in it; never a file of the
user's elsewhere): ``feeds.json`` lists the feeds with their validators (ETag, Last-Modified)
and the items already stored, and ``articles/<host>/<hash>.txt`` holds each item's page as an
ordinary article file: title line, ``Source:``, ``Date:`` and ``Lang:`` header lines, the
page's main text (``html.py``). Stored once, the text keeps its offsets (and verdicts) when the
page changes or disappears, and a new extractor never moves them.

An update fetches every feed (conditional GET; a small thread pool; one request at a time per
host, ``delay`` apart), then every new item's page, writes the new articles and indexes the
articles folder. A feed or a page that fails gives one line and changes nothing already stored;
a page that failed is tried again at the next updates (``RETRIES`` times), even when the feed
answers 304.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .fetch import FEED_TYPES, PAGE_TYPES, Fetcher, FetchError, FetchPolicy, host_of
from .fetch import is_web_address as is_web_address
from .sanitize import sanitize_inline

FEEDS_DIR = "feeds"
STATE_FILE = "feeds.json"
LOCK_FILE = "lock"
MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_PAGE_BYTES = 8 * 1024 * 1024
MAX_NEW_ITEMS = 1000  # per feed and update; the rest wait for the next update
RETRIES = 3  # updates a failed page is tried again at
WORKERS = 4
MAX_OPML_BYTES = 10 * 1024 * 1024

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Say = Callable[[str], None]  # one line for the user (a failure)


class FeedError(Exception):
    """A feed command that cannot be done; one line."""


def feeds_dir(index_dir: Path) -> Path:
    return Path(index_dir) / FEEDS_DIR


def articles_dir(index_dir: Path) -> Path:
    """Where fetched articles are stored (the folder ``factdesk index`` reads along)."""
    from .paths import fetched_articles_dir

    return fetched_articles_dir(index_dir)


def clean_line(text: str, limit: int = 300) -> str:
    """Text from the network made fit for one stored line: control, escape and bidi override
    characters shown as placeholders, runs of white space as one space, at most ``limit``."""
    line = " ".join(sanitize_inline(text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# --- the list of feeds -------------------------------------------------------------------------


@dataclass
class Feed:
    url: str
    title: str = ""
    etag: str = ""
    last_modified: str = ""
    added: str = ""
    updated: str = ""  # when it last answered (200 or 304)
    status: str = ""  # 'ok', 'not modified', or the last failure
    seen: dict[str, str] = field(default_factory=dict)  # item id → stored file ('' if none)
    pending: list[dict] = field(default_factory=list)  # items to fetch at the next update

    def as_dict(self) -> dict:
        return self.__dict__.copy()


class FeedList:
    """``feeds.json``, read and written under the feeds lock (one writer at a time)."""

    def __init__(self, index_dir: Path, write: bool = True):
        """``write``: the list may change (the folder is claimed and made); a reader of a
        list never made finds it empty and leaves no folder behind."""
        from .store import claim_index_dir

        self.index_dir = Path(index_dir)
        self.dir = feeds_dir(self.index_dir)
        self.path = self.dir / STATE_FILE
        self.write = write or self.dir.is_dir()
        if self.write:
            claim_index_dir(self.index_dir)  # a folder factdesk owns, or a new one
            self.dir.mkdir(exist_ok=True)
        self._fd: int | None = None
        self.feeds: list[Feed] = []

    def __enter__(self) -> FeedList:
        import fcntl

        if not self.write:
            return self
        fd = os.open(self.dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise FeedError(f"the feeds are being updated by pid {holder}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        self.feeds = self._load()
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _load(self) -> list[Feed]:
        return _load_feeds(self.path)

    def save(self) -> None:
        """Written whole to a temporary file, then renamed: a crash leaves the old list."""
        data = {"version": 1, "feeds": [f.as_dict() for f in self.feeds]}
        temporary = self.path.with_name(f".{STATE_FILE}.{os.getpid()}")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)

    def find(self, name: str) -> Feed | None:
        """A feed by its address, or by its number in ``feed list`` (from 1)."""
        if name.isdigit() and 1 <= int(name) <= len(self.feeds):
            return self.feeds[int(name) - 1]
        return next((f for f in self.feeds if f.url == name.strip()), None)

    def add(self, url: str, title: str = "") -> Feed:
        url = url.strip()
        if not is_web_address(url):
            raise FeedError(f"not an http(s) address: {clean_line(url, 200)}")
        if self.find(url) is not None:
            raise FeedError(f"already subscribed: {url}")
        feed = Feed(url=url, title=clean_line(title), added=_now())
        self.feeds.append(feed)
        return feed

    def remove(self, name: str) -> Feed:
        feed = self.find(name)
        if feed is None:
            raise FeedError(f"no such feed: {clean_line(name, 200)} (see: factdesk feed list)")
        self.feeds.remove(feed)
        return feed


def read_feeds(index_dir: Path) -> list[Feed]:
    """The feeds as ``feeds.json`` lists them now, read without the lock (it is replaced
    whole, so a reader sees the list before or after an update's save) and without making a
    folder: for showing them while an update runs. Raises FeedError when unreadable."""
    return _load_feeds(feeds_dir(Path(index_dir)) / STATE_FILE)


def _load_feeds(path: Path) -> list[Feed]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as err:
        raise FeedError(f"cannot read the feed list {path}: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("feeds", []), list):
        raise FeedError(f"cannot read the feed list {path}: not factdesk's feed list")
    known = set(Feed.__dataclass_fields__)
    return [Feed(**{k: v for k, v in f.items() if k in known}) for f in data.get("feeds", [])]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# --- OPML --------------------------------------------------------------------------------------


def read_opml(path: Path) -> list[tuple[str, str]]:
    """(address, title) of every feed outline of an OPML file, nested ones too."""
    import xml.etree.ElementTree as ElementTree

    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise FeedError(f"{path}: too large for an OPML file")
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as err:
        raise FeedError(f"{path}: not an OPML file ({err})") from None
    except OSError as err:
        raise FeedError(f"{path}: {err.strerror or err}") from None
    if root.tag.lower() != "opml":
        raise FeedError(f"{path}: not an OPML file (its root is <{clean_line(root.tag, 40)}>)")
    found = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            found.append((url.strip(), outline.get("title") or outline.get("text") or ""))
    return found


def write_opml(feeds: Iterable[Feed]) -> str:
    """OPML 2.0 listing the feeds, as newsboat and other readers import it."""
    import xml.etree.ElementTree as ElementTree

    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = "factdesk feeds"
    body = ElementTree.SubElement(opml, "body")
    for feed in feeds:
        title = feed.title or feed.url
        ElementTree.SubElement(
            body, "outline", type="rss", text=title, title=title, xmlUrl=feed.url
        )
    ElementTree.indent(opml)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(opml, encoding="unicode")
        + "\n"
    )


# --- parsing a feed ----------------------------------------------------------------------------


@dataclass
class Item:
    id: str
    link: str
    title: str = ""
    date: str = ""
    lang: str = ""  # the feed's language
    feed: str = ""  # the feed's address
    attempts: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def parse_feed(data: bytes, url: str, content_type: str = "") -> tuple[str, list[Item]]:
    """The feed's title and items; raises FeedError when it is no well-formed feed."""
    import feedparser

    parsed = feedparser.parse(
        data,
        response_headers={"content-location": url, "content-type": content_type or "text/xml"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if error is not None and not isinstance(
        error, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    ):
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        raise FeedError(f"not a valid feed ({reason})")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not a feed (no RSS, Atom or RDF channel in it)")
    lang = (parsed.feed.get("language") or "").split("-")[0].split("_")[0].lower()
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        ident = (entry.get("id") or link or entry.get("title") or "").strip()
        if not ident:
            continue
        items.append(
            Item(
                id=ident[:2000],
                link=link,
                title=clean_line(entry.get("title") or ""),
                date=_entry_date(entry),
                lang=lang if re.fullmatch(r"[a-z]{2,3}", lang) else "",
                feed=url,
            )
        )
    return clean_line(parsed.feed.get("title") or ""), items


def _entry_date(entry) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return time.strftime("%Y-%m-%d", value)
            except (TypeError, ValueError):
                continue
    return ""


# --- fetching and storing pages ----------------------------------------------------------------


def page_article(fetcher: Fetcher, link: str, item: Item | None = None) -> tuple[str, str, str]:
    """Fetch ``link`` and make its article text: (text, final address, title). Raises
    FetchError or NotText."""
    from .html import read_page

    response = fetcher.get(link, PAGE_TYPES, max_bytes=MAX_PAGE_BYTES)
    page = read_page(response.body, url=response.url, content_type=response.content_type)
    # the address that answered, not the one the page claims (a page can claim any outlet)
    page.source = response.url
    if item is not None:
        page.title = item.title or page.title
        page.date = item.date or page.date
        if item.lang and page.lang in ("", "other"):
            page.lang = item.lang
    page.title = clean_line(page.title) or "Untitled page"
    return page.render(), response.url, page.title


def stored_name(index_dir: Path, link: str, ident: str) -> Path:
    """Where an item's article goes: one folder per host, a name from its id's hash."""
    host = re.sub(r"[^a-z0-9.-]", "_", host_of(link))[:100].strip(".") or "unknown-host"
    digest = hashlib.sha1(ident.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return articles_dir(index_dir) / host / f"{digest}.txt"


def write_article(path: Path, text: str) -> bool:
    """Write a new article file (to a temporary name, then renamed); an existing file is
    kept as it is (False)."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return True


# --- an update ---------------------------------------------------------------------------------


@dataclass
class UpdateSummary:
    feeds: int = 0
    not_modified: int = 0
    failed_feeds: int = 0
    new_items: int = 0
    stored: int = 0
    failed_pages: int = 0
    waiting: int = 0  # items left for the next update
    requests: int = 0
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = [
            f"{self.feeds} feed(s): {self.feeds - self.failed_feeds - self.not_modified} "
            f"updated, {self.not_modified} unchanged, {self.failed_feeds} failed",
            f"{self.stored} new article(s) stored",
        ]
        if self.failed_pages:
            parts.append(f"{self.failed_pages} page(s) failed")
        if self.waiting:
            parts.append(f"{self.waiting} item(s) left for the next update")
        return "; ".join(parts)


class _Pool(ThreadPoolExecutor):
    """A thread pool that, when the update is interrupted (Ctrl+C), drops the fetches not
    started instead of waiting for a thousand pages."""

    def __exit__(self, exc_type, exc, traceback):
        self.shutdown(wait=True, cancel_futures=exc_type is not None)
        return False


def update_feeds(
    index_dir: Path,
    policy: FetchPolicy | None = None,
    progress: Progress | None = None,
    say: Say | None = None,
    workers: int = WORKERS,
) -> UpdateSummary:
    """Fetch every feed and its new items' pages; store the new articles (not indexed here:
    see ``articles_dir``)."""
    from .textio import NotText

    summary = UpdateSummary()
    fetcher = Fetcher(policy)

    def fail(line: str) -> None:
        summary.failures.append(line)
        if say:
            say(line)

    with FeedList(index_dir) as feeds, _Pool(max(1, workers)) as pool:
        summary.feeds = len(feeds.feeds)
        if progress:
            progress("feeds", 0, len(feeds.feeds))

        def fetch_feed(feed: Feed):
            try:
                response = fetcher.get(
                    feed.url,
                    FEED_TYPES,
                    etag=feed.etag,
                    last_modified=feed.last_modified,
                    max_bytes=MAX_FEED_BYTES,
                )
                if response.status == 304:
                    return feed, response, None, []
                title, items = parse_feed(response.body, response.url, response.content_type)
                return feed, response, title, items
            except (FetchError, FeedError) as err:
                return feed, None, str(err), []
            except Exception as err:  # a parser's own failure on hostile bytes: one line too
                return feed, None, f"unreadable feed ({type(err).__name__}: {err})"[:200], []

        todo: list[tuple[Feed, Item]] = []
        answered: list[tuple[Feed, object]] = []
        for done, (feed, response, title, items) in enumerate(pool.map(fetch_feed, feeds.feeds), 1):
            if progress:
                progress("feeds", done, len(feeds.feeds))
            queue = [Item(**p) for p in feed.pending]  # pages that failed before: again
            if response is None:
                summary.failed_feeds += 1
                feed.status = clean_line(str(title), 200)
                fail(f"feed {feed.url}: {title}")
            else:
                feed.updated = _now()
                answered.append((feed, response))
                if response.status == 304:
                    summary.not_modified += 1
                    feed.status = "not modified"
                else:
                    feed.status = "ok"
                    feed.title = title or feed.title
                    waiting = {i.id for i in queue}
                    new = [i for i in items if i.id not in feed.seen and i.id not in waiting]
                    new = list({i.id: i for i in new}.values())  # an id twice in a feed: once
                    summary.new_items += len(new)
                    queue += new
            # every item stays pending until it is handled: an interrupted update loses none
            feed.pending = [i.as_dict() for i in queue]
            todo.extend((feed, item) for item in queue[:MAX_NEW_ITEMS])
        feeds.save()  # titles, statuses and the items to fetch, before the long part

        def fetch_page(job: tuple[Feed, Item]):
            feed, item = job
            if not is_web_address(item.link):
                return feed, item, None, f"no web address ({clean_line(item.link, 100) or 'none'})"
            try:
                text, _, _ = page_article(fetcher, item.link, item)
                return feed, item, text, None
            except (FetchError, NotText) as err:
                return feed, item, None, str(err)
            except Exception as err:  # an extractor's own failure on hostile bytes
                return feed, item, None, f"unreadable page ({type(err).__name__}: {err})"[:200]

        handled: dict[int, dict[str, dict | None]] = {}  # feed → item id → retry (or None)

        def settle() -> None:
            for feed in feeds.feeds:
                done_here = handled.pop(id(feed), {})
                if not done_here:
                    continue
                kept = [p for p in feed.pending if p["id"] not in done_here]
                feed.pending = kept + [p for p in done_here.values() if p is not None]

        def store_pages(results) -> None:
            for done, (feed, item, text, error) in enumerate(results, 1):
                retry = None
                if error is not None:
                    summary.failed_pages += 1
                    item.attempts += 1
                    fail(f"page {clean_line(item.link, 200)} ({feed.title or feed.url}): {error}")
                    if item.attempts < RETRIES and is_web_address(item.link):
                        retry = item.as_dict()
                    else:
                        feed.seen[item.id] = ""  # given up on
                else:
                    assert text is not None
                    path = stored_name(index_dir, item.link, item.id)
                    summary.stored += write_article(path, text)
                    feed.seen[item.id] = str(path.relative_to(articles_dir(index_dir)))
                handled.setdefault(id(feed), {})[item.id] = retry
                if progress:
                    progress("pages", done, len(todo))
                if done % 100 == 0:
                    settle()
                    feeds.save()  # an interrupted update keeps what it stored

        if progress:
            progress("pages", 0, len(todo))
        try:
            store_pages(pool.map(fetch_page, todo))
        except BaseException:  # interrupted (Ctrl+C, the app quitting): what was stored is
            settle()  # remembered, so that the next update asks for none of it again
            feeds.save()
            raise
        settle()
        # the validators last: a feed whose items were not all handled is asked again in full
        for feed, response in answered:
            feed.etag = getattr(response, "etag", "") or feed.etag
            feed.last_modified = getattr(response, "last_modified", "") or feed.last_modified
        summary.waiting = sum(len(f.pending) for f in feeds.feeds)
        feeds.save()
    return summary


def add_page(
    index_dir: Path, url: str, policy: FetchPolicy | None = None
) -> tuple[Path, str, bool]:
    """Fetch one page and store it as an article: (its file, its title, whether it is new).
    Raises FeedError, FetchError or NotText with one line."""
    url = url.strip()
    if not is_web_address(url):
        raise FeedError(f"not an http(s) address: {clean_line(url, 200)}")
    with FeedList(index_dir):  # the folder is factdesk's, and no update runs meanwhile
        fetcher = Fetcher(policy)
        text, final, title = page_article(fetcher, url)
        path = stored_name(index_dir, final, url)
        return path, title, write_article(path, text)
