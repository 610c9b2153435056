"""The Whoosh schema: one analysed title and body field per language, plus stored text.

A paragraph goes into the body field of its own language, so a French article quoting an English
tweet has that tweet stemmed as English.
"""

from __future__ import annotations

from whoosh.columns import PickleColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, STORED, TEXT, Schema
from whoosh.formats import Positions

from .analysis import PreAnalyzed, language_analyzer
from .codec import CompactPositions
from .langdetect import LANGS


class AnalysedText(TEXT):
    """A TEXT field that also takes text its analyser already read (``PreAnalyzed``, made in an
    indexing worker), so that the process writing the index only files postings: the same terms,
    positions and weights as analysing the text here. Its positions are kept (phrase search) as
    varint gaps (``codec.CompactPositions``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.format, Positions):
            self.format = CompactPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, PreAnalyzed):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        if isinstance(self.format, CompactPositions):  # (every field of the schema: values
            for term, frequency, encoded in value.postings:  # as the worker encoded them)
                yield term, frequency, frequency * boost, encoded
            return
        if not isinstance(self.format, Positions):
            raise TypeError(f"pre-analysed text needs a format with positions, not {self.format}")
        encode, decode = self.format.encode, CompactPositions.decode_positions
        for term, frequency, encoded in value.postings:  # (another positions format)
            yield term, frequency, frequency * boost, encode(decode(self.format, encoded))


def body_field(lang: str) -> str:
    return f"body_{lang if lang in LANGS else 'other'}"


def title_field(lang: str) -> str:
    return f"title_{lang if lang in LANGS else 'other'}"


BRIEF = "brief"


def search_fields() -> list[str]:
    return [name for lang in LANGS for name in (title_field(lang), body_field(lang))]


def build_schema() -> Schema:
    fields = {
        "path": ID(stored=True, unique=True),
        "lang": ID(stored=True),
        "source": ID(stored=True),
        "date": ID(stored=True),
        "title": STORED(),
        "text": STORED(),
        "body_start": STORED(),
        "paragraphs": STORED(),
        # what a list of hits shows (path, title, lang, source, date), as a column: read
        # without loading each hit's stored text (``search.Searcher.search(details=False)``)
        BRIEF: COLUMN(PickleColumn(VarBytesColumn())),
    }
    for lang in LANGS:
        analyzer = language_analyzer(lang)
        fields[title_field(lang)] = AnalysedText(analyzer=analyzer, field_boost=2.0)
        fields[body_field(lang)] = AnalysedText(analyzer=analyzer, phrase=True)
    return Schema(**fields)
