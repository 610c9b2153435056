"""The findings screen's rows: one short record per finding of the corpus (never its figures'
list nor any article body), how they sort and filter, and the counts of the status line. No
Textual here, so it is tested without a UI."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from factdesk.index.sanitize import sanitize_inline

# conflicts first, dismissed (no longer a conflict) last
KIND_ORDER = {"conflict": 0, "possible": 1, "changed": 2, "agree": 3, "dismissed": 4}
KIND_SYMBOL = {"conflict": "✗", "possible": "?", "changed": "↻", "agree": "✓", "dismissed": "≠"}
SORTS = ("kind", "confidence", "owner", "date")
SORT_LABELS = {
    "kind": "kind (conflicts first), then confidence",
    "confidence": "confidence",
    "owner": "owner",
    "date": "date (newest first)",
}
# the verdict filter's steps: all, none given, some given, then each verdict
VERDICT_FILTERS: tuple[str | None, ...] = (
    None,
    "unchecked",
    "checked",
    "confirmed",
    "dismissed",
    "resolved",
    "mixed",
)
NO_OWNER = "(no owner)"
T = TypeVar("T")


@dataclass
class FindingRow:
    """What the list shows of a finding, and what it sorts and filters on."""

    id: int  # the catalog row id (``Catalog.findings_by_id``)
    order: int  # its place in the catalog's order
    kind: str
    entity: str
    attribute: str
    why: str  # sanitised, the sources by name
    confidence: float
    langs: tuple[str, ...]
    date: str  # the newest date of its sources ('' when none is dated)
    sources: int
    pairs: int
    checked: int = 0
    verdict: str | None = None
    was: str | None = None
    pair_ids: list[str | None] = field(default_factory=list)
    paths: tuple[str, ...] = ()  # its articles (the stories are made of them)
    headline: str = ""  # its first figure's article's headline (a story without owners)
    story: int = -1  # its story (``find_stories``), once every row is read

    @property
    def owner(self) -> str:
        return self.entity or NO_OWNER

    @property
    def symbol(self) -> str:
        return KIND_SYMBOL.get(self.kind, "·")

    def annotate(self, finding: dict) -> None:
        """Take the verdict fields of ``finding`` (``verdicts.annotate`` gave them)."""
        self.kind = finding["kind"]
        self.was = finding.get("was")
        self.checked = finding.get("checked", 0)
        self.verdict = finding.get("verdict")
        self.pair_ids = list(finding.get("pair_ids") or [])


def row_of(finding: dict, order: int, langs: Mapping[str, str]) -> FindingRow:
    """The row of an annotated finding (``verdicts.annotate``); ``langs``: article languages
    by path."""
    from factdesk.index.sources import name_sources

    figures = finding["figures"]
    paths = {f["path"] for f in figures}
    dates = [f.get("published") or "" for f in figures]
    row = FindingRow(
        id=int(finding.get("id", -1)),
        order=order,
        kind=finding["kind"],
        entity=sanitize_inline(finding.get("entity") or ""),
        attribute=sanitize_inline(finding.get("attribute") or ""),
        why=" ".join(sanitize_inline(name_sources(finding["why"], figures)).split()),
        confidence=float(finding.get("confidence") or 0.0),
        langs=tuple(sorted({langs.get(p, "") for p in paths} - {""})),
        date=max(dates, default=""),
        sources=len(paths),
        pairs=len(finding.get("pairs") or []),
        paths=tuple(sorted(paths)),
        headline=" ".join(sanitize_inline(figures[0].get("headline") or "").split())
        if figures
        else "",
    )
    row.annotate(finding)
    return row


# A finding of more articles than this links none of them into one story (an owner and measure
# that many articles state, 'France deaths', spans stories; stories.py's MAX_SHARED_NAME)
STORY_LINK_MAX = 50


@dataclass
class Story:
    """Articles connected by findings: a finding links the articles of its figures."""

    key: int
    name: str  # its findings' most common owner, else their most common headline
    findings: int
    articles: int


def find_stories(rows: Sequence[FindingRow]) -> list[Story]:
    """The stories of the findings' articles, the most findings first; sets each row's
    ``story``. A finding with an owner (of at most ``STORY_LINK_MAX`` articles) links its
    articles; one without (a magnitude, '(another event)': the engine pairs those more
    loosely) only brings in articles no owner linked yet. A finding of articles in several
    stories is in the one most of them are in."""
    parent: dict[str, str] = {}
    size: Counter[str] = Counter()

    def root(path: str) -> str:
        if path not in parent:
            parent[path] = path
            size[path] = 1
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    def join(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[b] = a
            size[a] += size.pop(b)

    def linking(row: FindingRow) -> bool:
        return bool(row.paths) and len(row.paths) <= STORY_LINK_MAX

    for row in rows:
        for path in row.paths:
            root(path)
        if linking(row) and row.entity[:1] not in ("", "("):
            for path in row.paths[1:]:
                join(row.paths[0], path)
    for row in rows:
        if linking(row) and row.entity[:1] in ("", "("):
            linked = Counter(root(p) for p in row.paths if size[root(p)] > 1)
            target = linked.most_common(1)[0][0] if linked else row.paths[0]
            for path in row.paths:
                if size[root(path)] == 1:
                    join(target, path)
    keys: dict[str, int] = {}
    members: dict[int, list[FindingRow]] = {}
    articles: Counter[int] = Counter()
    for path in sorted(parent):
        key = keys.setdefault(root(path), len(keys))
        articles[key] += 1
    for row in rows:
        if not row.paths:
            row.story = -1
            continue
        row.story = Counter(keys[root(p)] for p in row.paths).most_common(1)[0][0]
        members.setdefault(row.story, []).append(row)
    stories = []
    for key, found in members.items():
        owners = Counter(r.entity for r in found if r.entity)
        headlines = Counter(r.headline for r in found if r.headline)
        name = (owners or headlines or Counter({f"story {key + 1}": 1})).most_common(1)[0][0]
        stories.append(Story(key, name, len(found), articles[key]))
    stories.sort(key=lambda story: (-story.findings, -story.articles, story.key))
    seen: Counter[str] = Counter()
    for story in stories:  # two stories of one owner: 'X', 'X (2)'
        seen[story.name] += 1
        if seen[story.name] > 1:
            story.name = f"{story.name} ({seen[story.name]})"
    return stories


def sort_rows(rows: Iterable[FindingRow], key: str) -> list[FindingRow]:
    """``kind``: conflicts first, the surest and most cited first within a kind (the biggest
    contradiction on top); ``confidence``: surest first; ``owner``: by owner, then measure;
    ``date``: newest first, undated last. Ties keep the catalog's order."""
    rows = list(rows)
    if key == "confidence":
        return sorted(rows, key=lambda r: (-r.confidence, KIND_ORDER.get(r.kind, 9), r.order))
    if key == "owner":
        return sorted(
            rows,
            key=lambda r: (not r.entity, r.owner.casefold(), r.attribute.casefold(), r.order),
        )
    if key == "date":
        return sorted(rows, key=lambda r: (not r.date, _descending(r.date), r.order))
    return sorted(
        rows, key=lambda r: (KIND_ORDER.get(r.kind, 9), -r.confidence, -r.sources, r.order)
    )


def _descending(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)


def verdict_matches(row: FindingRow, wanted: str | None) -> bool:
    if wanted is None:
        return True
    if wanted == "unchecked":
        return row.checked == 0
    if wanted == "checked":
        return row.checked > 0
    return row.verdict == wanted


def filter_rows(
    rows: Iterable[FindingRow],
    lang: str | None = None,
    owner: str | None = None,
    verdict: str | None = None,
    story: int | None = None,
) -> list[FindingRow]:
    """Rows with a source in ``lang``, of ``owner``, with the ``verdict`` filter's answer and
    in ``story`` (a ``Story.key``) (None: any)."""
    return [
        r
        for r in rows
        if (lang is None or lang in r.langs)
        and (owner is None or r.owner == owner)
        and verdict_matches(r, verdict)
        and (story is None or r.story == story)
    ]


def languages(rows: Iterable[FindingRow]) -> list[str]:
    """The languages the rows' sources are in, most common first."""
    seen: Counter[str] = Counter(lang for r in rows for lang in r.langs)
    return [lang for lang, _ in seen.most_common()]


def next_of(options: Sequence[T], current: T) -> T:
    """The option after ``current`` (after the last: the first)."""
    try:
        return options[(list(options).index(current) + 1) % len(options)]
    except ValueError:
        return options[0]


def counts_line(shown: Sequence[FindingRow], total: int) -> str:
    """'3 of 10 findings: 1 ✗ conflict · 2 ↻ changed · 1 checked'."""
    kinds = Counter(r.kind for r in shown)
    parts = [f"{kinds[kind]} {KIND_SYMBOL[kind]} {kind}" for kind in KIND_ORDER if kinds.get(kind)]
    checked = sum(1 for r in shown if r.checked)
    head = f"{len(shown)} of {total} findings" if len(shown) != total else f"{total} findings"
    return f"{head}: " + " · ".join([*parts, f"{checked} checked"])


def verdict_label(verdict: str | None) -> str:
    """'not the same quantity' for 'dismissed' (``data/verdicts.json``); 'mixed' as is."""
    from factdesk.index.verdicts import verdict_kinds

    if verdict is None:
        return "no verdict"
    return str(verdict_kinds().get(verdict, {}).get("label", verdict))


def verdict_symbol(verdict: str | None) -> str:
    """'✔' confirmed, '≠' not the same quantity, '↺' resolved, '±' mixed, '' none."""
    from factdesk.index.verdicts import verdict_kinds

    if verdict is None:
        return ""
    if verdict == "mixed":
        return "±"
    return str(verdict_kinds().get(verdict, {}).get("symbol", "?"))


def pair_sides(finding: dict, pair) -> str:
    """A pair's two figures, each with its source: 'about 250M users (outlet, date) ↔ 600M
    users (…)'."""
    from factdesk.index.figures.findings import describe
    from factdesk.index.figures.model import from_dict
    from factdesk.index.sources import source_label

    figures = {(f["path"], f["start"]): f for f in finding["figures"]}
    sides = []
    for path, start in pair:
        figure = figures.get((path, start))
        if figure is None:
            sides.append("?")
            continue
        sides.append(f"{describe(from_dict(figure))} ({source_label(figure)})")
    return " ↔ ".join(sides)


TIMELINE_POINTS = 12  # points a timeline shows (then '… and N more')


def time_rank(figure: dict) -> tuple[int, str]:
    """A figure's place on a timeline, as ``findings`` orders a change: 'past', then dated
    figures by date, then now (or undated)."""
    when = figure.get("when") or figure.get("published") or ""
    if when == "past":
        return (0, "")
    if when in ("", "now"):
        return (3, "")
    return (1, when)


def timeline(finding: dict) -> list[tuple[str, dict]]:
    """The figures of a finding in time order, each with its time's label ('past', a date,
    'undated', 'now'); the same value from the same source at the same time once."""
    seen: set[tuple] = set()
    points = []
    for figure in sorted(finding["figures"], key=time_rank):
        rank, when = time_rank(figure)
        label = {0: "past", 1: when, 2: "undated", 3: "now"}[rank]
        key = (label, figure.get("low"), figure.get("high"), figure.get("outlet"))
        if key in seen:
            continue
        seen.add(key)
        points.append((label, figure))
    return points


def _amount(figure: dict) -> float | None:
    for key in ("value", "high", "low"):
        value = figure.get(key)
        if isinstance(value, int | float) and value == value and abs(value) != float("inf"):
            return float(value)
    return None


def timeline_lines(finding: dict, width: int, limit: int = TIMELINE_POINTS) -> list[str]:
    """A text chart of a changed finding: one line per point, in time order: its time, a bar
    as long as its value, the value and its source."""
    from factdesk.index.figures.findings import describe
    from factdesk.index.figures.model import from_dict
    from factdesk.index.sources import source_label

    points = timeline(finding)
    amounts = [_amount(f) for _, f in points]
    top = max((abs(a) for a in amounts if a is not None), default=0.0) or 1.0
    labels = [label for label, _ in points[:limit]]
    label_width = max((len(label) for label in labels), default=0)
    bar_width = max(4, min(24, width // 4))
    lines = []
    for label, figure in points[:limit]:
        amount = _amount(figure)
        cells = 0 if amount is None else max(1, round(abs(amount) / top * bar_width))
        bar = ("█" * cells).ljust(bar_width)
        value = describe(from_dict(figure))
        line = f"{label:<{label_width}} {bar} {value}  {source_label(figure)}"
        lines.append(sanitize_inline(line))
    if len(points) > limit:
        lines.append(f"… and {len(points) - limit} more")
    return lines


def web_address(source: str) -> str:
    """An article's ``Source:`` when it is a web address (http or https with a host), else
    ''."""
    from urllib.parse import urlsplit

    source = (source or "").strip()
    try:
        parts = urlsplit(source)
    except ValueError:
        return ""
    return source if parts.scheme in ("http", "https") and parts.hostname else ""


def graphical_session(environ: Mapping[str, str], platform: str) -> bool:
    """Whether a browser window can open here: a desktop session (X11, Wayland, macOS,
    Windows). Over SSH or on a console, a browser would be a text one taking the terminal
    over: the address is shown instead."""
    if platform == "darwin" or platform.startswith("win"):
        return not environ.get("SSH_CONNECTION")
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def address_to_open(name: str, source: str, environ: Mapping[str, str], platform: str):
    """What `o` does with an article's ``Source:`` (``name``: the source by name): (the
    address to open in a browser, '' when none is to be opened; the status line). Where no
    desktop can open a browser (over SSH), the address is only shown."""
    address = web_address(source)
    name = sanitize_inline(name)
    if not address:
        return "", f"{name}: the article gives no web address (no Source: line)"
    if graphical_session(environ, platform):
        return address, f"opening {sanitize_inline(address)}"
    return "", f"{name}: {sanitize_inline(address)}  (no browser here; y copies it)"


def open_in_browser(address: str) -> None:
    """Open ``address`` in the desktop's browser (called in a thread: it may take a while);
    no browser after all is no error (the address is in the status line)."""
    import webbrowser

    try:
        webbrowser.open(address, new=2)
    except Exception:
        pass


def passage_with_source(fields: dict, figure: dict, span: tuple[int, int]) -> str:
    """What `y` copies: the passage (logical text, sanitised, on one line) and its source:
    outlet, date, headline, address."""
    from factdesk.index.sources import source_label

    text = " ".join(sanitize_inline(fields["text"][span[0] : span[1]]).split())
    headline = " ".join(sanitize_inline(figure.get("headline") or "").split())
    address = web_address(fields.get("source", ""))
    source = ", ".join(
        x for x in (sanitize_inline(source_label(figure)), f"«{headline}»" if headline else "") if x
    )
    return f"«{text}»\n— {source}" + (f"\n{sanitize_inline(address)}" if address else "")
