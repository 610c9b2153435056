"""The catalog's figures table: what goes in comes out."""

import math

from factdesk.index.catalog import ArticleRow, Catalog
from factdesk.index.figures.model import Figure

ROW = ArticleRow("/c/a.txt", "T", "fr", "", "2023-02-07", 60)


def test_a_figure_reads_back_exactly_as_written(tmp_path):
    """A figure's keys are columns (its path, owner and measure, language and date in other
    tables where they are its article's): reading gives back every key with its value and
    type, in the order of the figures of earlier schemas, whatever is left out of its row."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    plain = {
        "start": 3, "end": 12, "quote": "300 morts", "value": 300, "unit": "dead",
        "qualifier": "exact", "low": 300, "high": 300, "entity": None, "attribute": "deaths",
        "when": None, "lang": "fr", "article_date": "2023-02-07", "owner_from": "",
    }  # fmt: skip
    figures = [
        plain,
        # a time and owner of its own, a float value
        dict(plain, start=40, when="2023-02-06", owner_from="article", entity="Syria",
             value=2.5, low=2.5, high=2.5),
        # an open bound (stored figures hold it as null), a quoted paragraph in English
        dict(plain, start=60, qualifier="more than", high=None, lang="en", entity="Turkey"),
        # 'about': its own interval; a float bound beside an integer value
        dict(plain, start=80, qualifier="about", low=285.0, high=315, attribute="injured"),
        # a day read from the article's weekday, its own article date (dated by its story)
        dict(plain, start=100, weekdays=[1, 3], monthday="02-06", reference="Herat",
             article_date=""),
        # neither owner nor measure; no value at all
        dict(plain, start=120, attribute=None, value=None, low=None, high=None, unit=None),
    ]  # fmt: skip
    catalog.put_article(ROW, figures)
    read = catalog.figures("/c/a.txt")
    for figure in read:
        assert figure.pop("path") == "/c/a.txt" and figure.pop("article") == "a.txt"
        for key in ("outlet", "published", "headline"):  # the article's source, joined
            figure.pop(key)
    assert read == figures
    for back, put in zip(read, figures, strict=True):
        assert list(back)[:14] == ["when", "owner_from", "article_date", "start", "end", "quote",
                                   "value", "unit", "qualifier", "low", "high", "entity",
                                   "attribute", "lang"]  # fmt: skip
        for key in ("value", "low", "high"):
            assert type(back[key]) is type(put[key])
    keyed = dict(catalog.keyed_figures())
    assert [f["start"] for f in keyed[None, "deaths"]] == [3, 100]
    assert [f["start"] for f in keyed["Syria", "deaths"]] == [40]
    assert catalog.figures_for_key("Turkey", "deaths")[0]["high"] is None
    catalog.close()


def test_a_figure_of_the_extractor_survives_the_catalog(tmp_path):
    """``Figure.as_dict`` in, the same dict out (infinite bounds as null, as JSON has them)."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    figure = Figure(
        path=ROW.path, article="a.txt", start=5, end=9, quote="7,8", value=7.8, unit=None,
        qualifier="at least", low=7.8, high=math.inf, entity="Maroc", attribute="magnitude",
        lang="fr", article_date=ROW.date, weekdays=(5,),
    ).as_dict()  # fmt: skip
    catalog.put_article(ROW, [figure])
    (read,) = catalog.figures(ROW.path)
    assert {k: read[k] for k in figure} == figure | {"weekdays": [5]}  # a JSON list
    catalog.close()


def test_an_article_put_again_keeps_its_id_and_replaces_its_figures(tmp_path):
    catalog = Catalog(tmp_path / "catalog.sqlite")
    figure = {"start": 1, "end": 2, "quote": "5", "value": 5, "unit": None, "qualifier": "exact",
              "low": 5, "high": 5, "entity": "X", "attribute": "seats", "lang": "fr"}  # fmt: skip
    catalog.put_article(ROW, [figure])
    catalog.put_article(ArticleRow("/c/b.txt", "U", "en", "", "", 10), [figure])
    first = catalog.article_id(ROW.path)
    catalog.put_article(ROW, [dict(figure, start=7, entity="Y")])
    assert catalog.article_id(ROW.path) == first
    assert [f["start"] for f in catalog.figures(ROW.path)] == [7]
    catalog.remove_article("/c/b.txt")
    catalog.drop_unused_keys()
    keys = catalog.db.execute("SELECT entity, attribute FROM figure_keys").fetchall()
    assert [tuple(k) for k in keys] == [("Y", "seats")]
    catalog.put_article(ArticleRow("/c/c.txt", "V", "en", "", "", 10), [])
    assert catalog.article_id("/c/c.txt") not in (first, None, first + 1)  # ids never reused
    catalog.close()


def test_value_groups_written_with_the_findings_are_the_figures_grouped(tmp_path):
    """An (owner, measure)'s value groups as the indexing run wrote them (with the findings)
    are those its figures group into; a change to the figures makes the catalog group them
    again until the next run writes them."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    figure = {"start": 1, "end": 2, "quote": "5", "value": 5, "unit": None, "qualifier": "exact",
              "low": 5, "high": 5, "entity": "X", "attribute": "seats", "lang": "fr"}  # fmt: skip
    catalog.put_article(ROW, [figure, dict(figure, start=9, value=5.0, low=5.0, high=5.0)])
    catalog.put_article(
        ArticleRow("/c/b.txt", "U", "en", "", "", 10),
        [figure, dict(figure, start=4, value=7, low=6, high=8, qualifier="about")],
    )

    def grouped() -> list[tuple]:
        return sorted(
            (g.first, g.unit, g.qualifier, g.vtype, g.value, g.bounds, g.articles, g.size)
            + (g.entity, g.attribute)
            + (sorted(g.article_ids.split(",")), sorted(g.figure_ids.split(",")))
            for g in catalog.value_groups("X", "seats")
        )

    assert catalog.meta("value_groups") is None  # (none written yet: the figures grouped)
    expected = grouped()
    catalog.replace_findings([])
    assert catalog.meta("value_groups") == "1"
    assert grouped() == expected and len(expected) == 3  # (5 and 5.0 told apart)
    catalog.put_article(ROW, [dict(figure, value=6, low=6, high=6)])
    assert catalog.meta("value_groups") is None
    assert sorted(g.value for g in catalog.value_groups("X", "seats")) == [5, 6, 7]
    catalog.replace_findings([])
    assert sorted(g.value for g in catalog.value_groups("X", "seats")) == [5, 6, 7]
    catalog.close()


def test_value_groups_keep_only_their_key_place_counts_and_figure_ids(tmp_path):
    """A value group's row keeps its key, place, counts and figures (issue 17: the rest is its
    first figure's; a group of one figure names it once, with no list of ids), and its
    articles' ids, not kept, are read from its figures when a text merges groups."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    figure = {"start": 1, "end": 2, "quote": "5", "value": 5, "unit": "seats",
              "qualifier": "about", "low": 4, "high": 6, "entity": "X", "attribute": "seats",
              "lang": "fr"}  # fmt: skip
    catalog.put_article(ROW, [figure, dict(figure, start=9, value=7, low=7, high=7)])
    catalog.put_article(ArticleRow("/c/b.txt", "U", "en", "", "", 10), [figure])
    catalog.replace_findings([])
    columns = [row[1] for row in catalog.db.execute("PRAGMA table_info(value_groups)")]
    assert columns == ["key", "first", "head", "articles", "size", "ids"]
    rows = sorted(tuple(row) for row in catalog.db.execute("SELECT * FROM value_groups"))
    assert [(row[3], row[4], row[5] is None) for row in rows] == [(2, 2, False), (1, 1, True)]
    groups = {g.value: g for g in catalog.value_groups("X", "seats")}
    five, seven = groups[5], groups[7]
    assert (five.unit, five.qualifier, five.vtype) == ("seats", "about", "integer")
    assert five.bounds == "[4,6]"
    assert (seven.qualifier, seven.bounds) == ("about", None)
    a, b = catalog.article_id("/c/a.txt"), catalog.article_id("/c/b.txt")
    assert five.article_ids == f"{a},{b}" and seven.article_ids == str(a)
    assert sorted(five.figure_ids.split(",")) == sorted(
        str(row[0]) for row in catalog.db.execute("SELECT id FROM figures WHERE value = 5")
    )
    catalog.close()


def test_an_articles_figures_are_its_range_of_ids_with_no_index_by_article(tmp_path):
    """An article's figures have consecutive ids, named by its row (issue 17: no index of
    figures by article); put again, removed, or put with none, only its own figures change,
    and they read back by place as the index by article gave them."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    figure = {"start": 1, "end": 2, "quote": "5", "value": 5, "unit": None, "qualifier": "exact",
              "low": 5, "high": 5, "entity": "X", "attribute": "seats", "lang": "fr"}  # fmt: skip
    b = ArticleRow("/c/b.txt", "U", "en", "", "", 10)
    catalog.put_article(ROW, [dict(figure, start=s) for s in (9, 3, 5)])
    catalog.put_article(b, [dict(figure, start=s) for s in (4, 2)])
    catalog.put_article(ROW, [dict(figure, start=s) for s in (8, 6)])  # (put again)

    def ranges() -> dict:
        rows = catalog.db.execute("SELECT path, first_figure, last_figure FROM articles")
        return {row[0]: (row[1], row[2]) for row in rows}

    assert ranges() == {ROW.path: (6, 7), b.path: (4, 5)}
    stored = catalog.db.execute("SELECT id, article, start FROM figures ORDER BY id").fetchall()
    a_id, b_id = catalog.article_id(ROW.path), catalog.article_id(b.path)
    assert [tuple(r) for r in stored] == [(4, b_id, 4), (5, b_id, 2), (6, a_id, 8), (7, a_id, 6)]
    assert [f["start"] for f in catalog.figures(ROW.path)] == [6, 8]
    assert [(f["path"], f["start"]) for f in catalog.figures()] == [
        (ROW.path, 6), (ROW.path, 8), (b.path, 2), (b.path, 4)
    ]  # fmt: skip
    assert catalog._figure_id(b.path, 2) == 5 and catalog._figure_id(b.path, 3) is None
    indexes = {
        row[0] for row in catalog.db.execute("SELECT name FROM pragma_index_list('figures')")
    }
    assert indexes == {"figures_by_key"}
    catalog.put_article(b, [])
    assert ranges()[b.path] == (None, None) and catalog.figures(b.path) == []
    catalog.remove_article(ROW.path)
    assert catalog.db.execute("SELECT count(*) FROM figures").fetchone()[0] == 0
    catalog.close()


def test_a_measure_alone_is_looked_up_by_its_keys_not_by_reading_every_figure(tmp_path):
    """Without an index of figures by article SQLite would read every figure for a question
    with a measure and no owner: its keys are found first, then their figures by key."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    where, args = catalog._key_where("figures", None, "seats", None)
    plan = [
        row[3]
        for row in catalog.db.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM figure_rows WHERE {where} ORDER BY path, start",
            args,
        )
    ]
    assert "SEARCH fi USING INDEX figures_by_key (key=?)" in plan and "SCAN fi" not in plan
    catalog.close()
