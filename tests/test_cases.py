"""Figure extraction cases as data: ``tests/cases/<lang>.json`` (one file per language, so that
adding a language or a measure is a data change plus cases). Each case is a text and what its
figures must be (a field ending in '!' names what it must not be); the rule it illustrates says
which class of error it guards against."""

import json
from pathlib import Path

import pytest

from factdesk.index.article import parse_article
from factdesk.index.figures.extract import extract_figures

CASES = Path(__file__).parent / "cases"


def _load():
    for path in sorted(CASES.glob("*.json")):
        lang = path.stem
        for number, case in enumerate(json.loads(path.read_text("utf-8"))["cases"]):
            yield pytest.param(lang, case, id=f"{lang}-{number}-{case['rule'][:40]}")


@pytest.mark.parametrize("lang, case", list(_load()))
def test_case(lang, case):
    date = f"Date: {case['date']}\n" if case.get("date") else ""
    article = parse_article("t.txt", f"Titre\nLang: {lang}\n{date}\n{case['text']}\n")
    found = extract_figures(article)
    by_quote = {f.quote: f for f in found}
    expected = case["figures"]
    if "*" in expected:
        assert len(found) == 1, [f.quote for f in found]
        by_quote = {"*": found[0]}
    elif case.get("only"):
        assert set(by_quote) == set(expected), case["rule"]
    for quote, fields in expected.items():
        assert quote in by_quote, (case["rule"], [f.quote for f in found])
        figure = by_quote[quote]
        for field, value in fields.items():
            if field.endswith("!"):  # 'entity!': anything but this
                assert getattr(figure, field[:-1]) != value, (case["rule"], quote, field)
                continue
            got = getattr(figure, field)
            if isinstance(got, tuple):
                got = list(got)
            if isinstance(value, float) or field == "value":
                assert got == pytest.approx(value), (case["rule"], quote, field)
            else:
                assert got == value, (case["rule"], quote, field)


def test_every_language_has_cases():
    assert {p.stem for p in CASES.glob("*.json")} >= {"fr", "en", "ar", "he"}
