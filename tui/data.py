"""What the app shows, read from the index on demand: the article rows, one article's stored
text, and the status of each of its figures. No Textual here, so it is tested without a UI."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from index.catalog import ArticleRow
from index.figures.findings import overlaps
from index.figures.model import from_dict
from index.store import open_store

STATUS_ORDER = ("conflict", "changed", "agree", "unchecked")
STATUS_SYMBOL = {"conflict": "✗", "changed": "↻", "agree": "✓", "unchecked": "·"}
STATUS_STYLE = {
    "conflict": "bold red", "changed": "yellow", "agree": "green", "unchecked": "dim",
}


@dataclass
class FigureFlag:
    """A figure of the open article, with what the other sources say about it."""

    figure: dict
    status: str
    finding: dict | None = None
    others: list[dict] = field(default_factory=list)

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOL[self.status]

    def summary(self) -> str:
        if self.finding is None:
            return "not checked against other sources"
        if self.status == "agree":
            n = len({f["path"] for f in self.finding["figures"]})
            return f"agrees with {n - 1} other article(s)"
        return self.finding["why"]


@dataclass
class ArticleEntry:
    row: ArticleRow
    conflicts: int = 0
    flagged: int = 0


class AppData:
    """Thread-safe access to one index for the app's workers."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._store = open_store(index_dir)
        self._whoosh = None

    def close(self) -> None:
        self._store.close()

    def articles(self) -> list[ArticleEntry]:
        with self._lock:
            db = self._store.catalog.db
            counts = {
                (path, kind): n
                for path, kind, n in db.execute(
                    "SELECT m.path, f.kind, count(DISTINCT m.start) FROM finding_members m "
                    "JOIN findings f ON f.id = m.finding_id GROUP BY m.path, f.kind"
                )
            }
            rows = self._store.catalog.articles()
        entries = []
        for row in rows:
            conflicts = counts.get((row.path, "conflict"), 0)
            flagged = conflicts + counts.get((row.path, "changed"), 0)
            entries.append(ArticleEntry(row, conflicts, flagged))
        return entries

    def article(self, path: str) -> dict | None:
        with self._lock:
            if self._whoosh is None:
                self._whoosh = self._store.whoosh()
            with self._whoosh.searcher() as searcher:
                fields = searcher.document(path=path)
        return dict(fields) if fields else None

    def flags(self, path: str) -> list[FigureFlag]:
        """The article's figures in text order, each with its strongest finding."""
        with self._lock:
            figures = self._store.catalog.figures(path)
            findings = self._store.catalog.findings_for_path(path)
        flags = []
        for figure in figures:
            best: tuple[int, dict] | None = None
            for finding in findings:
                members = {(f["path"], f["start"]) for f in finding["figures"]}
                if (path, figure["start"]) in members:
                    rank = STATUS_ORDER.index(finding["kind"])
                    if best is None or rank < best[0]:
                        best = (rank, finding)
            if best is None:
                flags.append(FigureFlag(figure, "unchecked"))
                continue
            finding = best[1]
            others = [f for f in finding["figures"] if f["path"] != path]
            if finding["kind"] == "conflict":
                mine = from_dict(figure)
                others = [f for f in others if not overlaps(from_dict(f), mine)] or others
            flags.append(FigureFlag(figure, finding["kind"], finding, others))
        return flags
