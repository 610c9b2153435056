"""Sources by name (issue 11, item 1): outlet, date and headline instead of file names."""

from __future__ import annotations

import json

from factdesk.index.ingest import index_paths
from factdesk.index.sources import name_sources, outlet, source_label
from factdesk.tui.cli import main


def test_an_outlet_is_the_host_of_the_source_address_else_the_file_stem():
    assert outlet("https://www.lemonde.fr/economie/article/x.html", "/c/01.txt") == "lemonde.fr"
    assert outlet("http://News.Example.CO.UK:8080/a?b=c", "/c/01.txt") == "news.example.co.uk"
    assert outlet("", "/c/01_en_reuters.txt") == "01_en_reuters"
    assert outlet("not an address", "/c/notes.md") == "notes"
    assert outlet("https://[::1", "/c/x.txt") == "x"  # a broken address: the file
    assert outlet("https://\x1b]2;evil\x07/", "/c/y.txt") == "y"  # no host of odd characters


def test_a_findings_reasons_name_sources_not_files():
    figures = [
        {"article": "a.txt", "path": "/c/a.txt", "outlet": "lemonde.fr", "published": "2025-03-29"},
        {"article": "ba.txt", "path": "/c/ba.txt", "outlet": "ba", "published": ""},
    ]
    text = "X: 1 (a.txt) vs 2 (ba.txt): a.txt gives no date; data.txt stays"
    assert name_sources(text, figures) == (
        "X: 1 (lemonde.fr, 2025-03-29) vs 2 (ba): lemonde.fr, 2025-03-29 gives no date; "
        "data.txt stays"
    )
    assert source_label({"path": "/c/z.txt"}) == "z"


def test_conflicts_ask_figures_and_search_name_the_outlet(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, host, value in (
        ("a.txt", "www.lemonde.fr", "1 498"),
        ("b.txt", "lefigaro.fr", "2 921"),
    ):
        (corpus / name).write_text(
            f"Séisme en Turquie\n\nSource: https://{host}/seisme\nDate: 2023-02-06\nLang: fr\n\n"
            f"Le séisme a fait {value} morts en Turquie.\n",
            encoding="utf-8",
        )
    index_paths(tmp_path / "ix", [corpus])
    index = ["--index-dir", str(tmp_path / "ix")]
    assert main(["conflicts", *index]) == 0
    out = capsys.readouterr().out
    assert "lemonde.fr, 2023-02-06" in out and "lefigaro.fr, 2023-02-06" in out
    assert "a.txt" not in out and "b.txt" not in out
    assert main(["conflicts", "--json", *index]) == 0
    (finding,) = json.loads(capsys.readouterr().out)
    assert {(f["outlet"], f["published"], f["headline"]) for f in finding["figures"]} == {
        ("lemonde.fr", "2023-02-06", "Séisme en Turquie"),
        ("lefigaro.fr", "2023-02-06", "Séisme en Turquie"),
    }
    assert main(["figures", *index]) == 0
    out = capsys.readouterr().out
    assert "lemonde.fr" in out and "a.txt" not in out
    assert main(["search", "séisme", *index]) == 0
    out = capsys.readouterr().out
    assert "lefigaro.fr, 2023-02-06" in out and "b.txt" not in out
