"""Quick fact lookups: a question in French, Arabic or English → the figures that answer it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..catalog import SourceNames
from ..jsonstream import Lazy
from .lexicon import (
    attribute_table,
    count_attributes,
    entity_spans,
    exact_attribute_table,
    form_table,
    tokenize,
)
from .model import from_dict
from .present import describe


def understand(question: str) -> tuple[str | None, str | None]:
    """The (entity, attribute) a question is about, each None when it does not name one."""
    entity = attribute = None
    for lang in ("fr", "en", "other"):
        tokens = tokenize(question, lang=lang)
        if entity is None:
            marks = entity_spans(tokens)  # (reader.find_entities' marks)
            entity = marks[0][2] if marks else None
        if attribute is None:
            attribute = _attribute(tokens, lang)
    return entity, attribute


def _attribute(tokens, lang: str) -> str | None:
    table = attribute_table(lang)
    for i in range(len(tokens)):
        found = table.match_at(tokens, i) or exact_attribute_table().match_at(tokens, i)
        if found:
            return found[1][0]
        unit = form_table("count").match_at(tokens, i)
        if unit and count_attributes().get(str(unit[1])):
            return count_attributes()[str(unit[1])]
    return None


def answer(
    catalog,
    question: str,
    search=None,
    limit: int = 10,
    kinds: list[str] | None = None,
    findings_limit: int = 0,
    answers_limit: int = 0,
    streamed: bool = False,
    lazy_figures: bool = False,
) -> dict:
    """Figures grouped by value, most-cited first (the first ``answers_limit``; 0: all, and
    ``answers_total`` says how many there are), with the findings on the same key (of
    ``kinds``, the first ``findings_limit``; None and 0: all).

    ``search`` (a callable taking the question and a limit) gives full-text hits when the
    question names no known entity or attribute. ``streamed``: ``answers`` is an ``Answers``
    (a ``Lazy`` list, its values' figures read a few groups at a time as it is written) and
    ``findings`` an iterator (``findings_limit`` then ignored), for every value of a key;
    ``lazy_figures``: with it, a large finding's figures a ``Lazy`` list (for JSON).
    """
    entity, attribute = understand(question)
    result: dict = {
        "query": question,
        "entity": entity,
        "attribute": attribute,
        "answers": [],
        "findings": [],
        "hits": [],  # full-text hits: only when the question names no entity or measure
        "answers_total": 0,
    }
    if entity is None and attribute is None:
        if search is not None:
            result["hits"] = [hit.as_dict() for hit in search(question, limit)]
        return result
    ranked = ranked_values(catalog, entity, attribute)
    shown = ranked[:answers_limit] if answers_limit > 0 else ranked
    answers = _answers(catalog, entity, attribute, shown)
    result["answers"] = Answers(answers, shown) if streamed else list(answers)
    result["answers_total"] = len(ranked)
    if streamed:
        result["findings"] = catalog.iter_findings_for_key(entity, attribute, kinds, lazy_figures)
    else:
        result["findings"] = catalog.findings_for_key(entity, attribute, kinds, findings_limit)
    return result


@dataclass
class Value:
    """One answer: the figures of a key that state the same value, as ``describe`` writes it
    (one or more ``ValueGroup`` of the catalog)."""

    attribute: str
    unit: str | None
    text: str
    groups: list = field(default_factory=list)
    articles: int = 0


def ranked_values(catalog, entity: str | None, attribute: str | None) -> list[Value]:
    """The values stated about a key, most-cited first (articles), then by measure, then the
    larger value, then the first stated (by path and position): grouped in SQL
    (``Catalog.value_groups``), the groups one text names taken together."""
    values: dict[tuple, Value] = {}
    for group in sorted(catalog.value_groups(entity, attribute), key=lambda g: g.first):
        low, high = (group.value, group.value) if group.bounds is None else json.loads(group.bounds)
        figure = {"unit": group.unit, "qualifier": group.qualifier, "value": group.value}
        text = describe(from_dict(figure | {"low": low, "high": high}))
        value = values.setdefault(
            (group.attribute, group.unit, text), Value(group.attribute, group.unit, text)
        )
        value.groups.append(group)
    for value in values.values():
        value.articles = (
            value.groups[0].articles
            if len(value.groups) == 1
            else len({i for group in value.groups for i in group.article_ids.split(",")})
        )
    # (sorted is stable: values equal on the key stay in the order of their first figure)
    return sorted(
        values.values(), key=lambda v: (-v.articles, v.attribute, -(v.groups[0].value or 0))
    )


WINDOW_GROUPS = 32  # value groups whose figures are read in one query …
WINDOW_FIGURES = 5_000  # … unless they hold more figures than this together


def _answers(catalog, entity: str | None, attribute: str | None, values: list[Value]):
    """Each value's answer (its figures by article and position), read a few values at a
    time: memory holds one window's figures, not all of a key's."""
    window: list[Value] = []
    size = 0
    names = SourceNames()  # each article's source named once (the last few thousand held)
    for number, value in enumerate(values):
        window.append(value)
        size += sum(group.size for group in value.groups)
        groups = sum(len(v.groups) for v in window)
        if number + 1 < len(values) and groups < WINDOW_GROUPS and size < WINDOW_FIGURES:
            continue
        yield from _window(catalog, window, names)
        window, size = [], 0


def _window(catalog, values: list[Value], names: dict):
    held: dict[int, list[dict]] = {id(v): [] for v in values}
    stored: dict[int, object] = {}  # each value's first figure's stored value
    owner = {id(group): id(v) for v in values for group in v.groups}
    groups = [group for v in values for group in v.groups]
    for group, number, figure in catalog.group_figures(groups, names):
        whose = owner[id(group)]
        held[whose].append(figure)  # (as ``present.public`` shows it)
        stored.setdefault(whose, number)
    for value in values:
        figures = held.pop(id(value))
        yield {
            "value": stored[id(value)],
            "unit": value.unit,
            "attribute": value.attribute,
            "text": value.text,
            "entity": figures[0]["entity"],
            "articles": value.articles,
            "figures": figures,
        }


class Answers(Lazy):
    """``answer``'s values read as they are written (``streamed``): ``texts`` the value of
    each, known before their figures are read (a terminal lines them up)."""

    __slots__ = ("texts",)

    def __init__(self, answers, values: list[Value]):
        super().__init__(answers, len(values), batch=1)  # (a value holds all its figures)
        self.texts = [value.text for value in values]
