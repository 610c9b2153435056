import pytest

from factdesk.index.article import parse_article


def test_title_header_and_paragraph_offsets():
    text = "Le titre\nSource: https://example.org/a\nDate: 2025-03-28\nLang: fr\n\nPremier.\r\nSecond.\n"
    article = parse_article("a.txt", text)
    assert article.title == "Le titre"
    assert article.source == "https://example.org/a"
    assert article.date == "2025-03-28"
    assert article.lang == "fr"
    assert [article.paragraph_text(p) for p in article.paragraphs] == ["Premier.", "Second."]
    assert "Source:" not in article.body


def test_bad_header_values_are_warned_not_fatal():
    article = parse_article("a.txt", "T\nDate: yesterday\n\nBody text here.")
    assert article.date == ""
    assert article.warnings and "Date" in article.warnings[0]


def test_one_line_article_keeps_its_text_in_the_body():
    line = "Un génie nommé Elon Musk " * 20
    article = parse_article("a.txt", "\n\n" + line + "\n\nOn valide ?")
    assert article.title.endswith("…") and len(article.title) <= 161
    assert article.paragraph_text(article.paragraphs[0]) == line.rstrip() or line in article.body


def test_a_long_first_line_stays_in_the_body_and_the_header_after_it_is_read():
    """A headline over 160 characters (a real one of eval/: 'According to recent data released
    by the Central Agency …') is kept as the first paragraph; its Source, Date and Lang lines
    are still the article's header, and no paragraph, so their address yields no figure."""
    line = (
        "According to recent data released by the Central Agency for Public Mobilization and "
        "Statistics (CAPMAS), Egypt's annual inflation rate in February 2024 has surged"
    )
    text = (
        f"{line}\n\nSource: https://egyptianstreets.com/2024/03/10/inflation-36-percent/\n"
        "Date: 2024-03-10\nLang: en\n\nThe consumer price index climbed to 219.4 points.\n"
    )
    article = parse_article("a.txt", text)
    assert article.date == "2024-03-10" and article.lang == "en"
    assert article.source.startswith("https://egyptianstreets.com/")
    assert [article.paragraph_text(p) for p in article.paragraphs] == [
        line,
        "The consumer price index climbed to 219.4 points.",
    ]


def test_language_per_article_and_paragraph():
    text = (
        "Titre en français\n\nLe réseau social a perdu des utilisateurs et des annonceurs.\n"
        "They trained illegally using Twitter data and the lawsuit is coming.\n"
        "أعلن الملياردير الأمريكي إيلون ماسك استحواذ شركته على المنصة.\n"
        "זהו משפט בעברית על הרשת החברתית.\n"
    )
    article = parse_article("a.txt", text)
    assert article.lang == "fr"
    assert [p.lang for p in article.paragraphs] == ["fr", "en", "ar", "he"]


def test_lang_header_overrides_detection():
    assert parse_article("a.txt", "Hello\nLang: en\n\nLe chat est sur la table.").lang == "en"


@pytest.mark.parametrize(
    "address, date",
    [
        ("https://www.aljazeera.com/news/2023/2/6/turkey-syria-quake", "2023-02-06"),
        ("https://www.theguardian.com/world/2023/feb/06/turkey", "2023-02-06"),
        ("https://www.france24.com/fr/20230206-turquie-syrie-seisme", "2023-02-06"),
        ("https://macg.co/ailleurs/2025/03/elon-musk", "2025-03"),
        ("https://example.org/a/2023/13/40/b", ""),  # not a day
        ("https://example.org/x-28562975.html", ""),  # an id, not a date
        ("https://example.org/?d=2023/02/06/", ""),  # a query, not the path
    ],
)
def test_an_undated_article_takes_the_day_its_address_carries(address, date):
    article = parse_article("a.txt", f"Titre\nSource: {address}\nLang: fr\n\nTexte.\n")
    assert article.date == date
    dated = parse_article("b.txt", f"Titre\nSource: {address}\nDate: 2024-01-02\n\nTexte.\n")
    assert dated.date == "2024-01-02"  # the Date line wins
