"""A real HTTP server on 127.0.0.1 (the standard library's, in a thread) serving feeds and pages
for the feed tests, hostile ones included. It counts its answers by path and status, honours
ETag / If-None-Match and Last-Modified / If-Modified-Since, and streams its large bodies (a
100 MB answer is written 64 KB at a time, never held in memory)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.pages import AR, FR, HE, page_bytes

ESC = "\x1b"
LAST_MODIFIED = formatdate(1694246400, usegmt=True)  # 2023-09-09

STORIES = {"fr": FR, "ar": AR, "he": HE}


def rss(items: list[dict], title: str = "Le fil", lang: str = "fr") -> bytes:
    entries = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['link'])}</link>"
        f"<guid>{escape(i.get('guid', i['link']))}</guid>"
        + (f"<pubDate>{i['date']}</pubDate>" if i.get("date") else "")
        + "</item>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>"
        f"<description>news</description><language>{lang}</language>{entries}"
        f"</channel></rss>\n"
    ).encode()


def atom(items: list[dict], title: str = "Le fil Atom") -> bytes:
    entries = "".join(
        f'<entry><title>{escape(i["title"])}</title><link href="{escape(i["link"])}"/>'
        f"<id>{escape(i['link'])}</id><updated>{i['date']}</updated></entry>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:factdesk:test</id>"
        f"<updated>2023-09-10T00:00:00Z</updated>{entries}</feed>\n"
    ).encode()


def rdf(items: list[dict], title: str = "Le fil RDF") -> bytes:
    entries = "".join(
        f'<item rdf:about="{escape(i["link"])}"><title>{escape(i["title"])}</title>'
        f"<link>{escape(i['link'])}</link><dc:date>{i['date']}</dc:date></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="http://example.org/"><title>{escape(title)}</title>'
        f"<link>http://example.org/</link><description>d</description></channel>"
        f"{entries}</rdf:RDF>\n"
    ).encode()


def generated_page(number: int) -> bytes:
    """Page ``number`` of the large feed: a short French report with figures of its own."""
    story = {
        "lang": "fr",
        "title": f"Rapport numéro {number}",
        "site": "Le Générateur",
        "url": f"http://gen.example/{number}",
        "date": "2024-01-15",
        "paragraphs": [
            f"La coopérative {number} de la région compte {1000 + number} salariés et a réalisé "
            f"un chiffre d'affaires de {number + 3} millions d'euros l'an dernier.",
            f"Son directeur annonce l'ouverture de {number % 7 + 2} nouveaux ateliers dans les "
            "prochains mois, selon un communiqué publié lundi.",
        ],
    }
    return page_bytes(story)


class FeedServer:
    """``with FeedServer() as server: server.url('/feed.xml')``."""

    def __init__(self, big_feed_items: int = 1000):
        self.answers: Counter = Counter()  # (path, status) → count
        self.lock = threading.Lock()
        self.big_feed_items = big_feed_items
        self.routes = self._routes()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                route = server.routes.get(path)
                if route is None and path.startswith("/gen/"):
                    route = server._generated
                if route is None:
                    return server.send(self, path, 404, b"not found", "text/plain")
                try:
                    route(self, path)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: what the tests want of it

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> FeedServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def count(self, path: str, status: int | None = None) -> int:
        with self.lock:
            return sum(n for (p, s), n in self.answers.items() if p == path and status in (None, s))

    def count_prefix(self, prefix: str, status: int | None = None) -> int:
        with self.lock:
            return sum(
                n
                for (p, s), n in self.answers.items()
                if p.startswith(prefix) and status in (None, s)
            )

    def send(self, handler, path, status, body: bytes, content_type, headers=()):
        with self.lock:
            self.answers[(path, status)] += 1
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def conditional(self, handler, path, body: bytes, content_type: str) -> None:
        """A feed with validators: 304 when the client has them."""
        import hashlib

        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if (
            handler.headers.get("If-None-Match") == etag
            or handler.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            return self.send(handler, path, 304, b"", "", [("ETag", etag)])
        self.send(
            handler,
            path,
            200,
            body,
            content_type,
            [("ETag", etag), ("Last-Modified", LAST_MODIFIED)],
        )

    # --- routes ---------------------------------------------------------------------------

    def fixture_items(self) -> list[dict]:
        return [
            {
                "title": FR["title"],
                "link": self.url("/pages/fr.html"),
                "date": "Sun, 10 Sep 2023 08:30:00 +0000",
            },
            {
                "title": AR["title"],
                "link": self.url("/pages/ar.html"),
                "date": "Sat, 09 Sep 2023 21:00:00 +0000",
            },
            {
                "title": HE["title"],
                "link": self.url("/pages/he.html"),
                "date": "Sat, 09 Sep 2023 22:00:00 +0000",
            },
        ]

    def _routes(self) -> dict:
        def static(body: bytes, content_type: str):
            return lambda h, p: self.send(h, p, 200, body, content_type)

        def feed(make):
            return lambda h, p: self.conditional(h, p, make(), "application/rss+xml")

        return {
            "/feed.xml": feed(lambda: rss(self.fixture_items())),
            "/atom.xml": feed(
                lambda: atom(
                    [
                        {
                            "title": FR["title"],
                            "link": self.url("/pages/fr.html"),
                            "date": "2023-09-10T08:30:00Z",
                        }
                    ]
                )
            ),
            "/rdf.xml": feed(
                lambda: rdf(
                    [
                        {
                            "title": HE["title"],
                            "link": self.url("/pages/he.html"),
                            "date": "2023-09-09T22:00:00Z",
                        }
                    ]
                )
            ),
            "/big-feed.xml": feed(
                lambda: rss(
                    [
                        {
                            "title": f"Rapport numéro {n}",
                            "link": self.url(f"/gen/{n}.html"),
                            "date": "Mon, 15 Jan 2024 09:00:00 +0000",
                        }
                        for n in range(self.big_feed_items)
                    ],
                    title="Le grand fil",
                )
            ),
            "/pages/fr.html": static(page_bytes(FR), "text/html; charset=utf-8"),
            # no charset in the header: the page's <meta> says windows-1256
            "/pages/ar.html": static(page_bytes(AR, charset="windows-1256"), "text/html"),
            "/pages/he.html": static(
                page_bytes(HE, charset="windows-1255", declare="http-equiv"), "text/html"
            ),
            "/invalid.xml": static(
                b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
                b"<item><title>One</title><link>http://x/1</item></channel>",
                "application/rss+xml",
            ),
            "/evil.xml": feed(self._evil_feed),
            "/evil-page.html": static(
                page_bytes(FR, title=f"Evil {ESC}]52;c;cm0gLXJmIH4={ESC}\\ page"),
                "text/html",
            ),
            "/image.xml": static(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
            "/page-as-feed.xml": static(page_bytes(FR), "text/html"),
            "/big.xml": self._big_stream("application/rss+xml"),
            "/big.html": self._big_stream("text/html"),
            "/big-declared.xml": self._big_declared,
            "/drip.xml": self._drip,
            "/loop-a": self._redirect("/loop-b"),
            "/loop-b": self._redirect("/loop-a"),
            "/moved.xml": self._redirect("/feed.xml"),
            "/to-file": lambda h, p: self.send(
                h, p, 302, b"", "text/plain", [("Location", "file:///etc/passwd")]
            ),
            "/bad-pages.xml": feed(self._bad_pages_feed),
            "/evil-status.xml": self._evil_status,
        }

    def _evil_feed(self) -> bytes:
        """What well-formed XML can carry to a terminal: C1 controls (CSI as one byte) and
        bidi overrides and isolates, in titles and links (ESC itself is no XML character)."""
        title = "Evil PWN-TITLE \u202egnirts\u202c \x9b31m \u2066isolate\u2069 \x9d2;OSC\x9c"
        return rss(
            [
                {"title": title, "link": self.url("/evil-page.html")},
                {"title": "file", "link": "file:///etc/passwd"},
                {"title": "c1 link", "link": self.url("/pages/x") + "\x9b2J"},
            ],
            title="Feed \u202eFEED-TITLE\x9b41m",
        )

    def _evil_status(self, handler, path):
        """An error whose reason phrase carries escape sequences (the server's own words)."""
        with self.lock:
            self.answers[(path, 500)] += 1
        handler.send_response(500, f"Oops {ESC}]2;PWN-STATUS{ESC}\\ {ESC}[41mRED\x07")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def _bad_pages_feed(self) -> bytes:
        return rss(
            [
                {"title": "Loop", "link": self.url("/loop-a")},
                {"title": "Drip", "link": self.url("/drip.xml")},
                {"title": "Huge", "link": self.url("/big.html")},
                {"title": "Image", "link": self.url("/image.xml")},
                {"title": "Missing", "link": self.url("/missing.html")},
                {"title": "Good", "link": self.url("/pages/fr.html")},
            ],
            title="Mixed pages",
        )

    def _generated(self, handler, path):
        number = int(path.removeprefix("/gen/").removesuffix(".html"))
        self.send(handler, path, 200, generated_page(number), "text/html; charset=utf-8")

    def _redirect(self, target: str):
        return lambda h, p: self.send(h, p, 302, b"", "text/plain", [("Location", target)])

    def _big_stream(self, content_type: str):
        """100 MB, with no Content-Length: the client must stop reading at its limit."""

        def answer(handler, path):
            with self.lock:
                self.answers[(path, 200)] += 1
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Connection", "close")
            handler.end_headers()
            chunk = b"<p>" + b"x" * (64 * 1024 - 8) + b"</p>\n"
            sent = 0
            while sent < 100 * 1024 * 1024:
                handler.wfile.write(chunk)
                sent += len(chunk)
            handler.close_connection = True

        return answer

    def _big_declared(self, handler, path):
        """A 100 MB answer that says so: refused from its header."""
        with self.lock:
            self.answers[(path, 200)] += 1
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(100 * 1024 * 1024))
        handler.end_headers()
        chunk = b" " * (64 * 1024)
        for _ in range(100 * 16):
            handler.wfile.write(chunk)

    def _drip(self, handler, path):
        """A byte every tenth of a second, for a minute."""
        with self.lock:
            self.answers[(path, 200)] += 1
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
        for _ in range(600):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)
        handler.close_connection = True
