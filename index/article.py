"""An article: decoded text, title, metadata header lines and paragraphs with offsets.

All offsets are into the file's decoded text, so ``text[start:end]`` is always what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .langdetect import detect_language

MAX_TITLE_CHARS = 160
_HEADER = re.compile(r"^[ \t]*(source|date|lang)[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_LANG = re.compile(r"^[a-z]{2,3}$")
# A news address often carries its day: '/2023/02/06/', '/2023/2/6/', '/2023/feb/06/',
# '/20230206-turquie-…', '/2023-02-06/'; or its month: '/2025/03/'.
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_ADDRESS_DAY = re.compile(
    r"/((?:19|20)\d\d)[/-](\d{1,2}|" + "|".join(_MONTHS) + r")[/-](\d{1,2})(?=[/._-]|$)"
    r"|/((?:19|20)\d\d)(\d\d)(\d\d)(?=[/._-])",
    re.IGNORECASE,
)
_ADDRESS_MONTH = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/")


def date_from_address(address: str) -> str:
    """The day ('YYYY-MM-DD') or month ('YYYY-MM') an article's address carries, or ''."""
    import datetime as dt

    path = address.partition("://")[2].partition("/")[2]
    path = "/" + path.partition("?")[0].partition("#")[0]
    for match in _ADDRESS_DAY.finditer(path):
        year, month, day = (g for g in match.groups() if g is not None)
        number = _MONTHS.index(month.lower()) + 1 if month.isalpha() else int(month)
        try:
            return dt.date(int(year), number, int(day)).isoformat()
        except ValueError:
            continue
    month = _ADDRESS_MONTH.search(path)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    return ""


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    lang: str


@dataclass
class Article:
    path: str
    text: str
    title: str
    body_start: int
    source: str = ""
    date: str = ""
    lang: str = "other"
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, line breaks excluded."""
    spans = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.end() == match.start():
            break
        content = match.group().rstrip("\r\n")
        spans.append((match.start(), match.start() + len(content)))
    return spans


def short_title(line: str) -> str:
    line = " ".join(line.split())
    if len(line) <= MAX_TITLE_CHARS:
        return line
    cut = line.rfind(" ", 0, MAX_TITLE_CHARS)
    return line[: cut if cut > 40 else MAX_TITLE_CHARS].rstrip(" ,;:") + "…"


def parse_article(path: str, text: str) -> Article:
    """Split decoded text into title, header metadata and body paragraphs.

    A first line too long to be a title (some feeds put a whole article on one line) gives a
    shortened title and stays in the body, so no text is lost to the title; the header lines
    after it are still read, and are no paragraph.
    """
    lines = _lines(text)
    non_empty = [(s, e) for s, e in lines if text[s:e].strip()]
    title_start, title_end = non_empty[0] if non_empty else (0, 0)
    title_line = text[title_start:title_end]
    article = Article(path=path, text=text, title=short_title(title_line), body_start=title_end)
    lang_header = ""
    index = lines.index((title_start, title_end)) + 1 if non_empty else len(lines)
    long_first_line = len(" ".join(title_line.split())) > MAX_TITLE_CHARS
    if long_first_line:
        article.body_start = title_start
    headers: set[tuple[int, int]] = set()  # header lines after a first line kept in the body
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        match = _HEADER.match(line)
        if not line.strip():
            index += 1
            continue
        if not match:
            break
        key, value = match.group(1).lower(), match.group(2)
        if key == "source":
            article.source = value
        elif key == "date":
            if _DATE.match(value):
                article.date = value
            else:
                article.warnings.append(
                    f"ignored Date header {value!r} (want YYYY-MM-DD or YYYY-MM)"
                )
        elif _LANG.match(value.lower()):
            lang_header = value.lower()
        else:
            article.warnings.append(f"ignored Lang header {value!r}")
        index += 1
        if long_first_line:
            headers.add((start, end))
        else:
            article.body_start = end
    if not article.date and article.source:
        article.date = date_from_address(article.source)  # the address's day, when it has one
    body_lines = [
        (s, e)
        for s, e in lines
        if s >= article.body_start and text[s:e].strip() and (s, e) not in headers
    ]
    article.lang = lang_header or detect_language(
        text[title_start:title_end] + "\n" + article.body[:20000]
    )
    for start, end in body_lines:
        lang = detect_language(text[start:end], default=article.lang)
        article.paragraphs.append(Paragraph(start, end, lang))
    return article
