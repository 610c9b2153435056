"""Figure extraction, as a pipeline of stages over each paragraph: ``reader.py`` (tokens,
quantities, time marks), ``measure.py`` (what a figure measures), ``owner.py`` (whose it is and
its scope), then the figure's interval from its qualifier. Every word comes from the data files
under ``index/data``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from ..article import Article
from ..datafiles import json_data
from . import currencies
from .lexicon import day_measures, descriptor_table, event_measures
from .measure import (
    resolve_attribute,
    resolve_change,
    resolve_exchange_rate,
    resolve_grouping,
    resolve_people_of_place,
    resolve_share,
    resolve_unit,
    resolve_voters,
)
from .model import Figure
from .names import ArticleNames
from .owner import (
    gross_amounts,
    label_price_group,
    names_of,
    own_places,
    resolve_assembly,
    resolve_bloc,
    resolve_currency_owner,
    resolve_elsewhere,
    resolve_entity,
    resolve_hour,
    resolve_majority,
    resolve_modality,
    resolve_name,
    resolve_other_event,
    resolve_part,
    resolve_party,
    resolve_period,
    resolve_place,
    resolve_poll,
    resolve_price_group,
    resolve_restatement,
    resolve_scope,
    resolve_segment,
    resolve_subject,
    resolve_wholes,
    segment_of,
    subject_places,
)
from .places import (
    ArticleAreas,
    find_places,
    find_regions,
    find_scopes,
    gross_table,
    net_table,
)
from .reader import (
    ABOUT_TOLERANCE,
    MAX_FIGURE_PARAGRAPH_CHARS,
    MAX_FIGURES_PER_ARTICLE,
    Mark,
    Mention,
    ParagraphReader,
    earlier_sides,
    find_attributes,
    find_entities,
    latest_day,
    resolve_when,
    span_of,
)
from .tables import row_labels, table_figures, table_runs

__all__ = ["extract_figures", "find_entities", "ParagraphReader"]


def extract_figures(article: Article) -> list[Figure]:
    """Every figure in an article, with offsets into its decoded text."""
    text = article.text
    segments = [(p.start, p.end, p.lang) for p in article.paragraphs]
    title_start = text.find(article.title.rstrip("…")[:40]) if article.title else -1
    if 0 <= title_start < article.body_start:
        title_end = text.find("\n", title_start)
        title_end = article.body_start if title_end < 0 else min(title_end, article.body_start)
        segments.insert(0, (title_start, title_end, article.lang))
    entity_marks: list[Mark] = []
    figures: list[Figure] = []
    name = Path(article.path).name
    subject: list[str | None] = []  # the article's own places, found when first needed
    known_names = ArticleNames()
    countries: list[set[str]] = []  # the countries the article names, when first needed

    def article_countries() -> set[str]:
        if not countries:
            countries.append({c for r in readers for _, _, c in find_places(r.tokens)})
        return countries[0]

    readers = []
    for start, end, lang in segments:
        if end - start > MAX_FIGURE_PARAGRAPH_CHARS:
            cut = text.rfind(" ", start, start + MAX_FIGURE_PARAGRAPH_CHARS)
            end = cut if cut > start else start + MAX_FIGURE_PARAGRAPH_CHARS
            article.warnings.append(
                f"figures: only the first {end - start} characters of the paragraph at "
                f"character {start} were searched for figures"
            )
        readers.append(ParagraphReader(text, start, end, lang, article.date))
    # the areas the article names with their designator ('la ville de Derna', 'مدينة درنة'):
    # named alone elsewhere in it, title included ('في درنة'), they are the same areas
    areas = ArticleAreas()
    regions = [areas.learn(find_regions(reader.tokens, text)) for reader in readers]
    tables = {run[0]: run for run in table_runs(readers)}
    labels = row_labels(readers, list(tables.values()))  # 'Shass: 11 sièges': read as text
    in_table = {index for run in tables.values() for index in run} - set(labels)
    table_ends = {run[-1]: run for run in tables.values()}

    def read_table(run: list[int]) -> None:
        first = len(figures)
        figures.extend(table_figures(readers, run, figures, article.path, name, article.date))
        if first < len(figures) and labels:
            figures.sort(key=lambda figure: figure.start)

    for index_of_reader, (reader, designated) in enumerate(zip(readers, regions, strict=True)):
        index = index_of_reader
        start, lang = reader.start, reader.lang
        entity_marks.extend(find_entities(reader.tokens))
        if index - 1 in table_ends:  # 'Likud 30', 'Yesh Atid 24', …: a results table, read
            # once its labelled rows ('Shass: 11 sièges') gave their counted figures
            read_table(table_ends[index - 1])
        if index in in_table:
            continue
        if not reader.may_have_figures():
            continue  # its entities still name what later paragraphs' figures are about
        reader.find_times()
        mentions = reader.find_mentions()
        for mention in mentions:
            if currencies.is_generic(mention.unit):  # 'livres', 'جنيه': whose, its countries say
                mention.unit = currencies.resolve(str(mention.unit), article_countries())
        attributes = find_attributes(reader.tokens, lang) if mentions else []
        net_ends = (
            [e for _, e, _ in net_table().find_all(reader.tokens)]
            + [e for _, e, _ in gross_table().find_all(reader.tokens)]
            if attributes
            else []
        )
        taken_out = {  # '33 مليار دولار بعد خصم الديون': the debt is taken out of the figure;
            # '45 مليار دولار تشمل الديون': taken in; neither says what the figure measures
            mark.start
            for mark, _ in attributes
            if any(0 <= mark.start - e <= 2 for e in net_ends)
        }
        places = own_places(reader) if mentions else []
        scopes = sorted(
            (find_scopes(reader.tokens) if places else [])
            + (areas.with_bare(reader.tokens, designated) if mentions else [])
        )
        names = (  # not in a title: 'Record 8.6 Million Tickets Sold For Paris Games'
            names_of(reader, entity_marks, places, attributes, known_names)
            if mentions and start >= article.body_start
            else []
        )
        named = {mark.value for mark in entity_marks}
        descriptors = (
            [
                Mark(s, e, str(entity))
                for s, e, entity in descriptor_table().find_all(reader.tokens)
                if entity in named
            ]
            if mentions and named
            else []
        )
        previous: Mention | None = None
        for index, mention in enumerate(mentions):
            after = span_of(reader, previous)[1] if previous is not None else -1
            resolve_unit(reader, mention, previous)
            upcoming = mentions[index + 1] if index + 1 < len(mentions) else None
            resolve_attribute(reader, mention, attributes, previous, upcoming, taken_out)
            resolve_share(mention)
            resolve_price_group(reader, mention, after)
            resolve_grouping(reader, mention)
            resolve_voters(reader, mention)
            resolve_people_of_place(reader, mention, places)
            resolve_change(reader, mention)
            resolve_exchange_rate(reader, mention, mentions, article_countries)
            resolve_entity(reader, mention, entity_marks, attributes, descriptors)
            if mention.entity is None and names:
                resolve_name(reader, mention, names, segment_of(reader, mentions, index))
                if mention.entity is None:
                    resolve_party(reader, mention, names, after)
            if mention.entity is None and mention.attribute not in event_measures():
                # a magnitude is the quake's, not a place's: compared within its story
                resolve_place(
                    reader,
                    mention,
                    places,
                    segment_of(reader, mentions, index),
                    [span_of(reader, other)[1] for other in mentions if other is not mention],
                    article_countries,
                )
                if mention.entity is None and mention.attribute:
                    if not subject:
                        subject.append(
                            subject_places(
                                article, segments, [n for found in regions for _, _, n in found]
                            )
                        )
                    if subject[0]:  # the article's own place: 'the toll', 'le bilan'
                        mention.entity, mention.owner_from = subject[0], "article"
                resolve_scope(reader, mention, scopes, places)
            resolve_bloc(reader, mention, names, after)
            resolve_currency_owner(mention)
            if mention.owner_from not in ("name", "currency"):
                resolve_subject(reader, mention, after)
            if mention.gap_owner and mention.owner_from not in ("name", "currency"):
                # a gapped list's item is who its words name: 'יש עתיד ב-24'
                mention.entity, mention.owner_from = mention.gap_owner, "name"
            resolve_restatement(reader, mention, previous)
            if index_of_reader in labels and len(mentions) == 1:  # a row's label owns its figure
                mention.entity, mention.owner_from = labels[index_of_reader], "name"
            resolve_part(reader, mention)
            resolve_other_event(reader, mention, previous)
            resolve_poll(reader, mention)  # 'the exit poll projects 61 seats': the poll's
            resolve_modality(reader, mention)
            resolve_period(reader, mention)
            resolve_segment(reader, mention)
            label_price_group(mention)
            resolve_assembly(reader, mention)
            resolve_majority(reader, mention)
            resolve_hour(
                reader,
                mention,
                span_of(reader, previous)[1] if previous is not None else -1,
                span_of(reader, upcoming)[0] if upcoming is not None else 1 << 62,
            )
            resolve_elsewhere(
                reader, mention, span_of(reader, upcoming)[0] if upcoming is not None else 1 << 62
            )
            resolve_when(
                reader,
                mention,
                article.date,
                span_of(reader, upcoming)[0] if upcoming is not None else 1 << 62,
                previous,
            )
            previous = mention
        for mention in mentions:
            like = mention.like  # 'to 42 from … 30.9': one quantity at two times, in one unit
            if like is not None and any(other is like for other in mentions):
                mention.unit, mention.attribute = like.unit, like.attribute
                mention.entity, mention.owner_from = like.entity, like.owner_from
        gross_amounts(reader, mentions, attributes)
        resolve_wholes(reader, mentions)
        earlier_sides(reader, mentions)
        for mention in mentions:
            if mention.attribute in day_measures():
                latest_day(reader, mention, mentions)
        for mention in mentions:
            figure = _figure(article.path, name, text, reader, mention, lang)
            figure.article_date = article.date
            figures.append(figure)
        if len(figures) >= MAX_FIGURES_PER_ARTICLE:
            del figures[MAX_FIGURES_PER_ARTICLE:]
            article.warnings.append(
                f"figures: stopped after {MAX_FIGURES_PER_ARTICLE} figures "
                f"(in the paragraph at character {start})"
            )
            break
    if len(readers) - 1 in table_ends and len(figures) < MAX_FIGURES_PER_ARTICLE:
        read_table(table_ends[len(readers) - 1])
    _carry_periods(figures)
    _bare_shares(figures)
    return figures


VOTE_SHARE = "vote share"


def _bare_shares(figures: list[Figure]) -> None:
    """In an article that gives vote shares, a bare percentage a party or a candidate owns by
    name ('le Rassemblement national (de Marine Le Pen) avec 19,1%', 'Les Républicains
    (10,42%)') is its share of the votes too."""
    if not any(figure.attribute == VOTE_SHARE for figure in figures):
        return
    for figure in figures:
        if figure.unit == "%" and figure.attribute is None and figure.owner_from == "name":
            figure.attribute = VOTE_SHARE


_PERIOD = re.compile(r"\d{4}(?:-\d\d)?")


def _carry_periods(figures: list[Figure]) -> None:
    """A statistic of a period (``measures.json`` of_period) with no time of its own is of the
    month (or year) of the article's first one, the period it reports on ('drops to 33.1% in
    March, as compared to 36 percent in February … cereals and bread decreased by 0.3
    percent': March)."""
    measures = frozenset(json_data("measures.json")["of_period"]["measures"])
    period = None
    for figure in figures:
        if figure.attribute not in measures:
            continue
        if figure.when and _PERIOD.match(figure.when):
            period = period or figure.when[:7]
        elif figure.when is None and period and not figure.weekdays and not figure.monthday:
            figure.when = period


def _figure(
    path: str, name: str, text: str, reader: ParagraphReader, m: Mention, lang: str
) -> Figure:
    start, end = span_of(reader, m)
    if text[start - 1 : start] == "(" and ")" in text[start:end]:
        start -= 1  # '(245) مقعدا': the quote holds the bracket it closes
    value = m.value * m.scale
    low = high = value
    if m.qualifier == "about":
        low, high = value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    elif m.qualifier in ("more than", "at least"):
        high = math.inf
    elif m.qualifier in ("less than", "at most"):
        low = 0.0
    elif m.qualifier == "range" and m.low is not None and m.high is not None:
        low, high = m.low, m.high
        value = high
    unit = m.unit
    if unit == "bp":  # '600 basis points' is 6 points: one unit for a rate's change
        value, low, high, unit = value / 100, low / 100, high / 100, "pp"
    return Figure(
        path=path,
        article=name,
        start=start,
        end=end,
        quote=text[start:end],
        value=value,
        unit=unit,
        qualifier=m.qualifier,
        low=low,
        high=high,
        entity=m.entity,
        attribute=m.attribute,
        when=m.when,
        weekdays=m.weekdays,
        monthday=m.monthday,
        reference=m.reference,
        lang=lang,
        owner_from=m.owner_from,
    )
