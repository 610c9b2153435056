"""Relative times resolved against the article's date (issue 9, class 'time')."""

import pytest

from factdesk.index.article import parse_article
from factdesk.index.figures.extract import extract_figures
from factdesk.index.figures.when import (
    day_without_year,
    full_date,
    month_without_year,
    resolve_relative,
)


@pytest.mark.parametrize(
    "shift, date, expected",
    [
        ("weekday:1", "2023-02-07", "2023-02-06"),  # Monday before a Tuesday
        ("weekday:2", "2023-02-07", "2023-02-07"),  # the same day
        ("days:-1", "2023-03-01", "2023-02-28"),
        ("months:-1", "2024-01-15", "2023-12"),
        ("years:-1", "2024-06", "2023"),
        ("weekday:1", "2024-06", None),  # no day to count from
        ("days:-1", "", None),
    ],
)
def test_resolve_relative(shift, date, expected):
    assert resolve_relative(shift, date) == expected


def test_a_month_alone_is_its_last_occurrence():
    assert month_without_year(12, "2024-03-02") == "2023-12"
    assert month_without_year(2, "2024-03-02") == "2024-02"


@pytest.mark.parametrize(
    "lang, text, when",
    [
        ("fr", "Lundi, le bilan était de 1.498 morts.", "2023-02-06"),
        ("en", "Yesterday the toll reached 17,000.", "2023-02-06"),
        ("ar", "بلغ التضخم في تركيا 85% العام الماضي.", "2022"),
        ("fr", "En décembre, l'inflation a atteint 64 %.", "2022-12"),
        ("he", "ביום שני מספר ההרוגים עלה ל-1,500.", "2023-02-06"),
    ],
)
def test_relative_times_in_text(lang, text, when):
    article = parse_article("t.txt", f"Titre\nDate: 2023-02-07\nLang: {lang}\n\n{text}\n")
    (figure,) = extract_figures(article)
    assert figure.when == when


def test_a_day_without_a_year_is_the_one_nearest_the_article():
    assert day_without_year(3, 12, "2024-03-20") == "2024-03-12"
    assert day_without_year(7, 26, "2024-07-11") == "2024-07-26"  # 'the July 26 opening'
    assert day_without_year(12, 28, "2024-01-03") == "2023-12-28"  # across the new year
    assert day_without_year(1, 2, "2023-12-30") == "2024-01-02"
    assert day_without_year(3, 12, "2024-03") is None  # no day to be near
    assert day_without_year(2, 30, "2024-03-01") is None
    assert full_date(2024, 2, 29) == "2024-02-29" and full_date(2023, 2, 29) is None
