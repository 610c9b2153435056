"""Search hit sets, fixed: a set of queries over the evaluation corpus (156 real articles in four
languages) and the seeds must find the same articles as when the golden file was written, so that
search optimisations (issue #17: fewer fields, columns, cached analysis) change speed, not
answers. Regenerate on purpose only: ``python -m tests.test_search_hits_golden``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "search_hits.json"
QUERIES = [
    # (query, lang filter)
    ("séisme", None),
    ("Turquie", None),
    ("earthquake", None),
    ("Netanyahu", None),
    ("الزلزال", None),
    ("مقعدا", None),
    ("נתניהו", None),
    ("הרוגים", None),
    ('"milliards de dollars"', None),
    ('"death toll"', None),
    ('"الذكاء الاصطناعي"', None),
    ("elect*", None),
    ("infla*", None),
    ("earthqake~1", None),
    ("inflation", "fr"),
    ("التضخم", "ar"),
    ("xAI AND valorisation", None),
    ("Libye OR Libya OR ليبيا", None),
    ("Derna NOT Benghazi", None),
    ("mpox", None),
    ("جدري", None),
    ("Knesset", None),
    ("2023", None),
    ("11,300", None),
]


def _corpus() -> list[Path]:
    return [ROOT / "seeds", *sorted((ROOT / "eval" / "stories").glob("*/articles"))]


def _hit_sets(index_dir: Path) -> dict[str, list[str]]:
    from factdesk.index.search import Searcher

    searcher = Searcher(index_dir)
    try:
        found = {}
        for query, lang in QUERIES:
            hits = searcher.search(query, lang=lang, limit=1000, details=False)
            key = f"{query} [lang {lang}]" if lang else query
            found[key] = sorted(str(Path(h.path).relative_to(ROOT)) for h in hits)
        return found
    finally:
        searcher.close()


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory) -> Path:
    from factdesk.index.ingest import index_paths

    index_dir = tmp_path_factory.mktemp("hits")
    index_paths(index_dir, _corpus())
    return index_dir


def test_every_query_finds_the_articles_it_found(corpus_index):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    found = _hit_sets(corpus_index)
    assert set(found) == set(golden)
    for query, paths in golden.items():
        assert found[query] == paths, query
    assert all(golden.values()), "a query of the set finds nothing: it tests nothing"


if __name__ == "__main__":  # regenerate the golden file (on purpose only)
    import tempfile

    from factdesk.index.ingest import index_paths

    with tempfile.TemporaryDirectory() as work:
        index_paths(Path(work) / "ix", _corpus())
        GOLDEN.write_text(
            json.dumps(_hit_sets(Path(work) / "ix"), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    sys.exit(0)
