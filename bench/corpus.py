"""A deterministic news corpus made of real articles' text: the paragraphs of the articles in
``seeds/`` and ``eval/stories/*/articles/`` (French, English, Arabic, Hebrew), redrawn at random
within each language into ~600-word articles under real titles, with every figure perturbed so
that the numbers vary from one article to the next as they do across real coverage."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
POOL_GLOBS = ("seeds/*.txt", "eval/stories/*/articles/*.txt")
LANGS = ("fr", "en", "ar", "he")
WORDS_PER_ARTICLE = 600
MAX_TITLE_CHARS = 160
MIN_PARAGRAPH_WORDS = 5  # shorter lines (bylines, 'Commentaire', captions) are not drawn
MAX_PARAGRAPH_WORDS = 120  # a longer one (some feeds put a whole article on one line) is cut
PIECE_WORDS = 80  # into pieces of about this many words, between sentences
FIRST_DAY, LAST_DAY = dt.date(2022, 1, 1), dt.date(2025, 12, 31)
STAMP = "real-v1"  # bump when the generated text changes

_HEADER = re.compile(r"^\s*(source|date|lang)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_NAMED_LANG = re.compile(r"_(fr|en|ar|he)_")
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+")
# A figure: digits (any script) with optional thousands groups ('12 000', '4,853,023', '1.234')
# and decimals ('36,213.66', '87.2', '3,5'); digits glued to letters ('G7', 'F-16' stays: the
# hyphen is not a letter) are names, not figures, and are left alone.
_SEP = "[ ,.\u00a0\u202f\u066b\u066c]"
_FIGURE = re.compile(
    rf"(?<![^\W\d_])(?<!\d)(\d{{1,3}}(?:{_SEP}\d{{3}})+(?:[.,\u066b]\d+)?|\d+(?:[.,\u066b]\d+)?)"
    r"(?![^\W\d_])(?!\d)"
)
_FR_WORDS = frozenset("le la les des du une est dans pour que qui sur par avec".split())
_EN_WORDS = frozenset("the and of is in to for that with was on by from".split())


@dataclass(frozen=True)
class Text:
    """A title or paragraph split once around its figures: text, figure, text, ... text."""

    pieces: tuple[str, ...]
    words: int

    @classmethod
    def of(cls, text: str) -> Text:
        return cls(tuple(_FIGURE.split(text)), len(text.split()))

    def perturbed(self, rng: random.Random) -> str:
        """The text with each figure perturbed (see ``perturb``)."""
        return "".join(perturb(p, rng) if i % 2 else p for i, p in enumerate(self.pieces))


@dataclass
class LangPool:
    """What one language's real articles give: titles, paragraphs, hosts and header habits."""

    titles: list[Text] = field(default_factory=list)
    paragraphs: list[Text] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    articles: int = 0
    dated: int = 0  # articles with a Date: line
    sourced: int = 0  # with a Source: line
    labelled: int = 0  # with a Lang: line


def _guess_lang(text: str) -> str:
    """The language of a file whose name does not say it: by script, then by common words."""
    arabic = sum("\u0600" <= ch <= "\u06ff" for ch in text)
    hebrew = sum("\u0590" <= ch <= "\u05ff" for ch in text)
    if max(arabic, hebrew) > len(text) / 4:
        return "ar" if arabic >= hebrew else "he"
    words = text.lower().split()
    return (
        "fr" if sum(w in _FR_WORDS for w in words) >= sum(w in _EN_WORDS for w in words) else "en"
    )


def _pieces(line: str) -> list[str]:
    """A body line as the paragraphs to draw: itself, or pieces of it if it is too long."""
    if len(line.split()) <= MAX_PARAGRAPH_WORDS:
        return [line] if len(line.split()) >= MIN_PARAGRAPH_WORDS else []
    pieces, current, words = [], [], 0
    for sentence in _SENTENCE_END.split(line):
        current.append(sentence)
        words += len(sentence.split())
        if words >= PIECE_WORDS:
            pieces.append(" ".join(current))
            current, words = [], 0
    if current:
        pieces.append(" ".join(current))
    return [p for p in pieces if len(p.split()) >= MIN_PARAGRAPH_WORDS]


def _add_article(pool: dict[str, LangPool], path: Path, text: str) -> None:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return
    named = _NAMED_LANG.search(path.name)
    headers: dict[str, str] = {}
    title, body = lines[0], lines[1:]
    if _HEADER.match(title):  # no title line
        title, body = "", lines
    while body and (header := _HEADER.match(body[0])):
        headers[header.group(1).lower()] = header.group(2)
        body = body[1:]
    if len(title) > MAX_TITLE_CHARS:  # a whole article on its first line: no title, all body
        title, body = "", [title, *body]
    lang = headers.get("lang", "").lower() or (
        named.group(1) if named else _guess_lang(" ".join(body))
    )
    if lang not in LANGS:
        return
    entry = pool[lang]
    entry.articles += 1
    entry.dated += "date" in headers
    entry.labelled += "lang" in headers
    if title:
        entry.titles.append(Text.of(title))
    if "source" in headers:
        entry.sourced += 1
        host = urlsplit(headers["source"]).hostname
        if host:
            entry.hosts.append(host)
    for line in body:
        entry.paragraphs.extend(Text.of(piece) for piece in _pieces(line))


@cache
def load_pool(root: Path = ROOT) -> dict[str, LangPool]:
    """The real articles' text by language; an unreadable file is skipped with a warning."""
    pool = {lang: LangPool() for lang in LANGS}
    for path in sorted(p for pattern in POOL_GLOBS for p in root.glob(pattern)):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            print(f"bench.corpus: skipped {path}: {err}", file=sys.stderr)
            continue
        _add_article(pool, path, text)
    empty = [lang for lang, entry in pool.items() if not entry.paragraphs or not entry.titles]
    for lang in empty:
        print(f"bench.corpus: no usable {lang} article, none generated", file=sys.stderr)
        del pool[lang]
    if not pool:
        raise SystemExit(f"bench.corpus: no usable article under {root} ({', '.join(POOL_GLOBS)})")
    return pool


def _pool_digest(pool: dict[str, LangPool]) -> str:
    digest = hashlib.sha1()
    for lang, entry in pool.items():
        texts = ["".join(t.pieces) for t in (*entry.titles, *entry.paragraphs)]
        for text in (lang, *texts, *entry.hosts):
            digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]


def perturb(text: str, rng: random.Random) -> str:
    """One figure changed by a random factor (0 to 40% either way), its form kept: digit
    script, thousands separator, decimal places, zero padding. Years (1900-2099) and
    identifiers (over 15 digits) stay."""
    separators = [ch for ch in text if not ch.isdigit()]
    if not separators and len(text) == 4 and 1900 <= int(text) <= 2099:
        return text
    last = separators[-1] if separators else ""
    head, _, tail = text.rpartition(last) if last else ("", "", text)
    if last and (len(set(separators)) > 1 or (len(separators) == 1 and len(tail) != 3)):
        decimal, whole, places = last, head, tail  # '36,213.66', '87.2', '3,5'
    else:
        decimal, whole, places = "", text, ""  # '12 000', '4,853,023', '42'
    thousands = next((ch for ch in whole if not ch.isdigit()), "")
    digits = "".join(ch for ch in whole if ch.isdigit())
    if len(digits) + len(places) > 15:  # an identifier, not a figure (and past float's digits)
        return text
    value = float(f"{digits}.{places or 0}") * (1 + rng.uniform(-0.4, 0.4))  # any digit script
    new_whole, _, new_places = f"{value:.{len(places)}f}".partition(".")
    if digits.startswith("0"):
        new_whole = new_whole.zfill(len(digits))
    if thousands:
        new_whole = f"{int(new_whole):,}".replace(",", thousands)
    result = new_whole + (decimal + new_places if decimal else "")
    zero = ord(text[0]) - unicodedata.digit(text[0])  # '0' of the figure's script
    if zero == ord("0"):
        return result
    return "".join(chr(zero + int(ch)) if ch.isdigit() else ch for ch in result)


def _address(rng: random.Random, entry: LangPool, title: str, day: dt.date) -> str:
    """A plausible article address on one of the language's real hosts."""
    host = rng.choice(entry.hosts)
    slug = "-".join(re.findall(r"\w+", title.lower())[:8])
    slug = quote(unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode() or slug)
    number = rng.randint(10_000, 9_999_999)
    shape = rng.randrange(3)
    if shape == 0:  # the day in the path, as many outlets do
        return f"https://{host}/{day.year}/{day.month:02d}/{day.day:02d}/{slug}/"
    if shape == 1:
        return f"https://{host}/news/{number}"
    return (
        f"https://{host}/{rng.choice(('monde', 'world', 'article', 'actu'))}/{slug}-{number}.html"
    )


def make_article(number: int, seed: int = 1) -> tuple[str, str]:
    """(file name, text) of article ``number``; the same inputs always give the same article."""
    pool = load_pool()
    rng = random.Random(seed * 1_000_003 + number)
    langs = list(pool)
    lang = rng.choices(langs, weights=[pool[code].articles for code in langs])[0]
    entry = pool[lang]
    title = rng.choice(entry.titles).perturbed(rng)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    header = []  # each header line as often as in the real articles of the language
    if entry.hosts and rng.random() < entry.sourced / entry.articles:
        header.append(f"Source: {_address(rng, entry, title, day)}")
    if rng.random() < entry.dated / entry.articles:
        header.append(f"Date: {day.isoformat()}")
    if rng.random() < entry.labelled / entry.articles:
        header.append(f"Lang: {lang}")
    lines = [title, ""] + ([*header, ""] if header else [])
    words = 0
    while words < WORDS_PER_ARTICLE:
        paragraph = rng.choice(entry.paragraphs)
        lines += [paragraph.perturbed(rng), ""]
        words += paragraph.words
    return f"{number:06d}_{lang}.txt", "\n".join(lines)


def write_corpus(folder: Path, count: int, seed: int = 1) -> Path:
    """Write ``count`` articles (kept if already there from the same seed and pool)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".corpus"
    signature = f"{STAMP} {count} {seed} {_pool_digest(load_pool())}"
    if stamp.exists() and stamp.read_text() == signature:
        return folder
    stamp.unlink(missing_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for number in range(count):
        name, text = make_article(number, seed)
        (folder / name).write_text(text, encoding="utf-8")
    stamp.write_text(signature)
    return folder
