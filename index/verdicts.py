"""Verdicts: what a person decided about a pair of figures that a finding relates.

**Ids.** A verdict is given to a *pair of figures*, the two passages a person compares side by
side, never to a finding as a whole (a finding gains and loses members as articles come and go).
A figure is keyed by the content hash of its article (``articles.sha1``, the SHA-1 of the file's
bytes) and its span in the decoded text: ``'<sha1>:<start>-<end>'``. A pair's id is the first 12
hex digits of the SHA-1 of its two figure keys, sorted and joined by a newline. So an id depends
on what the two articles say and where, never on file names, catalog row ids, the order of
indexing or the generation: it survives re-indexing, the same files indexed again, a ``--rebuild``
and a moved corpus folder, and the pairs a finding already had keep their ids (and verdicts) when
a new article joins it. An article whose bytes change gets new keys: its old verdicts no longer
match any pair (they stay stored, and ``factdesk verdict ID --clear`` removes them).

**Storage.** Verdicts live in ``verdicts.sqlite`` at the root of the index folder (beside
``current`` and the generations, inside the folder factdesk owns), not in a generation's
catalog, which a rebuild replaces. Each change is one SQLite transaction; readers open the file
read-only and see no verdicts when it does not exist yet.

**Use.** ``annotate`` adds to a finding the id of each of its pairs (``pair_ids``, in the order
of ``pairs``), the verdicts given to them (``verdicts``), and a summary (``verdict``,
``checked``). A conflict or possible conflict whose every disagreeing pair is ``dismissed``
("not the same quantity") is no longer one: its kind becomes ``dismissed`` (``was`` keeps the
kind the engine gave it). A finding whose pair list was cut (``pairs_complete`` false) is never
dismissed: its unlisted pairs were not looked at.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from .datafiles import json_data

VERDICTS_FILE = "verdicts.sqlite"
ID_LENGTH = 12  # hex digits of a pair id: 48 bits, no collision in any real corpus
NOTE_MAX = 2000  # characters of a note; a longer one is refused
SCHEMA_VERSION = 1
DISMISSED = "dismissed"
DISMISSIBLE = ("conflict", "possible")  # kinds a dismissed verdict can undo

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdicts (
    id TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    first TEXT NOT NULL,
    second TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


class VerdictError(RuntimeError):
    """A verdict that cannot be stored or read, told in one line."""


@cache
def verdict_kinds() -> dict[str, dict]:
    """The verdicts a person can give, with what each means (``data/verdicts.json``)."""
    return dict(json_data("verdicts.json")["verdicts"])


def figure_key(sha1: str, start: int, end: int) -> str:
    return f"{sha1}:{int(start)}-{int(end)}"


def pair_id(first: str, second: str) -> str:
    """The stable id of a pair of figures, from their keys (``figure_key``) in either order."""
    joined = "\n".join(sorted((first, second)))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:ID_LENGTH]


def normalise_id(text: str) -> str | None:
    """A pair id as typed ('  3F2A…') → its stored form, or None when it cannot be one."""
    candidate = text.strip().lower()
    if len(candidate) == ID_LENGTH and all(c in "0123456789abcdef" for c in candidate):
        return candidate
    return None


@dataclass(frozen=True)
class Verdict:
    id: str
    verdict: str
    note: str
    first: str  # the figure keys of the pair
    second: str
    updated: str  # ISO 8601, UTC, to the second

    def public(self) -> dict:
        return {"id": self.id, "verdict": self.verdict, "note": self.note, "updated": self.updated}


def verdicts_path(index_dir: Path) -> Path:
    return Path(index_dir) / VERDICTS_FILE


def load(index_dir: Path) -> dict[str, Verdict]:
    """Every stored verdict by pair id; none when the file does not exist yet (it is never
    created by a reader, so a read-only index folder still reads)."""
    path = verdicts_path(index_dir)
    if not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = db.execute(
                "SELECT id, verdict, note, first, second, updated FROM verdicts"
            ).fetchall()
        finally:
            db.close()
    except sqlite3.Error as err:
        raise VerdictError(f"cannot read the verdicts in {path}: {err}") from None
    return {row[0]: Verdict(*row) for row in rows}


def _writable(index_dir: Path) -> sqlite3.Connection:
    path = verdicts_path(index_dir)
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            db.close()
            raise VerdictError(f"{path} was written by another version of factdesk")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return db
    except sqlite3.Error as err:
        raise VerdictError(f"cannot write the verdicts in {path}: {err}") from None


def check_note(note: str) -> None:
    if len(note) > NOTE_MAX:
        raise VerdictError(f"the note is {len(note)} characters long; at most {NOTE_MAX}")


def record(
    index_dir: Path, pair: str, verdict: str, first: str, second: str, note: str = ""
) -> Verdict:
    """Store (or replace) the verdict on a pair, in one transaction. The note is stored as
    given (it is sanitised where it is shown), at most ``NOTE_MAX`` characters."""
    if verdict not in verdict_kinds():
        raise VerdictError(f"unknown verdict {verdict!r} (one of: {', '.join(verdict_kinds())})")
    check_note(note)
    updated = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    stored = Verdict(pair, verdict, note, first, second, updated)
    _write(
        index_dir,
        "INSERT OR REPLACE INTO verdicts VALUES (?,?,?,?,?,?)",
        (pair, verdict, note, first, second, updated),
    )
    return stored


def _write(index_dir: Path, statement: str, parameters: tuple) -> int:
    """One change to the verdicts, in its own transaction; the number of rows it changed."""
    db = _writable(index_dir)
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            return db.execute(statement, parameters).rowcount
    except sqlite3.Error as err:
        raise VerdictError(
            f"cannot write the verdicts in {verdicts_path(index_dir)}: {err}"
        ) from None
    finally:
        db.close()


def clear(index_dir: Path, pair: str) -> bool:
    """Remove the verdict on a pair; False when there was none."""
    if not verdicts_path(index_dir).is_file():
        return False
    return _write(index_dir, "DELETE FROM verdicts WHERE id = ?", (pair,)) > 0


def pair_keys(finding: dict, hashes: Mapping[str, str]) -> list[tuple[str, str] | None]:
    """The figure keys of each of a finding's pairs, in order (None for a pair whose figures or
    article are not known: no id)."""
    figures = finding.get("figures", [])
    # a finding read streamed (``Catalog.iter_findings(streamed=True)``) carries the ends of
    # the figures its pairs name, so that its figures are not read twice
    spans = getattr(figures, "spans", None)
    if spans is None:
        spans = {(f["path"], f["start"]): f["end"] for f in figures}
    keys: list[tuple[str, str] | None] = []
    for pair in finding.get("pairs") or []:
        ends = []
        for path, start in pair:
            end = spans.get((path, start))
            sha1 = hashes.get(path)
            if end is None or not sha1:
                break
            ends.append(figure_key(sha1, start, end))
        keys.append((ends[0], ends[1]) if len(ends) == 2 else None)
    return keys


def annotate(finding: dict, hashes: Mapping[str, str], verdicts: Mapping[str, Verdict]) -> dict:
    """A finding with its pairs' ids and verdicts (see the module's docstring); the same dict,
    changed in place."""
    keys = pair_keys(finding, hashes)
    ids = [pair_id(*k) if k else None for k in keys]
    finding["pair_ids"] = ids
    given = [verdicts[i] for i in ids if i is not None and i in verdicts]
    finding["verdicts"] = [v.public() for v in given]
    finding["checked"] = len(given)
    names = {v.verdict for v in given}
    finding["verdict"] = None if not names else names.pop() if len(names) == 1 else "mixed"
    if (
        finding["kind"] in DISMISSIBLE
        and ids
        and finding.get("pairs_complete", True)
        and len(given) == len(ids)
        and all(v.verdict == DISMISSED for v in given)
    ):
        finding["was"] = finding["kind"]
        finding["kind"] = DISMISSED
    return finding


def annotate_all(
    findings: Iterable[dict], hashes: Mapping[str, str], verdicts: Mapping[str, Verdict]
) -> Iterator[dict]:
    for finding in findings:
        yield annotate(finding, hashes, verdicts)


def content_hashes(catalog) -> dict[str, str]:
    """Each indexed article's content hash, by path."""
    return {path: sha1 for path, (_, _, sha1) in catalog.signatures().items()}


class ArticleHashes(Mapping[str, str]):
    """``content_hashes`` read as they are asked for, the last few thousand held: for a
    command that names the pairs of a few findings (``ask``) or of every finding one at a
    time (``conflicts --json``), without a dict of every article (50,000 at 50k)."""

    HELD = 4096

    def __init__(self, catalog):
        self._db = catalog.db
        self._held: dict[str, str] = {}

    def __getitem__(self, path: str) -> str:
        found = self._held.get(path)
        if found is None:
            row = self._db.execute("SELECT sha1 FROM articles WHERE path = ?", (path,)).fetchone()
            if row is None:
                raise KeyError(path)
            if len(self._held) >= self.HELD:
                self._held.clear()
            found = self._held[path] = row[0]
        return found

    def read(self, paths: Iterable[str]) -> None:
        """Read these paths' hashes now, a few hundred a query (as many as are held), not one
        query each as they are asked for: a lookup's findings name 1,500 articles at 50k."""
        wanted = list({path: None for path in paths if path not in self._held})
        wanted = wanted[: max(0, self.HELD - len(self._held))]
        for begin in range(0, len(wanted), 500):
            chunk = wanted[begin : begin + 500]
            self._held.update(
                self._db.execute(
                    f"SELECT path, sha1 FROM articles WHERE path IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            )

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._db.execute("SELECT path FROM articles"))

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])


def find_pair(catalog, pair: str) -> tuple[dict, int, tuple[str, str]] | None:
    """The first finding (in the listed order) that relates the pair ``pair``, the pair's
    position in it and its figure keys; None when no finding of the index does. The pairs'
    ids are worked out from the stored spans (``Catalog.iter_pair_spans``); only the finding
    that holds the pair is built, and a finding whose pairs are stored by key is built to be
    read."""
    hashes = content_hashes(catalog)
    for finding_id, spans, positions in catalog.iter_pair_spans():
        if positions is None:
            (finding,) = catalog.findings_by_id([finding_id])
            for position, keys in enumerate(pair_keys(finding, hashes)):
                if keys is not None and pair_id(*keys) == pair:
                    return _without_id(finding), position, keys
            continue
        for position, (i, j) in enumerate(positions):
            ends = [spans[i], spans[j]] if max(i, j) < len(spans) else []
            found = [figure_key(hashes[p], s, e) for p, s, e in ends if p in hashes and e]
            if len(found) == 2 and pair_id(found[0], found[1]) == pair:
                (finding,) = catalog.findings_by_id([finding_id])
                return _without_id(finding), position, (found[0], found[1])
    return None


def _without_id(finding: dict) -> dict:
    finding.pop("id", None)  # the catalog's row id: never in the output
    return finding
