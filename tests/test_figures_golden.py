"""Golden tests on the seed corpus: every figure, and the cross-source story they tell."""

import json
from pathlib import Path

import pytest

from factdesk.index.article import parse_article
from factdesk.index.figures.extract import extract_figures
from factdesk.index.store import open_store
from factdesk.index.textio import decode_bytes

GOLDEN = json.loads((Path(__file__).parent / "golden" / "seed_figures.json").read_text("utf-8"))
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KEYS = ("quote", "value", "unit", "qualifier", "low", "high", "entity", "attribute", "when")


def figures_of(name):
    path = SEEDS / name
    article = parse_article(str(path), decode_bytes(path.read_bytes()).text)
    return article, extract_figures(article)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_seed_figures_match_golden(name):
    article, figures = figures_of(name)
    got = [{k: v for k, v in f.as_dict().items() if k in KEYS} for f in figures]
    assert got == GOLDEN[name]
    for figure in figures:
        assert article.text[figure.start : figure.end] == figure.quote


def test_list_markers_and_dates_are_not_figures():
    _, figures = figures_of("000_f006c6dd9652db2c.txt")
    assert all(f.value != 1 and f.value != 2 and f.value != 3 for f in figures)
    assert all(f.value != 2022 for f in figures)
    _, figures = figures_of("004_40f9653985f70d8d.txt")
    assert all(f.value not in (20, 2022, 2023) for f in figures)  # منذ 20 يوم, عام 2023


@pytest.fixture(scope="module")
def findings(seed_index):
    store = open_store(seed_index)
    try:
        return store.catalog.findings()
    finally:
        store.close()


def find(findings, kind, entity, attribute):
    return [
        f for f in findings if (f["kind"], f["entity"], f["attribute"]) == (kind, entity, attribute)
    ]


def articles(finding):
    return {f["article"][:3] for f in finding["figures"]}


def test_users_conflict_600m_versus_about_250m(findings):
    (conflict,) = find(findings, "conflict", "X", "active users")
    values = {(f["article"][:3], f["qualifier"], f["value"]) for f in conflict["figures"]}
    assert ("001", "about", 250_000_000) in values
    assert ("000", "exact", 600_000_000) in values or ("004", "more than", 600_000_000) in values
    assert "250M" in conflict["why"] and "600M" in conflict["why"]


def test_users_agreement_600m_in_two_articles(findings):
    (agree,) = find(findings, "agree", "X", "active users")
    assert articles(agree) == {"000", "004"}
    assert {f["qualifier"] for f in agree["figures"]} == {"exact", "more than"}


@pytest.mark.parametrize(
    "entity, attribute, value, expected_articles",
    [
        ("X", "valuation", 33e9, {"000", "004"}),
        ("xAI", "valuation", 80e9, {"000", "003", "004"}),
        ("X", "debt", 12e9, {"000", "004"}),
        ("X", "acquisition price", 44e9, {"000", "001", "004"}),
    ],
)
def test_agreements(findings, entity, attribute, value, expected_articles):
    (agree,) = find(findings, "agree", entity, attribute)
    assert articles(agree) == expected_articles
    assert {f["value"] for f in agree["figures"]} == {value}


def test_the_price_of_the_deal_corroborates_the_targets_value_in_it(findings):
    (agree,) = find(findings, "agree", "X", "valuation = deal value")
    assert {f["value"] for f in agree["figures"]} == {33e9}
    assert {f["attribute"] for f in agree["figures"]} == {"valuation", "deal value"}
    assert any("the price paid for a company is its value" in r for r in agree["reasons"])
    assert agree["pairs_complete"] and all(a[0] != b[0] for a, b in agree["pairs"])


def test_xai_valuation_changed_24_to_75_to_80(findings):
    (changed,) = find(findings, "changed", "xAI", "valuation")
    values = [f["value"] for f in changed["figures"]]
    assert values.index(24e9) < values.index(75e9) < values.index(80e9)
    # 'من 10 مليارات إلى 75 مليار دولار … وصولًا إلى 80': the values it rose from and through
    # are of before the $80B of the deal (a change is two figures, not one interval)
    assert "$24B" in changed["why"] and "$75B (past) → $80B (now)" in changed["why"]


def test_traps_stay_quiet(findings):
    for finding in findings:
        keys = {(f["entity"], f["attribute"]) for f in finding["figures"]}
        # never mixes OpenAI revenue with X debt: one owner, one measure, or one quantity in
        # other words ('X valuation = deal value': the price of the deal is X's value in it)
        assert len({entity for entity, _ in keys}) == 1
        assert {attribute for _, attribute in keys} <= set(finding["attribute"].split(" = "))
        if finding["kind"] == "conflict":
            assert len({f["path"] for f in finding["figures"]}) >= 2
    assert not [
        f for f in findings if f["attribute"] == "cost cut"
    ]  # 500M target vs 1B, one article
    assert [f["kind"] for f in findings if f["kind"] == "conflict"] == ["conflict"]


def test_every_finding_cites_exact_quotes(findings, seed_copy):
    for finding in findings:
        assert finding["why"] and "\n" not in finding["why"]
        for figure in finding["figures"]:
            text = (seed_copy / figure["article"]).read_bytes().decode("utf-8")
            assert text[figure["start"] : figure["end"]] == figure["quote"]


def test_every_finding_says_why_in_reasons_with_a_confidence(findings):
    (conflict,) = find(findings, "conflict", "X", "active users")
    assert conflict["reasons"][:2] == [
        "same owner: X (named in each article)",
        "same measure: active users",
    ]
    assert "58% apart" in conflict["reasons"][-1]
    assert conflict["confidence"] == 0.7  # neither article is dated
    for finding in findings:
        assert 0 < finding["confidence"] <= 1 and len(finding["reasons"]) >= 3
        assert all(len(pair) == 2 and pair[0][0] != pair[1][0] for pair in finding.get("pairs", []))
        assert finding["kind"] == "agree" or finding["pairs_complete"] and finding["pairs"]


def test_a_question_on_one_measure_finds_the_agreement_across_measures(seed_index):
    from factdesk.index.figures.ask import answer

    store = open_store(seed_index)
    try:
        result = answer(store.catalog, "valorisation de X")
    finally:
        store.close()
    kinds = {(f["kind"], f["attribute"]) for f in result["findings"]}
    assert ("agree", "valuation = deal value") in kinds and ("agree", "valuation") in kinds
    assert all(f["entity"] == "X" for f in result["findings"])
