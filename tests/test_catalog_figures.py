"""The catalog's figures table: what goes in comes out."""

from factdesk.index.catalog import ArticleRow, Catalog


def test_a_figure_reads_back_as_written_though_its_defaults_are_not_stored(tmp_path):
    """A figure's JSON leaves out the keys at their default (no time, no owner source, no
    article date: a quarter of the table); reading restores them, and every other key."""
    catalog = Catalog(tmp_path / "catalog.sqlite")
    figure = {
        "start": 3, "end": 12, "quote": "300 morts", "value": 300, "unit": "dead",
        "qualifier": "exact", "low": 300, "high": 300, "entity": None, "attribute": "deaths",
        "when": None, "lang": "fr", "article_date": "", "owner_from": "",
    }  # fmt: skip
    dated = dict(figure, start=40, when="2023-02-06", owner_from="article", entity="Syria")
    catalog.put_article(ArticleRow("/c/a.txt", "T", "fr", "", "", 60), [figure, dated])
    read = catalog.figures("/c/a.txt")
    keep = set(figure)
    assert [{k: f[k] for k in keep} for f in read] == [figure, dated]
    stored = [r[0] for r in catalog.db.execute("SELECT data FROM figures ORDER BY start")]
    assert '"when"' not in stored[0] and '"owner_from"' not in stored[0]
    assert '"when":"2023-02-06"' in stored[1] and '"start":40' in stored[1]
    catalog.close()
