"""Syndicated copies: the same wire text, lightly edited, run by several outlets.

Five outlets running one AFP story are one source, not five: findings should count independent
sources, and a copy should neither corroborate nor contradict its own original. Copies are found
at index time by MinHash (``datasketch``) over word 5-grams of an article's body (its title and
header lines left out: outlets rewrite headlines), with locality-sensitive hashing: each
signature's 128 values cut into 32 bands of 4, each band's hash kept in an indexed table, so a new
article meets the articles sharing a band with it by one indexed query, not by reading every
signature again. That table is a temporary one of the indexing run's connection, filled from the
signatures when the run first puts an article (issue 17: in the catalog file it took a tenth of
the corpus's size on disk, 16 bytes a band). A signature's values are 32-bit (datasketch
keeps ``hashvalues`` below 2**32): stored as such, 512 bytes an article; a band's key is a
64-bit integer hash of its number and values, and articles are named by their catalog id
(``articles.id``). A candidate pair is a copy when its estimated Jaccard similarity is at least
``THRESHOLD``; copies of copies are one group (connected components).

For the findings engine:

- ``copy_groups(catalog) -> {path: group}``: every article's group (an article with no copy is
  its own group); a group is named by its first article (earliest date, then path): the
  original, as far as dates tell.
- ``are_copies(groups, a, b)``: whether two articles are copies of one another.
- ``independent_sources(paths, groups)``: how many independent sources a set of articles is.
- ``copy_pairs(catalog)``: the pairs found, with their estimated similarity.

Measured on a generated set built from the real articles of ``eval/`` and ``seeds/`` (copies
with a changed headline, a sentence dropped or added, white space changed, a figure changed;
other outlets' articles on the same story as non-copies): ``tools/copies_eval.py``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Iterable

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 × 4 = 128; a pair at Jaccard 0.5 shares a band with p = 0.87…
SHINGLE = 5  # words
THRESHOLD = 0.5  # estimated Jaccard similarity of two copies, at least
MIN_SHINGLES = 25  # a shorter body (a caption, a tweet, a two-sentence flash that anyone would
# word alike: "En Turquie, le séisme a fait 2 921 morts.") is nobody's copy
SEED = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS copy_signatures (
    article INTEGER PRIMARY KEY, signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS copy_pairs (a TEXT NOT NULL, b TEXT NOT NULL, similarity REAL NOT NULL,
    PRIMARY KEY (a, b));
CREATE INDEX IF NOT EXISTS copy_pairs_by_b ON copy_pairs(b);
"""

_BANDS = """CREATE TEMP TABLE IF NOT EXISTS copy_bands (
    key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (key, article)
) WITHOUT ROWID"""

# marks that vary between two runs of one text: Arabic harakat and tatweel, Hebrew points
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0591-\u05c7]")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text as compared: case, compatibility forms, diacritics and punctuation
    set aside (a copy re-typeset, re-punctuated or re-vowelled is still a copy)."""
    text = _MARKS.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall(text)


def shingles(text: str) -> set[bytes]:
    tokens = words(text)
    return {
        " ".join(tokens[i : i + SHINGLE]).encode("utf-8")
        for i in range(max(0, len(tokens) - SHINGLE + 1))
    }


def signature(body: str) -> bytes | None:
    """The MinHash signature of an article's body (NUM_PERM 32-bit values), or None when the
    body is too short to tell a copy."""
    grams = shingles(body)
    if len(grams) < MIN_SHINGLES:
        return None
    import numpy as np
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(list(grams))
    values = np.asarray(minhash.hashvalues, dtype=np.uint64)
    if int(values.max()) >> 32:  # (datasketch masks them to 32 bits: never so far)
        raise ValueError("MinHash values wider than 32 bits")
    return values.astype("<u4").tobytes()


def similarity(one: bytes, other: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    import numpy as np

    a = np.frombuffer(one, dtype="<u4")
    b = np.frombuffer(other, dtype="<u4")
    return float(np.count_nonzero(a == b)) / NUM_PERM


def band_keys(sig: bytes) -> list[int]:
    """Each band's key: a signed 64-bit hash of the band's number and its ROWS values."""
    width = 4 * ROWS
    return [
        int.from_bytes(
            hashlib.blake2b(
                bytes((band,)) + sig[band * width : (band + 1) * width], digest_size=8
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(BANDS)
    ]


# --- in the catalog ----------------------------------------------------------------------------


def _db(catalog) -> sqlite3.Connection:
    return catalog.db if hasattr(catalog, "db") else catalog


def ensure_tables(catalog) -> None:
    _db(catalog).executescript(_SCHEMA)


def _has_bands(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT count(*) FROM sqlite_temp_master WHERE name = 'copy_bands'")
    return bool(row.fetchone()[0])


def _bands(db: sqlite3.Connection) -> None:
    """The band index (``copy_bands``) of this connection, made from the stored signatures
    the first time a run puts an article (at 50,000 articles: 1.6M bands, ~2 s)."""
    if _has_bands(db):
        return
    db.execute(_BANDS)
    signatures = db.execute("SELECT article, signature FROM copy_signatures")
    db.executemany(
        "INSERT INTO temp.copy_bands VALUES (?,?)",
        ((key, article) for article, sig in signatures for key in band_keys(sig)),
    )


def _has_tables(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'copy_pairs'").fetchone()
    return bool(row[0])


def _article_id(db: sqlite3.Connection, path: str) -> int | None:
    row = db.execute("SELECT id FROM articles WHERE path = ?", (path,)).fetchone()
    return None if row is None else int(row[0])


def forget(catalog, path: str) -> None:
    """Drop an article (about to be removed from the catalog, or put again): its signature,
    its bands (found again from its signature) and its pairs."""
    db = _db(catalog)
    article = _article_id(db, path)
    if article is not None:
        row = db.execute(
            "SELECT signature FROM copy_signatures WHERE article = ?", (article,)
        ).fetchone()
        if row is not None:
            if _has_bands(db):  # (else made later, without it)
                db.executemany(
                    "DELETE FROM temp.copy_bands WHERE key = ? AND article = ?",
                    [(key, article) for key in band_keys(row[0])],
                )
            db.execute("DELETE FROM copy_signatures WHERE article = ?", (article,))
    db.execute("DELETE FROM copy_pairs WHERE a = ? OR b = ?", (path, path))


def put(catalog, path: str, sig: bytes | None) -> None:
    """Record the signature of an article already in the catalog and pair it with the copies
    the catalog holds."""
    db = _db(catalog)
    forget(db, path)
    article = _article_id(db, path)
    if sig is None or article is None:
        return
    _bands(db)
    keys = band_keys(sig)
    candidates: set[int] = set()
    for key in keys:
        rows = db.execute("SELECT article FROM temp.copy_bands WHERE key = ?", (key,))
        candidates.update(row[0] for row in rows)
    candidates.discard(article)
    for other in sorted(candidates):
        row = db.execute(
            "SELECT s.signature, a.path FROM copy_signatures s JOIN articles a "
            "ON a.id = s.article WHERE s.article = ?",
            (other,),
        ).fetchone()
        if row is None:
            continue
        score = similarity(sig, row[0])
        if score >= THRESHOLD:
            a, b = sorted((path, row[1]))
            db.execute("INSERT OR REPLACE INTO copy_pairs VALUES (?,?,?)", (a, b, score))
    db.execute("INSERT INTO copy_signatures VALUES (?,?)", (article, sig))
    db.executemany("INSERT INTO temp.copy_bands VALUES (?,?)", [(key, article) for key in keys])


def drop_missing(catalog) -> None:
    """Forget the articles the catalog no longer holds."""
    db = _db(catalog)
    for table in ("copy_signatures", "temp.copy_bands") if _has_bands(db) else ("copy_signatures",):
        db.execute(f"DELETE FROM {table} WHERE article NOT IN (SELECT id FROM articles)")
    db.execute(
        "DELETE FROM copy_pairs WHERE a NOT IN (SELECT path FROM articles) "
        "OR b NOT IN (SELECT path FROM articles)"
    )


def copy_pairs(catalog) -> list[tuple[str, str, float]]:
    """Every pair of articles found to be copies: (path, path, estimated similarity)."""
    db = _db(catalog)
    if not _has_tables(db):
        return []
    return [tuple(r) for r in db.execute("SELECT a, b, similarity FROM copy_pairs ORDER BY a, b")]


def group_pairs(paths: Iterable[str], pairs: Iterable[tuple[str, str]], first=None) -> dict:
    """Connected components of ``pairs`` over ``paths``: path → its group's name, the group's
    first path by ``first`` (a sort key; default: the path itself)."""
    parent: dict[str, str] = {path: path for path in paths}

    def root(path: str) -> str:
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for a, b in pairs:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra
    members: dict[str, list[str]] = {}
    for path in parent:
        members.setdefault(root(path), []).append(path)
    key = first or (lambda path: path)
    groups = {}
    for group in members.values():
        name = min(group, key=key)
        for path in group:
            groups[path] = name
    return groups


def copy_groups(catalog) -> dict[str, str]:
    """Every article's copy group: path → the path of the group's first article (earliest
    date, then path). An article with no copy is its own group."""
    db = _db(catalog)
    dates = {row[0]: row[1] for row in db.execute("SELECT path, date FROM articles")}
    pairs = [(a, b) for a, b, _ in copy_pairs(db)]
    return group_pairs(dates, pairs, first=lambda path: (dates[path] or "9999", path))


def are_copies(groups: dict[str, str], a: str, b: str) -> bool:
    """Whether two articles are copies of one another (``groups``: from ``copy_groups``)."""
    return a != b and groups.get(a, a) == groups.get(b, b)


def independent_sources(paths: Iterable[str], groups: dict[str, str]) -> int:
    """How many independent sources the articles ``paths`` are: copies count once."""
    return len({groups.get(path, path) for path in paths})
