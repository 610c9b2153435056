"""Dating an article that gives no date, from the figures it shares with dated ones.

A running toll or an official statistic is published in bulletins: '1 444 morts en Syrie' is the
figure of one bulletin, and every article repeating that exact number reports the same bulletin.
So an undated article that states a distinctive figure (not a round number: 1 444, 2 921, 711)
with the same measure and value as a dated article's figure is dated by it, and each such date
can date further articles. An article still undated keeps an unknown time.

A weekday in an undated article ('lundi', 'الإثنين') is read as a reader who knows the story
reads it: the first such day of the week the story began (``story_weekdays``)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import PurePath

from ..catalog import FIGURE_COLUMNS, figure_of
from .lexicon import event_measures
from .model import ASSEMBLY
from .stories import (
    ANCHOR_COLUMNS,
    MAX_SHARED,
    MAX_SHARED_NAME,
    MIN_DISTINCTIVE,
    distinctive,
    row_anchor,
)
from .when import STORY_DAYS, day_without_year

ROUNDS = 3  # dating chains: A dates B, B dates C


def _day(figure: dict) -> str:
    when = figure.get("when") or figure.get("article_date") or ""
    return when if len(when) == 10 else ""


def infer_article_dates(catalog) -> dict[str, tuple[str, str]]:
    """{undated path: (YYYY-MM-DD, reason)}; memory grows with the undated articles' distinctive
    figures and their matches, not with the corpus."""
    undated = {row[0] for row in catalog.db.execute("SELECT path FROM articles WHERE date = ''")}
    if not undated:
        return {}
    wanted: dict[tuple, list[str]] = defaultdict(list)  # (attribute, value) -> undated paths
    for row in catalog.db.execute(
        "SELECT path, entity, attribute, value, time, qualifier FROM figure_rows "
        "WHERE attribute IS NOT NULL"
    ):
        if row["path"] not in undated:
            continue
        if row["entity"] == ASSEMBLY:
            continue  # 'the 577 seats', the majority of 289: the same every day, no bulletin's
        if distinctive(row["value"]) and not row["time"]:
            wanted[(row["attribute"], row["value"])].append(row["path"])
    if not wanted:
        return {}
    known: dict[tuple, list[tuple[str, str]]] = defaultdict(list)  # key -> (day, path)
    attributes = sorted({attribute for attribute, _ in wanted})
    marks = ",".join("?" * len(attributes))
    for row in catalog.db.execute(
        f"SELECT path, attribute, value, time, article_date FROM figure_rows "
        f"WHERE attribute IN ({marks})",
        attributes,
    ):
        key = (row["attribute"], row["value"])
        if key in wanted:
            known[key].append(
                (_day({"when": row["time"], "article_date": row["article_date"]}), row["path"])
            )
    dates: dict[str, tuple[str, str]] = {}
    dates.update(_same_bulletin(wanted, known, undated))
    for _ in range(ROUNDS):
        votes: dict[str, Counter] = defaultdict(Counter)
        why: dict[tuple[str, str], str] = {}
        for key, paths in wanted.items():
            for path in paths:
                if path in dates:
                    continue
                for day, other in known.get(key, ()):
                    day = day or dates.get(other, ("", ""))[0]
                    if not day or other == path:
                        continue
                    votes[path][day] += 1
                    why.setdefault(
                        (path, day), f"{key[1]:,.0f} {key[0]}, as in {PurePath(other).name}"
                    )
        if not votes:
            break
        for path, counter in votes.items():
            day = max(counter, key=lambda d: (counter[d], d))
            if path in dates and not dates[path][0].startswith(BULLETIN):
                continue
            dates[path] = (day, why[(path, day)])
    return dates


BULLETIN = "~"  # a period known only as 'the day of one bulletin': '~<first article>'


def _same_bulletin(
    wanted: dict[tuple, list[str]], known: dict[tuple, list[tuple[str, str]]], undated: set[str]
) -> dict[str, tuple[str, str]]:
    """Undated articles that state the same distinctive figure and no dated article does: one
    bulletin's figures, of one day that no article gives. They are dated '~' + the first such
    article, so that their other figures meet as of one day; a dated article sharing the figure
    dates them later instead."""
    parent: dict[str, str] = {}

    def root(path: str) -> str:
        while parent.get(path, path) != path:
            path = parent[path]
        return path

    why: dict[str, str] = {}
    for key, paths in wanted.items():
        if any(day for day, _ in known.get(key, ())):
            continue  # a dated article states it: dated by it instead
        members = sorted(set(paths) & undated)
        for other in members[1:]:
            a, b = root(members[0]), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
            for path in (members[0], other):
                why.setdefault(path, f"{key[1]:,.0f} {key[0]}")
    groups: dict[str, list[str]] = defaultdict(list)
    for path in why:
        groups[root(path)].append(path)
    dates = {}
    for first, members in groups.items():
        for path in members:
            others = sorted(PurePath(p).name for p in members if p != path)
            dates[path] = (
                BULLETIN + PurePath(first).name,
                f"{why[path]}, as in {', '.join(others[:2])}",
            )
    return dates


TOLL_REASON = "its running counts fit only"  # the reason toll_days gives, then the day
MONTHDAY_REASON = "the day it names is"  # the reason story_monthdays gives
MONTH_NAMED_REASON = "the month it names is"  # … for a month named alone ('en février')
MID_MONTH = 15
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEK = 7


def _most_shared(anchor: tuple) -> int:
    """How many articles may state an anchor for it to link them (a value, a name: stories.py)."""
    return MAX_SHARED if anchor[0] == "v" else MAX_SHARED_NAME


SMALL_COUNT = 100  # a count of at most this ('5 seats', '13 villages') is in many stories
SMALL_COUNT_LINKS = 3  # such counts two articles must share to be linked by them alone


class _Links:
    """The dated articles that share figures with each of ``paths`` (two values, or a value and
    an owner, as ``stories.py`` links a story): one pass over the figures; memory grows with
    those articles' figures and their matches, not with the corpus. ``dates``: days already
    inferred (``infer_article_dates``), used like a Date line."""

    def __init__(self, catalog, paths: set[str], dates: dict[str, tuple[str, str]]):
        self.anchors_of: dict[str, set[tuple]] = defaultdict(set)
        marks = ",".join("?" * len(paths))
        for row in catalog.db.execute(
            f"SELECT {ANCHOR_COLUMNS} FROM figure_rows WHERE path IN ({marks})", sorted(paths)
        ):
            anchor = row_anchor(row, strict=True)
            if anchor:
                self.anchors_of[row["path"]].add(anchor)
            if row["entity"]:
                self.anchors_of[row["path"]].add(("e", row["entity"]))
        every = set().union(*self.anchors_of.values()) if self.anchors_of else set()
        self.holders: dict[tuple, set[str]] = defaultdict(set)  # anchor -> articles stating it
        for row in catalog.db.execute(f"SELECT {ANCHOR_COLUMNS} FROM figure_rows"):
            if row["entity"] and ("e", row["entity"]) in every:
                self._hold(("e", row["entity"]), row["path"])
            anchor = row_anchor(row, strict=True)
            if anchor in every:
                self._hold(anchor, row["path"])
        near = {other for members in self.holders.values() for other in members}
        self.day_of = {
            row[0]: row[1]
            for row in catalog.db.execute("SELECT path, date FROM articles WHERE length(date) = 10")
            if row[0] in near and _date(row[1])
        }
        for path, (day, _) in dates.items():
            if path in near and _date(day) and path not in self.day_of:
                self.day_of[path] = day

    def _hold(self, anchor: tuple, path: str) -> None:
        """``path`` states ``anchor``; past the number of articles that makes an anchor too
        common to link anything (``linked``), its holders are not kept: memory stays bounded
        on a corpus where one value is in thousands of articles."""
        members = self.holders[anchor]
        if len(members) <= _most_shared(anchor):
            members.add(path)

    def linked(self, path: str) -> list[str]:
        """The dated articles linked to ``path`` (not itself)."""
        values: Counter[str] = Counter()
        small: Counter[str] = Counter()  # counts of at most 100 ('5 seats'), in many stories
        names: Counter[str] = Counter()
        for anchor in self.anchors_of.get(path, ()):
            members = self.holders.get(anchor, set())
            if len(members) > _most_shared(anchor):
                continue
            kind = names if anchor[0] != "v" else values
            if anchor[0] == "v" and anchor[1] == "count" and abs(anchor[2]) <= SMALL_COUNT:
                kind = small
            for other in members:
                if other != path and other in self.day_of:
                    kind[other] += 1
        # two values; two small counts only with a third ('64 seats' and '5 seats' are in every
        # election), or one with another value
        return sorted(
            o
            for o in values.keys() | small.keys()
            if values[o] >= 2
            or (values[o] >= 1 and small[o] >= 1)
            or small[o] >= SMALL_COUNT_LINKS
            or names[o] >= 1
        )


def read_days(catalog) -> tuple[dict[tuple[str, int], tuple[str, str]], dict[str, tuple[str, str]]]:
    """The days an undated article's figures are of, with the reason, from what the corpus
    knows: ({(path, start): (day, reason)} for figures with a weekday of their own, {path:
    (day, reason)} for the rest of the article's figures). In order of evidence: a distinctive
    figure shared with a dated article (or only with undated ones: one bulletin's day), the
    weekdays the article names (``story_weekdays``), the only day its running counts fit
    (``toll_days``)."""
    dates = infer_article_dates(catalog)
    no_date_line = {
        row[0] for row in catalog.db.execute("SELECT path FROM articles WHERE length(date) != 10")
    }
    if not no_date_line:
        return {}, dates
    undated = {p for p in no_date_line if p not in dates or dates[p][0].startswith(BULLETIN)}
    links = _Links(catalog, no_date_line, dates)
    figure_days, weekday_articles = story_weekdays(catalog, links)
    stated_days, stated_articles = story_monthdays(catalog, links)
    figure_days.update(stated_days)  # '6 février' says more than 'lundi'
    weekday_articles.update(stated_articles)
    tolls = toll_days(catalog, links, undated - set(weekday_articles))
    bulletins = {path: dates[path][0] for path in dates if dates[path][0].startswith(BULLETIN)}
    for path, dated in [*weekday_articles.items(), *tolls.items()]:
        if path not in dates or dates[path][0].startswith(BULLETIN):  # a bulletin gives way
            dates[path] = dated
    dates.update(_bulletin_days(bulletins, dates))
    still = {p for p in undated if p not in dates or dates[p][0].startswith(BULLETIN)}
    if still:
        dates.update(shared_figures_days(catalog, still, dates))
    still = {p for p in undated if p not in dates}
    if still:
        dates.update(story_months(links, still))
    return figure_days, dates


def _bulletin_days(
    bulletins: dict[str, str], dates: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """The articles of one bulletin (``_same_bulletin``) still known only by it, dated by the
    day its other articles were then given (their weekdays, their tolls), when they were all
    given one: 'Sunday's elections' in one article dates the others that state its 245 seats."""
    days: dict[str, set[str]] = defaultdict(set)
    named: dict[str, list[str]] = defaultdict(list)
    for path, label in bulletins.items():
        day = dates[path][0]
        if not day.startswith(BULLETIN):
            days[label].add(day)
            named[label].append(PurePath(path).name)
    found = {}
    for path, label in bulletins.items():
        if dates[path][0] == label and len(days[label]) == 1:
            day = next(iter(days[label]))
            given = ", ".join(sorted(named[label])[:2])
            found[path] = (day, f"{dates[path][1]}, whose day is {day} ({given})")
    return found


def story_months(links: _Links, paths: set[str]) -> dict[str, tuple[str, str]]:
    """An undated article whose story's dated articles (``_Links``) are all of one month is of
    that month: 'YYYY-MM', a month's figures (an inflation rate, a valuation) meet its story's;
    a day's (a toll) are of no known day still (``findings._period``)."""
    found = {}
    for path in sorted(paths):
        linked = links.linked(path)
        months = {links.day_of[other][:7] for other in linked}
        if len(linked) >= MIN_MONTH_LINKS and len(months) == 1:
            month = months.pop()
            names = ", ".join(PurePath(other).name for other in linked[:2])
            found[path] = (month, f"{MONTH_REASON} {month} ({names})")
    return found


MIN_MONTH_LINKS = 2  # dated articles of one story needed to date another by their month
MONTH_REASON = "its story's dated articles are all of"


SHARED_REASON = " figures as in articles of "  # the reason shared_figures_days gives
MIN_SHARED_FIGURES = 3  # an undated article and dated ones stating this many same figures
MAX_SHARED_SPAN_DAYS = 2  # … all within this many days: the same news


def _amount(value: float) -> str:
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(value) >= scale:
            return f"{value / scale:,.4g}{word}"
    return f"{value:,.6g}"


def shared_figures_days(
    catalog, paths: set[str], dates: dict[str, tuple[str, str]]
) -> dict[str, tuple[str, str]]:
    """An undated article that states at least ``MIN_SHARED_FIGURES`` figures (owner, measure and
    value, round ones too: 'xAI valuation $80 billion', 'X valuation $33 billion', 'X debt $12
    billion') that dated articles state, all within ``MAX_SHARED_SPAN_DAYS``, reports the same
    news: it is of the earliest of those days. One round figure says little; three together,
    of one owner's story, say which news it is. Memory grows with those articles' figures."""
    marks = ",".join("?" * len(paths))
    wanted: dict[tuple, set[str]] = defaultdict(set)  # (owner, measure, value) -> paths
    for row in catalog.db.execute(
        f"SELECT path, entity, attribute, value, time, qualifier FROM figure_rows "
        f"WHERE path IN ({marks}) AND entity IS NOT NULL AND attribute IS NOT NULL",
        sorted(paths),
    ):
        value = row["value"]
        if row["time"]:
            continue
        if not isinstance(value, int | float) or abs(value) < MIN_DISTINCTIVE:
            continue  # '24 seats', '5%': small numbers many stories share
        wanted[(row["entity"], row["attribute"], value)].add(row["path"])
    if not wanted:
        return {}
    seen: dict[tuple, dict[str, str]] = defaultdict(dict)  # key -> {dated path: day}
    entities = sorted({key[0] for key in wanted})
    marks = ",".join("?" * len(entities))
    for row in catalog.db.execute(  # read by SQLite, not decoded here: a scan of the owners'
        "SELECT path, entity, attribute, value, time AS stated, a_date AS date "
        f"FROM figure_rows WHERE entity IN ({marks}) AND abs(value) >= {MIN_DISTINCTIVE}",
        entities,
    ):
        key = (row["entity"], row["attribute"], row["value"])
        if key not in wanted or row["path"] in paths or len(seen[key]) > MAX_SHARED:
            continue
        stated = row["stated"] or ""
        day = stated if _date(stated) else (row["date"] if _date(row["date"] or "") else "")
        day = day or dates.get(row["path"], ("", ""))[0]
        if _date(day):
            seen[key][row["path"]] = day
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(paths):
        keys = [key for key, holders in wanted.items() if path in holders and seen.get(key)]
        if len(keys) < MIN_SHARED_FIGURES:
            continue
        days = sorted({day for key in keys for day in seen[key].values()})
        first, last = _date(days[0]), _date(days[-1])
        if first is None or last is None or (last - first).days > MAX_SHARED_SPAN_DAYS:
            continue
        named = ", ".join(f"{key[0]} {key[1]} {_amount(key[2])}" for key in keys[:3])
        found[path] = (days[0], f"{len(keys)}{SHARED_REASON}{days[0]} ({named})")
    return found


def story_monthdays(
    catalog, links: _Links
) -> tuple[dict[tuple[str, int], tuple[str, str]], dict[str, tuple[str, str]]]:
    """'lundi 6 février' in an article that gives no date: that day in the year of its story,
    the one nearest one of its dated articles (``_Links``); 'en février', that month. Returns
    ({(path, start): (day or month, reason)}, {path: (its latest such day, reason)}), as
    ``story_weekdays``."""
    wanted: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in catalog.db.execute(
        "SELECT path, start, json_extract(extra, '$.monthday') AS monthday FROM figure_rows "
        "WHERE extra LIKE '%\"monthday\"%'"
    ):
        if row["path"] in links.anchors_of and isinstance(row["monthday"], str):
            wanted[row["path"]].append((row["start"], row["monthday"]))
    figure_days: dict[tuple[str, int], tuple[str, str]] = {}
    article_days: dict[str, tuple[str, str]] = {}
    for path, mentions in wanted.items():
        days = sorted(
            (dated, other)
            for other in links.linked(path)
            if (dated := _date(links.day_of[other])) is not None
        )
        if not days:
            continue
        for start, monthday in mentions:
            month, _, day = monthday.partition("-")
            if not month.isdigit() or (day and not day.isdigit()):
                continue
            # a month alone ('en février'): read as its middle day, kept as the month
            nearest = _nearest_occurrence(int(month), int(day or MID_MONTH), days)
            if nearest is None:
                continue
            read, anchor, source = nearest
            named = read.isoformat() if day else read.isoformat()[:7]
            reason = (
                f"{MONTHDAY_REASON if day else MONTH_NAMED_REASON} {named}, in the year of its "
                f"story (the nearest of its dated articles, {PurePath(source).name}, is of "
                f"{anchor.isoformat()})"
            )
            figure_days[(path, start)] = (named, reason)
            if day and named > article_days.get(path, ("", ""))[0]:
                article_days[path] = (named, reason)
    return figure_days, article_days


def _nearest_occurrence(
    month: int, day: int, days: list[tuple[dt.date, str]]
) -> tuple[dt.date, dt.date, str] | None:
    """The occurrence of a day without a year nearest one of its story's dated articles (a
    story of August to December 2024 reads '17 août' as 2024-08-17, not as the 17 August
    nearest its first or last article), and that article."""
    found = [
        (abs((read - anchor).days), read, anchor, source)
        for anchor, source in days
        if (read := _date(day_without_year(month, day, anchor.isoformat()) or "")) is not None
    ]
    return min(found)[1:] if found else None


def story_weekdays(
    catalog, links: _Links
) -> tuple[dict[tuple[str, int], tuple[str, str]], dict[str, tuple[str, str]]]:
    """'lundi' in an article that gives no date: the first Monday of its story, as a reader who
    knows the story reads it ('the quake struck on Monday' is the quake's day; 'vendredi' in a
    later report is that week's Friday). The story is the dated articles that share figures
    with the article (``_Links``); it begins on the earliest day those articles speak of in the
    week before their date. Not read when those articles span a week or more (two rounds of a
    vote: which Sunday?). Returns ({(path, start): (day, reason)} for each such figure, {path:
    (day, reason)}: an article's latest such day, for its figures that name no time)."""
    # path -> (start, weekdays, stated day, of its event: a magnitude's day is the quake's)
    wanted: dict[str, list[tuple[int, list[int], str, bool]]] = defaultdict(list)
    events = event_measures()
    for row in catalog.db.execute(
        "SELECT path, start, attribute, time, extra FROM figure_rows "
        "WHERE extra LIKE '%\"weekdays\"%'"
    ):
        if row["path"] not in links.anchors_of:
            continue  # its article is dated
        figure = {**json.loads(row["extra"]), "when": row["time"]}
        weekdays = [
            d for d in figure.get("weekdays") or () if isinstance(d, int) and 1 <= d <= WEEK
        ]
        if weekdays:
            wanted[row["path"]].append(
                (row["start"], weekdays, figure.get("when") or "", row["attribute"] in events)
            )
    day_of = links.day_of
    starts: dict[str, tuple[dt.date, str]] = {}  # a dated article: the first day it speaks of
    figure_days: dict[tuple[str, int], tuple[str, str]] = {}
    article_days: dict[str, tuple[str, str]] = {}
    for _ in range(ROUNDS):  # an article dated so dates the next: A dates B, B dates C
        before = len(article_days)
        for path, mentions in wanted.items():
            if path in article_days:
                continue
            linked = links.linked(path)
            if not linked:
                continue
            for other in linked:
                if other not in starts:
                    starts[other] = (_first_day(catalog, other, day_of[other]), other)
            first, source = min(starts[other] for other in linked)
            last = max(_date(day_of[other]) or first for other in linked)
            if (last - first).days >= WEEK:
                continue  # its dated articles span weeks (two rounds of a vote): which Sunday?
            latest = ""
            for start, weekdays, stated, of_event in mentions:
                # several days for one running count: the latest (see reader.latest_day)
                read, weekday = max(
                    (first + dt.timedelta(days=(weekday - first.isoweekday()) % WEEK), weekday)
                    for weekday in weekdays
                )
                if stated > read.isoformat():
                    continue  # 'lundi 13 février': the date said it
                reason = (
                    f"{WEEKDAYS[weekday - 1]} read as {read.isoformat()}: the story's first "
                    f"{WEEKDAYS[weekday - 1]} (it begins {first.isoformat()} in "
                    f"{PurePath(source).name})"
                )
                figure_days[(path, start)] = (read.isoformat(), reason)
                if read.isoformat() > latest and not of_event:
                    # the day of the quake ('6,2 … ont secoué samedi') is not the report's
                    latest = read.isoformat()
                    article_days[path] = (latest, reason)
            if path in article_days:  # its story's start dates the articles linked to it
                day_of[path] = article_days[path][0]
                starts[path] = (first, source)
        if len(article_days) == before:
            break
    return figure_days, article_days


def _first_day(catalog, path: str, date: str) -> dt.date:
    """The earliest day a dated article speaks of in the week before its date ('lundi' in an
    article of Tuesday 7 February: the 6th), else its date."""
    own = _date(date)
    assert own is not None  # callers pass checked dates
    first = own
    for row in catalog.db.execute("SELECT time FROM figure_rows WHERE path = ?", (path,)):
        day = _date(row["time"] or "")
        if day is not None and own - dt.timedelta(days=WEEK - 1) <= day < first:
            first = day
    return first


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def toll_days(catalog, links: _Links, paths: set[str]) -> dict[str, tuple[str, str]]:
    """An undated article whose running counts fit only one day of its story: a toll only rises
    (``measures.json`` 'cumulative'), so '1,121 deaths in Turkey' is of no day after one whose
    reports all say more (2,379 on 7 February), nor of a day before one that said more. The
    story's dated articles (``_Links``) give each day's values of the same owner and measure;
    the day must fit every such figure of the article, and be the only one."""
    from .lexicon import cumulative_measures

    measures = cumulative_measures()
    wanted: dict[str, list[dict]] = defaultdict(list)
    marks = ",".join("?" * len(paths))
    for row in catalog.db.execute(
        f"SELECT {FIGURE_COLUMNS} FROM figure_rows WHERE path IN ({marks}) AND entity IS NOT NULL",
        sorted(paths),
    ):
        if row["attribute"] in measures:
            figure = figure_of(row)
            if not figure.get("when"):
                wanted[row["path"]].append(figure)
    dated: dict[str, list[tuple[str, dict]]] = {}  # a linked article -> (day, figure)
    found: dict[str, tuple[str, str]] = {}
    for path, figures in wanted.items():
        linked = links.linked(path)
        for other in linked:
            if other not in dated:
                dated[other] = [
                    (day, figure_of(row))
                    for row in catalog.db.execute(
                        f"SELECT {FIGURE_COLUMNS} FROM figure_rows "
                        "WHERE path = ? AND entity IS NOT NULL",
                        (other,),
                    )
                    if (day := _figure_day(row["time"], links.day_of[other]))
                ]
        fits: set[str] | None = None
        why = ""
        for figure in figures:
            days: dict[str, list[float]] = defaultdict(list)
            for other in linked:
                for day, peer in dated[other]:
                    key = (peer.get("entity"), peer.get("attribute"))
                    if key == (figure["entity"], figure["attribute"]) and peer.get("value"):
                        days[day].append(float(peer["value"]))
            if len(days) < 2:
                continue  # one day known: nothing to tell days apart
            low = float(figure["value"] if figure.get("low") is None else figure["low"])
            high = float("inf") if figure.get("high") is None else float(figure["high"])
            ordered = sorted(days)
            here = {
                day
                for i, day in enumerate(ordered)
                if all(v <= high for d in ordered[:i] for v in days[d])
                and all(v >= low for d in ordered[i + 1 :] for v in days[d])
            }
            fits = here if fits is None else fits & here
            if len(here) == 1 and not why:
                later = [d for d in ordered if d > next(iter(here))]
                why = f"{figure['value']:,.0f} {figure['attribute']} in {figure['entity']}" + (
                    f": less than every report of {later[0]}" if later else ""
                )
        if fits is not None and len(fits) == 1:
            day = next(iter(fits))
            found[path] = (day, f"{TOLL_REASON} {day} ({why or 'of its story'})")
    return found


def _figure_day(when: str | None, article_day: str) -> str:
    """The day a dated article's figure holds (``when``: its own time): its own, else its
    article's; none for a day long before its article ('le séisme du 17 août 1999 avait fait
    17 000 morts' is another event's count, not a day of the story's)."""
    when = when or ""
    stated, article = _date(when), _date(article_day)
    if stated and article and (article - stated).days > STORY_DAYS:
        return ""
    return when if stated else article_day
