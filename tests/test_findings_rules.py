"""Findings rule by rule, on small corpora written for the purpose: when figures owned by a place
make a conflict, and how an undated article is dated by the figures it shares."""

from pathlib import Path

import pytest

from factdesk.index.figures.dating import distinctive
from factdesk.index.ingest import index_paths
from factdesk.index.store import open_store


def write(folder: Path, name: str, body: str, date: str = "", lang: str = "fr") -> None:
    head = f"Séisme\n\nSource: https://example.org/{name}\n" + (f"Date: {date}\n" if date else "")
    (folder / name).write_text(f"{head}Lang: {lang}\n\n{body}\n", encoding="utf-8")


def findings(tmp_path: Path, corpus: Path) -> list[dict]:
    index_paths(tmp_path / "index", [corpus])
    store = open_store(tmp_path / "index")
    try:
        return store.catalog.findings()
    finally:
        store.close()


def kinds(found: list[dict], attribute: str) -> set[tuple[str, str]]:
    return {(f["kind"], f["entity"]) for f in found if f["attribute"] == attribute}


def test_a_place_toll_conflicts_only_when_both_are_dated(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "Le séisme a fait 1 498 morts en Turquie.", date="2023-02-06")
    write(corpus, "b.txt", "Le séisme a fait 2 921 morts en Turquie.", date="2023-02-06")
    write(corpus, "c.txt", "Le séisme a fait 4 100 morts en Turquie.")  # undated
    write(corpus, "d.txt", "Le séisme a fait 5 200 morts en Turquie.")  # undated
    found = findings(tmp_path, corpus)
    conflict = [f for f in found if f["kind"] == "conflict" and f["attribute"] == "deaths"]
    assert len(conflict) == 1 and conflict[0]["entity"] == "Turkey"
    assert {f["article"] for f in conflict[0]["figures"]} == {"a.txt", "b.txt"}
    assert "same day: 2023-02-06" in " · ".join(conflict[0]["reasons"])
    # undated tolls may be of different days: a possible conflict, listed apart
    (possible,) = [f for f in found if f["kind"] == "possible" and f["attribute"] == "deaths"]
    assert {f["article"] for f in possible["figures"]} == {"c.txt", "d.txt"}


def test_figures_with_no_owner_never_make_a_conflict(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shared = "On compte 2 100 blessés et 4 748 bâtiments effondrés."  # one story
    write(corpus, "a.txt", f"Le séisme a fait 1 498 morts. {shared}", date="2023-02-06")
    write(corpus, "b.txt", f"Le séisme a fait 2 921 morts. {shared}", date="2023-02-06")
    found = findings(tmp_path, corpus)
    assert ("possible", "") in kinds(found, "deaths")
    assert not [f for f in found if f["kind"] == "conflict"]


def test_an_undated_article_is_dated_by_a_distinctive_shared_figure(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "En Syrie, 1 444 personnes sont mortes. En Turquie, le séisme a fait 2 921 morts.",
        date="2023-02-06",
    )
    write(
        corpus,
        "b.txt",
        "En Syrie, 1 444 personnes sont mortes. En Turquie, le séisme a fait 3 549 morts.",
    )
    write(corpus, "c.txt", "En Turquie, le séisme a fait 5 000 morts.")  # nothing shared
    found = findings(tmp_path, corpus)
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert conflict["entity"] == "Turkey"
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt"}
    assert any(
        "1,444 deaths, as in" in reason and "a.txt" in reason for reason in conflict["reasons"]
    ), conflict["reasons"]
    assert conflict["confidence"] < 1.0


def test_an_undated_article_stating_three_figures_of_dated_news_is_of_its_day(tmp_path):
    """Round figures date nothing one by one ('33 milliards' is in many stories), but an
    undated article stating three figures (owner, measure, value) that dated articles of one
    day state reports that news: its other figures are of that day too."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Elon Musk annonce la fusion : X est valorisé à 33 milliards de dollars et xAI à 80 "
        "milliards de dollars. X a une dette de 12 milliards de dollars. Tesla est valorisée à "
        "900 milliards de dollars.",
        "2025-03-28",
    )
    write(
        corpus,
        "b.txt",
        "Selon Bloomberg, l'opération valorise xAI à 80 milliards de dollars. La plateforme X est "
        "valorisée à 33 milliards de dollars, après déduction de 12 milliards de dollars de dette "
        "de X. De son côté, Tesla est valorisée à 1 200 milliards de dollars en Bourse.",
    )
    write(
        corpus,
        "c.txt",
        "X est valorisé à 33 milliards de dollars ; xAI est valorisée à 80 milliards de dollars. "
        "Tesla est valorisée à 1 500 milliards de dollars.",
    )  # two figures shared: not enough
    found = findings(tmp_path, corpus)
    (conflict,) = [f for f in found if f["kind"] == "conflict" and f["entity"] == "Tesla"]
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt"}
    assert any("3 figures as in articles of 2025-03-28" in r for r in conflict["reasons"]), (
        conflict["reasons"]
    )


def test_an_open_bound_then_a_higher_count_is_a_change_over_time(tmp_path):
    """'more than 2,300 have been killed' on the 12th and '3,252 morts' on the 16th: the toll
    moved, though 'more than 2,300' and 3,252 overlap as intervals."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "In Libya, according to Libyan emergency services on the ground, more than 2,300 have "
        "been killed.",
        date="2023-09-12",
        lang="en",
    )
    write(
        corpus,
        "b.txt",
        "Le ministre de la Santé de l'administration de l'Est de la Libye a fait état d'un "
        "bilan de 3.252 morts.",
        date="2023-09-16",
    )
    found = findings(tmp_path, corpus)
    (changed,) = [f for f in found if f["kind"] == "changed" and f["attribute"] == "deaths"]
    assert {f["article"] for f in changed["figures"]} == {"a.txt", "b.txt"}
    assert len(changed["pairs"]) == 1


def test_a_bare_magnitude_and_one_with_its_unit_are_one_quantity():
    """'magnitude de 6,3' (a bare number) and '6.3 magnitude' (its unit said): a magnitude has
    one unit, so the two are compared, and agree."""
    from factdesk.index.article import parse_article
    from factdesk.index.figures.extract import extract_figures
    from factdesk.index.figures.findings import findings_for_group

    texts = {
        "a.txt": (
            "fr",
            "Un tremblement de terre de magnitude 6,3 a secoué ce samedi matin l’ouest de "
            "l’Afghanistan, suivi par quatre fortes répliques, a rapporté l’Institut de "
            "géophysique américain (USGS).",
        ),
        "b.txt": (
            "en",
            "The US Geological Survey said a series of earthquakes hit 35 kilometres north-west "
            "of the city of Herat, with one measuring 6.3 magnitude.",
        ),
    }
    figures = []
    for name, (lang, text) in texts.items():
        article = parse_article(name, f"Séisme\nDate: 2023-10-07\nLang: {lang}\n\n{text}\n")
        for figure in extract_figures(article):
            if figure.attribute == "magnitude":
                figures.append({**figure.as_dict(), "article_date": "2023-10-07"})
    assert {f["unit"] for f in figures} == {None, "magnitude_scale"}
    (agree,) = [f for f in findings_for_group("", "magnitude", figures) if f["kind"] == "agree"]
    assert {f["article"] for f in agree["figures"]} == {"a.txt", "b.txt"}


def test_an_undated_article_naming_a_day_is_read_in_its_storys_year(tmp_path):
    """'lundi 6 février' in an article with no date: 6 February of the year its story's dated
    articles give, with that reason."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    turkey = (
        "En Turquie, épicentre du séisme, un bilan toujours provisoire du premier séisme fait "
        "état de 1.498 morts et au moins 7.634 blessés, selon les données communiquées par le "
        "président turc Recep Tayyip Erdogan."
    )
    write(corpus, "a.txt", f"{turkey} Selon lui, 2.818 immeubles se sont effondrés.", "2023-02-07")
    write(
        corpus,
        "b.txt",
        "Le bilan provisoire du séisme de magnitude 7,8 qui a secoué la Turquie et la Syrie "
        "lundi 6 février à l'aube est monté à plus de 2.300 morts et plus de 10.000 blessés.\n\n"
        + turkey,
    )
    index_paths(tmp_path / "index", [corpus])
    store = open_store(tmp_path / "index")
    try:
        from factdesk.index.figures.dating import read_days

        figure_days, dates = read_days(store.catalog)
    finally:
        store.close()
    named = {start: found for (path, start), found in figure_days.items() if path.endswith("b.txt")}
    assert named, figure_days
    for day, reason in named.values():  # the magnitude (the toll is of its report's day)
        assert day == "2023-02-06" and "the day it names is 2023-02-06" in reason, reason
    # the rest of the article is the day of the bulletin it shares with a.txt
    assert dates[str(corpus / "b.txt")][0] == "2023-02-07"


def _read_days(tmp_path: Path, corpus: Path):
    from factdesk.index.figures.dating import read_days

    index_paths(tmp_path / "index", [corpus])
    store = open_store(tmp_path / "index")
    try:
        return read_days(store.catalog)
    finally:
        store.close()


MPOX = (
    "Au total, 18 737 cas suspectés ou confirmés de mpox ont été répertoriés depuis le début de "
    "l'année sur le continent, dont 1 200 en une semaine, a affirmé samedi 17 août l'Africa CDC. "
    "La République démocratique du Congo compte la quasi-totalité des cas recensés avec 16 800 "
    "suspectés ou confirmés."
)


def test_a_day_named_without_a_year_is_read_nearest_one_of_its_storys_dated_articles(tmp_path):
    """A story of February to August 2024: 'samedi 17 août' is 2024-08-17, three days from its
    August article, not the 17 August of 2023 that is nearest its first article."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    counts = "L'Africa CDC a recensé 1 200 cas suspectés en une semaine et plus de 500 morts."
    write(corpus, "a.txt", counts, "2024-02-01")
    write(corpus, "b.txt", counts, "2024-08-14")
    write(corpus, "c.txt", MPOX + " Plus de 500 morts ont été répertoriés depuis début 2024.")
    figure_days, dates = _read_days(tmp_path, corpus)
    assert dates[str(corpus / "c.txt")][0] == "2024-08-17", dates
    assert "b.txt, is of 2024-08-14" in dates[str(corpus / "c.txt")][1]


def test_round_counts_of_other_measures_link_no_story_that_dates_an_article(tmp_path):
    """'1 200' cases and '500' deaths in an undated mpox report, '1,200' injured and '500'
    dead in a dated quake report: two round counts of other measures are no shared story,
    so the quake's day does not date the mpox report."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "quake.txt",
        "The death toll from strong earthquakes that shook western Herat province has risen to "
        "2,025, more than 1,200 wounded. The United Nations put the toll at 100 dead and over "
        "500 injured.",
        "2023-10-08",
        lang="en",
    )
    write(corpus, "mpox.txt", MPOX + " Plus de 500 morts ont été répertoriés depuis début 2024.")
    figure_days, dates = _read_days(tmp_path, corpus)
    assert not str(dates.get(str(corpus / "mpox.txt"), ("",))[0]).startswith("2023"), dates


def test_a_toll_of_another_years_quake_is_no_change_of_this_ones(tmp_path):
    """'le tremblement de terre du 17 août 1999, qui avait causé la mort de 17.000 personnes'
    is another event's toll: the changed finding pairs this quake's tolls (1.498 → 2.316),
    never 1999's with 2023's."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Ce séisme est le plus important en Turquie depuis le tremblement de terre du 17 août "
        "1999, qui avait causé la mort de 17.000 personnes.",
        date="2023-02-06",
    )
    write(
        corpus,
        "b.txt",
        "En Turquie, épicentre du séisme, un bilan toujours provisoire du premier séisme fait "
        "état de 1.498 morts et au moins 7.634 blessés.",
        date="2023-02-06",
    )
    write(
        corpus,
        "c.txt",
        "Ce nouveau bilan porte le bilan provisoire du séisme à 2.316 morts en Turquie.",
        date="2023-02-07",
    )
    found = findings(tmp_path, corpus)
    (changed,) = [
        f
        for f in found
        if f["kind"] == "changed" and f["attribute"] == "deaths" and f["entity"] == "Turkey"
    ]
    paired = {tuple(sorted(end[0].rsplit("/", 1)[-1] for end in pair)) for pair in changed["pairs"]}
    assert paired == {("b.txt", "c.txt")}, paired


def _egypt_inflation_story(tmp_path: Path) -> Path:
    """Two dated reports of Egypt's February inflation (real sentences of the dev split)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Egypt’s urban consumer price inflation (CPI) witnessed a significant rise, reaching "
        "35.7 percent in February 2024, up from January’s 29.8 percent.",
        date="2024-03-10",
        lang="en",
    )
    write(
        corpus,
        "b.txt",
        "سجلت معدلات التضخم السنوية في مصر تسارعا خلال شهر فبراير الماضي ووصلت إلى 35.7%، في "
        "حين كانت خلال يناير الذي سبقه بنسبة 29.8%.",
        date="2024-03-11",
        lang="ar",
    )
    return corpus


def test_an_undated_article_of_a_story_all_of_one_month_is_of_that_month(tmp_path):
    """An undated article whose story's dated articles (sharing its figures) are all of March
    2024 is of March 2024: a month's figures meet its story's, as possible conflicts only."""
    corpus = _egypt_inflation_story(tmp_path)
    write(
        corpus,
        "c.txt",
        "L'inflation urbaine annuelle de l'Égypte grimpe à 35,7 % en février, contre 29,8 % en "
        "janvier.",
    )
    _, dates = _read_days(tmp_path, corpus)
    month, reason = dates[str(corpus / "c.txt")]
    assert month == "2024-03" and "its story's dated articles are all of 2024-03" in reason


def test_a_month_named_alone_in_an_undated_article_is_read_in_its_storys_year(tmp_path):
    """'35,7 % en février, contre 29,8 % en janvier' in an article with no date: February and
    January of the year its story's dated articles give (a real zonebourse.com sentence of
    the dev split), with that reason; the article itself stays of its story's month."""
    corpus = _egypt_inflation_story(tmp_path)
    write(
        corpus,
        "c.txt",
        "D'un mois sur l'autre, les prix ont augmenté de 11,4 % en février, contre seulement "
        "1,6 % en janvier. L'inflation urbaine annuelle de l'Égypte grimpe à 35,7 % en février, "
        "contre 29,8 % en janvier.",
    )
    figure_days, dates = _read_days(tmp_path, corpus)
    named = sorted(found for (path, _), found in figure_days.items() if path.endswith("c.txt"))
    assert [month for month, _ in named] == ["2024-01", "2024-01", "2024-02", "2024-02"], named
    assert all("the month it names is" in reason for _, reason in named)
    assert dates[str(corpus / "c.txt")][0] == "2024-03"


def test_distinctive_numbers():
    assert distinctive(1444) and distinctive(711) and distinctive(35418)
    assert not distinctive(2300) and not distinctive(20000) and not distinctive(99)
    assert not distinctive(7.8) and not distinctive(None) and not distinctive(float("inf"))


def test_tolls_owned_only_by_the_articles_place_conflict_when_it_is_one_place(tmp_path):
    """'Le bilan atteint 1 498 morts' in two reports of one day about Turkey: the toll is
    Turkey's, and the two conflict. About 'Turquie et Syrie' together, either country's toll
    may be meant: a possible conflict."""
    for title, kind, entity in (
        ("Séisme en Turquie", "conflict", "Turkey"),
        ("Séisme en Turquie et en Syrie", "possible", "Syria & Turkey"),
    ):
        corpus = tmp_path / kind
        corpus.mkdir()
        write(corpus, "a.txt", "Le bilan atteint 1 498 morts.", date="2023-02-06")
        write(corpus, "b.txt", "Le bilan atteint 2 921 morts.", date="2023-02-06")
        for name in ("a.txt", "b.txt"):
            path = corpus / name
            path.write_text(path.read_text().replace("Séisme\n", title + "\n", 1))
        found = findings(tmp_path / f"{kind}-index", corpus)
        (finding,) = [f for f in found if f["attribute"] == "deaths"]
        assert (finding["kind"], finding["entity"]) == (kind, entity)
        assert f"same place: {entity} (what the articles are about)" in finding["reasons"]


def test_a_small_value_with_its_measure_links_a_story(tmp_path):
    """A magnitude of 7.8 and a toll shared by two articles put them in one story, so that
    their owner-less figures meet; the same magnitude alone links nothing."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "Un séisme de magnitude 7,8. Il y a 1 444 blessés.", lang="fr")
    write(corpus, "b.txt", "A magnitude 7.8 quake. It left 1,444 injured.", lang="en")
    write(corpus, "c.txt", "Un séisme de magnitude 7,8. Il y a 2 921 blessés.", lang="fr")
    found = findings(tmp_path, corpus)
    (agree,) = [f for f in found if f["kind"] == "agree" and f["attribute"] == "magnitude"]
    assert {f["article"] for f in agree["figures"]} == {"a.txt", "b.txt"}


def test_an_areas_toll_never_meets_the_countrys_and_meets_itself_across_scripts(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-09-10"
    write(corpus, "a.txt", "Au Maroc, le séisme a fait 2 012 morts.", date=day)
    write(
        corpus,
        "b.txt",
        "Au Maroc, 1 293 personnes sont mortes dans la province d'Al-Haouz.",
        date=day,
    )
    write(corpus, "c.txt", "في المغرب لقي 1452 شخصا حتفهم في إقليم الحوز.", date=day, lang="ar")
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "deaths"]
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert {f["article"] for f in conflict["figures"]} == {"b.txt", "c.txt"}
    assert conflict["entity"] in ("Morocco (Al Haouz)", "Morocco (الحوز)")
    assert not any("a.txt" in {f["article"] for f in x["figures"]} for x in found)


def test_undated_articles_sharing_a_bulletins_figure_are_of_one_day(tmp_path):
    """Two undated articles give Syria's 1 444 deaths (one bulletin): their tolls for Turkey
    are of that one day, and differ: a conflict, with the reason; a third undated article
    sharing nothing stays undated: never in a conflict."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "En Syrie, 1 444 personnes sont mortes. En Turquie, 2 921 morts.")
    write(corpus, "b.txt", "En Syrie, 1 444 personnes sont mortes. En Turquie, 3 549 morts.")
    write(corpus, "c.txt", "En Turquie, le séisme a fait 5 200 morts.")
    found = findings(tmp_path, corpus)
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert conflict["entity"] == "Turkey"
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt"}
    reasons = " · ".join(conflict["reasons"])
    assert "same bulletin (1,444 deaths, as in b.txt)" in reasons
    assert "same day: one bulletin's figures" in reasons and conflict["confidence"] < 1
    assert not [f for f in found if f["kind"] == "conflict" and "c.txt" in str(f["figures"])]


def test_two_magnitudes_of_one_storys_quake_conflict(tmp_path):
    """A magnitude has no owner but the quake: within one story (the articles share their
    figures), dated magnitudes that differ are a conflict (6.8 vs 7.2, not within 5%)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-09-09"
    shared = "Le bilan atteint 2 012 morts et 2 059 blessés."
    write(corpus, "a.txt", f"Un séisme de magnitude 6,8 a frappé le Maroc. {shared}", date=day)
    write(corpus, "b.txt", f"Un séisme de magnitude 7,2 a frappé le Maroc. {shared}", date=day)
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "magnitude"]
    assert [(f["kind"], f["entity"]) for f in found] == [("conflict", "")]


def test_a_place_every_article_of_a_story_names_still_links_them(tmp_path):
    """Fourteen articles on one quake all name Morocco: two that share a toll and the place are
    one story, so their magnitudes (7.2 and 6.8) meet."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(14):
        magnitude = "7,2" if n == 0 else "6,8"
        toll = 2012 if n < 2 else 2100 + 7 * n
        write(
            corpus,
            f"a{n:02d}.txt",
            f"Un séisme de magnitude {magnitude}. Au Maroc, le bilan atteint {toll} morts.",
            date="2023-09-09",
        )
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "magnitude"]
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert {"a00.txt", "a01.txt"} <= {f["article"] for f in conflict["figures"]}


def test_a_party_no_list_knows_conflicts_across_languages_by_its_acronym(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2024-07-08"
    write(corpus, "a.txt", "Le Rassemblement national (RN) obtient 143 sièges.", date=day)
    write(corpus, "b.txt", "The National Rally (RN) won 125 seats.", date=day, lang="en")
    write(corpus, "c.txt", "Selon l'Ifop, le scrutin donne 150 sièges.", date=day)
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "seats"]
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert conflict["entity"] == "National Rally"  # the long name other languages translate
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt"}
    assert conflict["reasons"][0] == "same owner: National Rally (named in each article)"
    assert "same day: 2024-07-08" in " · ".join(conflict["reasons"])


def test_a_party_named_in_translation_is_one_owner_across_languages(tmp_path):
    """'Rassemblement national', 'National Rally' and 'التجمع الوطني' say the same words
    (name_words.json): one owner, whose seats conflict; 'le RN' alone is the long name its
    letters spell, and agrees with its 143 seats."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2024-07-08"
    write(corpus, "a.txt", "Le Rassemblement national obtient 143 sièges.", date=day)
    write(corpus, "b.txt", "The National Rally won 125 seats.", date=day, lang="en")
    write(corpus, "c.txt", 'وحصل حزب "التجمع الوطني" على 126 مقعدا.', date=day, lang="ar")
    write(corpus, "d.txt", "Le RN obtient 143 sièges, selon les résultats.", date=day)
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "seats"]
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert conflict["entity"] == "National Rally"
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt", "c.txt", "d.txt"}
    spellings = next(r for r in conflict["reasons"] if r.startswith("one name in several"))
    assert "Rassemblement national" in spellings and "التجمع الوطني" in spellings
    agreements = [{f["article"] for f in a["figures"]} for a in found if a["kind"] == "agree"]
    assert {"a.txt", "d.txt"} in agreements  # 143 and 143
    assert {"b.txt", "c.txt"} in agreements  # 125 and 126: within 5%


def test_a_weekday_in_an_undated_article_is_read_in_its_storys_first_week(tmp_path):
    """An undated report says 'lundi' (the quake) and 'vendredi' (its toll): read in the week
    its story began (a dated article of Monday 6 February shares its figures), the toll is of
    Friday 10 February, and meets a Friday article's toll, with the reason."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Le séisme de lundi a fait 1 444 morts en Syrie et 2 921 morts en Turquie.",
        date="2023-02-06",
    )
    write(
        corpus,
        "b.txt",
        "En Syrie, 1 444 personnes sont mortes lundi. Le séisme qui a frappé lundi a fait "
        "18 991 morts en Turquie, selon le bilan communiqué vendredi.",
    )
    write(corpus, "c.txt", "En Turquie, le bilan atteint 20 213 morts.", date="2023-02-10")
    found = findings(tmp_path, corpus)
    conflicts = [f for f in found if f["kind"] == "conflict" and f["entity"] == "Turkey"]
    (friday,) = [f for f in conflicts if "c.txt" in {x["article"] for x in f["figures"]}]
    assert {x["article"] for x in friday["figures"]} == {"b.txt", "c.txt"}
    reasons = " · ".join(friday["reasons"])
    assert "Friday read as 2023-02-10" in reasons and "same day: 2023-02-10" in reasons
    assert friday["confidence"] < 1


def test_an_undated_bulletin_takes_the_day_its_other_article_was_given(tmp_path):
    """Two undated reports state the same toll (one bulletin); the one that says 'vendredi'
    is read as Friday 10 February in its story's week; the other is of that day too, and its
    own Syrian toll meets a Friday article's."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Le séisme de lundi a fait 1 444 morts en Syrie et 2 921 morts en Turquie.",
        date="2023-02-06",
    )
    write(
        corpus,
        "b.txt",
        "En Syrie, 1 444 personnes sont mortes lundi. Le séisme qui a frappé lundi a fait "
        "18 991 morts en Turquie, selon le bilan communiqué vendredi.",
    )
    write(corpus, "c.txt", "Le bilan atteint 18 991 morts en Turquie et 4 102 morts en Syrie.")
    write(corpus, "d.txt", "En Syrie, le bilan atteint 5 200 morts.", date="2023-02-10")
    found = findings(tmp_path, corpus)
    syria = [f for f in found if f["kind"] == "conflict" and f["entity"] == "Syria"]
    (friday,) = [f for f in syria if "d.txt" in {x["article"] for x in f["figures"]}]
    assert {x["article"] for x in friday["figures"]} == {"c.txt", "d.txt"}
    reasons = " · ".join(friday["reasons"])
    assert "whose day is 2023-02-10 (b.txt)" in reasons and "same day: 2023-02-10" in reasons


def test_two_small_counts_of_another_story_date_no_article(tmp_path):
    """'64 sièges' and '5 sièges' are in many elections: an undated article about one is not
    linked by them alone to a dated article about another, nor dated by its week."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "Le RN obtient 64 sièges et le PS 5 sièges.", "2022-06-20")
    write(
        corpus, "b.txt", "Le Likoud obtient 64 sièges et Raam 5 sièges, selon le décompte de jeudi."
    )
    figure_days, dates = _read_days(tmp_path, corpus)
    assert str(corpus / "b.txt") not in dates, dates
    assert not [key for key in figure_days if key[0].endswith("b.txt")], figure_days


def test_weekdays_stay_unread_when_the_dated_articles_span_weeks(tmp_path):
    """Two rounds of a vote, a week apart: 'dimanche' in an undated article could be either
    Sunday, so it dates nothing."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shared = "Le séisme a fait 1 444 morts en Syrie et 2 921 morts en Turquie."
    write(corpus, "a.txt", shared, date="2024-06-30")
    write(corpus, "b.txt", shared, date="2024-07-07")
    write(corpus, "c.txt", f"{shared} Dimanche, le bilan atteint 3 549 morts en Turquie.")
    found = findings(tmp_path, corpus)
    assert not any("Sunday read as" in " ".join(f["reasons"]) for f in found)


def test_a_chain_of_close_values_still_conflicts_at_its_ends():
    """7.4, 7.6 and 7.8 chain within 5% link by link, but 7.4 and 7.8 do not agree: a
    conflict between the ends, and no agreement claimed between them."""
    from factdesk.index.figures.findings import findings_for_group

    def magnitude(article: str, value: float) -> dict:
        return {
            "path": f"/c/{article}", "article": article, "start": 0, "end": 3,
            "quote": str(value), "value": value, "unit": None, "qualifier": "exact",
            "low": value, "high": value, "entity": None, "attribute": "magnitude",
            "when": "2023-02-06", "lang": "fr",
        }  # fmt: skip

    found = findings_for_group(
        "", "magnitude", [magnitude("a.txt", 7.4), magnitude("b.txt", 7.6), magnitude("c.txt", 7.8)]
    )
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert conflict["pairs"] == [[["/c/a.txt", 0], ["/c/c.txt", 0]]]
    (agree,) = [f for f in found if f["kind"] == "agree"]
    assert [["/c/a.txt", 0], ["/c/c.txt", 0]] not in agree["pairs"] and len(agree["pairs"]) == 2


def test_an_undated_article_is_of_the_only_day_its_running_counts_fit(tmp_path):
    """Tolls only rise: an undated report of 1 121 deaths in Turkey is of no day after one
    whose reports all say more (2 379 on the 7th), nor of a day before one that said more:
    it is of the 6th, and its toll meets the 6th's, with the reason."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    syria = "En Syrie, 1 400 personnes sont mortes."  # round: it dates nothing by itself
    write(corpus, "a.txt", f"{syria} En Turquie, le séisme a fait 2 921 morts.", "2023-02-06")
    write(corpus, "b.txt", f"{syria} En Turquie, le séisme a fait 3 549 morts.", "2023-02-07")
    write(corpus, "c.txt", f"{syria} En Turquie, le séisme a fait 1 121 morts.")
    found = findings(tmp_path, corpus)
    (conflict,) = [f for f in found if f["kind"] == "conflict" and f["entity"] == "Turkey"]
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "c.txt"}
    reasons = " · ".join(conflict["reasons"])
    assert "c.txt gives no date: dated by the same figure" not in reasons
    assert "its running counts fit only 2023-02-06" in reasons, reasons


def test_a_toll_only_the_articles_subject_owns_does_not_demote_a_days_conflict(tmp_path):
    """Two reports of the same day give Turkey's toll in their own sentence and differ: a
    conflict, and a third article's toll of that day, Turkey's as what the article is about,
    is in it too."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-02-06"
    write(corpus, "a.txt", "Le séisme a fait 1 498 morts en Turquie.", day)
    write(corpus, "b.txt", "Le séisme a fait 2 921 morts en Turquie.", day)
    write(corpus, "c.txt", "Séisme en Turquie.\n\nLe bilan atteint 4 100 morts.", day)
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "deaths"]
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt", "c.txt"}
    assert not [f for f in found if f["kind"] == "possible"]


def test_a_places_figures_of_a_measure_no_place_owns_make_a_possible_conflict(tmp_path):
    """Seats are a party's: two articles of one day giving 'France' 182 and 193 seats (the
    party unnamed or not found) may be about two parties: a possible conflict, not a conflict.
    A toll is a place's: the same two figures as deaths conflict."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2024-07-08"
    write(corpus, "a.txt", "En France, le parti obtient 182 sièges.", day)
    write(corpus, "b.txt", "En France, le parti obtient 193 sièges.", day)
    write(corpus, "c.txt", "En France, la tempête a fait 182 morts.", day)
    write(corpus, "d.txt", "En France, la tempête a fait 193 morts.", day)
    found = findings(tmp_path, corpus)
    assert kinds(found, "seats") == {("possible", "France")}
    assert ("conflict", "France") in kinds(found, "deaths")


def test_a_places_figure_equal_to_its_areas_agrees_and_a_different_one_makes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-09-16"
    write(corpus, "a.txt", "En Libye, la tempête a fait 11 300 morts.", date=day)
    write(
        corpus, "b.txt", "En Libye, 11.300 personnes sont mortes dans la ville de Derna.", date=day
    )
    write(corpus, "c.txt", "En Libye, la tempête a fait 3 958 morts.", date=day)
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "deaths"]
    (agree,) = [f for f in found if f["kind"] == "agree" and f["entity"] == "Libya (Derna)"]
    assert {f["article"] for f in agree["figures"]} == {"a.txt", "b.txt"}
    assert "same place: Libya, the figure given for Libya (Derna)" in agree["reasons"][0]
    # a country's toll above its area's is no conflict with it
    assert not any(
        "b.txt" in {f["article"] for f in x["figures"]} and x["kind"] in ("conflict", "possible")
        for x in found
    )


def test_one_party_spelt_in_three_scripts_is_one_owner(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2022-11-03"
    write(
        corpus,
        "a.txt",
        "The distribution of seats is as follows:\nLikud 32\nYesh Atid 24\nLabor 4",
        day,
        "en",
    )
    write(
        corpus,
        "b.txt",
        'توزيع المقاعد على النحو الآتي:\nالليكود: 32\n"ييش عتيد": 24\nالعمل: 4',
        day,
        "ar",
    )
    write(corpus, "c.txt", "חלוקת המנדטים:\nהליכוד 28\nיש עתיד 24\nהעבודה 4", day, "he")
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "seats"]
    (conflict,) = [f for f in found if f["kind"] == "conflict"]
    assert conflict["entity"] == "Likud"
    assert {f["article"] for f in conflict["figures"]} == {"a.txt", "b.txt", "c.txt"}
    assert "one name in several spellings: Likud = הליכוד = الليكود" in conflict["reasons"]
    agree = [f for f in found if f["kind"] == "agree" and f["entity"] == "Yesh Atid"]
    assert agree and {f["article"] for f in agree[0]["figures"]} == {"a.txt", "b.txt", "c.txt"}


def test_several_other_shocks_in_one_article_make_no_conflict(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-10-07"
    toll = "Le séisme a fait 2 053 morts et 1 240 blessés. "  # one story
    shocks = "Il a été suivi par trois répliques de magnitudes de 5,5, 4,7 et 6,3."
    write(corpus, "a.txt", toll + shocks, day)
    write(
        corpus,
        "b.txt",
        toll + "Il a été suivi par deux répliques de magnitudes de 5,2 et 4,1.",
        day,
    )
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "magnitude"]
    assert found and not [f for f in found if f["kind"] == "conflict"]
    assert {f["entity"] for f in found} == {"(another event)"}


def test_epicentre_distances_from_one_place_that_differ_conflict(tmp_path):
    """Session 11: '40 km north-west of Hérat' and '29 km north of Hérat' on one day are one
    quake's place measured from one town (the dev gold calls such pairs conflicts); distances
    from different places stay apart (see the test below)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-10-11"
    toll = "Le séisme a fait 2 053 morts et 1 240 blessés. "  # one story
    write(
        corpus,
        "a.txt",
        toll + "L'épicentre du séisme était à 40 kilomètres au nord-ouest d'Hérat.",
        day,
    )
    write(
        corpus,
        "b.txt",
        toll + "L'épicentre du séisme se situait à 29 kilomètres au nord de Hérat.",
        day,
    )
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "epicentre distance"]
    assert [f["kind"] for f in found] == ["conflict"]


@pytest.mark.parametrize(
    "kind, articles",
    [
        (  # maybe two parties' or blocs' seats, not one figure that changed
            "changed",
            [
                ("En Israël, le bloc de droite obtiendrait 64 sièges.", "2022-11-01"),
                ("En Israël, le parti a obtenu 59 sièges.", "2022-11-03"),
                ("Le parti Likoud obtiendrait 30 sièges.", "2022-11-01"),
                ("Le parti Likoud a obtenu 32 sièges.", "2022-11-03"),
            ],
        ),
        (  # maybe two parties' seats, not one figure two sources agree on
            "agree",
            [
                ("En Israël, la liste arabe obtiendrait 4 sièges.", "2022-11-01"),
                ("En Israël, les travaillistes obtiendraient 4 sièges.", "2022-11-01"),
                ("Le parti Likoud obtiendrait 30 sièges.", "2022-11-01"),
                ("Le parti Likoud a obtenu 30 sièges.", "2022-11-01"),
            ],
        ),
    ],
)
def test_seats_no_party_owns_make_no_change_nor_agreement(tmp_path, kind, articles):
    """Seats in Israel with no party named ('64 sièges' one day, '59 sièges' two days later;
    '4 sièges' in two articles of one day) make no 'changed' nor 'agree' finding; a party's own
    seats do."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, (text, day) in enumerate(articles):
        write(corpus, f"{'abcd'[number]}.txt", text, day)
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "seats"]
    assert [f["entity"] for f in found if f["kind"] == kind] == ["Likoud"]


def test_an_agreement_says_when_its_figures_agree_only_pair_by_pair(tmp_path):
    """70 %, 72,5 % and 75 %: each within 5% of the next, the ends 7% apart: the finding does
    not say all three agree on one value."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, value in (("a.txt", "70"), ("b.txt", "72,5"), ("c.txt", "75")):
        write(corpus, name, f"L'inflation en Turquie atteint {value} %.", date="2024-05-03")
    (agree,) = [f for f in findings(tmp_path, corpus) if f["kind"] == "agree"]
    assert "agree pair by pair, from 70% to 75%" in agree["why"], agree["why"]
    write(corpus, "c.txt", "L'inflation en Turquie atteint 71 %.", date="2024-05-03")
    (agree,) = [f for f in findings(tmp_path / "again", corpus) if f["kind"] == "agree"]
    assert "3 articles (fr) agree on" in agree["why"], agree["why"]


def test_a_conflict_names_each_side_by_a_figure_of_a_listed_pair():
    """A cluster's tightest figure may pair with nothing (it shares the other side's article):
    the conflict is told with the figures of its pairs ('30–31 seats vs 61–62 seats'), never one
    side twice."""
    from factdesk.index.figures.findings import findings_for_group

    def seats(article: str, start: int, low: float, high: float) -> dict:
        return {
            "path": f"/c/{article}", "article": article, "start": start, "end": start + 5,
            "quote": f"{low}-{high}", "value": high, "unit": "seats",
            "qualifier": "exact" if low == high else "range", "low": low, "high": high,
            "entity": "Likud", "attribute": "seats", "when": "2022-11-01", "lang": "fr",
            "owner_from": "name",
        }  # fmt: skip

    group = [seats("a.txt", 0, 30, 31), seats("a.txt", 50, 61, 61), seats("b.txt", 0, 61, 62)]
    (conflict,) = [
        f for f in findings_for_group("Likud", "seats", group) if f["kind"] == "conflict"
    ]
    assert conflict["pairs"] == [[["/c/a.txt", 0], ["/c/b.txt", 0]]]
    assert "30–31 seats (a.txt) vs 61–62 seats (b.txt)" in conflict["why"]
    assert "30–31 seats vs 61–62 seats: 50% apart" in " · ".join(conflict["reasons"])


def test_round_counts_of_other_measures_never_join_two_stories(tmp_path):
    """Two quakes' articles that both happen to say '500' and '1 000' (injured and dead in one,
    displaced and missing in the other) are not one story: their magnitudes never meet. Two
    articles of one story sharing a distinctive toll still do (the test above)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    day = "2023-09-09"
    write(
        corpus,
        "a.txt",
        "Un séisme de magnitude 6,3 a frappé la région. Il a fait 500 blessés et 1 000 morts.",
        date=day,
    )
    write(
        corpus,
        "b.txt",
        "Un séisme de magnitude 7,8 a frappé la région. On compte 500 déplacés et 1 000 disparus.",
        date=day,
    )
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "magnitude"]
    assert found == []


def test_a_timeline_names_a_few_values_for_one_time_and_counts_the_rest():
    """A 'changed' finding says what each time held; for a time with many values it names four
    and counts the others ('… (+8)'), so that its reason stays readable (and its stored text
    small: one such finding held 135 KB)."""
    from factdesk.index.figures.findings import findings_for_group

    def toll(article: str, value: float, when: str) -> dict:
        return {
            "path": f"/c/{article}", "article": article, "start": 0, "end": 3,
            "quote": str(value), "value": value, "unit": "dead", "qualifier": "exact",
            "low": value, "high": value, "entity": "Syria", "attribute": "deaths",
            "when": when, "lang": "fr",
        }  # fmt: skip

    group = [toll(f"a{i}.txt", 100 + 50 * i, "2023-02-06") for i in range(12)]
    group.append(toll("b.txt", 5000, "2023-03-10"))
    (changed,) = [f for f in findings_for_group("Syria", "deaths", group) if f["kind"] == "changed"]
    assert "250 dead / … (+8) (2023-02) → 5k dead (2023-03)" in changed["why"]
    assert changed["why"].count(" / ") == 4


def test_a_finding_spells_out_three_articles_dating_and_counts_the_rest():
    """An agreement of many undated articles, each dated by its story, names three of them and
    counts the others; its confidence falls for the two sides of a pair, not once per article
    (0.8^12 made it nothing)."""
    from factdesk.index.figures.findings import findings_for_group

    def toll(article: str) -> dict:
        return {
            "path": f"/c/{article}", "article": article, "start": 0, "end": 3,
            "quote": "300", "value": 300, "unit": "dead", "qualifier": "exact",
            "low": 300, "high": 300, "entity": "Syria", "attribute": "deaths",
            "when": None, "article_date": "2023-02-07", "lang": "fr",
            "dated_by": "300 deaths, as in a.txt",
        }  # fmt: skip

    group = [toll(f"u{i:02d}.txt") for i in range(12)]
    (agree,) = [f for f in findings_for_group("Syria", "deaths", group) if f["kind"] == "agree"]
    dating = [r for r in agree["reasons"] if "gives no date" in r]
    assert len(dating) == 3
    assert "… and 9 more articles dated by their story" in agree["reasons"]
    assert agree["confidence"] == round(0.7 * 0.8 * 0.8, 2)


def test_a_label_is_no_area_two_countries_monthly_rates_are_two_owners(tmp_path):
    """'Egypt (monthly)' and 'Turkey (monthly)': a label says which of a place's quantities a
    figure is, not an area of it; two countries' month-on-month rates are never one owner
    (an area is keyed by its name alone: 'Turkey (Malatya)' is 'Syria & Turkey (Malatya)')."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "En Égypte, l'inflation mensuelle a atteint 1,1 %.", "2024-03-10")
    write(corpus, "b.txt", "En Turquie, l'inflation mensuelle a atteint 3,2 %.", "2024-03-10")
    write(corpus, "c.txt", "En Turquie, l'inflation a atteint 3,1 % sur un mois.", "2024-03-10")
    found = [f for f in findings(tmp_path, corpus) if f["attribute"] == "inflation rate"]
    assert {(f["kind"], f["entity"]) for f in found} == {("agree", "Turkey (monthly)")}, found


def test_sources_agree_on_a_value_of_one_time_not_on_one_that_held(tmp_path):
    """The same toll two weeks apart is a figure that held, not two sources agreeing; a report
    dated only by its article may be of the day before."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "a.txt", "Le séisme a fait 1 498 morts en Turquie.", date="2023-02-06")
    write(corpus, "b.txt", "Le séisme a fait 1 498 morts en Turquie.", date="2023-02-07")
    write(corpus, "c.txt", "Le séisme a fait 1 498 morts en Turquie.", date="2023-02-20")
    found = findings(tmp_path, corpus)
    (agree,) = [f for f in found if f["kind"] == "agree" and f["attribute"] == "deaths"]
    assert {f["article"] for f in agree["figures"]} == {"a.txt", "b.txt"}
    assert len(agree["pairs"]) == 1


def test_a_past_or_present_figure_agrees_with_one_of_its_time(tmp_path):
    """'had bought X for $44 billion' (some time before the report) agrees with 'pour 44
    milliards de dollars en 2022'; 'xAI est désormais valorisée à 80 milliards' (the report's
    day) with '$80 billion' the day after."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Musk had in 2022, bought X -- originally Twitter -- for $44 billion.\n\n"
        'The combination, which "values xAI at $80 billion and X at $33 billion ($45B less $12B '
        'debt)," will "unlock the immense potential"',
        date="2025-03-29",
        lang="en",
    )
    write(
        corpus,
        "b.txt",
        "Après avoir racheté Twitter pour 44 milliards de dollars en 2022, il vient d’annoncer "
        "que X a été vendu à sa startup d’intelligence artificielle xAI pour 45 milliards de "
        "dollars en actions.\n\nGrâce à cette transaction, xAI est désormais valorisée à 80 "
        "milliards de dollars, soit le double de sa dernière valorisation connue.",
        date="2025-03-28",
    )
    found = findings(tmp_path, corpus)
    agreed = {
        (f["entity"], f["attribute"], f["figures"][0]["value"])
        for f in found
        if f["kind"] == "agree"
    }
    assert ("X", "acquisition price", 44e9) in agreed
    assert ("xAI", "valuation", 80e9) in agreed


def test_a_syndicated_copy_is_not_a_second_source(tmp_path):
    """Two outlets running one Reuters dispatch are one source: they neither agree with nor
    contradict each other, and an agreement counts independent sources."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cases = Path(__file__).parent / "data" / "copies"
    wire = (cases / "reuters_fr.txt").read_text("utf-8").strip()
    arabic = (cases / "arabkhabar_ar.txt").read_text("utf-8").strip()
    write(corpus, "a.txt", wire, date="2023-09-15")
    # the same dispatch without its dateline, and a changed toll (a wire update)
    copy = wire.removeprefix("DUBAI (Reuters) - ").replace("3.922 décès", "3.958 décès")
    write(corpus, "b.txt", copy, date="2023-09-15")
    write(corpus, "c.txt", arabic, date="2023-09-15", lang="ar")
    index_paths(tmp_path / "index", [corpus])
    store = open_store(tmp_path / "index")
    try:
        found = store.catalog.findings()
    finally:
        store.close()
    related = {
        frozenset({p[0][0].rsplit("/", 1)[-1], p[1][0].rsplit("/", 1)[-1]})
        for f in found
        for p in f["pairs"]
    }
    assert frozenset({"a.txt", "b.txt"}) not in related  # copies are never paired
    assert frozenset({"a.txt", "c.txt"}) in related
    agreements = [f["why"] for f in found if f["kind"] == "agree"]
    assert any(
        "2 independent sources (3 articles, ar, fr) agree on more than 5k" in w for w in agreements
    )


def test_about_is_five_percent_once_not_twice():
    """'نحو 46 جنيها' (about 46: 43.7 to 48.3) and 50 pounds do not meet: 'about' already
    gives 5%; two exact values within 5% of each other agree (rounding: 8.3 and 8.7 million)."""
    from factdesk.index.figures.findings import overlaps

    def figure(value, low=None, high=None):
        return {"value": value, "low": value if low is None else low, "high": high or value}

    assert not overlaps(figure(46, 46 * 0.95, 46 * 1.05), figure(50))
    assert overlaps(figure(8.3e6), figure(8.7e6))
    assert overlaps(figure(46, 46 * 0.95, 46 * 1.05), figure(48))


def test_distances_from_one_place_on_one_day_conflict_from_two_places_they_do_not_meet():
    """'35 km north-west of Herat' and '40 كيلومتراً شمال غرب مدينة هرات' of one day: where one
    quake was, from one place (any script): a conflict; a distance from another place is
    another quantity, and where a quake was never 'changed'."""
    from factdesk.index.figures.findings import findings_for_group

    def distance(path, value, reference, day):
        return {
            "path": path,
            "article": path,
            "start": 0,
            "end": 2,
            "quote": f"{value} km",
            "value": value,
            "low": value,
            "high": value,
            "unit": "km",
            "qualifier": "exact",
            "entity": None,
            "attribute": "epicentre distance",
            "when": None,
            "lang": "en",
            "article_date": day,
            "owner_from": "",
            "reference": reference,
        }

    found = findings_for_group(
        "",
        "epicentre distance",
        [
            distance("a.txt", 35, "Herat", "2023-10-07"),
            distance("b.txt", 40, "هرات", "2023-10-07"),
            distance("c.txt", 60, "Kaboul", "2023-10-07"),
            distance("d.txt", 30, "Herat", "2023-11-11"),
        ],
    )
    kinds = {(f["kind"], tuple(sorted(x["path"] for x in f["figures"]))) for f in found}
    assert ("conflict", ("a.txt", "b.txt")) in kinds
    assert not any(kind == "changed" for kind, _ in kinds)
    assert not any("c.txt" in paths and len(paths) > 1 for _, paths in kinds)


def test_a_chain_whose_two_ends_one_article_gives_still_conflicts_across_articles():
    """7.4, 7.6, 7.8 chain into one cluster (5% apart each); when one article gives both 7.8
    and 7.4, the values still disagree across articles (its 7.4 and another's 7.8)."""
    from factdesk.index.figures.findings import findings_for_group

    def magnitude(path, value, start):
        return {
            "path": path,
            "article": path,
            "start": start,
            "end": start + 3,
            "quote": str(value),
            "value": value,
            "low": value,
            "high": value,
            "unit": None,
            "qualifier": "exact",
            "entity": None,
            "attribute": "magnitude",
            "when": None,
            "lang": "en",
            "article_date": "2023-02-06",
            "owner_from": "",
        }

    figures = [
        magnitude("a.txt", 7.8, 0),
        magnitude("a.txt", 7.4, 50),
        magnitude("b.txt", 7.6, 0),
        magnitude("c.txt", 7.8, 0),
    ]
    (conflict,) = [
        f for f in findings_for_group("", "magnitude", figures) if f["kind"] == "conflict"
    ]
    assert conflict["pairs"]
    assert "a.txt" in conflict["why"] and "c.txt" in conflict["why"]


def _amount(article, value, attribute, qualifier="exact", low=None, high=None, **fields):
    """A figure of an amount in dollars as the findings read it (``fields``: entity, when)."""
    return {
        "path": article,
        "article": article,
        "start": 0,
        "end": 5,
        "quote": str(value),
        "value": value,
        "low": value if low is None else low,
        "high": value if high is None else high,
        "unit": "USD",
        "qualifier": qualifier,
        "entity": "",
        "attribute": attribute,
        "when": None,
        "lang": "ar",
        "article_date": "",
        "owner_from": "",
        **fields,
    }


def test_an_open_bound_agrees_only_with_values_of_its_order():
    """'أقل من 10 مليارات دولار' (less than $10 billion, a valuation) and '11 $' (a monthly
    price) meet as intervals, but one says nothing of the other: no agreement; 'more than 600M
    users' and 2 billion do agree."""
    from factdesk.index.figures.findings import agreements_across_measures, agrees

    def money(article, value, attribute, qualifier="exact", low=None, high=None):
        return _amount(
            article, value, attribute, qualifier=qualifier, low=low, high=high, entity="X"
        )

    below = money("a.txt", 1e10, "valuation", "less than", low=0.0)
    price = money("b.txt", 11, "price")
    assert not agrees(below, price)
    assert agreements_across_measures("X", {"valuation": [below], "price": [price]}) == []
    more = money("c.txt", 6e8, "users", "more than", high=float("inf"))
    assert agrees(more, money("d.txt", 2e9, "users"))


def test_the_weekday_of_a_quake_dates_its_magnitude_not_the_report(tmp_path):
    """'deux tremblements de terre d'une magnitude de 6,2 ont secoué samedi' in an article with
    no date: Saturday is the quake's day, so its magnitude's; the toll the article reports
    ('s'est alourdi à 2.445 morts, ont annoncé hier soir') is of a later day, not Saturday."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "Deux séismes de magnitude 6,2 ont frappé l'ouest de l'Afghanistan. 13 villages ont été "
        "détruits.",
        "2023-10-07",
    )
    write(
        corpus,
        "b.txt",
        "Le bilan des tremblements de terre qui ont frappé la province d'Hérat s'est alourdi à "
        "2.445 morts, ont annoncé hier soir les autorités locales. La zone la plus touchée est le "
        "district de Zanda Jan, où 13 villages ont été complètement détruits. Selon le Centre "
        "chinois des réseaux sismiques, deux tremblements de terre d'une magnitude de 6,2 ont "
        "secoué samedi l'Afghanistan.",
    )
    figure_days, dates = _read_days(tmp_path, corpus)
    magnitude = [day for (path, _), (day, _) in figure_days.items() if path.endswith("b.txt")]
    assert magnitude == ["2023-10-07"], figure_days
    assert dates.get(str(corpus / "b.txt"), ("",))[0] != "2023-10-07", dates


def test_the_size_of_an_assembly_agrees_across_days(tmp_path):
    """'the 120-seat Knesset' on election night and two days later: one assembly's size, not a
    count of the day as a party's seats are; the two agree."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "This gives the Netanyahu's block 61 seats in the 120-seat Knesset. Likud won 30 seats.",
        "2022-11-01",
        lang="en",
    )
    write(
        corpus,
        "b.txt",
        "Netanyahu's bloc won 64 seats in the 120-seat Knesset, the final results show. Likud "
        "won 32 seats.",
        "2022-11-03",
        lang="en",
    )
    found = findings(tmp_path, corpus)
    assert ("agree", "(whole assembly)") in kinds(found, "seats"), kinds(found, "seats")


def test_a_loan_and_the_financing_it_provides_agree_across_measures():
    """'la valeur du financement s'élève désormais à 8 milliards de dollars' (funding) and
    'زيادة القرض … ليصبح 8 مليار دولار' (a loan), real sentences of the Egypt story: one
    quantity in two words (measures.json same_quantity), so equal values agree; they never
    conflict."""
    from factdesk.index.figures.findings import agreements_across_measures

    def amount(article, value, attribute):
        return _amount(article, value, attribute, entity="Egypt", when="2024-03")

    loan, funding = amount("a.txt", 8e9, "loan"), amount("b.txt", 8e9, "funding")
    (agreed,) = agreements_across_measures("Egypt", {"loan": [loan], "funding": [funding]})
    assert agreed["kind"] == "agree"
    assert any("a loan is the financing it provides" in r for r in agreed["reasons"])
    other = amount("c.txt", 3e9, "funding")
    assert agreements_across_measures("Egypt", {"loan": [loan], "funding": [other]}) == []


def test_a_name_in_another_order_or_by_its_last_word_is_one_owner(tmp_path):
    """'Tebboune Abdelmadjid' (the official listing), 'Abdelmadjid Tebboune' and 'تبون' alone
    own one candidate's figures (dev story algeria-presidential-election-2024): the findings
    compare them and say which spellings they joined."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "M. Tebboune Abdelmadjid a recueilli 7.976.291 voix, soit 84,30 %.",
        date="2024-09-14",
    )
    write(
        corpus,
        "b.txt",
        "Abdelmadjid Tebboune a été réélu avec 7 976 291 voix, soit 84,30 %.",
        date="2024-09-14",
    )
    write(
        corpus,
        "c.txt",
        "وقد حصل تبون على 7976291 صوتا، بنسبة 84.30%.",
        date="2024-09-14",
        lang="ar",
    )
    found = findings(tmp_path, corpus)
    (share,) = [f for f in found if f["attribute"] == "vote share"]
    assert share["kind"] == "agree"
    assert {f["article"] for f in share["figures"]} == {"a.txt", "b.txt", "c.txt"}
    assert any("one name in several spellings" in reason for reason in share["reasons"])


def test_a_segment_is_no_named_area_of_its_country(tmp_path):
    """'Algeria (abroad)' is the turnout of the voters abroad, a segment like 'urban' (scopes.json
    segment), not an area whose figure a national one may give: equal values of the two are no
    agreement (dev story algeria-presidential-election-2024)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(
        corpus,
        "a.txt",
        "En Algérie, le taux de participation a atteint 19,57 % pour la communauté établie "
        "à l'étranger.",
        date="2024-09-08",
    )
    write(
        corpus,
        "b.txt",
        "En Algérie, le taux de participation a atteint 19,57 %.",
        date="2024-09-08",
    )
    found = findings(tmp_path, corpus)
    assert not [f for f in found if f["attribute"] == "turnout" and f["kind"] == "agree"]
