"""`factdesk report`: the checked findings as Markdown, JSON, ClaimReview records and CSV; the
output file never overwritten by accident; untrusted text neutralised."""

import csv
import io
import json
import re

import pytest

from factdesk.index import report
from factdesk.tui.cli import main

HOSTILE_TITLE = '=HYPERLINK("http://evil.example") \x1b[31m[X](http://evil.example) users'
ARTICLES = {
    "a.txt": (
        f"{HOSTILE_TITLE}\nSource: https://www.lemonde.fr/tech/x.html\nDate: 2025-03-29\n\n"
        "Le réseau social X compte environ 250 millions d’utilisateurs actifs, selon la société.\n"
    ),
    "b.txt": (
        "-2+3 X en chiffres\nSource: https://example.org/b\nDate: 2025-03-29\n\n"
        "Le réseau social X compte 600 millions d’utilisateurs actifs, selon la société.\n"
    ),
}
NOTE = "@SUM(A1:A9) both quote X's own figures"


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def index_dir(write_corpus, tmp_path, capsys):
    corpus = write_corpus(ARTICLES)
    target = tmp_path / "ix"
    assert main(["index", str(corpus), "--index-dir", str(target)]) == 0
    capsys.readouterr()
    return target


@pytest.fixture
def pair(capsys, index_dir):
    """The one conflict's pair, confirmed with a note."""
    status, out, _ = run(capsys, "conflicts", "--json", "--index-dir", str(index_dir))
    (finding,) = json.loads(out)
    (pair_id,) = finding["pair_ids"]
    status, _, err = run(
        capsys, "verdict", pair_id, "confirmed", "--note", NOTE, "--index-dir", str(index_dir)
    )
    assert status == 0, err
    return pair_id


def report_of(capsys, index_dir, *args):
    status, out, err = run(capsys, "report", *args, "--index-dir", str(index_dir))
    assert status == 0, err
    return out


def test_without_verdicts_the_report_is_empty_unless_all(capsys, index_dir):
    assert "No checked findings" in report_of(capsys, index_dir)
    assert json.loads(report_of(capsys, index_dir, "--format", "json")) == []
    (item,) = json.loads(report_of(capsys, index_dir, "--format", "json", "--all"))
    assert item["verdict"] is None and item["kind"] == "conflict"


def test_json_report_has_each_claim_its_quote_sources_verdict_and_note(capsys, index_dir, pair):
    (item,) = json.loads(report_of(capsys, index_dir, "--json"))
    assert item["id"] == pair and item["verdict"] == "confirmed" and item["note"] == NOTE
    assert item["entity"] == "X" and item["attribute"] == "active users"
    first, second = item["claims"]
    assert {first["quote"], second["quote"]} == {
        "environ 250 millions d’utilisateurs",
        "600 millions d’utilisateurs",
    }
    by_outlet = {c["outlet"]: c for c in item["claims"]}
    assert by_outlet["lemonde.fr"]["url"] == "https://www.lemonde.fr/tech/x.html"
    assert by_outlet["lemonde.fr"]["published"] == "2025-03-29"
    assert by_outlet["lemonde.fr"]["headline"] == HOSTILE_TITLE  # exact in JSON
    assert by_outlet["example.org"]["headline"] == "-2+3 X en chiffres"
    assert item["other_sources"] == []


def test_the_other_sources_of_a_finding_are_named(capsys, seed_index, tmp_path):
    from factdesk.index import verdicts

    status, out, _ = run(capsys, "conflicts", "--json", "--index-dir", str(seed_index))
    pair_id = json.loads(out)[0]["pair_ids"][0]
    index_dir = tmp_path / "copy"
    import shutil

    shutil.copytree(seed_index, index_dir, symlinks=True)
    assert main(["verdict", pair_id, "resolved", "--index-dir", str(index_dir)]) == 0
    capsys.readouterr()
    (item,) = json.loads(report_of(capsys, index_dir, "--json"))
    assert item["other_sources"] == ["004_40f9653985f70d8d"]  # the finding's third article
    assert item["verdict"] == "resolved" and verdicts.load(seed_index) == {}


def test_markdown_report_escapes_what_articles_say(capsys, index_dir, pair):
    text = report_of(capsys, index_dir)
    assert text.startswith("# factdesk report\n")
    assert "## 1. X active users: confirmed" in text
    assert f"Pair `{pair}`" in text and "\\@SUM" not in text and "@SUM\\(A1:A9\\)" in text
    assert "«environ 250 millions d’utilisateurs»" in text and "lemonde.fr, 2025-03-29" in text
    assert "<https://www.lemonde.fr/tech/x.html>" in text
    assert "\x1b" not in text
    assert "[X](http" not in text and "\\[X\\]\\(http" in text  # no link from an article


def test_csv_report_neutralises_formulas_and_controls(capsys, index_dir, pair):
    text = report_of(capsys, index_dir, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2 and tuple(rows[0]) == report.CSV_COLUMNS
    for row in rows:
        assert row["id"] == pair and row["verdict"] == "confirmed"
        assert row["note"] == "'" + NOTE
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert "\x1b" not in cell
    by_outlet = {row["outlet"]: row for row in rows}
    assert by_outlet["lemonde.fr"]["headline"].startswith("'=HYPERLINK(")
    assert by_outlet["example.org"]["headline"] == "'-2+3 X en chiffres"
    assert (
        by_outlet["lemonde.fr"]["other_sources"]
        == "example.org, 2025-03-29 «600 millions d’utilisateurs»"
    )
    assert by_outlet["lemonde.fr"]["quote"] == "environ 250 millions d’utilisateurs"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r+1", "  =1"])
def test_a_formula_cell_gets_an_apostrophe(cell):
    assert report.csv_cell(cell).startswith("'")
    assert report.csv_cell("1" + cell) == report.sanitize_inline("1" + cell)


def _check_claim_review(review: dict) -> None:
    """The fields schema.org's ClaimReview and Google's guidance require, checked here
    independently of the library's own ``missing_fields``."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["alternateName"]
    assert review["author"]["@type"] in ("Person", "Organization") and review["author"]["name"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["appearance"]
    for appearance in item["appearance"]:
        assert appearance["@type"] == "CreativeWork"
    assert report.missing_fields(review) == []


def test_claim_review_records(capsys, index_dir, pair):
    out = report_of(
        capsys,
        index_dir,
        "--format",
        "json",
        "--claimreview",
        "--reviewer",
        "Jane Checker",
        "--url",
        "https://checks.example/x",
    )
    reviews = json.loads(out)
    assert len(reviews) == 2  # one per claim of the checked pair
    for review in reviews:
        _check_claim_review(review)
        assert review["author"] == {"@type": "Person", "name": "Jane Checker"}
        assert review["reviewRating"]["alternateName"] == "Contradicted by another source"
        assert review["url"].startswith(f"https://checks.example/x#{pair}-")
        assert NOTE in review["reviewBody"]
    by_author = {r["itemReviewed"]["author"]["name"]: r for r in reviews}
    lemonde = by_author["lemonde.fr"]["itemReviewed"]
    assert lemonde["appearance"][0]["url"] == "https://www.lemonde.fr/tech/x.html"
    assert lemonde["appearance"][0]["datePublished"] == "2025-03-29"
    assert "environ 250 millions" in by_author["lemonde.fr"]["claimReviewed"]


def test_the_validator_sees_a_missing_field():
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "x"}
    missing = report.missing_fields(review)
    assert {"reviewRating", "author", "itemReviewed.@type=Claim", "datePublished"} <= set(missing)


def test_claim_review_takes_the_reviewer_from_the_config(
    capsys, index_dir, pair, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    status, _, err = run(
        capsys, "report", "--format", "json", "--claimreview", "--index-dir", str(index_dir)
    )
    assert status == 2 and "needs the reviewer's name" in err  # never made up
    config = tmp_path / "config" / "factdesk" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[report]\nreviewer = "Desk Team"\nreviewer_type = "Organization"\n')
    reviews = json.loads(report_of(capsys, index_dir, "--format", "json", "--claimreview"))
    assert {r["author"]["name"] for r in reviews} == {"Desk Team"}
    assert {r["author"]["@type"] for r in reviews} == {"Organization"}
    for review in reviews:
        _check_claim_review(review)


def test_unchecked_pairs_make_no_claim_review(capsys, index_dir):
    out = report_of(capsys, index_dir, "--json", "--all", "--claimreview", "--reviewer", "J")
    assert json.loads(out) == []


def test_output_file_is_never_overwritten_without_force(capsys, index_dir, pair, tmp_path):
    target = tmp_path / "report.md"
    status, out, err = run(capsys, "report", "--output", str(target), "--index-dir", str(index_dir))
    assert status == 0 and out == "" and "wrote 1 pair(s)" in err
    assert target.read_text(encoding="utf-8").startswith("# factdesk report")
    target.write_text("mine", encoding="utf-8")
    status, _, err = run(
        capsys, "report", "--format", "csv", "--output", str(target), "--index-dir", str(index_dir)
    )
    assert status == 2 and "exists (--force to replace it)" in err
    assert target.read_text(encoding="utf-8") == "mine"
    status, _, _ = run(
        capsys,
        "report",
        "--format",
        "csv",
        "--output",
        str(target),
        "--force",
        "--index-dir",
        str(index_dir),
    )
    assert status == 0 and target.read_text(encoding="utf-8").startswith("id,verdict,")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".report")) == []


def test_json_output_file(capsys, index_dir, pair, tmp_path):
    target = tmp_path / "r.json"
    assert main(["report", "--json", "--output", str(target), "--index-dir", str(index_dir)]) == 0
    (item,) = json.loads(target.read_text(encoding="utf-8"))
    assert item["id"] == pair


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--claimreview",), "--claimreview is a JSON shape"),
        (("--format", "csv", "--json"), "disagree"),
        (("--force",), "--force needs --output"),
    ],
)
def test_report_usage_errors(capsys, index_dir, args, message):
    status, out, err = run(capsys, "report", *args, "--index-dir", str(index_dir))
    assert status == 2 and message in err and out == ""


def test_report_on_a_missing_index(capsys, tmp_path):
    status, _, err = run(capsys, "report", "--index-dir", str(tmp_path / "none"))
    assert status == 1 and "no index at" in err
