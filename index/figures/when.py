"""Relative times resolved against an article's date: 'lundi', 'yesterday', 'l'an dernier',
'في فبراير' without a year. The words are data (``time_words.json`` 'relative' and 'months'); a
time that cannot be resolved is left unknown; a weekday in an article with no day is kept on the
figure ('weekdays') and read in its story's first week (``dating.story_weekdays``)."""

from __future__ import annotations

import datetime as dt


def _article_day(article_date: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(article_date) if len(article_date) == 10 else None
    except ValueError:
        return None


def resolve_relative(shift: str, article_date: str) -> str | None:
    """'weekday:1' (Monday), 'days:-1', 'months:-1', 'years:-1' against ``article_date``
    (YYYY-MM-DD or YYYY-MM), as YYYY-MM-DD, YYYY-MM or YYYY."""
    kind, _, amount = shift.partition(":")
    number = int(amount)
    if kind in ("years", "months") and len(article_date) >= 7:
        year, month = int(article_date[:4]), int(article_date[5:7])
        if kind == "years":
            return f"{year + number:04d}"
        month += number
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        return f"{year:04d}-{month:02d}"
    day = _article_day(article_date)
    if day is None:
        return None
    if kind == "days":
        return (day + dt.timedelta(days=number)).isoformat()
    if kind == "weekday":
        back = (day.isoweekday() - number) % 7  # the last such day on or before the article
        return (day - dt.timedelta(days=back)).isoformat()
    return None


def month_without_year(month: int, article_date: str) -> str | None:
    """A month named alone: its last occurrence on or before the article's month."""
    if len(article_date) < 7:
        return None
    year, current = int(article_date[:4]), int(article_date[5:7])
    return f"{year if month <= current else year - 1:04d}-{month:02d}"


STORY_DAYS = 31  # a date this far before an article is still its story's own; further, another's


def day_without_year(month: int, day: int, article_date: str) -> str | None:
    """'le 12 mars', 'on March 12' with no year: that day's occurrence nearest the article's
    day (news names the days around it, before and after: 'the July 26 opening' in an article of
    July 11); None when the article gives no day, or the day does not exist."""
    if len(article_date) != 10:
        return None
    today = _article_day(article_date)
    if today is None:
        return None
    options = [full_date(today.year + shift, month, day) for shift in (-1, 0, 1)]
    days = [dt.date.fromisoformat(option) for option in options if option]
    if not days:
        return None
    return min(days, key=lambda d: abs((d - today).days)).isoformat()


def full_date(year: int, month: int, day: int) -> str | None:
    """'12 mars 2024' as 2024-03-12; None for a day no calendar has (31 février)."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
