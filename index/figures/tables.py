"""Results tables: lines of 'Name N' or 'Name: N' one after another ('Likud 30', 'Yesh Atid 24',
'الليكود: 32'), the way results are listed after a line that says what is counted ('the
distribution of seats will be as follows:'). Each row's number is that name's figure, in the
measure of the line before the table, or of the last counted figure before it ('64 مقعدا')."""

from __future__ import annotations

import re

from .lexicon import count_attributes, normalize
from .model import Figure
from .owner import party_measures, poll_table
from .reader import ParagraphReader, find_attributes, stop_words

ROW = re.compile(r"\s*(?P<name>[^\d\n:：]+?)\s*[:：]?\s*(?P<num>\d{1,4})\s*$")
# 'Le Likoud (Binyamin Netanyahou): 32 sièges', 'الليكود: 32 مقعدا': a label, a colon, then the
# figure with its own counted word
LABELLED = re.compile(r"\s*(?P<name>[^\d\n:：]+?)\s*[:：]\s*(?P<num>\d[\d.,  ]*)\s*\w*\W{0,3}$")
LETTER = re.compile(r"[^\W\d]")
MIN_ROWS = 3  # fewer lines of 'Name N' are no table
MAX_NAME_WORDS = 6
MAX_ROW_CHARS = 120  # a row is a name of a few words and a number: longer paragraphs are text
_QUOTES = "\"'«»“”„‘’"


def _measure_label(reader: ParagraphReader) -> bool:
    """Whether a row's label says what is counted rather than who ('Nombre total d'électeurs
    inscrits : 24.351.551', 'Taux global de participation : 46,10%')."""
    digit = next((t.start for t in reader.tokens if t.kind == "num"), reader.end)
    label = [t for t in reader.tokens if t.end <= digit]
    return any(strong for _, strong in find_attributes(label, reader.lang))


def _names_run(readers: list[ParagraphReader], run: list[int]) -> bool:
    """A run of rows is a table of names unless most of its labels are measures: the figures
    of a list of measures ('Bulletins nuls : 1.764.637', 'Suffrages exprimés : 9.461.428') are
    read as text, whose label says their measure; a party's name that holds a measure word
    ('الصهيونية الدينية') leaves its table a table."""
    return 2 * sum(_measure_label(readers[index]) for index in run) < len(run)


def table_runs(readers: list[ParagraphReader]) -> list[list[int]]:
    """Runs of at least MIN_ROWS consecutive paragraphs that are each one row 'Name N' or
    'Name: N word' (``labelled_row``)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, reader in enumerate(readers):
        if _row(reader) is not None or labelled_row(reader):
            current.append(index)
            continue
        if len(current) >= MIN_ROWS:
            runs.append(current)
        current = []
    if len(current) >= MIN_ROWS:
        runs.append(current)
    return [run for run in runs if _names_run(readers, run)]


def _row(reader: ParagraphReader) -> tuple[str, int, int] | None:
    """(name, start, end of the number) of a paragraph that is one table row."""
    if not reader.tokens:
        return None
    start, end = reader.tokens[0].start, reader.end
    if end - start > MAX_ROW_CHARS or not reader.text[start:end].rstrip()[-1:].isdigit():
        return None
    match = ROW.match(reader.text, start, end)
    if match is None or match.end() != end and reader.text[match.end() : end].strip():
        return None
    name = _row_name(match["name"])
    if not LETTER.search(name) or len(name.split()) > MAX_NAME_WORDS:
        return None
    return name, match.start("num"), match.end("num")


def row_labels(readers: list[ParagraphReader], runs: list[list[int]]) -> dict[int, str]:
    """The labelled rows of the tables (paragraph index → label): they are read as text, and
    their label owns their figure."""
    return {
        index: label
        for run in runs
        for index in run
        if _row(readers[index]) is None and (label := labelled_row(readers[index]))
    }


def labelled_row(reader: ParagraphReader) -> str:
    """The label of a paragraph that is one row 'Label: N word' ('Shass: 11sièges', 'Le Likoud
    (Binyamin Netanyahou): 32 sièges'), whose figure the ordinary reading finds with its
    counted word; '' for any other paragraph. In a table, the label owns the row's figure."""
    if not reader.tokens:
        return ""
    start, end = reader.tokens[0].start, reader.end
    if end - start > MAX_ROW_CHARS:
        return ""
    match = LABELLED.match(reader.text, start, end)
    if match is None or match.end() < end and reader.text[match.end() : end].strip():
        return ""
    words = _row_name(match["name"]).split()
    stops = stop_words(reader.lang)
    while len(words) > 1 and normalize(words[0]) in stops:
        words = words[1:]  # 'Le Likoud': the name is 'Likoud', as in the text
    if not words or not LETTER.search(words[0]) or len(words) > MAX_NAME_WORDS:
        return ""
    return " ".join(words)


def _row_name(raw: str) -> str:
    """A row's name as its owner: the list's dash or bullet and a leader in parentheses after it
    left out ('- يوجد مستقبل (لابيد)' → 'يوجد مستقبل'), quotes too."""
    name = raw.strip().lstrip("-–—•*·").strip()
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name)
    return name.strip().strip(_QUOTES).strip()


def table_figures(
    readers: list[ParagraphReader],
    run: list[int],
    before: list[Figure],
    path: str,
    name: str,
    article_date: str = "",
) -> list[Figure]:
    """The figures of one table: each row's name owns its number, in the measure the line before
    the table names, else in the unit and measure of the last counted figure before it; a table
    whose measure is unknown gives none."""
    attribute, unit = None, None
    intro = readers[run[0] - 1] if run[0] > 0 else None
    label = ""
    if intro is not None:
        marks = [mark for mark, strong in find_attributes(intro.tokens, intro.lang) if strong]
        if marks:
            attribute = marks[-1].value
        if poll_table().find_all(intro.tokens):
            label = " (exit poll)"  # 'According to the exit poll by Channel 12 News, …:'

    if attribute is None:
        counted = [f for f in before if f.unit in count_attributes() and f.attribute]
        if not counted:
            return []
        attribute, unit = counted[-1].attribute, counted[-1].unit
    figures = []
    for index in run:
        reader = readers[index]
        row = _row(reader)
        if row is None:
            continue
        owner, start, end = row
        value = float(reader.text[start:end])
        figures.append(
            Figure(
                path=path,
                article=name,
                start=start,
                end=end,
                quote=reader.text[start:end],
                value=value,
                unit=unit,
                qualifier="exact",
                low=value,
                high=value,
                entity=owner + (label if attribute in party_measures() else ""),
                attribute=attribute,
                lang=reader.lang,
                article_date=article_date,
                owner_from="name",
            )
        )
    return figures
