"""Quick fact lookups: a question in French, Arabic or English → the figures that answer it."""

from __future__ import annotations

from .findings import describe, public
from .lexicon import attribute_table, count_attributes, exact_attribute_table, form_table, tokenize
from .model import from_dict


def understand(question: str) -> tuple[str | None, str | None]:
    """The (entity, attribute) a question is about, each None when it does not name one."""
    from .extract import find_entities

    entity = attribute = None
    for lang in ("fr", "en", "other"):
        tokens = tokenize(question, lang=lang)
        if entity is None:
            marks = find_entities(tokens)
            entity = marks[0].value if marks else None
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
) -> dict:
    """Figures grouped by value, most-cited first (the first ``answers_limit``; 0: all, and
    ``answers_total`` says how many there are), with the findings on the same key (of
    ``kinds``, the first ``findings_limit``; None and 0: all).

    ``search`` (a callable taking the question and a limit) gives full-text hits when the
    question names no known entity or attribute.
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
    groups: dict[tuple, list[dict]] = {}
    # every figure on the key is grouped; only the groups shown are named and written out
    for figure in catalog.figures_for_key(entity, attribute, named=False):
        if figure["attribute"] is None or figure["entity"] is None:
            continue
        restored = from_dict(figure)
        key = (figure["attribute"], figure["unit"], describe(restored))
        groups.setdefault(key, []).append(figure)
    ranked = sorted(
        (
            (len({f["path"] for f in figures}), attr, unit, text, figures)
            for (attr, unit, text), figures in groups.items()
        ),
        key=lambda group: (-group[0], group[1], -(group[4][0]["value"] or 0)),
    )
    shown = ranked[:answers_limit] if answers_limit > 0 else ranked
    catalog.name_figures([f for *_, figures in shown for f in figures])
    result["answers"] = [
        {
            "value": figures[0]["value"],
            "unit": unit,
            "attribute": attr,
            "text": text,
            "entity": figures[0]["entity"],
            "articles": articles,
            "figures": [public(f) for f in figures],
        }
        for articles, attr, unit, text, figures in shown
    ]
    result["answers_total"] = len(ranked)
    result["findings"] = catalog.findings_for_key(entity, attribute, kinds, findings_limit)
    return result
