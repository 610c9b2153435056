"""Relative times resolved against the article's date (issue 9, class 'time')."""

import pytest

from factdesk.index.article import parse_article
from factdesk.index.figures.extract import extract_figures
from factdesk.index.figures.when import month_without_year, resolve_relative


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
