"""Stage 3: whose a figure is. A listed organisation by grammar, else an open-world name by
grammar (``names.py``), else a place (its own stretch of a list, its clause, its sentence, its
paragraph), else the article's subject; then a scope narrows it (a part of a country, a named
area, an amount including debt)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import cache

from ..article import Article
from ..datafiles import json_data
from ..langdetect import script_of
from . import currencies
from .lexicon import (
    PhraseTable,
    event_measures,
    grouped_phrases,
    listed_phrases,
    money_measures,
    normalize,
    phrase_words,
    unit_dimension,
)
from .model import ASSEMBLY
from .names import ArticleNames, attribution_table, find_names, is_assembly, name_concepts
from .places import (
    area_country,
    find_places,
    gross_before_table,
    gross_table,
    mostly_table,
    net_table,
    place_name,
    place_table,
)
from .reader import (
    ENTITY_LOOKBACK_CHARS,
    LIST_WORDS,
    OBJECT_GAP_CHARS,
    SENTENCE_PENALTY,
    UNLABELLED_UNITS,
    Mark,
    Mention,
    ParagraphReader,
    nearest_mark,
    span_of,
    stop_words,
)


def resolve_currency_owner(m: Mention) -> None:
    """An exchange rate is its currency's: 'près de 50 livres pour un dollar' is the Egyptian
    pound's rate, whoever set it or wherever it is said ('Egypt', 'the central bank'); the
    owner is the currency's name ('Egyptian pound'), so that every source's rate of one currency
    meets the others'."""
    if m.attribute != "exchange rate" or not m.unit or m.unit not in currencies.codes():
        return
    name = currencies.name_of(m.unit)
    if name:
        m.entity, m.owner_from = name, "currency"


def resolve_entity(
    reader: ParagraphReader,
    m: Mention,
    entity_marks: list[Mark],
    attributes: list[tuple[Mark, bool]],
    descriptors: Sequence[Mark] = (),
) -> None:
    """The entity named right after the figure through small link words ('de dette de X',
    'pour Twitter', 'لقيمة إكس'), else the nearest one named before it."""
    if m.owner_from == "currency":
        return  # a currency's change is the currency's, whoever devalued it
    tokens = reader.tokens
    start, end = span_of(reader, m)
    clause = reader.clauses.scope(tokens[m.number].start)
    attribute_starts = {mark.start for mark, _ in attributes}
    entity_at = {mark.start: mark.value for mark in entity_marks}
    if m.unit in UNLABELLED_UNITS:
        return
    for k in range(m.last + 1, min(len(tokens), m.last + 6)):
        token = tokens[k]
        if token.start >= clause[1] or not reader.linked(k - 1, k):
            break
        if token.raw[:1] in AND_PROCLITICS and len(token.forms) > 1:
            break  # 'و’إكس عند 33': 'and X', the next item of a list, not this one's owner
        if token.start in entity_at:
            m.entity = entity_at[token.start]
            return
        if not (reader.match("links", k) or token.start in attribute_starts):
            break
    # the attribute's object: 'valorisation de xAI à 80 milliards', 'valuing X at $33B',
    # 'قيمة إكس 33 مليار': a name between the measure word and the figure, in its clause
    words_before = [
        mark
        for mark, strong in attributes
        if strong and clause[0] <= mark.start and mark.end <= start
    ]
    if words_before:
        word = words_before[-1]
        # a name, or what the article calls a named entity ('valorise la plateforme à 33 Md$')
        inside = sorted(
            (
                mark
                for mark in (*entity_marks, *descriptors)
                if word.end <= mark.start and mark.end <= start
            ),
            key=lambda mark: mark.start,
        )
        if inside and start - inside[-1].end <= OBJECT_GAP_CHARS:
            m.entity = inside[-1].value
            return
    if m.attribute in place_measures():
        return  # a toll is a place's: 'selon un message sur la plate-forme X' is no owner
    for mark in reversed(entity_marks):
        if mark.end <= start and start - mark.end <= ENTITY_LOOKBACK_CHARS:
            m.entity = mark.value
            return


def names_of(
    reader: ParagraphReader,
    entity_marks: list[Mark],
    places: list[tuple[int, int, str]],
    attributes: list[tuple[Mark, bool]],
    known: ArticleNames,
) -> list[Mark]:
    """The open-world names of a paragraph (``names.py``), keyed by the article's aliases."""
    starts: set[int] = set()
    sentence = (-1, -1)
    for token in reader.tokens:
        if token.kind == "word" and not sentence[0] <= token.start < sentence[1]:
            sentence = reader.sentences.scope(token.start)
            starts.add(token.start + len(token.elided))
    taken = [(m.start, m.end) for m in entity_marks] + [(s, e) for s, e, _ in places]
    taken += [(mark.start, mark.end) for mark, _ in attributes]
    found = find_names(reader.tokens, reader.text, starts, taken, known.words())
    before = len(known.canonical)
    known.learn(found, reader.text)
    if len(known.canonical) > before:  # 'Jordan Bardella …. Bardella a …' in one paragraph
        found = find_names(reader.tokens, reader.text, starts, taken, known.words())
        known.learn(found, reader.text)
    if reader.lang in ("ar", "he"):
        found = sorted(found + _quoted_names(reader, found, taken))
    return [Mark(start, end, known.owner(surface)) for start, end, surface in found]


_QUOTED = re.compile(r"[\"“«]([^\"“”«»\d\n]{2,60})[\"”»]")
QUOTED_NAME_WORDS = 6
DESIGNATOR_WORDS = 3  # 'حزب اليمين المتطرف "التجمع الوطني"': the party word, then its side


def _quoted_names(
    reader: ParagraphReader, found: list[tuple[int, int, str]], taken: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Names in quotation marks right after a party word, in scripts without capitals: 'حزب
    "التجمع الوطني"', 'تحالف “معا”', 'מפלגת "הציונות הדתית"' (``grammar.json`` parties)."""
    words = _parties()[0]
    names = []
    for match in _QUOTED.finditer(reader.text):
        before = reader.text[max(0, match.start() - 60) : match.start()].split()
        if len(match.group(1).split()) > QUOTED_NAME_WORDS:
            continue
        near = [normalize(w) for w in before[-DESIGNATOR_WORDS:]]
        if not any(w in words or (w[:1] in ("و", "ו") and w[1:] in words) for w in near) and (
            not name_concepts(match.group(1))
        ):
            continue  # a quotation, not a name: no party word before it, no name's words
        start, end = match.span(1)
        if any(s < end and start < e for s, e in taken) or any(
            s < end and start < e for s, e, _ in found
        ):
            continue
        names.append((start, end, " ".join(match.group(1).split())))
    return names


NAME_LINKS = frozenset({"le", "la", "les", "l'", "au", "aux"})  # '143 sièges pour le RN'
SOURCE_GAP_CHARS = 6  # 'selon l'AFAD', 'according to the White Helmets'


@cache
def _parties() -> tuple[frozenset[str], frozenset[str]]:
    """(words that designate a party, the measures a party owns): grammar.json 'parties'."""
    data = json_data("grammar.json")["parties"]
    return frozenset(normalize(w) for w in data["words"]), frozenset(data["measures"])


def party_measures() -> frozenset[str]:
    """Measures a party owns (seats, votes): grammar.json 'parties'."""
    return _parties()[1]


def _designated_party(reader: ParagraphReader, mark: Mark) -> bool:
    """'the Yesh Atid party', 'le parti Raam', 'la formation Yesh Atid': a party word right
    before or right after the name."""
    words = _parties()[0]
    tokens = reader.tokens
    last = next((k for k, t in enumerate(tokens) if t.end >= mark.end), None)
    if last is not None:
        after = last + 1 if tokens[last].end == mark.end else last
        if after < len(tokens) and tokens[after].norm in words and reader.linked(last, after):
            return True
    first = next((k for k, t in enumerate(tokens) if t.end > mark.start), None)
    return bool(  # not 'le parti d'Edouard Philippe': his party, not him
        first
        and tokens[first - 1].norm in words
        and not tokens[first].elided
        and reader.linked(first - 1, first)
    )


def resolve_party(reader: ParagraphReader, m: Mention, names: list[Mark], after: int) -> None:
    """A party's measure (seats, votes) that the grammar gives no owner: the last party named
    as such before it in its sentence, after the sentence's previous figure (``after``):
    'followed by the Yesh Atid party, which is chaired by Yair Lapid, with 24 seats'."""
    if m.attribute not in party_measures():
        return
    start = span_of(reader, m)[0]
    low = max(reader.sentences.scope(start)[0], after)
    for mark in reversed(names):
        if low <= mark.start and mark.end <= start and _designated_party(reader, mark):
            m.entity, m.owner_from = _head_name(reader, names, mark, start).value, "name"
            return
    # the sentence's subject last: a name that opens it ('Abdelmadjid Tebboune a été réélu …
    # avec un score de 94,65 % des voix'), past a title or an article ('M.', 'Le')
    tokens = reader.tokens
    opening = [t for t in tokens if low <= t.start < start][:SUBJECT_LEAD_TOKENS]
    for mark in names:
        if any(t.start == mark.start for t in opening) and mark.end <= start:
            m.entity, m.owner_from = mark.value, "name"
            return


SUBJECT_LEAD_TOKENS = 3  # 'M. Tebboune', 'Le président Tebboune'


def _tokens_before(reader: ParagraphReader, m: Mention, scope_start: int, after: int) -> list[int]:
    """The tokens before the figure from ``scope_start`` (its sentence's or clause's) or from
    the end of the sentence's previous figure (``after``), whichever is later."""
    start, low = span_of(reader, m)[0], max(scope_start, after)
    return [k for k, t in enumerate(reader.tokens) if low <= t.start and t.end <= start]


def resolve_bloc(reader: ParagraphReader, m: Mention, names: list[Mark], after: int) -> None:
    """A bloc's seats or votes (``grammar.json`` blocs): the bloc word nearest before the figure
    in its sentence, after the sentence's previous figure (``after``), names who owns it: its
    leader after it ('le bloc de Netanyahu', 'كتلة نتنياهو', 'גוש נתניהו', 'led by X') or before
    it ('Netanyahu's right-wing bloc'), else its side ('le bloc de droite', 'הגוש הנגדי').
    Whoever the grammar gave the figure to before (the leader, a party, the country) yields;
    not to a bloc named before another name ('le bloc de droite devance la formation Yesh
    Atid, qui récolterait 24 sièges')."""
    if m.attribute not in party_measures():
        return
    tokens = reader.tokens
    start = span_of(reader, m)[0]
    inside = _tokens_before(reader, m, reader.sentences.scope(start)[0], after)
    if not inside:
        return
    first = inside[0]
    found = None
    words = listed_phrases("grammar.json", "blocs", "words")
    for k in inside:
        hit = words.match_at(tokens, k)
        if hit is not None and k + hit[0] <= inside[-1] + 1:
            found = (k, k + hit[0])
    if found is None:
        side = _side_alone(reader, m, inside, names)
        if side:  # 'the center-left will take 62 seats', 'the right with 55'
            m.entity, m.owner_from = f"{side} bloc", "name"
        return
    k, after_bloc = found
    leader = _bloc_leader(reader, names, k, after_bloc, first)
    named_after = [  # 'le bloc de droite devance la formation Yesh Atid, qui récolterait 24'
        mark
        for mark in names
        if tokens[after_bloc - 1].end < mark.start
        and mark.end <= start
        and not (leader and mark.value == leader)
    ]
    if named_after:
        return
    if leader:
        m.entity, m.owner_from = f"{leader} bloc", "name"
        return
    side = _bloc_side(reader, k, after_bloc, first)
    if side:
        m.entity, m.owner_from = f"{side} bloc", "name"


def _bloc_leader(
    reader: ParagraphReader, names: list[Mark], k: int, after_bloc: int, first: int
) -> str:
    """The leader a bloc word at tokens ``k``…``after_bloc`` names: a name right after it (past
    'de', 'led by', 'بقيادة'), or one with a possessive right before it ('Netanyahu's bloc',
    'Netanyahu's right-wing bloc'); in Arabic and Hebrew, whose names are not capitalised, the
    word right after it that is no side and no small word."""
    tokens = reader.tokens
    j = after_bloc
    link = listed_phrases("grammar.json", "blocs", "leader_links").match_at(tokens, j)
    if link is not None:
        j += link[0]
    if j >= len(tokens):
        return ""
    by_start = {mark.start: mark for mark in names}
    if tokens[j].start in by_start:
        return by_start[tokens[j].start].value
    if (
        reader.lang in ("ar", "he")
        and tokens[j].kind == "word"
        and reader.linked(j - 1, j)
        and _side_table().match_at(tokens, j) is None
        and tokens[j].norm not in stop_words(reader.lang)
        and len(tokens[j].norm) >= 3
    ):
        if tokens[j].raw in json_data("grammar.json")["blocs"]["not_leaders"]:
            return ""  # 'كتلة رئيس الوزراء': a title, not a name
        return tokens[j].raw
    before = reader.text[tokens[max(first, k - 4)].start : tokens[k].start]
    possessive = re.search(r"(\S+?)['’]s\s+(?:[\w-]+\s+)?$", before)
    if possessive:
        at = tokens[max(first, k - 4)].start + possessive.start(1)
        if at in by_start:
            return by_start[at].value
    return ""


SIDE_GAP_TOKENS = 3  # 'the center-left will take 62 seats': from the side to the figure


def _side_alone(reader: ParagraphReader, m: Mention, inside: list[int], names: list[Mark]) -> str:
    """A side named as a bloc without the word 'bloc', as the subject right before the figure
    ('Channel 13 says that the center-left will take 62 seats', 'the right with 55'): after an
    article in Latin script ('the', 'la'), its definite form in Arabic and Hebrew ('اليمين',
    'הימין'), with no name between it and the figure."""
    tokens = reader.tokens
    sides = _side_table()
    articles = ("the", "la", "le", "l'", "les")
    found: list[tuple[int, tuple[int, str]]] = []  # longest first: 'center-left', not 'left'
    for k in inside:
        hit = sides.match_at(tokens, k)
        if hit is not None and not (found and k < found[-1][0] + found[-1][1][0]):
            found.append((k, hit))
    for k, hit in reversed(found):
        end = k + hit[0]
        if m.first - end > SIDE_GAP_TOKENS:
            return ""
        latin = script_of(tokens[k].raw[:1]) == "latin"
        if latin and not (k > 0 and tokens[k - 1].norm in articles):
            return ""
        if not latin and not tokens[k].norm.startswith(("ال", "ה")):
            return ""
        if any(tokens[k].start <= mark.start < tokens[m.first].start for mark in names):
            return ""
        return str(hit[1])
    return ""


def _bloc_side(reader: ParagraphReader, k: int, after_bloc: int, first: int) -> str:
    """The side a bloc word names: right after it ('le bloc de droite', 'كتلة اليمين', 'הגוש
    הנגדי') or right before it ('the center-left bloc')."""
    tokens = reader.tokens
    sides = _side_table()
    j = after_bloc
    if j < len(tokens) and tokens[j].norm in ("de", "du"):
        j += 1
    hit = sides.match_at(tokens, j) if j < len(tokens) else None
    if hit is not None:
        return hit[1]
    for i in range(max(first, k - 3), k):
        hit = sides.match_at(tokens, i)
        if hit is not None and i + hit[0] == k:
            return hit[1]
    return ""


def _side_table() -> PhraseTable:
    return grouped_phrases("grammar.json", "blocs", "sides")


@cache
def _restatements() -> frozenset[str]:
    return frozenset(
        " ".join(normalize(w) for w in phrase.split())
        for phrase in json_data("grammar.json")["restatement"]
    )


def resolve_restatement(reader: ParagraphReader, m: Mention, previous: Mention | None) -> None:
    """'178 797 voix, soit 3,17%', '5329253 صوتا، بنسبة 94.65%': a figure that gives the one
    right before it in other terms (``grammar.json`` restatement) is its owner's, unless a
    name of its own owns it."""
    if previous is None or not previous.entity or m.owner_from == "name":
        return
    between = reader.tokens[previous.last + 1 : m.first]
    if not between or any(t.kind != "word" for t in between):
        return
    if not reader.sentences.same(reader.tokens[previous.last].start, reader.tokens[m.first].start):
        return
    if " ".join(t.norm for t in between) in _restatements():
        m.entity, m.owner_from = previous.entity, previous.owner_from


def resolve_subject(reader: ParagraphReader, m: Mention, after: int) -> None:
    """A party's seats or votes in Arabic or Hebrew, whose names have no capitals: the one to
    three words opening its clause (after the sentence's previous figure, ``after``) right
    before a result verb ('הליכוד זכה ב-32 מנדטים', 'حصل الليكود على 32 مقعدا' reads the
    other way: the verb first, then who) own it (``grammar.json`` names result_verbs)."""
    if reader.lang not in ("ar", "he") or m.attribute not in party_measures():
        return
    tokens = reader.tokens
    inside = _tokens_before(reader, m, reader.clauses.scope(span_of(reader, m)[0])[0], after)
    if not inside:
        return
    verbs = listed_phrases("grammar.json", "names", "result_verbs")
    for k in inside:
        hit = verbs.match_at(tokens, k)
        if hit is None:
            continue
        stops = stop_words(reader.lang) | _clause_openers()
        words = [t for t in tokens[inside[0] : k] if t.kind == "word"]
        while words and words[0].norm in stops:
            words = words[1:]  # 'وقد حصل …': a particle before the verb
        if m.first - (k + hit[0]) > SUBJECT_GAP_TOKENS + (0 if words else SUBJECT_WORDS - 1):
            return
        if reader.lang == "ar" and not words:  # the verb first: who follows it, up to the
            # preposition before the figure ('حصل عبدالمجيد تبون على 5329253 صوتا')
            rest = [t for t in tokens[k + hit[0] : m.first] if t.kind == "word"]
            while rest and rest[0].norm in stops:
                rest = rest[1:]
            cut = next((i for i, t in enumerate(rest) if t.norm in stops), len(rest))
            words = rest[:cut] if cut <= SUBJECT_WORDS else []
        if 1 <= len(words) <= SUBJECT_WORDS and not any(t.norm in stops for t in words):
            m.entity = reader.text[words[0].start : words[-1].end]
            m.owner_from = "name"
        return


@cache
def _clause_openers() -> frozenset[str]:
    """Conjunctions opening a clause before its verb ('فيما', 'בעוד'): ``grammar.json`` names."""
    words = json_data("grammar.json")["names"]["clause_openers"]
    return frozenset(normalize(w) for phrase in words for w in phrase.split())


SUBJECT_WORDS = 3  # 'יהדות התורה', 'الصهيونية الدينية'
SUBJECT_GAP_TOKENS = 4  # 'זכה ב-32 מנדטים': from the verb to the figure


def resolve_name(
    reader: ParagraphReader, m: Mention, names: list[Mark], segment: tuple[int, int]
) -> None:
    """A name owns a figure by grammar only: named right after it through small words ('143
    sièges pour le RN', 'seats for the National Rally'), or just before its parenthesis ('le
    NFP (182 sièges)'), or as the subject before it in its own stretch of the clause ('le RN
    obtient 143 sièges'), unless a source word introduces it ('selon l'AFAD'). A place's
    measure (a toll, an inflation rate) is never a name's."""
    if m.unit in UNLABELLED_UNITS or m.attribute in place_measures():
        return
    assemblies: list[Mark] = []
    if m.attribute in party_measures():  # 'la deuxième force de l'Assemblée avec 131 sièges'
        assemblies = [mark for mark in names if is_assembly(mark.value)]
        names = [mark for mark in names if not is_assembly(mark.value)]
    tokens, text = reader.tokens, reader.text
    start, end = span_of(reader, m)
    clause = reader.clauses.scope(tokens[m.number].start)
    by_start = {mark.start: mark for mark in names}
    for k in range(m.last + 1, min(len(tokens), m.last + 6)):
        token = tokens[k]
        if token.start >= clause[1] + 1 or not reader.linked(k - 1, k):
            break
        if token.start + len(token.elided) in by_start:
            m.entity, m.owner_from = by_start[token.start + len(token.elided)].value, "name"
            return
        if not (reader.match("links", k) or token.norm in NAME_LINKS):
            break
    opening = text.rfind("(", 0, start)
    if opening >= 0 and not text[opening + 1 : start].strip():
        before = [mark for mark in names if 0 <= opening - mark.end <= 2]
        if before:
            mark = _head_name(reader, names, before[-1], start)
            m.entity, m.owner_from = mark.value, "name"
            return
    # the subject's window: the clause, past a parenthesis just before it ('le RN (…) obtient
    # 143 sièges'), never before the previous figure
    previous_end = segment[0] if segment[0] > clause[0] else -1
    low = clause[0]
    sentence = reader.sentences.scope(start)
    while low > max(sentence[0], previous_end) and text[low - 1 : low] == ")":
        opening = text.rfind("(", sentence[0], low)
        if opening < 0:
            break
        low = reader.clauses.scope(max(opening - 1, sentence[0]))[0]
    low = max(low, previous_end)
    if text[low - 1 : low] in ('"', "”", "»"):  # a quoted name closes the clause before:
        # 'حزب اليمين المتطرف "التجمع الوطني" بقيادة مارين لوبان … بـ18,72 %'
        quoted = [mark for mark in names if mark.end == low - 1 and mark.start > previous_end]
        low = quoted[-1].start if quoted else low
    candidates = [mark for mark in names if low <= mark.start and mark.end <= start]
    if not candidates:
        candidates = _set_apart_subject(reader, names, low, max(sentence[0], previous_end), m)
    if not candidates:
        if m.attribute == "seats" and any(low <= a.start and a.end <= start for a in assemblies):
            m.entity, m.owner_from = ASSEMBLY, ""  # 'l'Assemblée nationale compte 577 sièges'
        return
    mark = _head_name(reader, names, candidates[-1], start)
    lead = [t for t in tokens if mark.start - 40 <= t.start and t.end <= mark.start]
    if any(mark.start - e <= SOURCE_GAP_CHARS for _, e, _ in attribution_table().find_all(lead)):
        return  # 'selon l'AFAD', 'according to the White Helmets': a source
    m.entity, m.owner_from = mark.value, "name"


LEADER_GAP_CHARS = 24  # ", led by ", ", emmenée par ": a leader word right before the name


def _head_name(reader: ParagraphReader, names: list[Mark], mark: Mark, start: int) -> Mark:
    """The name a figure's grammar found, or, when that name is a leader introduced after
    another name ('NUPES led by Jean-Luc Melenchon won 131 seats', 'la Nupes autour de
    Jean-Luc Mélenchon 25,66%': ``grammar.json`` leaders) or stands in a bracketed aside
    that closes before the figure ('Horizons (le parti d'Edouard Philippe), 26', 'la Nupes
    (LFI, PCF, PS and EELV) gathered behind …'), the name before it in its sentence."""
    text = reader.text
    floor = reader.sentences.scope(mark.start)[0]
    earlier = [other for other in names if floor <= other.start and other.end <= mark.start]
    while earlier:
        opening = text.rfind("(", floor, mark.start)
        if (
            opening >= 0
            and ")" not in text[opening : mark.start]
            and ")" in text[mark.end : start]
            and earlier[0].end <= opening
        ):  # an aside's name: the name before the bracket
            while earlier[-1].end > opening:
                earlier.pop()
            mark = earlier.pop()
            continue
        gap = text[earlier[-1].end : mark.start]
        words = " ".join(normalize(w) for w in gap.replace("(", " ").replace(",", " ").split())
        if len(gap) <= LEADER_GAP_CHARS and any(words.endswith(w) for w in _leader_words()):
            mark = earlier.pop()
            continue
        break
    return mark


@cache
def _leader_words() -> tuple[str, ...]:
    return tuple(
        " ".join(normalize(w) for w in phrase.split())
        for phrase in json_data("grammar.json")["leaders"]["words"]
    )


def _set_apart_subject(
    reader: ParagraphReader, names: list[Mark], low: int, floor: int, m: Mention
) -> list[Mark]:
    """The name a comma sets apart from its figure's clause: in apposition ('le Likoud, à 32
    sièges'), or before an aside that holds no figure ('Israel Beteinou, parti dirigé par
    Avigdor Lieberman, a reçu 6 sièges'). ``low``: the figure's clause's start; ``floor``:
    the sentence's start or the previous figure's end."""
    text, tokens = reader.text, reader.tokens
    if low <= floor or text[low - 1 : low] != ",":
        return []
    aside = reader.clauses.scope(low - 2)
    if (
        aside[0] > floor
        and text[aside[0] - 1 : aside[0]] == ","
        and not any(t.kind == "num" and aside[0] <= t.start < aside[1] for t in tokens)
    ):
        named = [  # 'le candidat du MSP, Abdelaali Hassani Chérif, arrive … avec 178 797 voix':
            # an aside that is only a name says who the subject is
            mark
            for mark in names
            if not text[aside[0] : mark.start].strip() and not text[mark.end : low - 1].strip()
        ]
        if named:
            return named[-1:]
        end = aside[0] - 1  # the comma before the aside
    else:
        first = next((k for k, t in enumerate(tokens) if t.start >= low), None)
        apposition = listed_phrases("grammar.json", "names", "apposition")
        if first is None or first >= m.first or not apposition.match_at(tokens, first):
            return []  # apposition only through a small word: 'le Likoud, à 32 sièges'
        end = low - 1
    designators = _parties()[0]
    return [
        mark
        for mark in names
        if mark.start >= floor
        and 0 <= end - mark.end
        and (end - mark.end <= 1 or normalize(text[mark.end : end]) in designators)
    ][-1:]


@cache
def place_measures() -> frozenset[str]:
    return frozenset(json_data("measures.json")["of_place"]["measures"])


AND_PROCLITICS = frozenset({"و", "ו"})  # 'and' glued to the next word (Arabic, Hebrew)


def _joint(codes: set[str]) -> str:
    """Places named together own a figure together: 'Syria & Turkey'."""
    return " & ".join(sorted(place_name(code) for code in codes))


def subject_places(
    article: Article, segments: list[tuple[int, int, str]], areas: Sequence[str] = ()
) -> str | None:
    """The places an article is about: those its title names, else its first sentence ('Le
    séisme qui a frappé la Turquie et la Syrie…'), else its address's slug, else the one
    country whose parts are the areas it names ('the province of Herat': Afghanistan). A
    source's nationality ('selon le service sismologique américain') and a news agency's mark
    ('/العُمانية/') are not what it is about. A measured figure with no owner of its own ('the
    death toll rose to 37,000') is about them."""
    for start, end, lang in segments[:2]:
        reader = ParagraphReader(article.text, start, min(end, start + 1_000), lang)
        first = reader.sentences.scope(start)
        named = [place for place in own_places(reader) if place[1] <= first[1]]
        sources = source_places(reader, named)
        found = {code for s, e, code in named if s not in sources}
        if found:
            return _joint(found)
    # a news address carries its headline: '…/20230206-turquie-syrie-tremblement-terre-…'
    slug = re.sub(r"[-_/.+%=?&]+", " ", article.source.partition("://")[2].partition("/")[2])
    if slug.strip():
        reader = ParagraphReader(slug, 0, len(slug), article.lang)
        found = {code for s, e, code in find_places(reader.tokens)}
        if found:
            return _joint(found)
    countries = {code for code in map(area_country, areas) if code}  # districts not listed
    if len(countries) == 1:  # are no country's: 'Zinda Jan' does not stop 'Herat'
        return _joint(countries)
    return None


def own_places(reader: ParagraphReader) -> list[tuple[int, int, str]]:
    """The places a paragraph names, less a news agency's mark in a dateline, between slashes
    ('كابول في 17 أكتوبر /العُمانية/'): it names where the copy came from, not what it is
    about."""
    text = reader.text
    return [
        (s, e, code)
        for s, e, code in find_places(reader.tokens)
        if not (text[s - 1 : s] == "/" and text[e : e + 1] == "/")
    ]


def segment_of(reader: ParagraphReader, mentions: list[Mention], index: int) -> tuple[int, int]:
    """The stretch of a figure's clause that is its own in a list ('18 991 tués en Turquie et
    3 377 en Syrie'): from the end of the previous figure of the clause to the start of the
    next one."""
    start, end = span_of(reader, mentions[index])
    low, high = reader.clauses.scope(reader.tokens[mentions[index].number].start)
    if index > 0:
        previous_end = span_of(reader, mentions[index - 1])[1]
        if previous_end > low:
            low = previous_end
    if index + 1 < len(mentions):
        next_start = span_of(reader, mentions[index + 1])[0]
        if next_start < high:
            high = next_start
    return low, high


def resolve_place(
    reader: ParagraphReader,
    m: Mention,
    places: list[tuple[int, int, str]],
    segment: tuple[int, int],
    other_ends: Sequence[int] = (),
    article_countries: Callable[[], set[str]] = set,
) -> None:
    """A country owns a figure that no organisation owns: the one named in the figure's own
    stretch of a list ('… en Turquie et 3 377 en Syrie'), else the nearest in its clause, else
    earlier in its sentence: 'l'inflation en Turquie', 'في سوريا'. Several countries in the
    clause and none of the figure's own: the figure covers them all."""
    if m.unit in UNLABELLED_UNITS:
        return
    start, end = span_of(reader, m)
    clause = reader.clauses.scope(reader.tokens[m.number].start)
    sentence = reader.sentences.scope(start)
    outside = [(s, e, code) for s, e, code in places if not start <= s < end]
    both = [  # '300 morts dans les deux pays', 'the combined toll in both countries to 39,000'
        s
        for s, _, _ in all_places_table().find_all(reader.tokens)
        if clause[0] <= s < clause[1] and not start <= s < end
    ]
    if both:  # 'près de 300 morts dans les deux pays': every country its sentence names
        named = {code for s, e, code in places if sentence[0] <= s and e <= sentence[1]}
        if len(named) < 2:
            named |= {code for s, e, code in places if e <= start}
        if len(named) < 2:  # 'in both countries': the article's two, named in other paragraphs
            article = article_countries()
            named = article if len(article) == 2 else named
        if len(named) >= 2:
            m.entity = _joint(named)
            return
    # a country right after the figure in its stretch is its own ('3 377 morts en Syrie');
    # else one before it in the stretch ('… et en Syrie, 3 377 morts')
    own = {
        code
        for s, e, code in outside
        if end <= s and e <= segment[1] and _close_after(reader.text, end, s)
    } or {code for s, e, code in outside if segment[0] <= s and e <= start}
    relatives = relative_clauses(reader, sentence)
    # 'في سوريا قتل 237 شخصا … الزلزال الذي يقع مركزه في جنوب شرق تركيا': a place in a
    # relative clause without the figure describes something else (the quake), not the figure
    described = [(lo, hi) for lo, hi in relatives if not lo <= start < hi]
    in_clause = {
        code
        for s, e, code in outside
        if clause[0] <= s
        and e <= clause[1]
        and not any(lo <= s and e <= hi for lo, hi in described)
    }
    if own and segment != clause:
        in_clause = own
    if len(in_clause) >= 2:  # 'en Turquie et en Syrie': the figure covers them all
        m.entity = _joint(in_clause)
        return
    best: tuple[int, str] | None = None
    sources = source_places(reader, outside)
    for place_start, place_end, code in outside:
        if in_clause and code not in in_clause:
            continue
        if clause[0] <= place_start and place_end <= clause[1]:
            distance = start - place_end if place_end <= start else place_start - end
        elif place_start in sources:
            continue  # 'selon l'institut de géophysique américain': the source's country
        elif sentence[0] <= place_start and place_end <= start:
            distance = start - place_end + SENTENCE_PENALTY
            if any(s <= place_start and place_end <= e for s, e in relatives):
                # 'Le bilan en Syrie du séisme, dont l'épicentre se situe en Turquie, s'est
                # élevé à 237 morts': the relative clause's place describes the quake
                distance += 2 * SENTENCE_PENALTY
        elif (
            end <= place_start
            and place_end <= sentence[1]
            and not any(_close_after(reader.text, e, place_start) for e in other_ends)
        ):
            # later in its sentence, unless another figure's own: 'according to Syria's ministry'
            distance = place_start - end + 2 * SENTENCE_PENALTY
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, code)
            chosen = (place_start, place_end)
    if best is not None and best[0] > 0:
        # 'ضرب زلزال … تركيا وسوريا، … ما أسفر عن سقوط أكثر من 500 قتيل', 'le séisme qui a
        # secoué le sud de la Turquie et la Syrie': a pair named together owns it together
        paired = _coordinated(reader, outside, chosen)
        if paired:
            m.entity = _joint({best[1], *paired})
            return
    if best is None:
        # the place the paragraph was last about: 'En Syrie, … . Dans les zones rebelles, 733'
        earlier = [code for s, e, code in outside if e <= sentence[0] and s not in sources]
        if earlier:
            best = (0, earlier[-1])
    if best is not None:
        m.entity = place_name(best[1])


def _coordinated(
    reader: ParagraphReader, places: Sequence[tuple[int, int, str]], span: tuple[int, int]
) -> set[str]:
    """The other countries joined to the one at ``span`` by 'and' alone ('la Turquie et la
    Syrie', 'Turkey and Syria', 'تركيا وسوريا'), none if it stands alone."""
    joined = set()
    links = _coordination_words()
    for s, e, code in places:
        if (s, e) == span:
            continue
        low, high = (span[1], s) if s >= span[1] else (e, span[0])
        if high < low:
            continue
        between = reader.text[low:high].split()
        if (
            not between
            and reader.text[high : high + 1] in ("و", "ו")
            and reader.text[low:high].isspace()
        ):
            joined.add(code)  # 'تركيا وسوريا': 'and' stuck to the second
        elif between and all(normalize(word) in links for word in between):
            if any(normalize(word) in LIST_WORDS for word in between):
                joined.add(code)
    return joined


@cache
def _coordination_words() -> frozenset[str]:
    """'and' and the articles and prepositions a second country may carry ('et la', 'and in'):
    ``grammar.json`` coordination."""
    words = json_data("grammar.json")["coordination"]["words"]
    return LIST_WORDS | frozenset(normalize(w) for w in words)


ORGANISATION_TOKENS = 3  # 'هيئة المسح الجيولوجي الأمريكية': the noun, two words, the country


@cache
def _organisation_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in json_data("grammar.json")["organisations"])


def source_places(reader: ParagraphReader, places: Sequence[tuple[int, int, str]]) -> set[int]:
    """Starts of the places named right next to an organisation noun, with no punctuation
    between ('the US Geological Survey', 'l'institut de géophysique américain', 'لوكالة
    الصحافة الفرنسية'): a source's nationality ('Turkey's disaster service' is Turkey's own)."""
    words = _organisation_words()
    tokens = reader.tokens
    index = {token.start: i for i, token in enumerate(tokens)}
    found = set()
    for place_start, place_end, _ in places:
        i = index.get(place_start)
        if i is None:
            continue
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].start < place_end:
            j += 1
        if tokens[j].raw.endswith(("'s", "’s")):
            continue  # 'Turkey's disaster service' counts Turkey's toll
        near = range(max(0, i - ORGANISATION_TOKENS), min(len(tokens), j + ORGANISATION_TOKENS + 1))
        for k in near:
            if tokens[k].forms & words:
                low, high = min(k, i), max(k, j)
                gap = reader.text[tokens[low].start : tokens[high].end]
                if not any(c in gap for c in ',;:()—–«»"'):
                    found.add(place_start)
                    break
    return found


@cache
def _relative_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in json_data("grammar.json")["relatives"])


def relative_clauses(reader: ParagraphReader, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """The relative clauses of a sentence: from a relative word ('dont', 'qui', 'which',
    'التي', 'אשר') to the end of its clause."""
    words = _relative_words()
    found = []
    for token in reader.tokens:
        if (
            sentence[0] <= token.start < sentence[1]
            and token.kind == "word"
            and token.norm in words
        ):
            found.append((token.start, reader.clauses.scope(token.start)[1]))
    return found


OWN_PLACE_CHARS = 30  # '3 377 morts en Syrie', '35,418 people in Turkey'


def _close_after(text: str, end: int, place_start: int) -> bool:
    """A place right after a figure is its own when it closes the figure's phrase: near, with no
    comma or other punctuation between ('1,121, increasing the total in Turkey and Syria to
    1,700': Turkey and Syria are the next figure's)."""
    gap = text[end:place_start]
    return len(gap) <= OWN_PLACE_CHARS and not any(c in gap for c in ",;:()—–")


def resolve_scope(
    reader: ParagraphReader,
    m: Mention,
    scopes: list[tuple[int, int, str]],
    places: Sequence[tuple[int, int, str]] = (),
) -> None:
    """The part of a country a figure is about ('dans les zones sous contrôle des rebelles, 733
    personnes', 'في مناطق سيطرة الحكومة', 'dans la province d'Al-Haouz'): the nearest scope
    phrase or named area earlier in its sentence or later in its clause narrows its owner,
    'Syria (rebel-held)', 'Morocco (Al Haouz)'."""
    if m.entity is None or not scopes:
        return
    start, end = span_of(reader, m)
    mostly = [s for s, _, _ in mostly_table().find_all(reader.tokens) if s >= end]
    # '2 012 morts, principalement dans la province d'Al-Haouz': only part of the figure
    marks = [mark for mark in scopes if not any(end <= s < mark[0] for s in mostly)]
    # 'Le bilan des séismes qui ont frappé la province d'Hérat … s'est alourdi à 2.445 morts':
    # an area in a relative clause (without the figure) says where the event was
    relatives = [
        (low, high)
        for low, high in relative_clauses(reader, reader.sentences.scope(start))
        if not low <= start < high
    ]
    marks = [mark for mark in marks if not any(lo <= mark[0] < hi for lo, hi in relatives)]
    label = nearest_mark(reader, m, marks)
    if label is None:
        # '430 tuées et 1.315 blessées dans les provinces d'Alep (…), sous contrôle du régime':
        # a scope at the end of the sentence, with no other country named before it
        sentence_end = reader.sentences.scope(end)[1]
        # … but not a source's ('selon le ministère et les secouristes en zones rebelles')
        sources = [s for s, _, _ in attribution_table().find_all(reader.tokens) if s >= end]
        label = next(
            (
                value
                for s, e, value in marks
                if end <= s
                and e <= sentence_end
                and not any(end <= p < s for p, _, _ in places)
                and not any(end <= p < s for p in sources)
            ),
            None,
        )
    if label is not None:
        m.entity = f"{m.entity} ({label})"


def resolve_part(reader: ParagraphReader, m: Mention) -> None:
    """'17 000 morts, dont un millier à Istanbul', 'including 1,000 in Istanbul', 'بينهم ألف في
    إسطنبول': a part of the figure before, in a place its clause names right after it, is that
    place's: 'Turkey (Istanbul)' (compared across scripts by the name's consonants), never the
    whole's quantity. The place is a capitalised name, or in Arabic and Hebrew (no capitals)
    the word after the preposition."""
    if m.entity is None or "(" in m.entity:
        return
    tokens = reader.tokens
    first = m.first
    partitive = part_table("partitive").match_ending_at(tokens, first - 1)
    if not partitive:
        return
    j = m.last + 1
    found = part_table("in").match_at(tokens, j) if j < len(tokens) else None
    if not found or not reader.linked(m.last, j):
        return
    k = j + found[0]
    if k >= len(tokens) or not reader.linked(k - 1, k) or tokens[k].kind != "word":
        return
    begin = k
    if place_table()[0].match_at(tokens, k):
        return  # 'dont 35 418 en Turquie': a country, which owns it already (resolve_place)
    if script_of(tokens[k].raw[0]) == "latin":
        if not tokens[k].raw[0].isupper():
            return  # 'dont 300 à l'hôpital'
        while k + 1 < len(tokens) and reader.linked(k, k + 1) and tokens[k + 1].raw[:1].isupper():
            k += 1  # 'New York'
    elif len(tokens[k].raw) < 3:
        return
    m.entity = f"{m.entity} ({reader.text[tokens[begin].start : tokens[k].end]})"


def resolve_wholes(reader: ParagraphReader, mentions: list[Mention]) -> None:
    """A whole holds its parts: 'ce nouveau bilan syrien porte le bilan global à 3.760 morts,
    dont 2.316 en Turquie' is no toll of Syria alone, since a part of it is Turkey's; it is
    the two countries' together, 'Syria & Turkey'. Only between countries: a part in a
    country's own area or zone ('Turkey (Istanbul)') leaves the whole as it is."""
    for whole, part in itertools.pairwise(mentions):
        if (
            whole.attribute is None
            or part.attribute != whole.attribute
            or not whole.entity
            or not part.entity
            or part.entity == whole.entity
            or whole.owner_from == "name"
            or any(mark in name for name in (whole.entity, part.entity) for mark in "()&")
        ):
            continue
        if not part_table("partitive").match_ending_at(reader.tokens, part.first - 1):
            continue
        if not reader.sentences.same(
            reader.tokens[whole.number].start, reader.tokens[part.number].start
        ):
            continue
        countries = _country_names()
        if whole.entity in countries and part.entity in countries:
            whole.entity = " & ".join(sorted((whole.entity, part.entity)))


@cache
def _country_names() -> frozenset[str]:
    return frozenset(place_table()[1].values())


OTHER_EVENT = "(another event)"
OTHER_EVENT_TOKENS = 6  # 'un nouveau séisme de 7,5', 'The second significant earthquake measured'


def resolve_other_event(
    reader: ParagraphReader, m: Mention, previous: Mention | None = None
) -> None:
    """A magnitude or a depth that words just before call another event's ('a second 7.6
    magnitude tremor', 'زلزال آخر بلغت قوته 7.5') is not the main quake's: its owner is
    '(another event)', compared within its story with other such figures only; so is a list of
    them, several shocks ('répliques de magnitudes de 5,5, 4,7 et 6,3', 'بقوة 5.5 و4.7')."""
    if m.attribute not in event_measures() or m.entity is not None:
        return
    if m.listed and previous is not None and previous.attribute == m.attribute:
        # 'بقوة 5.5 و4.7 و6.2': a list of magnitudes is of several shocks, the first too
        previous.entity = m.entity = OTHER_EVENT
        return
    clause_start = reader.clauses.scope(reader.tokens[m.number].start)[0]
    table = other_event_table()
    for k in range(max(0, m.first - OTHER_EVENT_TOKENS), m.first):
        if reader.tokens[k].start >= clause_start and table.match_at(reader.tokens, k):
            m.entity = OTHER_EVENT
            return


MODALITY_TOKENS = 6  # 'חשש שמספר ההרוגים בשיטפונות בלוב עלול להגיע ל-20,000'


def resolve_modality(reader: ParagraphReader, m: Mention) -> None:
    """'could reach 20,000 deaths', '170 additional people were killed', 'بزيادة 86 قتيلا': a
    projection or an increase is not the count itself; the figure's owner takes the label,
    'Libya (projected)', 'Libya (increase)', so that it meets only its like."""
    if m.attribute is None or (m.entity or "").endswith(")"):
        return
    tokens = reader.tokens
    clause_start = reader.clauses.scope(tokens[m.number].start)[0]
    for label in ("projected", "increase"):
        before, after = modality_table(label, "before"), modality_table(label, "after")
        near = any(
            tokens[k].start >= clause_start and before.match_at(tokens, k)
            for k in range(max(0, m.first - MODALITY_TOKENS), m.first)
        ) or (
            m.last + 1 < len(tokens)
            and reader.linked(m.last, m.last + 1)
            and after.match_at(tokens, m.last + 1)
        )
        if near:
            _label(m, label)
            return
    if m.unit in ("pp", "bp"):  # '600 basis points': how much a rate moved, not the rate
        _label(m, "change")


def resolve_poll(reader: ParagraphReader, m: Mention) -> None:
    """'According to the exit poll by Channel 12', 'selon les sondages à la sortie des urnes':
    a party's seats in a sentence that names a poll (or in a list that such a sentence opens
    with a colon) are the poll's, labelled 'Likud (exit poll)' (``scopes.json`` poll)."""
    if m.attribute not in party_measures() or (m.entity or "").endswith(")"):
        return
    polls = [s for s, _, _ in poll_table().find_all(reader.tokens)]
    if not polls:
        return
    start = span_of(reader, m)[0]
    sentence = reader.sentences.scope(start)
    opening = reader.text.rfind(":", sentence[0], start)
    if any(sentence[0] <= s < sentence[1] for s in polls) or (
        opening >= 0 and any(s < opening for s in polls)
    ):
        _label(m, "exit poll")


def poll_table() -> PhraseTable:
    """Words that name a poll (``scopes.json`` poll)."""
    return scopes_table("poll", "words")


# the labels ``_label`` gives (and 'by 12:00', an hour's: ``resolve_hour``)
OWNER_LABELS = frozenset(
    {"projected", "increase", "change", "monthly", "elsewhere", "exit poll", "urban", "rural"}
)


def _label(m: Mention, label: str) -> None:
    """The figure's owner with a label saying which of its quantities it is: 'Libya
    (projected)', '(monthly)' when it has no owner."""
    m.entity = f"{m.entity} ({label})" if m.entity else f"({label})"


def resolve_period(reader: ParagraphReader, m: Mention) -> None:
    """'1,1 % sur un mois', 'the monthly inflation rate at 1 percent': a month-on-month rate
    is labelled, 'Egypt (monthly)', so that it never meets the year-on-year one. The nearest
    period word decides: right after the figure, else the last before it in its sentence."""
    if m.unit != "%" or m.attribute is None or (m.entity or "").endswith(")"):
        return
    if _nearest_scope(reader, m, "period", ("monthly", "annual")) == "monthly":
        _label(m, "monthly")


def resolve_segment(reader: ParagraphReader, m: Mention) -> None:
    """'Egypt's annual urban inflation rate drops to 33.1%', 'التضخم … في المدن ليسجل 33.3 %': a
    statistic of a period (``measures.json`` of_period) of part of the population is labelled,
    'Egypt (urban)', so that it never meets the nationwide rate (``scopes.json`` segment).
    The nearest segment word decides: right after the figure, else the last before it in its
    sentence."""
    if m.attribute not in _period_measures() and m.attribute not in _segment_measures():
        return
    found = _nearest_scope(reader, m, "segment", _segments())
    if found is None:
        return
    sentence = reader.sentences.scope(span_of(reader, m)[0])
    inside = [t for t in reader.tokens if sentence[0] <= t.start and t.end <= sentence[1]]
    if scopes_table("segment", "_whole").find_all(inside):
        return  # 'électeurs inscrits à l'intérieur du pays et à l'étranger': all of them
    entity = m.entity or ""
    if entity.endswith(")") and entity[:-1].rpartition(" (")[2] in OWNER_LABELS:
        m.entity = f"{entity[:-1]}, {found})"  # 'Egypt (monthly, urban)'
    elif not entity.endswith(")"):
        _label(m, found)


def resolve_price_group(reader: ParagraphReader, m: Mention, after: int) -> None:
    """'meat and poultry (25.0 percent), cereals and bread (14.2 percent)', 'مجموعة الفاكهة
    بنسبة 7.3%', 'food prices rose 70%': a percentage with a group of goods named before it
    in its stretch (after the sentence's previous figure, ``after``, at most
    ``PRICE_GROUP_TOKENS`` words before it) is that group's price change, 'Egypt (fruit)'
    (``scopes.json`` price_groups), never the headline rate."""
    if m.unit != "%" or m.attribute not in (None, "inflation rate", "price change"):
        return
    tokens = reader.tokens
    low = max(m.first - PRICE_GROUP_TOKENS, 0)
    sentence_start = reader.sentences.scope(tokens[m.first].start)[0]
    window = [
        k
        for k in range(low, m.first)
        if tokens[k].start >= max(sentence_start, after) and tokens[k].kind != "num"
    ]
    found = None
    for k in window:
        for label in _price_groups():
            hit = scopes_table("price_groups", label).match_at(tokens, k)
            if hit is not None and k + hit[0] <= m.first:
                found = label
    if found is not None:
        m.attribute, m.group = "price change", found


def label_price_group(m: Mention) -> None:
    """The group ``resolve_price_group`` found labels the owner once it is known: 'Egypt
    (meat)'; a figure already labelled ('Egypt (monthly)') keeps its label."""
    if m.group and not (m.entity or "").endswith(")"):
        _label(m, m.group)


PRICE_GROUP_TOKENS = 6  # 'prices of meat and poultry rose by 25%'


@cache
def _price_groups() -> tuple[str, ...]:
    return tuple(k for k in json_data("scopes.json")["price_groups"] if not k.startswith("_"))


def _nearest_scope(
    reader: ParagraphReader, m: Mention, section: str, labels: tuple[str, ...]
) -> str | None:
    """Which of ``labels`` (``scopes.json`` ``section``) the nearest of their words gives the
    figure: one right after it, else the last one before it in its sentence."""
    tokens = reader.tokens
    found = None
    clause_end = reader.clauses.scope(tokens[m.number].start)[1]
    after = m.last + 1  # right after it, or later in its clause before another number: '19.6%
    # for precincts abroad', 'pour la communauté établie à l'étranger'
    while found is None and after < len(tokens) and tokens[after].start < clause_end:
        if tokens[after].kind == "num":
            break
        for label in labels:
            if scopes_table(section, label).match_at(tokens, after):
                found = label
        after += 1
    if found is None:
        low = reader.sentences.scope(tokens[m.first].start)[0]
        before = [t for t in tokens[: m.first] if t.start >= low]
        last = -1
        for label in labels:
            for start, _, _ in scopes_table(section, label).find_all(before):
                if start > last:
                    found, last = label, start
    return found


@cache
def _segment_measures() -> frozenset[str]:
    """Measures besides a period's statistics that a segment splits: an election's turnout,
    votes and voters abroad (``scopes.json`` segment _measures)."""
    return frozenset(json_data("scopes.json")["segment"]["_measures"])


@cache
def _segments() -> tuple[str, ...]:
    """The segments ``scopes.json`` names (urban, rural): a new one is a data change."""
    return tuple(key for key in json_data("scopes.json")["segment"] if not key.startswith("_"))


@cache
def _period_measures() -> frozenset[str]:
    return frozenset(json_data("measures.json")["of_period"]["measures"])


def resolve_elsewhere(reader: ParagraphReader, m: Mention, following: int) -> None:
    """'About 170 additional individuals were killed by the storm elsewhere in the nation':
    a figure of what lies outside the story's place is not the whole toll; its owner takes the
    label '(elsewhere)' (``scopes.json`` elsewhere). ``following``: where the next figure
    starts."""
    if m.attribute is None or (m.entity or "").endswith(")"):
        return
    tokens = reader.tokens
    end = min(reader.clauses.scope(tokens[m.number].start)[1], following)
    after = [t for t in tokens[m.last + 1 :] if t.end <= end]
    if scopes_table("elsewhere", "words").find_all(after):
        _label(m, "elsewhere")


@cache
def _hour_measures() -> frozenset[str]:
    """Measures read hour by hour: scopes.json 'hour' 'measures'."""
    return frozenset(json_data("scopes.json")["hour"]["measures"])


NOON = 12


def _hours(reader: ParagraphReader, low: int, high: int) -> list[tuple[int, int]]:
    """The hours of day named in tokens ``low``..``high`` (token index, hour 0-23): a number
    with a clock word ('17 heures', '17h', '5 pm', '6 p.m.'), a clock time ('12:00'), a noon
    word."""
    tokens, text = reader.tokens, reader.text
    found: list[tuple[int, int]] = []
    minutes = -1  # the minutes of a clock time just read ('5:00'): no hour of their own
    for k in range(max(0, low), min(high, len(tokens))):
        token = tokens[k]
        if k == minutes:
            continue
        if token.kind == "num" and token.raw.isdigit():
            hour = int(token.raw)
            if k + 1 >= len(tokens) or hour > 24:
                continue
            following = tokens[k + 1]
            gap = text[token.end : following.start]
            if gap == ":" and following.kind == "num" and len(following.raw) == 2:
                afternoon = scopes_table("hour", "afternoon")
                pm = k + 2 < len(tokens) and afternoon.match_at(tokens, k + 2)
                am = k + 2 < len(tokens) and scopes_table("hour", "morning").match_at(tokens, k + 2)
                hour = 0 if am and hour == 12 else hour  # '12:10 a.m.': after midnight
                found.append((k, (hour + 12) % 24 if pm and hour < 12 else hour % 24))
                minutes = k + 1
            elif gap.strip() == "" and scopes_table("hour", "clock").match_at(tokens, k + 1):
                pm = scopes_table("hour", "afternoon").match_at(tokens, k + 1)
                found.append((k, (hour + 12) % 24 if pm and hour < 12 else hour % 24))
        elif token.kind == "word" and scopes_table("hour", "noon").match_at(tokens, k):
            found.append((k, NOON))
        elif token.kind == "word" and (word := _hour_words().match_at(tokens, k)):
            after = k + word[0]
            pm = after < len(tokens) and scopes_table("hour", "afternoon").match_at(tokens, after)
            clock = k > 0 and scopes_table("hour", "hour_word").match_at(tokens, k - 1)
            if pm or clock:  # 'الساعة الواحدة زوالا', 'إلى غاية الخامسة مساء'
                hour = int(word[1])
                found.append((k, (hour + 12) % 24 if pm and hour < 12 else hour % 24))
    return found


@cache
def _hour_words() -> PhraseTable:
    """Hours named by an ordinal word ('الخامسة' five o'clock): ``scopes.json`` hour words."""
    table = PhraseTable()
    for phrase, hour in json_data("scopes.json")["hour"]["words"].items():
        table.add(phrase_words(phrase), str(hour))
    return table


FIRST_HOUR = 6  # readings of the night are the day's count, announced after the polls closed


def _in_brackets(text: str, at: int) -> bool:
    """Whether offset ``at`` is inside a bracket opened before it on its line and closed
    after it."""
    line = text.rfind("\n", 0, at) + 1
    opened = text.rfind("(", line, at)
    return opened >= 0 and text.rfind(")", opened, at) < 0 and ")" in text[at : at + 200]


def resolve_hour(reader: ParagraphReader, m: Mention, previous: int, following: int) -> None:
    """'28.4% by noon', 'à 17 heures, la participation atteignait 59 %', 'עד השעה 12:00': a
    count reported hour by hour (``scopes.json`` hour: an election's turnout) is the hour's
    partial figure, labelled 'Israel (by 12:00)' so that it never meets the day's final one.
    The nearest hour before the figure in its sentence (only in its own clause when another
    figure, ending at ``previous``, comes before it in the sentence), else one right after it
    in its clause (before ``following``, where the next figure starts)."""
    entity = m.entity or ""
    segment = entity.endswith(")") and entity[:-1].rpartition(" (")[2] in _segments()
    if m.attribute not in _hour_measures() or entity.endswith(")") and not segment:
        return
    tokens = reader.tokens
    start = tokens[m.first].start
    sentence_start = reader.sentences.scope(start)[0]
    if previous > sentence_start:  # '28.4% by noon, … and 71.3% at closing': the noon is the
        # 28.4%'s; after another figure, only the figure's own clause says its hour
        sentence_start = max(previous, reader.clauses.scope(start)[0])
    low = next((k for k in range(m.first, -1, -1) if tokens[k].start < sentence_start), -1) + 1
    before = _hours(reader, low, m.first)
    # 'At 5:00 p.m. (4:00 p.m. GMT)': the hour in brackets is the same one in another zone
    outside = [(k, h) for k, h in before if not _in_brackets(reader.text, tokens[k].start)]
    before = outside or before
    end = reader.clauses.scope(tokens[m.number].start)[1]
    high = next((k for k in range(m.last + 1, len(tokens)) if tokens[k].start >= end), len(tokens))
    # up to the next figure: '59,4 % à 17 heures' reads '17 heures' as a figure of its own
    after = [(k, h) for k, h in _hours(reader, m.last + 1, high) if tokens[k].start <= following]
    hours = before[-1:] or after[:1]
    if hours and hours[0][1] < FIRST_HOUR:
        return  # 'at 12:10 a.m. … turnout was 48%': the night's count of the whole day
    if hours and segment:  # 'Algeria (abroad, by 17:00)'
        m.entity = f"{entity[:-1]}, by {hours[0][1]:02d}:00)"
    elif hours:
        _label(m, f"by {hours[0][1]:02d}:00")


ASSEMBLY_TOKENS = 3  # 'sur les 120', 'المكون من 120'


def resolve_assembly(reader: ParagraphReader, m: Mention) -> None:
    """'61 seats in the 120-seat Knesset', '64 sièges sur les 120 sièges de la Knesset': the
    assembly's size is no party's seats, nor its country's; labelled '(whole assembly)', it
    meets only the same story's like (``scopes.json`` assembly)."""
    if m.attribute != "seats" or (m.entity or "").startswith("("):
        return
    tokens = reader.tokens
    clause_start = reader.clauses.scope(tokens[m.number].start)[0]
    before = scopes_table("assembly", "before")
    near = any(
        tokens[k].start >= clause_start and before.match_at(tokens, k)
        for k in range(max(0, m.number - ASSEMBLY_TOKENS), m.number)
    ) or _compound_after(reader, m.number)
    if near:
        m.entity, m.owner_from = ASSEMBLY, ""


MAJORITY = "absolute majority"
MAJORITY_BEFORE_TOKENS = 4  # 'la majorité absolue de 289', 'الغالبية المطلقة (289'
MAJORITY_AFTER_TOKENS = 6  # '289 seats required for an absolute majority'


def resolve_majority(reader: ParagraphReader, m: Mention) -> None:
    """'the 289 needed for a majority', 'la majorité absolue (289 sièges)', 'الغالبية
    المطلقة (289 مقعدا)': the majority a party needs is no party's seats nor the country's;
    it is the whole assembly's 'absolute majority' (``scopes.json`` majority), compared
    within its story."""
    if m.attribute not in ("seats", None) or m.unit not in ("seats", None):
        return
    if m.unit is None and (m.has_scale or m.qualifier != "exact"):
        return
    tokens = reader.tokens
    clause = reader.clauses.scope(tokens[m.number].start)
    sentence = reader.sentences.scope(tokens[m.number].start)  # 'المطلقة (289': a bracket
    before, after = scopes_table("majority", "before"), scopes_table("majority", "after")
    found = [
        (k, hit[0])
        for k in range(max(0, m.number - MAJORITY_BEFORE_TOKENS), m.number)
        if tokens[k].start >= sentence[0] and (hit := before.match_at(tokens, k))
    ] + [
        (k, hit[0])
        for k in range(m.last + 1, min(len(tokens), m.last + 1 + MAJORITY_AFTER_TOKENS))
        if tokens[k].start < clause[1] and (hit := after.match_at(tokens, k))
    ]
    if m.entity == ASSEMBLY:  # '289 of the 577 seats are needed': 577 is the assembly's size,
        # unless the words name the majority ('short of the 289 seats required for a majority')
        words = _majority_words()
        found = [(k, n) for k, n in found if any(t.norm in words for t in tokens[k : k + n])]
    if found:
        m.attribute, m.entity, m.owner_from = MAJORITY, ASSEMBLY, ""


@cache
def _majority_words() -> frozenset[str]:
    """The words of ``scopes.json`` majority that name a majority ('majority', 'majorité',
    'الغالبية', 'רוב'), not only a need ('are needed')."""
    return frozenset(normalize(w) for w in json_data("scopes.json")["majority"]["words"])


def _compound_after(reader: ParagraphReader, number: int) -> bool:
    """The number at token ``number`` makes a compound with the word after it that
    ``scopes.json`` assembly 'after' lists ('the 120-seat Knesset': '-seat')."""
    tokens = reader.tokens
    if number + 1 >= len(tokens):
        return False
    gap = reader.text[tokens[number].end : tokens[number + 1].start]
    words = {w.lstrip("-") for w in json_data("scopes.json")["assembly"]["after"] if w[:1] == "-"}
    return gap == "-" and tokens[number + 1].norm in words


def scopes_table(*path: str) -> PhraseTable:
    """The phrases of ``scopes.json`` at ``path`` ('modality', 'projected', 'before'), by
    normalised spelling, each giving the path's last key."""
    return listed_phrases("scopes.json", *path)


def modality_table(label: str, side: str) -> PhraseTable:
    return scopes_table("modality", label, side)


def other_event_table() -> PhraseTable:
    return scopes_table("other_event", "words")


def all_places_table() -> PhraseTable:
    return scopes_table("all_places", "words")


def part_table(key: str) -> PhraseTable:
    """The words of ``scopes.json`` 'part_of_whole' [key]."""
    return scopes_table("part_of_whole", key)


GROSS_GAP_CHARS = 30


def gross_amounts(
    reader: ParagraphReader, mentions: list[Mention], attributes: list[tuple[Mark, bool]]
) -> None:
    """'$45B less $12B debt', '45 مليار دولار، تتضمن 12 مليار دولار كديون': an amount that
    includes the next one, of another measure, is a different quantity from the same owner's
    net amount: 'X (including debt)'."""
    for a, b in itertools.pairwise(mentions):
        if not (a.entity and a.attribute and b.attribute) or a.attribute == b.attribute:
            continue
        gap_start, gap_end = span_of(reader, a)[1], span_of(reader, b)[0]
        if gap_end - gap_start > GROSS_GAP_CHARS or "(" in a.entity:
            continue
        gap = [t for t in reader.tokens if gap_start <= t.start and t.end <= gap_end]
        if gross_table().find_all(gap):
            a.entity = f"{a.entity} (including {b.attribute})"
    for index, m in enumerate(mentions):
        # '45 milliards de dollars pour X (dette incluse)', '$45 billion including debt': a sum
        # of money that says in words it includes another one
        if not (m.entity and m.attribute) or "(" in m.entity:
            continue
        if unit_dimension(m.unit) != "money":
            continue
        included = _included_after(reader, m, mentions[index + 1 : index + 2], attributes)
        included = included or _included_before(reader, m, attributes)
        if included:
            m.entity = f"{m.entity} (including {included})"


def _other_money_measure(
    attributes: list[tuple[Mark, bool]], m: Mention, start: int, end: int
) -> str | None:
    """The first money measure word between ``start`` and ``end`` that is not ``m``'s own."""
    for mark, _ in attributes:
        if start <= mark.start and mark.end <= end and mark.value != m.attribute:
            if mark.value in money_measures():
                return mark.value
    return None


def _included_after(
    reader: ParagraphReader, m: Mention, following: list[Mention], attributes
) -> str | None:
    """'45 milliards de dollars pour X (dette incluse)', '$45 billion including debt'."""
    start = span_of(reader, m)[1]
    end = min(
        start + GROSS_GAP_CHARS,
        reader.sentences.scope(start)[1],  # '(dette incluse)' ends its clause
        span_of(reader, following[0])[0] if following else 1 << 62,
    )
    window = [t for t in reader.tokens if start <= t.start and t.end <= end]
    if not gross_table().find_all(window) or net_table().find_all(window):
        return None  # 'dette non comprise': taken out, not included
    return _other_money_measure(attributes, m, start, end)


def _included_before(reader: ParagraphReader, m: Mention, attributes) -> str | None:
    """'When factoring in X's existing $12 billion debt, the total valuation of the deal climbs
    to $45 billion': the added amount is named first, in the figure's sentence."""
    end = span_of(reader, m)[0]
    opening = reader.sentences.scope(end)[0]
    before = [t for t in reader.tokens if opening <= t.start and t.end <= end]
    for _, added, _ in gross_before_table().find_all(before):
        included = _other_money_measure(attributes, m, added, end)
        if included:
            return included
    return None
