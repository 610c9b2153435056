"""The SQLite catalog beside the Whoosh index: article metadata, file signatures for incremental
indexing, extracted figures and precomputed cross-source findings.

The list of articles, figures and findings never needs the article bodies, so the app and
``factdesk conflicts`` answer from here without touching Whoosh.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from .jsonstream import Lazy

# 3: title and body fields take text analysed by the indexing workers; 4: findings keep their
# figures as references (finding_members), not copies; 5: references by figure id, figures'
# JSON without the path its row holds; 6: findings written as computed, by rank; 7: the Whoosh
# brief column; 8: compact rows (see _SCHEMA): articles by integer id, figures as columns
# 9: Whoosh postings in compact blocks (codec.py)
# 10: no copy_bands table (copies.py makes it, temporary, when it needs it); 11: Whoosh's stored
# fields deflated with a dictionary (codec.DictionaryBytesColumn); 12: a finding's figures in its
# row (``members``), the findings citing an article's figures in the article's (``memberships``);
# 13: a finding's 'why' in its data, deflated with the catalog's dictionary of findings; 14: a
# figure's language NULL when its article's, its qualifier NULL when 'exact' ('' when None);
# 15: value_groups (ask's values, precomputed); 16: a value group's columns read from its first
# figure's row (``head``), its figures' ids only when it has more than one, its articles' not kept;
# 17: an article's figures found by their range of ids (``first_figure``, ``last_figure``), with
# no index of figures by article
SCHEMA_VERSION = 17


class SchemaMismatch(RuntimeError):
    """The catalog was written by a factdesk with another schema."""


# Compact by design (issue 17: the index on disk within 1.5x the corpus): an article is named
# once, by its path in ``articles``, and elsewhere by its integer id; a figure's owner and
# measure are one row of ``figure_keys`` (a few thousand pairs for a quarter million figures);
# a figure's fields are columns, its language and date stored only where they differ from its
# article's, its qualifier only when not 'exact'; a finding's JSON leaves out the columns its
# row holds and is deflated; its figures are ids in its row (``_pack_members``), and an
# article's row lists the findings that cite its figures (``_pack_memberships``: the side
# panel's lookup), with no table of members and no index on it (they took a fifth of the
# corpus's size). An article's figures have consecutive ids (put together, replaced together):
# its row names the first and the last, and they are read by that range of ids, with no index of
# figures by article (0.07x the corpus's size). ``figure_rows`` reads figures back as the rest of
# the code names them (path, entity, attribute, low, high, article date).
_SCHEMA_TABLES = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: copies.py's rows name articles by it
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    sha1 TEXT NOT NULL,
    title TEXT NOT NULL,
    lang TEXT NOT NULL,
    source TEXT NOT NULL,
    date TEXT NOT NULL,
    encoding TEXT NOT NULL,
    chars INTEGER NOT NULL,
    conflicts INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    memberships BLOB,  -- the findings citing its figures (_pack_memberships), NULL: none
    first_figure INTEGER,  -- its figures' ids, first_figure to last_figure (NULL: none)
    last_figure INTEGER
);
CREATE TABLE IF NOT EXISTS figure_keys (id INTEGER PRIMARY KEY, entity TEXT, attribute TEXT);
CREATE INDEX IF NOT EXISTS figure_keys_by_name ON figure_keys(entity, attribute);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY,
    article INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    key INTEGER,
    quote TEXT NOT NULL,
    value,
    unit TEXT,
    qualifier TEXT,
    bounds TEXT,
    time TEXT,
    lang TEXT,
    article_date TEXT,
    owner_from TEXT,
    extra TEXT
);
CREATE INDEX IF NOT EXISTS figures_by_key ON figures(key);
{figure_rows}CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    rank INTEGER NOT NULL,
    kind TEXT NOT NULL,
    entity TEXT NOT NULL,
    attribute TEXT NOT NULL,
    size INTEGER NOT NULL,  -- its figures
    members BLOB NOT NULL,  -- its figures' ids and days, in order (_pack_members)
    data BLOB NOT NULL  -- the rest, 'why' first, as deflated JSON (_finding_json)
);
CREATE INDEX IF NOT EXISTS findings_by_key ON findings(entity, attribute);
CREATE INDEX IF NOT EXISTS findings_in_order ON findings(rank, entity, attribute, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS value_groups (
    key INTEGER NOT NULL,
    first INTEGER NOT NULL,
    head INTEGER NOT NULL,  -- a figure of the group (its lowest id): its unit, value, ...
    articles INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ids TEXT,  -- its figures' ids, comma-separated; NULL: head alone (most groups)
    PRIMARY KEY (key, first)
) WITHOUT ROWID;
"""
# a figure's columns as the rest of the code names them, with its article's (``figure_rows``)
_FIGURE_ROWS_COLUMNS = """
    fi.id AS id, fi.article AS article_id, a.path AS path, fi.start AS start, fi."end" AS "end",
    k.entity AS entity, k.attribute AS attribute, fi.quote AS quote, fi.value AS value,
    fi.unit AS unit,
    CASE fi.qualifier WHEN '' THEN NULL ELSE coalesce(fi.qualifier, 'exact') END AS qualifier,
    CASE WHEN fi.bounds IS NULL THEN fi.value ELSE json_extract(fi.bounds, '$[0]') END AS low,
    CASE WHEN fi.bounds IS NULL THEN fi.value ELSE json_extract(fi.bounds, '$[1]') END AS high,
    fi.bounds AS bounds, fi.time AS time, coalesce(fi.lang, a.lang) AS lang,
    coalesce(fi.article_date, a.date) AS article_date, fi.owner_from AS owner_from,
    fi.extra AS extra, a.source AS a_source, a.date AS a_date, a.title AS a_title, fi.key AS key
"""
# ``figure_rows_by_article``: the same, read article after article (by path, each article's
# figures by their range of ids): for an article's figures, or all of them in path order (the
# planner would read every figure and sort them all); ``figure_rows`` for the rest (by id, by
# owner or measure: the plans of the schemas with an index by article)
_SCHEMA = _SCHEMA_TABLES.format(
    figure_rows=f"CREATE VIEW IF NOT EXISTS figure_rows AS SELECT {_FIGURE_ROWS_COLUMNS}"
    "    FROM figures fi JOIN articles a ON a.id = fi.article\n"
    "    LEFT JOIN figure_keys k ON k.id = fi.key;\n"
    f"CREATE VIEW IF NOT EXISTS figure_rows_by_article AS SELECT {_FIGURE_ROWS_COLUMNS}"
    "    FROM articles a CROSS JOIN figures fi ON fi.id BETWEEN a.first_figure AND a.last_figure\n"
    "    LEFT JOIN figure_keys k ON k.id = fi.key;\n"
)
# ``Catalog.value_groups`` of each (owner, measure) pair that has both, as its grouping query
# gives them for that pair (``ValueGroup``; a group's value keeps its SQLite type; figures at
# one place in the order of their ids, as the pair's figures are read): written with the
# findings (``refresh_value_groups``), while meta's 'value_groups' says they are the figures'
# (a change to the figures deletes it: a lookup then groups the figures). A group's figures
# share what it is grouped by, so a row keeps only its key, place, counts and figures' ids, and
# the rest is read from its ``head`` figure (issue 17: 0.11x the corpus's size as full rows);
# its articles' ids, needed only when a text merges groups, are read then from the figures.
_VALUE_GROUPS = (
    "WITH f AS (SELECT fi.key, fi.unit, CASE fi.qualifier WHEN '' THEN NULL "
    "ELSE coalesce(fi.qualifier, 'exact') END AS qualifier, typeof(fi.value) AS vtype, fi.value, "
    "fi.bounds, fi.article, fi.id, row_number() OVER (PARTITION BY fi.key "
    "ORDER BY a.path, fi.start, fi.id) AS rn FROM figures fi JOIN articles a ON a.id = fi.article "
    "JOIN figure_keys k ON k.id = fi.key WHERE k.entity IS NOT NULL AND k.attribute IS NOT NULL) "
    "INSERT INTO value_groups SELECT key, min(rn), min(id), count(DISTINCT article), count(*), "
    "CASE count(*) WHEN 1 THEN NULL ELSE group_concat(id) END FROM f "
    "GROUP BY key, unit, qualifier, vtype, value, bounds"
)


@dataclass(frozen=True)
class ValueGroup:
    """Figures of one value (``Catalog.value_groups``): they differ in nothing ``ask`` shows."""

    attribute: str
    unit: str | None
    qualifier: str | None
    vtype: str  # SQLite's typeof(value): 1 and 1.0 are told apart, as JSON writes them
    value: object
    bounds: str | None
    entity: str  # the owner of its first figure
    first: int  # its first figure's place among the key's figures, by path and start
    articles: int
    size: int
    figure_ids: str  # its figures' ids, comma-separated (read only for the values shown)
    known_article_ids: str | None = None  # as ``article_ids``, when read with the group
    catalog: Catalog | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple:
        return (self.attribute, self.unit, self.qualifier, self.vtype, self.value, self.bounds)

    @property
    def article_ids(self) -> str:
        """Its articles' ids, comma-separated (values one text names merge): read from its
        figures when the group was read without them (``value_groups`` doesn't keep them)."""
        if self.known_article_ids is not None:
            return self.known_article_ids
        assert self.catalog is not None
        return self.catalog._articles_of(self.figure_ids)


@dataclass(frozen=True)
class ArticleRow:
    path: str
    title: str
    lang: str
    source: str
    date: str
    chars: int
    mtime_ns: int = 0
    size: int = 0
    sha1: str = ""
    encoding: str = "utf-8"


INFLATE_BATCH = 64  # findings whose figures are read in one query …
BATCH_FIGURES = 5_000  # … unless they hold more figures than this together
STREAM_FIGURES = 1_000  # a finding with more figures is written as they are read (JSON)
FINDING_ORDER = "rank, entity, attribute, id"  # conflicts first (findings.finding_order)

# a figure's keys held in columns of its row (or of its article's, or of figure_keys), in the
# order a figure reads back: the keys ``figures.model.Figure.as_dict`` gives, 'when',
# 'owner_from' and 'article_date' placed as the figures of schema 5-7 read back; any other key
# is kept in the row's 'extra' JSON, after these
_FIGURE_KEYS = (
    "path",
    "article",
    "when",
    "owner_from",
    "article_date",
    "start",
    "end",
    "quote",
    "value",
    "unit",
    "qualifier",
    "low",
    "high",
    "entity",
    "attribute",
    "lang",
)
# the columns of ``figure_rows`` that ``figure_of`` reads
FIGURE_COLUMNS = (
    'path, start, "end", entity, attribute, quote, value, unit, qualifier, bounds, time, lang, '
    "article_date, owner_from, extra"
)
# a figure read with its article's source (``_sourced``)
_SOURCED_COLUMNS = f"{FIGURE_COLUMNS}, a_source, a_date, a_title"


def _number_kind(value: object) -> type:
    return float if isinstance(value, float) else type(value)


_QUALIFIER_STORED = {"exact": None, None: ""}  # (``figure_rows`` reads them back)


def _figure_record(figure: dict, article_id: int, key: int | None, row: ArticleRow) -> tuple:
    """A figure as the columns of its row (``_SCHEMA``): low and high only when either is not
    its value; its article's date and language not repeated; the most common qualifier,
    'exact', as NULL (and None as ''); keys with no column as 'extra' JSON."""
    value, low, high = figure.get("value"), figure.get("low"), figure.get("high")
    same = all(
        bound == value and _number_kind(bound) is _number_kind(value) for bound in (low, high)
    )
    bounds = None if same else _json([low, high])
    article_date = figure.get("article_date", "")
    extra = {k: v for k, v in figure.items() if k not in _FIGURE_KEYS}
    return (
        article_id,
        figure["start"],
        figure["end"],
        key,
        figure["quote"],
        value,
        figure["unit"],
        _QUALIFIER_STORED.get(figure["qualifier"], figure["qualifier"]),
        bounds,
        figure.get("when"),
        None if figure.get("lang", "") == row.lang else figure.get("lang", ""),
        None if article_date == row.date else article_date,
        figure.get("owner_from", ""),
        _json(extra) if extra else None,
    )


def figure_of(row) -> dict:
    """A figure as stored, from a row of ``figure_rows`` selected with ``FIGURE_COLUMNS``:
    every key it was put with, in the order ``_FIGURE_KEYS`` says."""
    path = row["path"]
    bounds = row["bounds"]
    value = row["value"]
    low, high = (value, value) if bounds is None else json.loads(bounds)
    figure = {
        "path": path,
        "article": os.path.basename(path),
        "when": row["time"],
        "owner_from": row["owner_from"],
        "article_date": row["article_date"],
        "start": row["start"],
        "end": row["end"],
        "quote": row["quote"],
        "value": value,
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "low": low,
        "high": high,
        "entity": row["entity"],
        "attribute": row["attribute"],
        "lang": row["lang"],
    }
    if row["extra"] is not None:
        figure.update(json.loads(row["extra"]))
    return figure


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# a finding's keys its row holds as columns, not repeated in its deflated JSON
_FINDING_COLUMNS = ("kind", "entity", "attribute")
_FINDING_SELECT = "id, kind, entity, attribute, data"
# Findings' JSON is deflated with a preset dictionary: the first ``FINDING_SAMPLE`` findings'
# first ``FINDING_SAMPLE_BYTES`` each (their reasons and sentences recur: 'no owner named: the
# same story's figures', 'articles agree on'), kept in ``meta`` under ``FINDING_DICTIONARY``
# and never changed once written (a reader keeps it): findings' data and why 1.97 -> 0.91 MB
# at 2,000 bench articles.
FINDING_SAMPLE = 200
FINDING_SAMPLE_BYTES = 300
FINDING_DICTIONARY = "findings dictionary"


def _finding_json(stored: dict) -> bytes:
    """A finding's keys but its columns, 'why' first (it is read back after them)."""
    rest = {k: v for k, v in stored.items() if k not in _FINDING_COLUMNS}
    return _json({"why": rest.pop("why"), **rest}).encode("utf-8")


def _deflate(data: bytes, zdict: bytes) -> bytes:
    if not zdict:
        return zlib.compress(data)
    packer = zlib.compressobj(9, zdict=zdict)
    return packer.compress(data) + packer.flush()


def _inflate(data: bytes, zdict: bytes) -> bytes:
    if not zdict:
        return zlib.decompress(data)
    unpacker = zlib.decompressobj(zdict=zdict)
    return unpacker.decompress(data) + unpacker.flush()


def _pack_members(ids: list[int | None], days: list[str | None]) -> bytes:
    """A finding's figures, in order: their ids (None: a figure the catalog does not hold) as
    gaps, and the day the finding read each at (None for all: left out), as deflated JSON."""
    gaps: list[int | None] = []
    last = 0
    for figure_id in ids:
        if figure_id is None:
            gaps.append(None)
        else:
            gaps.append(figure_id - last)
            last = figure_id
    kept = days if any(day is not None for day in days) else None
    return zlib.compress(_json([gaps, kept]).encode("utf-8"))


def _unpack_members(data: bytes) -> tuple[list[int | None], list[str | None]]:
    """``_pack_members``'s ids and days, one each a position."""
    gaps, days = json.loads(zlib.decompress(data))
    ids: list[int | None]
    if None in gaps:
        ids = []
        last = 0
        for gap in gaps:
            if gap is None:
                ids.append(None)
            else:
                last += gap
                ids.append(last)
    else:  # (every figure held: the usual case, summed in C)
        ids = list(accumulate(gaps))
    return ids, [None] * len(ids) if days is None else days


def _first_members(data: bytes, count: int) -> list[int | None] | None:
    """The first ``count`` figure ids of ``_pack_members``'s data, from the beginning of its
    JSON alone (a finding can cite 30,000 figures, the side panel shows 20); None when it has
    no more than ``count``."""
    head = zlib.decompressobj().decompress(data, 24 * count + 2).decode("ascii", "replace")
    pieces = head[2:].split(",", count)  # ('[[' then gaps: integers or null, no spaces)
    if len(pieces) <= count or any("]" in piece for piece in pieces[:count]):
        return None
    ids: list[int | None] = []
    last = 0
    for piece in pieces[:count]:
        if piece == "null":
            ids.append(None)
        else:
            last += int(piece)
            ids.append(last)
    return ids


def _pack_memberships(pairs: list[tuple[int, int]]) -> bytes:
    """(figure id, finding id) pairs, sorted: figure ids as gaps, then finding ids, deflated."""
    gaps, last = [], 0
    for figure_id, _ in pairs:
        gaps.append(figure_id - last)
        last = figure_id
    return zlib.compress(_json([gaps, [finding for _, finding in pairs]]).encode("utf-8"))


def _unpack_memberships(data: bytes) -> list[tuple[int, int]]:
    gaps, findings = json.loads(zlib.decompress(data))
    return list(zip(accumulate(gaps), findings, strict=True))


class SourceNames(dict):
    """Sources' names (outlet, date, headline) by article path, as ``_sourced`` works them out:
    at most ``LIMIT`` held (then forgotten all at once), so that a run over every figure or
    finding keeps memory flat while most lookups find the name already worked out."""

    LIMIT = 16_384

    def __setitem__(self, path: str, named: tuple[str, str, str]) -> None:
        if len(self) >= self.LIMIT:
            self.clear()
        super().__setitem__(path, named)


def _sourced(row, names: dict[str, tuple[str, str, str]] | None = None) -> dict:
    """A figure read with its article's columns (``_SOURCED_COLUMNS``): its source by name
    (``sources.SOURCE_KEYS``: outlet, the article's date, its headline); ``names``: those
    already worked out, by path."""
    from .sources import outlet

    path = row["path"]
    figure = figure_of(row)
    named = names.get(path) if names is not None else None
    if named is None:
        named = (outlet(row["a_source"] or "", path), row["a_date"] or "", row["a_title"] or "")
        if names is not None:
            names[path] = named
    figure["outlet"], figure["published"], figure["headline"] = named
    return figure


# the columns of ``figure_rows`` that ``_shown_figures`` reads after a day, by position (a tuple
# row reads faster than a Row)
_SHOWN_FIGURE = (
    'path, start, "end", quote, value, unit, qualifier, bounds, entity, attribute, a_source, '
    "a_date, a_title"
)
# the columns ``_shown_figures`` reads, by position (a tuple row reads faster than a Row)
_SHOWN_COLUMNS = (
    'r.id, r.path, r.start, r."end", r.quote, r.value, r.unit, r.qualifier, r.bounds, '
    "r.entity, r.attribute, r.a_source, r.a_date, r.a_title"
)
MEMBER_CHUNK = 500  # a finding's figures read this many ids a query


def _shown_figures(rows: Iterable[tuple], names: dict) -> Iterator[dict]:
    """A finding's figures as ``Catalog._inflate_many`` shows them (``findings.PUBLIC_KEYS``
    with the finding's ``when``, then ``sources.SOURCE_KEYS``), from rows of
    ``_SHOWN_COLUMNS`` with the day first instead of the id; only the columns shown are
    decoded, each article named once (``names``: by path, the file's name and its source's
    three names)."""
    from .sources import outlet

    loads, held = json.loads, names.get
    for day, path, start, end, quote, value, unit, qualifier, bounds, entity, attribute, *a in rows:
        named = held(path)
        if named is None:
            source, date, title = a
            base = path[path.rfind("/") + 1 :]  # (os.path.basename, without its calls)
            named = (base, outlet(source or "", path), date or "", title or "")
            names[path] = named
        low, high = (value, value) if bounds is None else loads(bounds)
        yield {
            "path": path,
            "article": named[0],
            "start": start,
            "end": end,
            "quote": quote,
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "low": low,
            "high": high,
            "entity": entity,
            "attribute": attribute,
            "when": day,
            "outlet": named[1],
            "published": named[2],
            "headline": named[3],
        }


class _Members(Lazy):
    """A stored finding's figures, in order, read from the catalog when they are iterated
    (once: ``Catalog._streamed``); ``spans``: where the figures its pairs name end."""

    __slots__ = ("spans",)

    def __init__(self, catalog: Catalog, finding_id: int, names: dict):
        super().__init__(self._read(catalog, finding_id, names), flat=True)
        self.spans: dict[tuple[str, int], int] = {}

    @staticmethod
    def _read(catalog: Catalog, finding_id: int, names: dict) -> Iterator[dict]:
        ids, days = catalog._members(finding_id)
        cursor = catalog.db.cursor()
        cursor.row_factory = None  # plain tuples
        for begin in range(0, len(ids), MEMBER_CHUNK):
            chunk = [i for i in ids[begin : begin + MEMBER_CHUNK] if i is not None]
            cursor.execute(
                f"SELECT {_SHOWN_COLUMNS} FROM figure_rows r "
                f"WHERE r.id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            rows = {row[0]: row[1:] for row in cursor}
            shown = zip(
                ids[begin : begin + MEMBER_CHUNK], days[begin : begin + MEMBER_CHUNK], strict=True
            )
            yield from _shown_figures(((day, *rows[i]) for i, day in shown if i in rows), names)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
        db.execute("PRAGMA user_version").fetchone()
        return db
    except sqlite3.OperationalError:
        # a read-only folder where SQLite cannot make its shared-memory file: nobody can be
        # writing there, so read the file as it is
        return sqlite3.connect(f"file:{path}?immutable=1", uri=True, check_same_thread=False)


class Catalog:
    def __init__(self, path: Path, writable: bool = True):
        """Writers create the schema; readers only read (a reader never takes a write lock,
        and a read-only index directory still opens)."""
        self.path = path
        if writable:
            self.db = sqlite3.connect(path, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
        else:
            self.db = _connect_read_only(path)
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        has_tables = self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'articles'"
        ).fetchone()[0]
        if (has_tables or not writable) and version != SCHEMA_VERSION:
            self.db.close()
            raise SchemaMismatch(path)
        if writable:
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.db.row_factory = sqlite3.Row
        self._keys: dict[tuple[str | None, str | None], int] | None = None  # figure_keys' ids
        self._zdict: bytes | None = None  # the findings' dictionary (_finding_dictionary)
        self._groups_current = True  # no change to the figures since value_groups were written
        self._places = False  # temp.figure_places holds the figures by place (replace_findings)

    def close(self) -> None:
        self.db.close()

    # --- articles -------------------------------------------------------------------------
    def signatures(self) -> dict[str, tuple[int, int, str]]:
        rows = self.db.execute("SELECT path, mtime_ns, size, sha1 FROM articles")
        return {r["path"]: (r["mtime_ns"], r["size"], r["sha1"]) for r in rows}

    def touch(self, path: str, mtime_ns: int, size: int) -> None:
        self.db.execute(
            "UPDATE articles SET mtime_ns = ?, size = ? WHERE path = ?", (mtime_ns, size, path)
        )

    def put_article(self, row: ArticleRow, figures: Iterable[dict]) -> None:
        """The article's row (its id kept when it is put again) and its figures, replacing
        those it had: theirs the ids after the last figure's (consecutive: ``_SCHEMA``)."""
        self._figures_changed()
        self._delete_figures(row.path)
        figures = list(figures)
        first = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM figures").fetchone()[0]
        last = first + len(figures) - 1 if figures else None
        self.db.execute(
            "INSERT INTO articles (path, mtime_ns, size, sha1, title, lang, source, date, "
            "encoding, chars, first_figure, last_figure) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (path) DO UPDATE SET "
            "mtime_ns = excluded.mtime_ns, size = excluded.size, sha1 = excluded.sha1, "
            "title = excluded.title, lang = excluded.lang, source = excluded.source, "
            "date = excluded.date, encoding = excluded.encoding, chars = excluded.chars, "
            "conflicts = 0, flagged = 0, memberships = NULL, "
            "first_figure = excluded.first_figure, last_figure = excluded.last_figure",
            (
                row.path,
                row.mtime_ns,
                row.size,
                row.sha1,
                row.title,
                row.lang,
                row.source,
                row.date,
                row.encoding,
                row.chars,
                first if figures else None,
                last,
            ),
        )
        article_id = self.article_id(row.path)
        assert article_id is not None  # (just put)
        self.db.executemany(
            'INSERT INTO figures (id, article, start, "end", key, quote, value, unit, qualifier, '
            "bounds, time, lang, article_date, owner_from, extra) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    first + number,
                    *_figure_record(
                        f, article_id, self._key(f.get("entity"), f.get("attribute")), row
                    ),
                )
                for number, f in enumerate(figures)
            ],
        )

    def _delete_figures(self, path: str) -> None:
        """Delete an article's figures (by their range of ids)."""
        self.db.execute(
            "DELETE FROM figures WHERE id BETWEEN (SELECT first_figure FROM articles "
            "WHERE path = ?1) AND (SELECT last_figure FROM articles WHERE path = ?1)",
            (path,),
        )

    def _key(self, entity: str | None, attribute: str | None) -> int | None:
        """The id of an (owner, measure) pair in ``figure_keys``, added when new; None for a
        figure with neither."""
        if entity is None and attribute is None:
            return None
        if self._keys is None:
            self._keys = {(r[1], r[2]): r[0] for r in self.db.execute("SELECT * FROM figure_keys")}
        found = self._keys.get((entity, attribute))
        if found is None:
            found = self.db.execute(
                "INSERT INTO figure_keys (entity, attribute) VALUES (?, ?)", (entity, attribute)
            ).lastrowid
            assert found is not None
            self._keys[entity, attribute] = found
        return found

    def remove_article(self, path: str) -> None:
        self._figures_changed()
        self._delete_figures(path)
        self.db.execute("DELETE FROM articles WHERE path = ?", (path,))

    def _figures_changed(self) -> None:
        """The precomputed value groups are no longer the figures' (until the next
        ``refresh_value_groups``)."""
        if self._groups_current:
            self.db.execute("DELETE FROM meta WHERE key = 'value_groups'")
            self._groups_current = False

    def refresh_value_groups(self) -> None:
        """Every (owner, measure) pair's value groups computed again from the figures
        (``_VALUE_GROUPS``: seconds at 50,000 articles), what ``value_groups`` reads for a
        question that names both."""
        self.db.execute("DELETE FROM value_groups")
        self.db.execute(_VALUE_GROUPS)
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('value_groups', '1')")
        self._groups_current = True

    def drop_unused_keys(self) -> None:
        """Forget the (owner, measure) pairs no figure has any more."""
        self.db.execute(
            "DELETE FROM figure_keys WHERE NOT EXISTS "
            "(SELECT 1 FROM figures WHERE figures.key = figure_keys.id)"
        )
        self._keys = None

    def article_id(self, path: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
        return None if row is None else int(row[0])

    def articles(self) -> list[ArticleRow]:
        rows = self.db.execute(
            "SELECT path, title, lang, source, date, chars FROM articles ORDER BY path"
        )
        return [ArticleRow(**dict(r)) for r in rows]

    def article(self, path: str) -> ArticleRow | None:
        row = self.db.execute(
            "SELECT path, title, lang, source, date, chars FROM articles WHERE path = ?", (path,)
        ).fetchone()
        return ArticleRow(**dict(row)) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    # --- figures ------------------------------------------------------------------------------
    def figures(self, path: str | None = None) -> list[dict]:
        return list(self.iter_figures(path))

    def iter_figures(self, path: str | None = None) -> Iterator[dict]:
        """Figures of one article (None: of all, by article then position), each with its
        source's name (``_sourced``), read one at a time from the cursor: memory stays flat
        however many there are (a quarter million at 10,000 articles)."""
        select = f"SELECT {_SOURCED_COLUMNS} FROM figure_rows_by_article"
        if path is None:
            rows = self.db.execute(f"{select} ORDER BY path, start, id")
        else:
            rows = self.db.execute(f"{select} WHERE path = ? ORDER BY start, id", (path,))
        names = SourceNames()  # articles come in order: each named once
        for row in rows:
            yield _sourced(row, names)

    def keyed_figures(self) -> Iterator[tuple[tuple[str, str], list[dict]]]:
        """Figures with an attribute, one group per (entity, attribute) key (entity None: no
        named owner), read group by group."""
        rows = self.db.execute(
            f"SELECT {FIGURE_COLUMNS} FROM figure_rows WHERE attribute IS NOT NULL "
            "ORDER BY entity, attribute, path, start"
        )
        key: tuple[str, str] | None = None
        group: list[dict] = []
        for row in rows:
            row_key = (row["entity"], row["attribute"])
            if row_key != key and group and key is not None:
                yield key, group
                group = []
            key = row_key
            group.append(figure_of(row))
        if group and key is not None:
            yield key, group

    def figures_for_key(
        self, entity: str | None, attribute: str | None, named: bool = True
    ) -> list[dict]:
        """Figures about an entity and/or attribute (None: any), by article and position;
        ``named``: each with its source's name (``_sourced``), else without (``name_figures``
        names those that are shown: a lookup groups thousands and shows a few)."""
        return self._by_key("figures", entity, attribute, "path, start", named=named)

    def value_groups(self, entity: str | None, attribute: str | None) -> list[ValueGroup]:
        """The figures about an entity and/or attribute (None: any) that have both, grouped
        in SQL by what tells their values apart (measure, unit, qualifier, the value and its
        type, its bounds), without reading them: each group with the owner and place (in
        path, start order) of its first figure, its articles and its figures' count (a few
        hundred groups for 23,000 figures at 50k articles). For an entity and an attribute,
        read as the indexing run wrote them (``refresh_value_groups``: a few rows, not a
        grouping of the figures) while they are the figures'."""
        if entity is not None and attribute is not None and self.meta("value_groups") == "1":
            cursor = self.db.cursor()
            cursor.row_factory = None  # plain tuples
            cursor.execute(
                "SELECT k.attribute, fi.unit, CASE fi.qualifier WHEN '' THEN NULL "
                "ELSE coalesce(fi.qualifier, 'exact') END, typeof(fi.value), fi.value, "
                "fi.bounds, k.entity, g.first, g.articles, g.size, "
                "coalesce(g.ids, CAST(g.head AS TEXT)), "
                "CASE g.articles WHEN 1 THEN CAST(fi.article AS TEXT) END "
                "FROM figure_keys k JOIN value_groups g ON g.key = k.id "
                "JOIN figures fi ON fi.id = g.head WHERE k.entity = ? AND k.attribute = ? "
                "ORDER BY g.key, g.first",
                (entity, attribute),
            )
            # (a group of one article: its first figure's; of more, read when asked)
            return [
                ValueGroup(at, un, qu, vt, va, bo, ow, fi, ar, si, ids, arts, self)
                for at, un, qu, vt, va, bo, ow, fi, ar, si, ids, arts in cursor
            ]
        where, args = self._key_where("figures", entity, attribute, None)
        rows = self.db.execute(
            "WITH f AS (SELECT attribute, unit, qualifier, typeof(value) AS vtype, value, "
            "bounds, entity, article_id, id, row_number() OVER (ORDER BY path, start) AS rn "
            f"FROM figure_rows WHERE {where} AND entity IS NOT NULL AND attribute IS NOT NULL) "
            "SELECT attribute, unit, qualifier, vtype, value, bounds, entity, min(rn), "
            "count(DISTINCT article_id), count(*), group_concat(id), "
            "group_concat(DISTINCT article_id) FROM f "
            "GROUP BY attribute, unit, qualifier, vtype, value, bounds",
            args,
        )
        return [ValueGroup(*row) for row in rows]

    def _articles_of(self, figure_ids: str) -> str:
        """The ids of these figures' articles (comma-separated ids), comma-separated."""
        wanted = [int(i) for i in figure_ids.split(",")]
        articles: set[int] = set()
        for begin in range(0, len(wanted), 500):
            chunk = wanted[begin : begin + 500]
            articles.update(
                row[0]
                for row in self.db.execute(
                    f"SELECT article FROM figures WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return ",".join(map(str, sorted(articles)))

    def group_figures(
        self, groups: list[ValueGroup], names: dict | None = None
    ) -> Iterator[tuple[ValueGroup, object, dict]]:
        """The figures of these groups (``value_groups``) by article and position, each with
        its group and its stored value, as ``figures.present.public`` shows a figure read with
        its source's names: read by id, only these, as tuples (``names``: the articles already
        named, by path, as ``_shown_figures`` names them, kept across calls)."""
        from .figures.model import json_number

        owner = {int(i): group for group in groups for i in group.figure_ids.split(",")}
        wanted = list(owner)
        rows: list[tuple] = []
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples
        for begin in range(0, len(wanted), 500):
            chunk = wanted[begin : begin + 500]
            cursor.execute(
                f"SELECT id, time, {_SHOWN_FIGURE} FROM figure_rows "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            rows += cursor
        # as ORDER BY path, start lists them (code point order is UTF-8's byte order)
        rows.sort(key=lambda row: (row[2], row[3]))
        names = SourceNames() if names is None else names
        shown = _shown_figures((row[1:] for row in rows), names)  # (a figure's time its 'when')
        for row, figure in zip(rows, shown, strict=True):
            for key in ("value", "low", "high"):
                number = figure[key]
                if type(number) is not int:  # (an int is its own JSON number)
                    figure[key] = json_number(number)
            yield owner[row[0]], row[6], figure

    def name_figures(self, figures: list[dict]) -> list[dict]:
        """Figures read with ``named=False`` given their source's name (``_sourced``'s keys),
        in place, their articles read once each."""
        from .sources import outlet

        paths = list({f["path"]: None for f in figures})
        names: dict[str, tuple[str, str, str]] = {}
        for begin in range(0, len(paths), 500):
            chunk = paths[begin : begin + 500]
            rows = self.db.execute(
                "SELECT path, source, date, title FROM articles "
                f"WHERE path IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for row in rows:
                names[row["path"]] = (outlet(row["source"], row["path"]), row["date"], row["title"])
        for figure in figures:
            path = figure["path"]
            named = names.get(path) or (outlet("", path), "", "")  # (an article no longer listed)
            figure["outlet"], figure["published"], figure["headline"] = named
        return figures

    def _by_key(
        self,
        table: str,
        entity: str | None,
        attribute: str | None,
        order: str,
        kinds: Iterable[str] | None = None,
        limit: int = 0,
        named: bool = True,
    ) -> list[dict]:
        """Rows of ``table`` (figures or findings) about an entity and/or attribute (None:
        any); findings of ``kinds`` only, the first ``limit`` (0: all)."""
        where, args = self._key_where(table, entity, attribute, kinds)
        if table == "findings":
            tail = f" LIMIT {int(limit)}" if limit > 0 else ""
            rows = self.db.execute(
                f"SELECT {_FINDING_SELECT} FROM findings WHERE {where} ORDER BY {order}{tail}",
                args,
            )
            return self._inflate_many([(r["id"], self._unpack_finding(r)) for r in rows])
        if not named:
            rows = self.db.execute(
                f"SELECT {FIGURE_COLUMNS} FROM figure_rows WHERE {where} ORDER BY {order}", args
            )
            return [figure_of(r) for r in rows]
        rows = self.db.execute(
            f"SELECT {_SOURCED_COLUMNS} FROM figure_rows WHERE {where} ORDER BY {order}", args
        )
        names: dict[str, tuple[str, str, str]] = {}  # each article's source, named once
        return [_sourced(r, names) for r in rows]

    @staticmethod
    def _key_where(
        table: str, entity: str | None, attribute: str | None, kinds: Iterable[str] | None
    ) -> tuple[str, list]:
        """The WHERE clause (and its arguments) of ``_by_key``."""
        clauses: list[str] = []
        args: list = []
        for column, value in (("entity", entity), ("attribute", attribute)):
            if value is None:
                continue
            if column == "attribute" and table == "findings":
                # an agreement across measures is keyed 'valuation = deal value'
                clauses.append("(attribute = ? OR ' = ' || attribute || ' = ' LIKE ? ESCAPE '\\')")
                escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                args += [value, f"% = {escaped} = %"]
            else:
                clauses.append(f"{column} = ?")
                args.append(value)
        if table == "figures" and entity is None and attribute is not None:
            # the measure's keys first, then their figures (the plan the index of figures by
            # article gave; without it SQLite reads every figure)
            clauses.append("key IN (SELECT id FROM figure_keys WHERE attribute = ?)")
            args.append(attribute)
        if table == "findings" and kinds is not None:
            wanted = list(kinds)
            clauses.append(f"kind IN ({','.join('?' * len(wanted))})")
            args += wanted
        return " AND ".join(clauses) or "1", args

    # --- findings ---------------------------------------------------------------------------
    def replace_findings(self, findings: Iterable[dict]) -> None:
        """Findings written as they come (a generator holds one group's at a time), listed in
        ``findings.finding_order`` by their rank. Each finding's figures are stored as
        references to the figures table, in order, with the time the finding read them at
        ('when': an undated article's day, see ``dating.py``); its pairs as positions in that
        list. ``_inflate_many`` rebuilds the copy."""
        from .figures.findings import KIND_ORDER

        self.db.execute("DELETE FROM findings")
        # who cites which figure, for the articles' counts and memberships (not kept: no table
        # of members in the catalog file)
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS cited (figure_id INTEGER NOT NULL, "
            "finding_id INTEGER NOT NULL, PRIMARY KEY (figure_id, finding_id)) WITHOUT ROWID"
        )
        self.db.execute("DELETE FROM temp.cited")
        # the figures by place, for ``_figure_id`` while the findings are written (a lookup by
        # each article's range of ids reads its figures one by one: 15% more CPU here)
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS figure_places (article INTEGER NOT NULL, "
            "start INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (article, start, id)) "
            "WITHOUT ROWID"
        )
        self.db.execute("DELETE FROM temp.figure_places")
        self.db.execute(
            "INSERT INTO temp.figure_places SELECT article, start, id FROM figures "
            "ORDER BY article, start, id"
        )
        self._places = True
        self._zdict = None  # (read again: a run rolled back may have made one)
        zdict = self._finding_dictionary()
        pending: list[tuple] = []  # (the first findings, until the dictionary is made)
        for finding in findings:
            figures = finding["figures"]
            position = {(f["path"], f["start"]): i for i, f in enumerate(figures)}
            stored = {key: value for key, value in finding.items() if key != "figures"}
            pairs = finding.get("pairs")
            if pairs is not None and all(tuple(end) in position for p in pairs for end in p):
                del stored["pairs"]
                stored["pair_positions"] = [
                    [position[tuple(a)], position[tuple(b)]] for a, b in pairs
                ]
            ids = [self._figure_id(f["path"], f["start"]) for f in figures]
            row = (
                KIND_ORDER[finding["kind"]],
                finding["kind"],
                finding["entity"],
                finding["attribute"],
                sum(i is not None for i in ids),
                _pack_members(ids, [f.get("when") for f in figures]),
                _finding_json(stored),
            )
            if zdict is None:
                pending.append((row, ids))
                if len(pending) < FINDING_SAMPLE:
                    continue
                zdict = self._make_finding_dictionary([r[-1] for r, _ in pending])
                for held, held_ids in pending:
                    self._put_finding(held, held_ids, zdict)
                pending = []
                continue
            self._put_finding(row, ids, zdict)
        if zdict is None and pending:
            zdict = self._make_finding_dictionary([r[-1] for r, _ in pending])
            for held, held_ids in pending:
                self._put_finding(held, held_ids, zdict)

        # per-article counts for the article list, so the app need not count at start-up
        self.db.execute(
            "UPDATE articles SET conflicts = (SELECT count(DISTINCT fi.id) FROM temp.cited m "
            "JOIN figures fi ON fi.id = m.figure_id JOIN findings f ON f.id = m.finding_id "
            "WHERE m.figure_id BETWEEN articles.first_figure AND articles.last_figure "
            "AND f.kind = 'conflict'), "
            "flagged = (SELECT count(DISTINCT fi.id) FROM temp.cited m "
            "JOIN figures fi ON fi.id = m.figure_id JOIN findings f ON f.id = m.finding_id "
            "WHERE m.figure_id BETWEEN articles.first_figure AND articles.last_figure "
            "AND f.kind != 'agree'), memberships = NULL"
        )
        # each article's (figure, finding) pairs, for the side panel (``memberships``)
        rows = self.db.execute(
            "SELECT fi.article, m.figure_id, m.finding_id FROM temp.cited m "
            "JOIN figures fi ON fi.id = m.figure_id ORDER BY fi.article, m.figure_id, m.finding_id"
        )
        article = -1
        cited: list[tuple[int, int]] = []
        packed: list[tuple[bytes, int]] = []
        for owner, figure_id, finding_id in rows:
            if owner != article and cited:
                packed.append((_pack_memberships(cited), article))
                cited = []
            article = owner
            cited.append((figure_id, finding_id))
        if cited:
            packed.append((_pack_memberships(cited), article))
        self.db.executemany("UPDATE articles SET memberships = ? WHERE id = ?", packed)
        self.db.execute("DELETE FROM temp.cited")
        self.db.execute("DELETE FROM temp.figure_places")
        self._places = False
        self.refresh_value_groups()  # (findings are written once every figure is in)

    def _put_finding(self, row: tuple, ids: list[int | None], zdict: bytes) -> None:
        """One finding's row (its JSON deflated with ``zdict``) and the figures it cites."""
        cursor = self.db.execute(
            "INSERT INTO findings (rank, kind, entity, attribute, size, members, data) "
            "VALUES (?,?,?,?,?,?,?)",
            (*row[:-1], _deflate(row[-1], zdict)),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO temp.cited VALUES (?, ?)",
            [(i, cursor.lastrowid) for i in ids if i is not None],
        )

    def _make_finding_dictionary(self, samples: list[bytes]) -> bytes:
        """The findings' dictionary made from these findings' JSON, and kept in ``meta``."""
        zdict = b"".join(sample[:FINDING_SAMPLE_BYTES] for sample in samples)[-32 * 1024 :]
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (FINDING_DICTIONARY, zdict))
        self._zdict = zdict
        return zdict

    def _finding_dictionary(self) -> bytes | None:
        """The catalog's dictionary of findings (None: none yet); read once, as it never
        changes once written."""
        if self._zdict is None:
            row = self.db.execute(
                "SELECT value FROM meta WHERE key = ?", (FINDING_DICTIONARY,)
            ).fetchone()
            self._zdict = None if row is None else bytes(row[0])
        return self._zdict

    def _finding_data(self, data: bytes) -> dict:
        return json.loads(_inflate(data, self._finding_dictionary() or b""))

    def _finding_why(self, data: bytes) -> str:
        """A finding's 'why', from the beginning of its data (written first) alone."""
        unpacker = zlib.decompressobj(zdict=self._finding_dictionary() or b"")
        head = unpacker.decompress(data, 2048).decode("utf-8", "ignore")
        if head.startswith('{"why":'):
            try:
                return json.JSONDecoder().raw_decode(head, 7)[0]
            except ValueError:  # (a why longer than the beginning read)
                pass
        return self._finding_data(data)["why"]

    def _unpack_finding(self, row) -> dict:
        """A stored finding's keys, in the order it was computed with (its columns first)."""
        return {**{key: row[key] for key in _FINDING_COLUMNS}, **self._finding_data(row["data"])}

    def _figure_id(self, path: str, start: int) -> int | None:
        """The id of a figure of the catalog, by its article's path and its start (the first
        one, when two start there); None when there is none."""
        if self._places:  # (``replace_findings``)
            row = self.db.execute(
                "SELECT p.id FROM articles a JOIN temp.figure_places p ON p.article = a.id "
                "WHERE a.path = ? AND p.start = ? LIMIT 1",
                (path, start),
            ).fetchone()
            return None if row is None else int(row[0])
        row = self.db.execute(
            "SELECT fi.id FROM articles a JOIN figures fi "
            "ON fi.id BETWEEN a.first_figure AND a.last_figure "
            "WHERE a.path = ? AND fi.start = ? ORDER BY fi.id LIMIT 1",
            (path, start),
        ).fetchone()
        return None if row is None else int(row[0])

    def _members(self, finding_id: int) -> tuple[list[int | None], list[str | None]]:
        """A finding's figures' ids and days, in order (``_pack_members``)."""
        row = self.db.execute("SELECT members FROM findings WHERE id = ?", (finding_id,)).fetchone()
        return ([], []) if row is None else _unpack_members(row[0])

    def flag_counts(self) -> dict[str, tuple[int, int]]:
        """(conflicting, conflicting or changed) figures per article path."""
        rows = self.db.execute("SELECT path, conflicts, flagged FROM articles")
        return {r["path"]: (r["conflicts"], r["flagged"]) for r in rows}

    def findings(self, kinds: Iterable[str] | None = None) -> list[dict]:
        return list(self.iter_findings(kinds))

    def iter_findings(
        self,
        kinds: Iterable[str] | None = None,
        limit: int = 0,
        ids: bool = False,
        streamed: bool = False,
    ) -> Iterator[dict]:
        """Findings in their stored order (conflicts first), read one at a time so that memory
        does not grow with their number; ``limit`` 0: all; ``ids``: each with its catalog row
        id as ``"id"`` (for ``findings_by_id``; the app, never the JSON output). ``streamed``:
        each finding's figures a ``Lazy`` list read from the catalog as it is written (see
        ``_streamed``): memory flat in the size of the largest finding too."""
        where, args = self._kinds(kinds)
        tail = f" LIMIT {int(limit)}" if limit > 0 else ""
        yield from self._read_findings(
            f"{where} ORDER BY {FINDING_ORDER}{tail}", args, ids, streamed
        )

    def _read_findings(
        self, clauses: str, args: list, ids: bool = False, streamed: bool = False
    ) -> Iterator[dict]:
        """The findings ``SELECT … FROM findings {clauses}`` lists, inflated ``INFLATE_BATCH``
        at a time (at most ``BATCH_FIGURES`` figures a batch); ``streamed``: a finding of more
        than ``STREAM_FIGURES`` figures with its figures a ``Lazy`` list (``_streamed``)."""
        sql = f"SELECT {_FINDING_SELECT}, size FROM findings {clauses}"
        batch: list[tuple[int, dict]] = []
        figures = 0
        names, shown = SourceNames(), SourceNames()  # sources named once a reading
        for row in self.db.execute(sql, args):
            large = streamed and row["size"] > STREAM_FIGURES
            if batch and (
                large or len(batch) >= INFLATE_BATCH or figures + row["size"] > BATCH_FIGURES
            ):
                yield from self._inflate_many(batch, ids, names)
                batch, figures = [], 0
            if large:
                yield from self._streamed(row, ids, shown)
                continue
            batch.append((row["id"], self._unpack_finding(row)))
            figures += row["size"]
        if batch:
            yield from self._inflate_many(batch, ids, names)

    def _streamed(self, row, ids: bool, names: dict) -> Iterator[dict]:
        """A stored finding (a row of ``_FINDING_SELECT``) as ``_inflate_many`` gives it, the
        same keys in the same order, but its figures a ``Lazy`` list (``_Members``) read from
        the catalog only when it is written, and its pairs (at most ``MAX_PAIRS``) read from
        the positions of their figures: nothing held grows with its figures (a finding has
        30,000 at 50,000 articles)."""
        finding_id = row["id"]
        finding = self._unpack_finding(row)
        positions = finding.get("pair_positions")
        ends, spans = self._member_ends(finding_id, positions) if positions else ({}, None)
        if positions and any(i not in ends or j not in ends for i, j in positions):
            # (a member whose figure is gone: never in a catalog an indexing run wrote,
            # where findings are rewritten with the figures) read as a whole
            yield from self._inflate_many([(finding_id, finding)], ids)
            return
        if ids:
            finding["id"] = finding_id
        members = finding["figures"] = _Members(self, finding_id, names)
        positions = finding.pop("pair_positions", None)
        if positions is not None:
            finding["pairs"] = [[list(ends[i]), list(ends[j])] for i, j in positions]
        if spans is None:
            spans = self._member_spans(finding_id, finding.get("pairs") or [])
        members.spans = spans
        yield finding

    def _member_ends(
        self, finding_id: int, positions: list
    ) -> tuple[dict[int, tuple[str, int]], dict[tuple[str, int], int] | None]:
        """(path, start) of the members of a finding at these positions, by position, and
        where they end, {(path, start): end} (None when another figure of their article starts
        at the same place: ``_member_spans`` then tells which one the finding lists last)."""
        ids, _ = self._members(finding_id)
        wanted = sorted({int(p) for pair in positions for p in pair})
        at: dict[int, int] = {
            pos: figure
            for pos in wanted
            if 0 <= pos < len(ids) and (figure := ids[pos]) is not None
        }
        chunk = sorted(set(at.values()))
        found = {
            row[0]: row[1:]
            for row in self.db.execute(
                'SELECT fi.id, a.path, fi.start, fi."end", (SELECT count(*) FROM figures other '
                "WHERE other.id BETWEEN a.first_figure AND a.last_figure "
                "AND other.start = fi.start) FROM figures fi "
                "JOIN articles a ON a.id = fi.article "
                f"WHERE fi.id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        }
        ends: dict[int, tuple[str, int]] = {}
        spans: dict[tuple[str, int], int] | None = {}
        for pos, figure_id in at.items():
            if figure_id not in found:
                continue
            path, start, end, same = found[figure_id]
            ends[pos] = (path, start)
            if spans is not None:
                spans[path, start] = end
                if same != 1:
                    spans = None
        return ends, spans

    def _member_spans(self, finding_id: int, pairs: list) -> dict[tuple[str, int], int]:
        """Where each figure a finding's pairs name ends, {(path, start): end}, as a dict of
        all its figures gives it (the last member at that place wins): what a pair id needs
        (``verdicts.pair_keys``), read without the finding's other figures."""
        ends = {(path, start) for pair in pairs for path, start in pair}
        if not ends:
            return {}
        starts = sorted({start for _, start in ends})
        ids, _ = self._members(finding_id)
        spans: dict[tuple[str, int], int] = {}
        for begin in range(0, len(ids), MEMBER_CHUNK):
            chunk = [i for i in ids[begin : begin + MEMBER_CHUNK] if i is not None]
            found = {
                row[0]: row[1:]
                for row in self.db.execute(
                    'SELECT fi.id, a.path, fi.start, fi."end" FROM figures fi '
                    "JOIN articles a ON a.id = fi.article "
                    f"WHERE fi.id IN ({','.join('?' * len(chunk))}) "
                    f"AND fi.start IN ({','.join('?' * len(starts))})",
                    [*chunk, *starts],
                )
            }
            for figure_id in chunk:  # in order: the last member at a place wins
                if figure_id in found:
                    path, start, end = found[figure_id]
                    if (path, start) in ends:
                        spans[path, start] = end
        return spans

    def iter_pair_spans(self) -> Iterator[tuple[int, list[tuple[str, int, int]], list | None]]:
        """Each finding's row id, its figures' (path, start, end) in order and its stored pair
        positions (None when its pairs are stored by key), in the listed order: what a pair id
        is made of, read without building the findings (``verdicts.find_pair``)."""
        batch: list[tuple[int, bytes, list[int | None]]] = []
        size = 0
        for finding_id, data, members in self.db.execute(
            f"SELECT id, data, members FROM findings ORDER BY {FINDING_ORDER}"
        ).fetchall():
            ids, _ = _unpack_members(members)
            batch.append((finding_id, data, ids))
            size += len(ids)
            if size >= MEMBER_CHUNK:
                yield from self._pair_spans(batch)
                batch, size = [], 0
        yield from self._pair_spans(batch)

    def _pair_spans(
        self, batch: list[tuple[int, bytes, list[int | None]]]
    ) -> Iterator[tuple[int, list[tuple[str, int, int]], list | None]]:
        """``iter_pair_spans`` of some findings (row id, data, figure ids), their figures read
        in one query (a finding none of whose figures is held is left out)."""
        wanted = sorted({i for _, _, ids in batch for i in ids if i is not None})
        found: dict[int, tuple[str, int, int]] = {}
        for begin in range(0, len(wanted), MEMBER_CHUNK):
            chunk = wanted[begin : begin + MEMBER_CHUNK]
            for figure_id, path, start, end in self.db.execute(
                'SELECT fi.id, a.path, fi.start, fi."end" FROM figures fi '
                "JOIN articles a ON a.id = fi.article "
                f"WHERE fi.id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                found[figure_id] = (path, start, end)
        for finding_id, data, ids in batch:
            spans = [found[i] for i in ids if i in found]
            if spans:
                positions = self._finding_data(data).get("pair_positions")
                yield finding_id, spans, positions

    def findings_by_id(self, finding_ids: Iterable[int]) -> list[dict]:
        """The findings with these catalog row ids (``iter_findings(ids=True)``), each with its
        ``"id"``, in their stored order; ids no finding has are left out."""
        wanted = sorted({int(i) for i in finding_ids})
        found: list[dict] = []
        for start in range(0, len(wanted), INFLATE_BATCH):
            chunk = wanted[start : start + INFLATE_BATCH]
            rows = self.db.execute(
                f"SELECT {_FINDING_SELECT} FROM findings "
                f"WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY {FINDING_ORDER}",
                chunk,
            )
            found += self._inflate_many([(r["id"], self._unpack_finding(r)) for r in rows], True)
        return found

    def _inflate_many(
        self, stored: list[tuple[int, dict]], ids: bool = False, names: dict | None = None
    ) -> list[dict]:
        """Stored findings (their row ids and ``Catalog._unpack_finding``) with their figures (as
        ``findings.public`` shows them: a stored figure's numbers are JSON numbers already) and
        pairs: their members read in one query, then each figure they cite once, as a tuple
        (``names``: the articles already named, as ``_shown_figures`` names them)."""
        members: dict[int, list[tuple[int, str | None]]] = {i: [] for i, _ in stored}
        marks = ",".join("?" * len(stored))
        for finding_id, packed in self.db.execute(
            f"SELECT id, members FROM findings WHERE id IN ({marks})", list(members)
        ):
            figure_ids, days = _unpack_members(packed)
            held = zip(figure_ids, days, strict=True)
            members[finding_id] = [(i, day) for i, day in held if i is not None]
        # each figure read once: findings on one key share most of their figures (a lookup's
        # 187 findings cite 4,500 figures 12,600 times)
        shown: dict[int, tuple] = {}
        names = SourceNames() if names is None else names  # each article's source, named once
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples
        wanted = list({figure_id: None for held in members.values() for figure_id, _ in held})
        for begin in range(0, len(wanted), 500):
            chunk = wanted[begin : begin + 500]
            for row in cursor.execute(
                f"SELECT id, {_SHOWN_FIGURE} FROM figure_rows "
                f"WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                shown[row[0]] = row[1:]
        found = []
        for finding_id, finding in stored:
            if ids:
                finding["id"] = finding_id
            figures = finding["figures"] = list(
                _shown_figures(
                    (
                        (day, *shown[figure_id])
                        for figure_id, day in members[finding_id]
                        if figure_id in shown
                    ),
                    names,
                )
            )
            positions = finding.pop("pair_positions", None)
            if positions is not None:
                finding["pairs"] = [
                    [
                        [figures[i]["path"], figures[i]["start"]],
                        [figures[j]["path"], figures[j]["start"]],
                    ]
                    for i, j in positions
                ]
            found.append(finding)
        return found

    def count_findings(self, kinds: Iterable[str] | None = None) -> int:
        where, args = self._kinds(kinds)
        return int(self.db.execute(f"SELECT count(*) FROM findings {where}", args).fetchone()[0])

    @staticmethod
    def _kinds(kinds: Iterable[str] | None) -> tuple[str, list[str]]:
        if kinds is None:
            return "", []
        wanted = sorted(set(kinds))
        return f"WHERE kind IN ({','.join('?' * len(wanted))})", wanted

    def memberships(self, path: str) -> list[tuple[int, int, str, str]]:
        """(figure start, finding id, kind, why) for every finding citing a figure of ``path``,
        without reading the findings' full figure lists."""
        row = self.db.execute("SELECT memberships FROM articles WHERE path = ?", (path,)).fetchone()
        if row is None or row[0] is None:
            return []
        pairs = _unpack_memberships(row[0])
        starts: dict[int, int] = {}
        findings: dict[int, tuple[str, str]] = {}
        for table, columns, wanted in (
            ("figures", "id, start", sorted({f for f, _ in pairs})),
            ("findings", "id, kind, data", sorted({f for _, f in pairs})),
        ):
            for begin in range(0, len(wanted), MEMBER_CHUNK):
                chunk = wanted[begin : begin + MEMBER_CHUNK]
                for key, *rest in self.db.execute(
                    f"SELECT {columns} FROM {table} WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ):
                    if table == "figures":
                        starts[key] = rest[0]
                    else:
                        findings[key] = (rest[0], self._finding_why(rest[1]))
        found = [
            (starts[figure_id], finding_id, *findings[finding_id])
            for figure_id, finding_id in pairs
            if figure_id in starts and finding_id in findings
        ]
        found.sort(key=lambda item: (item[0], item[1]))
        return found

    def finding_figures(self, finding_id: int, except_path: str, limit: int = 20) -> list[dict]:
        """Figures of one finding from articles other than ``except_path``."""
        row = self.db.execute("SELECT members FROM findings WHERE id = ?", (finding_id,))
        packed = row.fetchone()
        if packed is None:
            return []
        size = max(0, limit) + 8  # (a few more than asked: most are other articles')
        ids = _first_members(packed[0], size)  # (its first figures, not all of them)
        whole = ids is None
        if ids is None:
            ids = _unpack_members(packed[0])[0]
        found: list[dict] = []
        begin = 0
        while len(found) < limit:
            if begin >= len(ids) and not whole:
                ids, whole = _unpack_members(packed[0])[0], True
            if begin >= len(ids):
                break
            chunk = [i for i in ids[begin : begin + size] if i is not None]
            begin, size = begin + size, MEMBER_CHUNK
            rows = {
                row["id"]: row
                for row in self.db.execute(
                    f"SELECT id, {_SOURCED_COLUMNS} FROM figure_rows "
                    f"WHERE id IN ({','.join('?' * len(chunk))}) AND path != ?",
                    [*chunk, except_path],
                )
            }
            for figure_id in chunk:
                if figure_id in rows and len(found) < limit:
                    found.append(_sourced(rows[figure_id]))
        return found

    def iter_findings_for_key(
        self,
        entity: str | None,
        attribute: str | None,
        kinds: Iterable[str] | None = None,
        streamed: bool = False,
    ) -> Iterator[dict]:
        """``findings_for_key`` with no limit, read a batch at a time (``_read_findings``;
        ``streamed``: a large finding's figures read as they are written)."""
        where, args = self._key_where("findings", entity, attribute, kinds)
        yield from self._read_findings(
            f"WHERE {where} ORDER BY {FINDING_ORDER}", args, streamed=streamed
        )

    def findings_for_key(
        self,
        entity: str | None,
        attribute: str | None,
        kinds: Iterable[str] | None = None,
        limit: int = 0,
    ) -> list[dict]:
        """Findings about an entity and/or attribute, in their order; ``kinds`` and ``limit``
        (0: all) read only those asked for (a lookup shows ten, not 200 findings' figures)."""
        return self._by_key("findings", entity, attribute, FINDING_ORDER, kinds, limit)

    def count_findings_for_key(
        self, entity: str | None, attribute: str | None, kinds: Iterable[str] | None = None
    ) -> int:
        """How many findings ``findings_for_key`` gives with no limit, without reading them."""
        where, args = self._key_where("findings", entity, attribute, kinds)
        return int(
            self.db.execute(f"SELECT count(*) FROM findings WHERE {where}", args).fetchone()[0]
        )

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def begin_run(self) -> bool:
        """Mark an indexing run as under way (committed at once); True if the previous run
        left the mark, i.e. died between its Whoosh and catalog commits."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'writing'").fetchone()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('writing', '1')")
        self.db.commit()
        return bool(row and row[0] == "1")

    def end_run(self) -> None:
        """Clear the mark, in the same transaction as the run's catalog changes."""
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('writing', '0')")

    def commit(self) -> None:
        self.db.commit()

    def vacuum(self) -> None:
        """Rewrite the catalog with every page full (its indexes were filled in random order)
        and its write-ahead log folded in; nothing else may have it open."""
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
