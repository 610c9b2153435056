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
    # the benchmark's rare words (bench/__main__.py QUERIES)
    ("imbroglio", None),
    ("Gaddafi", None),
    ("انهارت", None),
    ("חילוץ", None),
]


# the stories the golden file was written over: a story added to eval/ later does not change it
STORIES = (
    "egypt-devaluation-2024",
    "france-legislative-elections-2024",
    "herat-earthquake-2023",
    "israel-election-2022",
    "libya-floods-2023",
    "morocco-earthquake-2023",
    "mpox-2024",
    "paris-2024-olympics",
    "turkey-inflation-2024",
    "turkey-syria-earthquake-2023",
    "x-xai-merger-2025",
)


def _corpus() -> list[Path]:
    return [ROOT / "seeds", *(ROOT / "eval" / "stories" / story / "articles" for story in STORIES)]


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


# Ranked, not only found: the queries above, a prefix of a few letters and two typed as the app
# types them, each at limits where the best hits crowd out others (Whoosh's collector skips
# blocks that cannot make the top then) and where every hit is kept.
RANK_QUERIES = [
    *QUERIES,
    ("val*", None),
    ("séis*", "fr"),
    ("(valorisatio OR valorisatio*)", None),
    ("earthqake~2", "en"),
    ("élection^2 OR elect*", None),
]
LIMITS = (1, 3, 10, 1000)


def _whoosh_top(searcher, query, limit: int, allow) -> list[tuple[float, int]]:
    collector = searcher.collector(limit=limit, filter=allow)
    searcher.search_with_collector(query, collector)
    return [(hit.score, hit.docnum) for hit in collector.results()]


def _ranked_as_whoosh(index_dir: Path) -> int:
    """Checks that every disjunction of RANK_QUERIES gets, scored in bulk, Whoosh's own hits:
    the same documents with the same float scores in the same order; how many it checked."""
    from whoosh.query import Term

    from factdesk.index.disjunction import is_disjunction, top_docs
    from factdesk.index.querycost import bound_query
    from factdesk.index.search import Searcher

    searcher = Searcher(index_dir)
    whoosh = searcher._searcher
    checked = 0
    try:
        for text, lang in RANK_QUERIES:
            query, _ = bound_query(searcher.parse(text), whoosh.reader())
            if not is_disjunction(query):
                continue
            allow = set(whoosh.docs_for_query(Term("lang", lang))) if lang else None
            for limit in LIMITS:
                expected = _whoosh_top(whoosh, query, limit, allow)
                assert top_docs(whoosh, query, limit, allow) == expected, (text, lang, limit)
                checked += 1
    finally:
        searcher.close()
    return checked


@pytest.mark.parametrize("tree", ["auto", "binary"])
def test_bulk_scoring_ranks_as_whooshs_collector(corpus_index, tree, monkeypatch):
    """A word, a prefix or a misspelling over the language fields is scored in bulk
    (``disjunction.top_docs``), not by Whoosh's collector: the same scores to the last bit and
    the same order. Whoosh joins an ``Or`` by preloading every match on an index this small and
    by a tree of union matchers past 5,000 documents (the benchmark's): both are checked."""
    from whoosh.query import Or

    if tree == "binary":
        monkeypatch.setattr(Or, "matcher_type", Or.DEFAULT_MATCHER)
    assert _ranked_as_whoosh(corpus_index) >= 20 * len(LIMITS)


def test_bulk_scoring_ranks_as_whoosh_over_segments_with_deletions(tmp_path, monkeypatch):
    """An index updated in place: several segments, articles replaced (deleted in their old
    segment). Scores use the whole index's statistics and skip deleted documents, as Whoosh's."""
    import shutil

    from whoosh.query import Or

    from factdesk.index.ingest import index_paths
    from factdesk.index.search import Searcher

    monkeypatch.setattr(Or, "matcher_type", Or.DEFAULT_MATCHER)
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    index_dir = tmp_path / "ix"
    index_paths(index_dir, [corpus])
    for path in sorted(corpus.glob("*.txt"))[:6]:  # changed: replaced in a new segment
        path.write_text(path.read_text(encoding="utf-8") + "\nvalorisation séisme\n", "utf-8")
    index_paths(index_dir, [corpus])
    searcher = Searcher(index_dir)
    try:
        reader = searcher._searcher.reader()
        assert len(searcher._searcher.leaf_searchers()) > 1 and reader.has_deletions()
    finally:
        searcher.close()
    assert _ranked_as_whoosh(index_dir) >= 20 * len(LIMITS)


def test_a_prefix_search_decodes_no_positions(corpus_index, monkeypatch):
    """A prefix's terms are read as document ids and weights: their postings' values (a
    body's positions) are never decoded, as Whoosh's matchers do for every block they read
    (with its tree of union matchers, as past 5,000 documents)."""
    from whoosh.query import Or

    from factdesk.index.codec import CompactLeafMatcher
    from factdesk.index.search import Searcher

    monkeypatch.setattr(Or, "matcher_type", Or.DEFAULT_MATCHER)
    decoded = []
    read_data = CompactLeafMatcher._read_data

    def counted(self):
        decoded.append(self.term())
        return read_data(self)

    monkeypatch.setattr(CompactLeafMatcher, "_read_data", counted)
    searcher = Searcher(corpus_index)
    try:
        assert searcher.search("elect*", details=False)
        assert searcher.search("séis*", lang="fr", details=False)
        assert [term for term in decoded if term[0] != "lang"] == []  # (the filter's ids)
        assert searcher.search('"death toll"', details=False)  # a phrase: Whoosh's matchers
        assert decoded
    finally:
        searcher.close()


def _leaves_in_order(query) -> list:
    if hasattr(query, "subqueries"):
        return [leaf for sub in query.subqueries for leaf in _leaves_in_order(sub)]
    return [] if query.is_leaf() and not hasattr(query, "fieldname") else [query]


def test_a_fuzzy_word_makes_an_automaton_a_text_and_finds_whooshs_words(corpus_index, monkeypatch):
    """'earthqake~1' is looked for in ten fields under two texts (the stem of the French and
    English analysers, the word as is for the others): two Levenshtein automata, not ten, and in
    each field the words Whoosh's own expansion finds, in its order."""
    from whoosh import query as q
    from whoosh.codec.base import Automata

    from factdesk.index.querycost import bound_query
    from factdesk.index.search import Searcher

    made = []
    make = Automata.levenshtein_dfa
    monkeypatch.setattr(
        Automata, "levenshtein_dfa", staticmethod(lambda *key: made.append(key) or make(*key))
    )
    searcher = Searcher(corpus_index)
    try:
        reader = searcher._searcher.reader()
        for text in ("earthqake~1", "séisne~2", "Netanyhu~1"):
            made.clear()
            parsed = searcher.parse(text)
            fuzzy = [node for node in parsed.leaves() if type(node) is q.FuzzyTerm]
            bounded, _ = bound_query(parsed, reader)
            assert len(fuzzy) == 10 and len(made) == len(set(made)) < 10, text
            found = [(t.fieldname, t.text) for t in _leaves_in_order(bounded)]
            expected = []
            for node in fuzzy:
                node = node.copy()
                node.prefixlength = 1  # (querycost.FUZZY_PREFIX)
                expected += [(node.fieldname, word) for word in node._btexts(reader)]
            assert found == expected and found, text
    finally:
        searcher.close()


def test_a_bare_word_is_the_query_whooshs_parser_makes_without_it(corpus_index, monkeypatch):
    """A query of one word of letters or digits is made from the fields' analysers (stop words
    left out, a word an analyser splits left to the parser): for words of the corpus in four
    languages and odd ones, the very query Whoosh's parser makes, and the parser is not run."""
    import re

    from factdesk.index.search import Searcher, drop_stop_words

    words = sorted(
        {
            word
            for folder in _corpus()
            for path in sorted(folder.glob("*.txt"))
            for word in re.findall(r"\w+", path.read_text(encoding="utf-8"))
        }
    )
    words = words[:: max(1, len(words) // 3000)]
    words += ["AND", "le", "في", "x²", "٢٠٢٣", "İstanbul", "e_mail", "Straße", "ﷺ", "NASA"]
    searcher = Searcher(corpus_index)
    try:
        parser = searcher._parser
        expected = {word: parser.parse(drop_stop_words(word)) for word in words}
        parsed = []
        parse = parser.parse
        monkeypatch.setattr(parser, "parse", lambda text: parsed.append(text) or parse(text))
        bare = []
        for word in words:
            assert searcher.parse(word) == expected[word], word
            if word.isalnum() and word not in ("AND", "OR", "NOT", "TO"):
                bare.append(word)
        schema = searcher._searcher.schema
        fields = [name for name in schema.names() if name.startswith(("title_", "body_"))]

        def split(word: str) -> bool:  # some analyser reads the word as two or more
            return any(len(list(schema[f].process_text(word, mode="query"))) > 1 for f in fields)

        assert len(bare) > 2000 and len(parsed) < len(bare) / 10
        assert all(split(word) for word in parsed if word in bare)
    finally:
        searcher.close()


def test_a_search_looks_each_term_up_once(corpus_index, monkeypatch):
    """Whoosh looks a query's term up in the term dictionary two to four times (is it there,
    its document frequency, its postings): during one search each is hashed and read once, and
    forgotten when the search ends (a repeated query is not made cheaper than a new one)."""
    from collections import Counter

    from whoosh.filedb.filetables import HashReader

    from factdesk.index.search import Searcher

    looked_up: Counter = Counter()
    lookup = HashReader.ranges_for_key

    def counted(self, key):
        looked_up[key] += 1
        return lookup(self, key)

    monkeypatch.setattr(HashReader, "ranges_for_key", counted)
    searcher = Searcher(corpus_index)
    try:
        for text in ("Gaddafi", "séisme", "elect*", "xAI AND valorisation"):
            looked_up.clear()
            assert searcher.search(text, details=False), text
            assert looked_up and max(looked_up.values()) == 1, (text, looked_up.most_common(2))
        assert searcher._searcher.reader()._terms._tindex.found is None
        looked_up.clear()
        searcher.search("Gaddafi", details=False)
        assert looked_up  # looked up again: nothing kept from the search before
    finally:
        searcher.close()


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
