"""Search finds inflected, elided, prefixed and differently spelled forms (issue: foundation)."""

import pytest

from factdesk.index.ingest import index_paths
from factdesk.index.search import QueryError, Searcher


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("quality")
    articles = {
        "fr_users.txt": "Réseau\n\nLa plateforme compte 600 millions d'utilisateurs actifs.",
        "fr_valo.txt": "Marché\n\nLes valorisations des start-up explosent.",
        "ar_taqyim.txt": "تقرير\n\nارتفعت الشركة بتقييم قياسي هذا العام.",
        "ar_user.txt": "منصة\n\nكل مستخدم يرى المحتوى.",
        "ar_x.txt": "خبر\n\nاستحوذت الشركة على منصة إكس في 2022.",
        "ar_harakat.txt": "نص\n\nوَصَلَتْ القِيمَةُ السُّوقِيَّةُ إلى رقم كبير.",
        "en_valued.txt": "News\n\nThe company was valued at eighty billion dollars by investors.",
        "other.txt": "Autre\n\nRien à voir avec le sujet : la météo de demain.",
    }
    for name, text in articles.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("quality_index")
    index_paths(index_dir, [corpus])
    return Searcher(index_dir)


def names(searcher, query, **kwargs):
    return {hit.path.rsplit("/", 1)[-1] for hit in searcher.search(query, **kwargs)}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("utilisateur", "fr_users.txt"),  # elided plural d'utilisateurs
        ("valorisation", "fr_valo.txt"),  # plural
        ("تقييم", "ar_taqyim.txt"),  # بتقييم: attached preposition
        ("المستخدمين", "ar_user.txt"),  # article + plural suffix vs bare مستخدم
        ("اكس", "ar_x.txt"),  # hamza on alef
        ("٢٠٢٢", "ar_x.txt"),  # Eastern digits
        ("القيمة", "ar_harakat.txt"),  # harakat in the text
        ("value", "en_valued.txt"),  # English stemming
    ],
)
def test_query_finds_other_forms(searcher, query, expected):
    assert expected in names(searcher, query)


def test_query_does_not_match_everything(searcher):
    assert names(searcher, "utilisateur") == {"fr_users.txt"}


def test_lang_filter_and_field_syntax(searcher):
    assert names(searcher, "الشركة", lang="ar") == {"ar_taqyim.txt", "ar_x.txt"}
    assert names(searcher, "lang:fr AND plateforme") == {"fr_users.txt"}


def test_phrase_boolean_and_fuzzy(searcher):
    assert names(searcher, '"utilisateurs actifs"') == {"fr_users.txt"}
    assert names(searcher, '"actifs utilisateurs"') == set()
    assert names(searcher, "plateforme OR météo") == {"fr_users.txt", "other.txt"}
    assert names(searcher, "plateforme NOT utilisateur") == set()
    assert "fr_valo.txt" in names(searcher, "valorisatoin~2")


def test_hits_carry_highlights_on_the_matched_words(searcher):
    hit = searcher.search("utilisateur")[0]
    marked = [hit.snippet[s:e] for s, e in hit.snippet_highlights]
    assert marked == ["d'utilisateurs"]


@pytest.mark.parametrize("query", ["", "   ", "x" * 3000])
def test_bad_queries_raise_query_error(searcher, query):
    with pytest.raises(QueryError):
        searcher.search(query)


@pytest.fixture(scope="module")
def seed_searcher(seed_index):
    return Searcher(seed_index)


@pytest.mark.parametrize(
    "query, at_least",
    [
        ("milliards de dollars", 3),
        ("dette de X", 2),
        ("valorisation de xAI", 1),
    ],
)
def test_a_stop_word_of_one_language_does_not_veto_a_natural_query(seed_searcher, query, at_least):
    assert len(seed_searcher.search(query, limit=50)) >= at_least
    assert len(seed_searcher.search(query, limit=50)) >= len(
        seed_searcher.search(f'"{query}"', limit=50)
    )


def test_a_query_of_stop_words_only_is_searched_as_written(seed_searcher):
    from factdesk.index.search import drop_stop_words

    assert drop_stop_words("de la") == "de la"
    assert drop_stop_words('"de la" OR de X') == '"de la" OR X'


def test_query_syntax_keeps_its_stop_words(seed_searcher):
    from factdesk.index.search import drop_stop_words

    assert drop_stop_words("[a TO z]") == "[a TO z]"
    assert drop_stop_words("lang:fr de") == "lang:fr"


@pytest.mark.parametrize("query", ["valorisation", "مستخدم", "xAI", '"milliards de dollars"'])
def test_a_result_list_names_the_same_hits_without_reading_their_text(seed_searcher, query):
    """The app's list (``details=False``: path, title, language, source from the index's brief
    column) and `factdesk search` (with snippets) name the same hits, in the same order."""
    full = list(seed_searcher.search(query, limit=10))
    brief = list(seed_searcher.search(query, limit=10, details=False))
    assert full
    fields = ("path", "title", "lang", "outlet", "published", "score")
    assert [[getattr(h, f) for f in fields] for h in brief] == [
        [getattr(h, f) for f in fields] for h in full
    ]
    assert all(h.snippet == "" and h.spans == [] for h in brief)
