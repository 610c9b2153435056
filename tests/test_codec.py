"""The compact Whoosh codec (index/codec.py): the same postings as Whoosh's own W3 codec, in
fewer bytes, and every query answered the same."""

import random

import pytest
from whoosh import qparser
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from factdesk.index.codec import CompactCodec, CompactPositions
from factdesk.index.schema import AnalysedText, build_schema
from tests.conftest import SEEDS

WORDS = [w for path in sorted(SEEDS.glob("*.txt")) for w in path.read_text("utf-8").split()]


def corpus(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS[:400], k=rng.randint(1, 300))) for _ in range(count)]


def build(codec, texts: list[str], compact: bool):
    body = TEXT(phrase=True, field_boost=1.5)
    if compact:
        body.format = CompactPositions(field_boost=1.5)
    schema = Schema(path=ID(stored=True, unique=True), body=body, title=TEXT(), n=STORED())
    ix = RamStorage().create_index(schema)
    for start in (0, len(texts) // 2):  # two segments, then merged: the merge reads blocks
        writer = ix.writer(codec=codec)
        for number in range(start, start + len(texts) // 2):
            writer.add_document(
                path=f"/{number}", body=texts[number], title=texts[number][:30], n=number
            )
        writer.commit(merge=False)
    writer = ix.writer(codec=codec)
    writer.commit(optimize=True)
    return ix


def postings(reader, field, text):
    found = []
    matcher = reader.postings(field, text)
    positions = reader.schema[field].format.supports("positions")
    while matcher.is_active():
        found.append(
            (
                matcher.id(),
                matcher.weight(),
                matcher.value_as("positions") if positions else None,
                matcher.block_max_id(),
                matcher.block_max_weight(),
                matcher.block_min_length(),
                matcher.block_max_length(),
            )
        )
        matcher.next()
    return found


@pytest.mark.parametrize("blocklimit", [1, 5, 128])
def test_every_posting_reads_back_as_the_w3_codec_wrote_it(blocklimit):
    """Blocks of one posting, several blocks a term, one block: ids, weights, positions and
    each block's statistics, term by term; skipping lands on the same documents."""
    texts = corpus(120)
    plain = build(W3Codec(blocklimit=blocklimit), texts, compact=False).reader()
    compact = build(CompactCodec(blocklimit=blocklimit), texts, compact=True).reader()
    terms = list(plain.all_terms())
    assert terms == list(compact.all_terms()) and len(terms) > 300
    for field, text in terms:
        assert postings(compact, field, text) == postings(plain, field, text), (field, text)
        a, b = plain.term_info(field, text), compact.term_info(field, text)
        assert (a.weight(), a.doc_frequency(), a.max_weight(), a.min_id(), a.max_id()) == (
            b.weight(), b.doc_frequency(), b.max_weight(), b.min_id(), b.max_id()
        )  # fmt: skip
    rng = random.Random(3)
    for field, text in rng.sample(terms, 100):
        last = max(plain.postings(field, text).all_ids())
        for target in rng.sample(range(last + 1), min(5, last + 1)):
            one, other = plain.postings(field, text), compact.postings(field, text)
            one.skip_to(target)
            other.skip_to(target)
            assert one.is_active() == other.is_active()
            assert not one.is_active() or one.id() == other.id()


def test_queries_find_the_same_documents_in_the_same_order():
    texts = corpus(150, seed=11)
    plain = build(W3Codec(), texts, compact=False)
    compact = build(CompactCodec(), texts, compact=True)
    rng = random.Random(5)
    queries = [rng.choice(WORDS[:400]) for _ in range(20)]
    for text in rng.sample(texts, 20):  # phrases taken from the documents
        words = text.split()
        start = rng.randrange(max(1, len(words) - 3))
        queries.append('"' + " ".join(words[start : start + 3]) + '"')
    queries += ["l*", "séisme~1", "NOT le"]
    with plain.searcher() as one, compact.searcher() as other:
        parser = qparser.QueryParser("body", plain.schema)
        parser.add_plugin(qparser.FuzzyTermPlugin())
        for query in queries:
            a = [(hit["path"], round(hit.score, 4)) for hit in one.search(parser.parse(query))]
            b = [(hit["path"], round(hit.score, 4)) for hit in other.search(parser.parse(query))]
            assert a == b, query
        hits = other.search(parser.parse(queries[20]), limit=None)
        assert len(hits) >= 1  # a phrase from a document finds it


def test_the_index_schema_keeps_positions_compactly():
    """Every searched field of factdesk's schema keeps positions (phrases, Arabic ones too)
    in the compact format."""
    schema = build_schema()
    fields = [name for name in schema.names() if isinstance(schema[name], AnalysedText)]
    assert len(fields) == 10
    assert all(isinstance(schema[name].format, CompactPositions) for name in fields)


def test_ordered_lookups_find_the_places_whooshs_search_finds():
    """The term dictionary's ordered lookups (``closest_key_pos``: a prefix's first word, each
    step of a fuzzy word's automaton) search key positions held in memory and keep the keys
    they probed: for every key, a key just after each, before the first and after the last,
    the same place as Whoosh's own search; a lookup made again reads no key from the file
    (Whoosh's reads three values from the file at each of its ~17 steps)."""
    from whoosh.filedb.filetables import OrderedHashReader

    from factdesk.index.codec import _SortedKeys

    reader = build(CompactCodec(), corpus(150), compact=True).reader()
    keys_file = reader._terms._tindex
    assert isinstance(keys_file, _SortedKeys)
    keys = list(keys_file.keys())
    assert keys == sorted(keys) and len(keys) > 300
    probes = [*keys, *(key + b"\0" for key in keys), b"", keys[0][:-1], b"\xff" * 8]
    for key in probes:
        assert keys_file.closest_key_pos(key) == OrderedHashReader.closest_key_pos(keys_file, key)
    read = []
    key_at = keys_file.key_at
    keys_file.key_at = lambda pos: read.append(pos) or key_at(pos)
    assert keys_file.closest_key_pos(keys[len(keys) // 3]) is not None
    assert read == []
    assert OrderedHashReader.closest_key_pos(keys_file, keys[len(keys) // 3]) is not None
    assert len(read) > 5  # (Whoosh's search, for comparison)


class WhooshLengths(CompactCodec):
    """The compact codec with W3's own field writer: the lengths a posting is filed with, as
    W3 reads them (a column read per posting)."""

    field_writer = W3Codec.field_writer


@pytest.mark.parametrize("limitmb", [1, 96])
def test_the_writers_pool_files_the_same_postings_as_whooshs(limitmb):
    """``compact_writer``'s pool (runs pickled in batches, spilled past ``limitmb``: at 1 MB,
    several runs merged; at 96, none) files every posting, and each document's field lengths,
    as Whoosh's own pool does; pre-analysed text (``PreAnalyzed``) as the writer's analysis."""
    from factdesk.index.analysis import PreAnalyzed, language_analyzer
    from factdesk.index.codec import compact_writer

    texts = corpus(400, seed=13) + [path.read_text("utf-8") for path in sorted(SEEDS.glob("*"))]
    schema = Schema(
        path=ID(stored=True, unique=True),
        body_fr=AnalysedText(analyzer=language_analyzer("fr"), phrase=True),
        title_fr=AnalysedText(analyzer=language_analyzer("fr"), field_boost=2.0),
    )

    def index(writer_of, analysed: bool):
        ix = RamStorage().create_index(schema)
        writer = writer_of(ix)
        for number, text in enumerate(texts):
            body, title = text, text[:60]
            if analysed:
                body, title = PreAnalyzed.of(body, "fr"), PreAnalyzed.of(title, "fr")
            writer.add_document(path=f"/{number}", body_fr=body, title_fr=title)
        if limitmb == 1:  # (the runs this test is about, in both pools)
            assert len(writer.pool.runs) >= 2
        writer.commit()
        return ix.reader()

    plain = index(lambda ix: ix.writer(codec=WhooshLengths(), limitmb=limitmb), analysed=False)
    pooled = index(lambda ix: compact_writer(ix, limitmb=limitmb), analysed=True)
    terms = list(plain.all_terms())
    assert terms == list(pooled.all_terms()) and len(terms) > 500
    for field, text in terms:
        assert postings(pooled, field, text) == postings(plain, field, text), (field, text)
    for field in ("body_fr", "title_fr"):
        assert plain.field_length(field) == pooled.field_length(field)
        for docnum in range(len(texts)):
            assert plain.doc_field_length(docnum, field) == pooled.doc_field_length(docnum, field)


@pytest.mark.parametrize("count", [0, 3, 40])
def test_stored_fields_read_back_as_written_across_segments_and_merges(count):
    """Stored fields deflated with a dictionary (``DictionaryBytesColumn``): fewer documents
    than its sample, more, one with nothing stored, a segment added, then all merged."""
    texts = corpus(count + 5, seed=13)
    schema = Schema(path=ID(unique=True), body=TEXT(), n=STORED(), text=STORED())
    ix = RamStorage().create_index(schema)
    expected = {}
    for part in (texts[:count], texts[count:]):
        writer = ix.writer(codec=CompactCodec())
        for text in part:
            number = len(expected)
            if number == 1:  # nothing stored
                writer.add_document(path=f"/{number}", body=text)
                expected[f"/{number}"] = {}
            else:
                writer.add_document(path=f"/{number}", body=text, n=number, text=text)
                expected[f"/{number}"] = {"n": number, "text": text}
        writer.commit(merge=False)
    for merged in (False, True):
        if merged:
            ix.writer(codec=CompactCodec()).commit(optimize=True)
        with ix.searcher() as searcher:
            reader = searcher.reader()
            found = {}
            for path in expected:
                docnum = searcher.document_number(path=path)
                found[path] = reader.stored_fields(docnum)
            assert found == expected
