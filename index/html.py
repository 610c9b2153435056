"""Web pages as articles: the main text of an HTML page and its metadata, written as the text of
an ordinary article file (title line, ``Source:``/``Date:``/``Lang:`` header lines, paragraphs).

The text is made by ``trafilatura`` (navigation, ads, captions, comments and footers dropped;
paragraphs kept, one a line, a blank line between them), so that every offset of a figure is an
offset into text that ``parse_article`` reads like any ``.txt`` article.

Local ``.html``/``.htm`` files are extracted again whenever they are (re-)indexed: the text is a
function of the file's bytes and the extractor alone (no clock, no network: the page's date is
looked for with a fixed latest date), and an index records which extractor made it
(``extractor_id``: a new ``trafilatura`` reads every article again), so figures' offsets always
point into the text the index holds. Pages fetched from the web (feeds, ``factdesk add URL``)
are extracted once and stored as ``.txt`` files, which keep their text when the page changes.

Arabic and Hebrew keep every character: ``trafilatura`` drops characters that are not printable
(the zero-width joiners and the direction marks U+200C-U+200F, U+061C…), so they are handed to it
as visible stand-ins and put back after. Nothing is Unicode-normalised (a shadda before its
fatha stays where the page put it).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .textio import NotText, check_not_binary, decode_bytes

HTML_SUFFIXES = (".html", ".htm")
MAX_HTML_BYTES = 8 * 1024 * 1024  # pages carry scripts and styles: more room than a text file
MIN_ARTICLE_LETTERS = 20  # less is a menu or a title, not an article
FORMAT_VERSION = "1"  # the way an article's text is written from a page (``render``)

# a format character (category Cf: ZWNJ, ZWJ, LRM, RLM, ALM, soft hyphen…) as the extractor sees
# it: a visible stand-in, turned back afterwards
_STAND_IN = "\u27e6{:x}\u27e7"
_STAND_IN_BACK = re.compile("\u27e6([0-9a-f]{1,6})\u27e7")
_NAMED_KEPT = {
    "zwnj": 0x200C,
    "zwj": 0x200D,
    "lrm": 0x200E,
    "rlm": 0x200F,
    "shy": 0xAD,
    "nbsp": 0xA0,
    "thinsp": 0x2009,
}
_ENTITY = re.compile(
    r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(zwnj|zwj|lrm|rlm|shy|nbsp|thinsp));"
)
# spaces that do not break (French: '1 498', 'Paris :'), which the extractor makes plain
_KEPT_SPACES = "\u00a0\u2007\u2009\u202f"
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.()+-]{1,40})", re.IGNORECASE
)
_HTML_LANG = re.compile(
    r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*[\"'\s>/]",
    re.IGNORECASE,
)
_META_LANG = re.compile(
    r"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    r"[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?[\"'\s>/]",
    re.IGNORECASE,
)
# labels browsers read as another encoding (the WHATWG Encoding Standard): Latin-1 and ASCII
# pages are windows-1252, whose extra letters (œ, €, ’) they often hold
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}
_TITLE_SPACE = re.compile(r"\s+")
# every format character (Unicode category Cf) past ASCII, as of Unicode 15.1 (a test checks
# this list against the running Python's ``unicodedata``)
_FORMAT_CHAR = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)
_KEPT = re.compile(f"{_FORMAT_CHAR.pattern}|[{_KEPT_SPACES}]")


@dataclass
class Page:
    """The article a page holds: its title, metadata and paragraphs (text exactly as read)."""

    title: str
    paragraphs: list[str]
    source: str = ""  # the page's address (canonical when it gives one)
    date: str = ""  # YYYY-MM-DD
    lang: str = ""
    site: str = ""  # the site's own name ('Le Monde', 'الجزيرة')
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)

    def render(self) -> str:
        """The page as an article file's text: title, header lines, a blank line, paragraphs."""
        lines = [self.title]
        if self.source or self.site:  # an address names the outlet; else the site's name
            lines.append(f"Source: {self.source or self.site}")
        if self.date:
            lines.append(f"Date: {self.date}")
        if self.lang and self.lang != "other":
            lines.append(f"Lang: {self.lang}")
        return "\n".join(lines) + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


def extractor_id() -> str:
    """What makes a page's text: this module's format and the installed trafilatura (read from
    its metadata: importing it takes a quarter of a second)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"html{FORMAT_VERSION}-trafilatura{version('trafilatura')}"
    except PackageNotFoundError:  # pragma: no cover - a dependency
        return f"html{FORMAT_VERSION}-no-trafilatura"


def declared_charset(data: bytes, content_type: str = "") -> str | None:
    """The encoding a page declares (HTTP ``Content-Type``, else a ``<meta>`` in its first 8 KB),
    as a Python codec name, or None."""
    labels = []
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.()+-]{1,40})", content_type, re.I)
    if match:
        labels.append(match.group(1))
    meta = _META_CHARSET.search(data[:8192])
    if meta:
        labels.append(meta.group(1).decode("ascii"))
    for label in labels:
        label = label.strip().lower()
        label = _WHATWG_ALIASES.get(label, label)
        try:
            return codecs.lookup(label).name
        except LookupError:
            continue
    return None


def decode_page(data: bytes, content_type: str = "") -> tuple[str, str, list[str]]:
    """A page's text, its encoding and warnings: a BOM, else the charset it declares, else what
    the bytes look like (UTF-8, else a legacy encoding of the four languages). Raises NotText."""
    check_not_binary(data)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = decode_bytes(data)
        return decoded.text, decoded.encoding, list(decoded.warnings)
    charset = declared_charset(data, content_type)
    if charset and charset.startswith("utf-16"):
        charset = None  # a page read as bytes that says UTF-16 without a BOM is not
    if charset:
        text = data.decode(charset, errors="replace")
        bad = text.count("\ufffd") - data.decode(charset, errors="ignore").count("\ufffd")
        warnings = [f"{bad} byte(s) not {charset} replaced by U+FFFD"] if bad else []
        return text, charset, warnings
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding, list(decoded.warnings)


def _protect(html: str) -> str:
    """Format characters (and their entities) as visible stand-ins the extractor keeps."""

    def entity(match: re.Match[str]) -> str:
        hex_code, decimal, name = match.groups()
        if name:
            code = _NAMED_KEPT[name.lower()]
        else:
            code = int(hex_code, 16) if hex_code else int(decimal)
        if code > 0x10FFFF or not _KEPT.match(chr(code)):
            return match.group()
        return _STAND_IN.format(code)

    html = _ENTITY.sub(entity, html)
    return _KEPT.sub(lambda m: _STAND_IN.format(ord(m.group())), html)


def _restore(text: str) -> str:
    return _STAND_IN_BACK.sub(lambda m: chr(int(m.group(1), 16)), text)


def one_line(text: str) -> str:
    """A title or an address on one line: runs of white space (line breaks too) as one space."""
    return _TITLE_SPACE.sub(" ", text).strip()


def _declared_lang(html: str) -> str:
    head = html[:65536]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).lower() if match else ""


def choose_lang(declared: str, text: str) -> str:
    """The page's language: what it declares, unless its text is plainly in another of
    factdesk's languages (templates say lang="en" over Arabic text); else what the text shows."""
    from .langdetect import detect_language

    detected = detect_language(text[:20000])
    if declared and (detected == "other" or detected == declared):
        return declared
    return detected


def extract_page(html: str, url: str = "", encoding: str = "utf-8") -> Page:
    """The article in a decoded page. Raises NotText when it holds no article text."""
    import trafilatura

    protected = _protect(html)
    try:
        document = trafilatura.bare_extraction(
            protected,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
            favor_precision=True,
            deduplicate=False,
            # the page's own date; a fixed latest date keeps the text free of today's date
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": "2100-12-31",
            },
        )
    except Exception as err:  # the extractor's own failures on broken markup
        raise NotText(f"not a readable web page ({type(err).__name__})") from None
    body = _restore(getattr(document, "text", None) or "") if document is not None else ""
    paragraphs = [line.replace("\r", " ").strip() for line in body.split("\n") if line.strip()]
    title = one_line(_restore(getattr(document, "title", None) or ""))
    if paragraphs and title and one_line(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]  # the headline repeated at the top of the text
    if sum(ch.isalpha() for p in paragraphs for ch in p) < MIN_ARTICLE_LETTERS:
        raise NotText("no article text found in the page")
    if not title:  # the first paragraph is the title line (a long one stays in the body)
        title = one_line(paragraphs.pop(0))
    source = one_line(getattr(document, "url", None) or url or "")
    if source and not re.match(r"https?://", source, re.IGNORECASE):
        source = url
    date = getattr(document, "date", None) or ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        date = ""
    text = "\n".join(paragraphs)
    return Page(
        title=title,
        paragraphs=paragraphs,
        source=source,
        date=date,
        lang=choose_lang(_declared_lang(html), title + "\n" + text),
        site=one_line(_restore(getattr(document, "sitename", None) or "")),
        encoding=encoding,
    )


def read_page(data: bytes, url: str = "", content_type: str = "") -> Page:
    """The article in a page's bytes. Raises NotText with a one-line reason."""
    html, encoding, warnings = decode_page(data, content_type)
    if not html.strip():
        raise NotText("empty page")
    page = extract_page(html, url=url, encoding=encoding)
    page.warnings[:0] = warnings
    return page
