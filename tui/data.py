"""What the app shows, read from the index on demand: the article rows, one article's stored
text, and the status of each of its figures. No Textual here, so it is tested without a UI."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factdesk.index.catalog import ArticleRow
from factdesk.index.figures.findings import overlaps
from factdesk.index.figures.model import from_dict
from factdesk.index.store import current_generation, fresh_searcher, open_store

# 'dismissed': a conflict (or possible one) whose pairs with this figure were all given the
# verdict "not the same quantity"
STATUS_ORDER = ("conflict", "possible", "changed", "agree", "dismissed", "unchecked")
STATUS_SYMBOL = {
    "conflict": "✗",
    "possible": "?",
    "changed": "↻",
    "agree": "✓",
    "dismissed": "≠",
    "unchecked": "·",
}


def without_colour(styles: dict[str, str]) -> dict[str, str]:
    """Under NO_COLOR (no-color.org) Textual turns colours into greys, and red becomes the
    darkest: the marks keep only weight, slant, underline and reverse, on the default colours."""
    import os

    if not os.environ.get("NO_COLOR"):
        return styles
    from rich.style import Style

    return {key: str(Style.parse(style).without_color) for key, style in styles.items()}


# Colours as values, not ANSI names: Textual turns 'red' into its theme's red, which a 16-colour
# terminal shows as magenta (and 'yellow' as bright red). These stay red, magenta, yellow and
# green, and different from each other, with 16 and 256 colours too.
MARK_COLOURS = {
    "conflict": "#ff3030",
    "possible": "#d040d0",
    "changed": "#f0d000",
    "agree": "#30d030",
}
# How each status looks besides its colour: in rows ('status', the mark reversed for a
# conflict) and in the reading view ('mark', underlined). The conflict mark is the most prominent
# in every mode; each differs from the others by more than colour. The widgets' component
# classes start from these (``widgets/marks.py``); a theme or the App's CSS may restyle them.
MARK_LOOKS = {
    "status": {
        "conflict": "bold reverse",
        "possible": "bold",
        "changed": "italic",
        "agree": "none",
        "dismissed": "strike",
        "unchecked": "dim",
    },
    "mark": {
        "conflict": "bold underline",
        "possible": "bold italic underline",
        "changed": "italic underline",
        "agree": "underline",
        "dismissed": "strike underline",
        "unchecked": "dim underline",
    },
}
STATUS_STYLE = without_colour(  # the row style where no widget's classes are at hand
    {
        status: " ".join(
            word for word in (look, MARK_COLOURS.get(status, "")) if word and word != "none"
        )
        for status, look in MARK_LOOKS["status"].items()
    }
)


@dataclass
class FigureFlag:
    """A figure of the open article, with what the other sources say about it."""

    figure: dict
    status: str
    finding: dict | None = None
    others: list[dict] = field(default_factory=list)
    shown: int = 0  # which of ``others`` the panel shows and `g` goes to (`o`: the next one)
    # the verdicts on this figure's pairs, by the other figure's (path, start)
    verdicts: dict[tuple[str, int], dict] = field(default_factory=dict)

    @property
    def other(self) -> dict | None:
        return self.others[self.shown % len(self.others)] if self.others else None

    @property
    def verdict(self) -> dict | None:
        """The verdict on the pair of this figure and the other source shown, if any; else
        the one its pairs share."""
        other = self.other
        if other is not None and (other["path"], other["start"]) in self.verdicts:
            return self.verdicts[(other["path"], other["start"])]
        names = {v["verdict"] for v in self.verdicts.values()}
        return next(iter(self.verdicts.values())) if len(names) == 1 else None

    @property
    def symbol(self) -> str:
        return STATUS_SYMBOL[self.status]

    def summary(self) -> str:
        """What the finding says, its sources by name (``sources.name_sources``)."""
        from factdesk.index.sources import name_sources

        if self.finding is None:
            return "not checked against other sources"
        why = name_sources(self.finding["why"], [self.figure, *self.others])
        if self.status == "agree":
            n = len({f["path"] for f in self.others})
            return f"agrees with {n} other article(s): {why}"
        return why


@dataclass
class ArticleEntry:
    row: ArticleRow
    conflicts: int = 0
    flagged: int = 0
    # the verdict given to pairs of its figures: 'confirmed', 'dismissed', 'resolved', or
    # 'mixed' when they differ; None when none was given
    verdict: str | None = None


# `s` in the article list: the order after the index's (by file), in turn
ARTICLE_SORTS = ("file", "date", "source", "conflicts")
ARTICLE_SORT_LABELS = {
    "file": "file order",
    "date": "date (newest first, undated last)",
    "source": "source (outlet, then newest first)",
    "conflicts": "conflicts (most ✗ first, then ↻)",
}


def sort_articles(items: list, key: str, entries: dict[str, ArticleEntry]) -> list:
    """The article list (entries, or search hits: ``entries`` gives each hit's row and
    counts by path) in the order ``key`` says; stable: ties keep the order they came in (a
    search's relevance, else the file order)."""
    from factdesk.index.sources import outlet

    if key == "file" or key not in ARTICLE_SORTS:
        return list(items)

    def entry(item) -> ArticleEntry | None:
        return item if isinstance(item, ArticleEntry) else entries.get(item.path)

    def date(item) -> str:
        found = entry(item)
        return found.row.date if found is not None else getattr(item, "published", "")

    newest = sorted(items, key=date, reverse=True)  # (reverse keeps ties in order; '' last)
    if key == "date":
        return newest
    if key == "source":

        def source(item) -> str:
            found = entry(item)
            if found is None:
                return (getattr(item, "outlet", "") or "").casefold()
            return outlet(found.row.source, found.row.path).casefold()

        return sorted(newest, key=source)

    def counts(item) -> tuple[int, int]:
        found = entry(item)
        return (0, 0) if found is None else (-found.conflicts, -found.flagged)

    return sorted(items, key=counts)


class AppData:
    """Thread-safe access to one index for the app's workers."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._closed = False
        self._store = open_store(index_dir)
        # opened once, here in the loading worker; refreshed when an indexer commits
        self._searcher = fresh_searcher(index_dir)
        self._hashes: dict[str, str] | None = None  # content hashes by path (verdict ids)

    def close(self) -> None:
        """Closed under the lock: a worker still reading (the app quit while the index was
        loading) finishes its query first; closing SQLite under a running query crashed the
        process. Afterwards the workers get nothing."""
        with self._lock:
            self._closed = True
            self._searcher.close()
            self._store.close()

    def refresh(self) -> None:
        """After this process indexed new articles (a feed update): the catalog and the
        searcher read what is published now, the content hashes are read again."""
        with self._lock:
            if self._closed:
                return
            if current_generation(self.index_dir) not in (None, self._store.directory):
                old, self._store = self._store, open_store(self.index_dir)
                old.close()
            self._searcher = fresh_searcher(self.index_dir, self._searcher)
            self._hashes = None

    def _catalog(self):
        """The catalog of the published generation: reopened when another process has
        rebuilt the index since (the caller holds the lock)."""
        if current_generation(self.index_dir) not in (None, self._store.directory):
            old, self._store = self._store, open_store(self.index_dir)
            old.close()
            self._hashes = None
        return self._store.catalog

    def _content_hashes(self) -> dict[str, str]:
        """Each article's content hash, by path (the caller holds the lock)."""
        from factdesk.index.verdicts import content_hashes

        catalog = self._catalog()
        if self._hashes is None:
            self._hashes = content_hashes(catalog)
        return self._hashes

    # --- findings and verdicts ---------------------------------------------------------------
    def finding_rows(self, batch: int = 500) -> Iterator[list]:
        """Every finding of the corpus as a short row (``tui.findings.FindingRow``), in the
        catalog's order, a batch at a time. Read through a connection of its own, so that
        opening articles meanwhile never waits for it; no article body is read."""
        from factdesk.index.catalog import Catalog
        from factdesk.index.store import CATALOG_FILE
        from factdesk.index.verdicts import annotate, content_hashes, load

        from .findings import row_of

        generation = current_generation(self.index_dir)
        if generation is None or self._closed:
            return
        catalog = Catalog(generation / CATALOG_FILE, writable=False)
        try:
            langs = {row.path: row.lang for row in catalog.articles()}
            hashes = content_hashes(catalog)
            given = load(self.index_dir)
            rows = []
            for order, finding in enumerate(catalog.iter_findings(ids=True)):
                rows.append(row_of(annotate(finding, hashes, given), order, langs))
                if len(rows) >= batch:
                    yield rows
                    rows = []
            if rows:
                yield rows
        finally:
            catalog.close()

    def finding(self, finding_id: int) -> dict | None:
        """One finding with its figures, its pairs' ids and verdicts (``verdicts.annotate``)."""
        from factdesk.index.verdicts import annotate, load

        given = load(self.index_dir)
        with self._lock:
            if self._closed:
                return None
            found = self._catalog().findings_by_id([finding_id])
            hashes = self._content_hashes()
        return annotate(found[0], hashes, given) if found else None

    def set_verdict(
        self,
        finding_id: int,
        verdict: str | None,
        note: str | None = None,
        pair: int | None = None,
    ) -> tuple[dict, int]:
        """Record ``verdict`` (None: clear it) on one pair of a finding (``pair``: its
        position) or on each of its pairs; ``note`` None keeps each pair's note. Returns the
        finding annotated anew and how many pairs were changed. Raises
        ``verdicts.VerdictError`` (one line) when it cannot."""
        from factdesk.index import verdicts
        from factdesk.index.store import StoreError, claim_index_dir

        with self._lock:
            if self._closed:
                raise verdicts.VerdictError("the index is closed")
            found = self._catalog().findings_by_id([finding_id])
            hashes = self._content_hashes()
        if not found:
            raise verdicts.VerdictError("this finding is no longer in the index")
        finding = found[0]
        keys = verdicts.pair_keys(finding, hashes)
        chosen = range(len(keys)) if pair is None else [pair]
        targets = [
            (verdicts.pair_id(*key), key)
            for key in (keys[i] for i in chosen if 0 <= i < len(keys))
            if key is not None
        ]
        if not targets:
            raise verdicts.VerdictError("this finding has no pair of figures to judge")
        given = verdicts.load(self.index_dir)
        changed = 0
        if verdict is None:
            for pair_id, _ in targets:
                changed += verdicts.clear(self.index_dir, pair_id)
        else:
            try:
                claim_index_dir(self.index_dir)
            except StoreError as err:
                raise verdicts.VerdictError(str(err)) from None
            for pair_id, (first, second) in targets:
                old = given.get(pair_id)
                kept = note if note is not None else (old.note if old else "")
                verdicts.record(self.index_dir, pair_id, verdict, first, second, kept)
                changed += 1
        return verdicts.annotate(finding, hashes, verdicts.load(self.index_dir)), changed

    def articles(self) -> list[ArticleEntry]:
        """The article rows with their ✗N (conflicting figures) and ↻N (conflicting or changed)
        counts, less the figures whose pairs were all dismissed by verdicts."""
        from factdesk.index.verdicts import DISMISSED, load

        given = load(self.index_dir)
        with self._lock:
            if self._closed:
                return []
            self._catalog()
            counts = self._store.catalog.flag_counts()
            rows = self._store.catalog.articles()
            if any(v.verdict == DISMISSED for v in given.values()):
                counts.update(self._counts_after_verdicts(given))
            judged = self._verdicts_by_path(given) if given else {}
        entries = []
        for row in rows:
            conflicts, flagged = counts.get(row.path, (0, 0))
            entries.append(ArticleEntry(row, conflicts, flagged, judged.get(row.path)))
        return entries

    def _verdicts_by_path(self, given) -> dict[str, str]:
        """The verdict each article's figures were given (by the figure keys the verdicts
        name: no finding is read), 'mixed' when they differ (the caller holds the lock)."""
        by_hash: dict[str, list[str]] = {}
        for path, sha1 in self._content_hashes().items():
            by_hash.setdefault(sha1, []).append(path)
        kinds: dict[str, set[str]] = {}
        for verdict in given.values():
            for key in (verdict.first, verdict.second):
                for path in by_hash.get(key.partition(":")[0], []):
                    kinds.setdefault(path, set()).add(verdict.verdict)
        return {path: found.pop() if len(found) == 1 else "mixed" for path, found in kinds.items()}

    def _counts_after_verdicts(self, given) -> dict[str, tuple[int, int]]:
        """The counts of the articles a dismissed verdict names, read again with the verdicts:
        only the conflicts (and possible ones) holding a figure such a verdict names are read
        whole; the other findings count as stored (the caller holds the lock)."""
        from factdesk.index.verdicts import DISMISSED, DISMISSIBLE, annotate

        catalog = self._catalog()
        hashes = self._content_hashes()
        by_hash: dict[str, list[str]] = {}
        for path, sha1 in hashes.items():
            by_hash.setdefault(sha1, []).append(path)
        named: dict[str, set[int]] = {}  # the starts of the figures dismissed verdicts name
        for verdict in given.values():
            if verdict.verdict == DISMISSED:
                for key in (verdict.first, verdict.second):
                    sha1, _, span = key.partition(":")
                    for path in by_hash.get(sha1, []):
                        named.setdefault(path, set()).add(int(span.split("-", 1)[0]))
        counts = {}
        for path, starts in named.items():
            memberships = catalog.memberships(path)
            ids = {
                fid
                for start, fid, kind, _ in memberships
                if kind in DISMISSIBLE and start in starts
            }
            judged = {f["id"]: annotate(f, hashes, given) for f in catalog.findings_by_id(ids)}
            statuses: dict[int, set[str]] = {}
            for start, fid, kind, _ in memberships:
                status = _status_in(path, start, judged[fid]) if fid in judged else kind
                statuses.setdefault(start, set()).add(status)
            conflicts = sum(1 for kinds in statuses.values() if "conflict" in kinds)
            flagged = sum(1 for kinds in statuses.values() if kinds - {"agree", "dismissed"})
            counts[path] = (conflicts, flagged)
        return counts

    def article(self, path: str) -> dict | None:
        with self._lock:
            if self._closed:
                return None
            self._searcher = fresh_searcher(self.index_dir, self._searcher)
            fields = self._searcher.document(path=path)
        return dict(fields) if fields else None

    def flags(self, path: str) -> list[FigureFlag]:
        """The article's figures in text order, each with its strongest finding and a few
        figures from the other articles of that finding. With verdicts, a figure whose every
        pair in a conflict was dismissed ("not the same quantity") is ``dismissed`` there, and
        each figure carries the verdicts on its pairs."""
        from factdesk.index.verdicts import annotate, load

        given = load(self.index_dir)
        with self._lock:
            if self._closed:
                return []
            figures = self._catalog().figures(path)
            memberships = self._store.catalog.memberships(path)
            judged: dict[int, dict] = {}
            if given:
                # only the findings of the figures a verdict names (a finding can hold
                # thousands of figures: none is read for an article no verdict is about)
                hashes = self._content_hashes()
                prefix = f"{hashes.get(path, '')}:"
                named = {
                    int(key[len(prefix) :].split("-", 1)[0])
                    for verdict in given.values()
                    for key in (verdict.first, verdict.second)
                    if key.startswith(prefix)
                }
                ids = {finding_id for start, finding_id, _, _ in memberships if start in named}
                for finding in self._store.catalog.findings_by_id(ids):
                    judged[finding["id"]] = annotate(finding, hashes, given)
            best: dict[int, tuple[int, int, str, str]] = {}
            for start, finding_id, kind, why in memberships:
                if finding_id in judged:
                    kind = _status_in(path, start, judged[finding_id])
                rank = STATUS_ORDER.index(kind)
                if start not in best or rank < best[start][0]:
                    best[start] = (rank, finding_id, kind, why)
            others = {
                finding_id: self._store.catalog.finding_figures(finding_id, path)
                for _, finding_id, _, _ in best.values()
            }
        flags = []
        for figure in figures:
            if figure["start"] not in best:
                flags.append(FigureFlag(figure, "unchecked"))
                continue
            _, finding_id, kind, why = best[figure["start"]]
            candidates = others[finding_id]
            if kind == "conflict":
                mine = from_dict(figure)
                disagreeing = [f for f in candidates if not overlaps(from_dict(f), mine)]
                candidates = disagreeing or candidates
            finding = {"kind": kind, "why": why, "id": finding_id}
            flag = FigureFlag(figure, kind, finding, candidates)
            if finding_id in judged:
                flag.verdicts = _pair_verdicts(path, figure["start"], judged[finding_id])
            flags.append(flag)
        return flags


def _pairs_of(path: str, start: int, finding: dict):
    """The (other figure, pair id) of each pair of ``finding`` that holds the figure."""
    for pair, pair_id in zip(
        finding.get("pairs") or [], finding.get("pair_ids") or [], strict=False
    ):
        ends = [tuple(end) for end in pair]
        if (path, start) in ends:
            other = ends[1] if ends[0] == (path, start) else ends[0]
            yield other, pair_id


def _pair_verdicts(path: str, start: int, finding: dict) -> dict[tuple[str, int], dict]:
    given = {v["id"]: v for v in finding.get("verdicts") or []}
    return {
        (str(other[0]), int(other[1])): given[pair_id]
        for other, pair_id in _pairs_of(path, start, finding)
        if pair_id in given
    }


def _status_in(path: str, start: int, finding: dict) -> str:
    """A figure's status in an annotated finding: a conflict (or possible one) whose pairs
    with this figure were all dismissed is ``dismissed`` for it (a figure in none of its
    pairs follows the finding)."""
    from factdesk.index.verdicts import DISMISSED, DISMISSIBLE

    kind = finding["kind"]
    if kind == DISMISSED or kind not in DISMISSIBLE:
        return kind
    dismissed = {v["id"] for v in finding.get("verdicts") or [] if v["verdict"] == DISMISSED}
    ids = [pair_id for _, pair_id in _pairs_of(path, start, finding)]
    if ids and all(pair_id in dismissed for pair_id in ids):
        return DISMISSED
    return kind
