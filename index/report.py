"""The report of checked findings: each pair of figures a person gave a verdict to (``--all``:
also every pair of every conflict), with both claims, their quotes and sources, the finding's
other sources, the verdict and its note; written as Markdown, JSON, CSV or schema.org
``ClaimReview`` records.

Titles, quotes and notes come from untrusted articles and people: Markdown and CSV are for
people, so their text is sanitised (no control character, no bidi override) and Markdown's
special characters escaped; a CSV cell that a spreadsheet would read as a formula (``= + - @``,
a tab or a carriage return first) gets a leading apostrophe. JSON keeps the data exact (the
writer escapes unsafe characters).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from . import verdicts
from .sanitize import sanitize_inline
from .sources import source_label

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: CSV injection
CSV_COLUMNS = (
    "id",
    "verdict",
    "note",
    "checked",
    "kind",
    "entity",
    "attribute",
    "claim",
    "quote",
    "outlet",
    "published",
    "headline",
    "url",
    "other_sources",
)
SCHEMA_CONTEXT = "https://schema.org"


def _web_address(source: str) -> str:
    """The article's ``Source:`` when it is a web address, else ''."""
    source = (source or "").strip()
    try:
        parts = urlsplit(source)
    except ValueError:
        return ""
    return source if parts.scheme in ("http", "https") and parts.hostname else ""


def entries(catalog, index_dir: Path, every_conflict: bool = False) -> Iterator[dict]:
    """One entry per checked pair (and with ``every_conflict`` per pair of every conflict, its
    verdict null when it has none), in the findings' order (conflicts first); a pair that two
    findings relate is reported once."""
    from .figures.model import from_dict
    from .figures.present import describe

    given = verdicts.load(index_dir)
    if not given and not every_conflict:
        return  # (no pair can be reported: the findings need not be read)
    hashes = verdicts.ArticleHashes(catalog)
    kinds = verdicts.verdict_kinds()
    addresses: dict[str, str] = {}
    seen: set[int] = set()  # pair ids reported, as integers (48 bits: a third of a string)

    def address(path: str) -> str:
        if path not in addresses:
            if len(addresses) >= 4096:  # (held for the last few thousand articles only)
                addresses.clear()
            article = catalog.article(path)
            addresses[path] = _web_address(article.source) if article else ""
        return addresses[path]

    def claim(figure: dict) -> dict:
        return {
            "quote": figure["quote"],
            "value": describe(from_dict(figure)),
            "outlet": figure.get("outlet") or "",
            "published": figure.get("published") or "",
            "headline": figure.get("headline") or "",
            "url": address(figure["path"]),
            "path": figure["path"],
            "start": figure["start"],
            "end": figure["end"],
        }

    for finding in catalog.iter_findings():
        verdicts.annotate(finding, hashes, given)
        conflict = finding["kind"] == "conflict" or finding.get("was") == "conflict"
        figures = {(f["path"], f["start"]): f for f in finding["figures"]}
        labelled: dict[str, set[str]] = {}  # each source's label: the articles it names
        for figure in finding["figures"]:
            labelled.setdefault(source_label(figure), set()).add(figure["path"])
        for pair, pair_id in zip(finding.get("pairs") or [], finding["pair_ids"], strict=True):
            if pair_id is None or int(pair_id, 16) in seen:
                continue
            verdict = given.get(pair_id)
            if verdict is None and not (every_conflict and conflict):
                continue
            seen.add(int(pair_id, 16))
            sides = [figures[(path, start)] for path, start in pair]
            paths = {f["path"] for f in sides}
            # the labels of the finding's figures from articles other than the pair's
            others = sorted(label for label, named in labelled.items() if not named <= paths)
            yield {
                "id": pair_id,
                "verdict": verdict.verdict if verdict else None,
                "verdict_label": kinds[verdict.verdict]["label"] if verdict else None,
                "note": verdict.note if verdict else "",
                "checked": verdict.updated if verdict else None,
                "kind": finding["kind"],
                "was": finding.get("was"),
                "entity": finding["entity"],
                "attribute": finding["attribute"],
                "why": _named_why(finding),
                "claims": [claim(f) for f in sides],
                "other_sources": others,
            }


def _named_why(finding: dict) -> str:
    from .sources import name_sources

    return name_sources(finding["why"], finding["figures"])


# --- Markdown ---------------------------------------------------------------------------------
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """Untrusted text as Markdown shows it: sanitised, on one line, special characters escaped
    (no link, image, HTML or heading can come from an article)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(sanitize_inline(str(text)).split()))


def _label(claim: dict) -> str:
    source = f"{claim['outlet']}, {claim['published']}" if claim["published"] else claim["outlet"]
    return source


def markdown(items: Iterable[dict], every_conflict: bool = False) -> str:
    return "\n".join(markdown_lines(items, every_conflict))


def markdown_lines(items: Iterable[dict], every_conflict: bool = False) -> Iterator[str]:
    """The Markdown report's lines (``markdown`` joins them with line breaks), each pair's
    as it comes: memory flat in their number."""
    yield from ["# factdesk report", ""]
    count = 0
    for item in items:
        count += 1
        lines: list[str] = []
        about = " ".join(x for x in (item["entity"], item["attribute"]) if x)
        verdict = item["verdict_label"] or "not checked"
        lines.append(f"## {count}. {_md(about)}: {_md(verdict)}")
        lines.append("")
        kind = item["kind"] + (f" (was {item['was']})" if item["was"] else "")
        head = f"- Pair `{item['id']}` · {kind}"
        if item["checked"]:
            head += f" · checked {item['checked']}"
        lines.append(head)
        if item["note"]:
            lines.append(f"- Note: {_md(item['note'])}")
        for number, claim in enumerate(item["claims"]):
            role = "Claim" if number == 0 else "Other source"
            text = (
                f"- {role}: «{_md(claim['quote'])}» ({_md(claim['value'])}), {_md(_label(claim))}"
            )
            if claim["headline"]:
                text += f": *{_md(claim['headline'])}*"
            if claim["url"]:
                text += f" <{_md(claim['url'])}>"
            lines.append(text)
        if item["other_sources"]:
            lines.append(f"- Also in this finding: {_md('; '.join(item['other_sources']))}")
        lines.append(f"- Finding: {_md(item['why'])}")
        lines.append("")
        yield from lines
    if not count:
        wanted = "conflicts" if every_conflict else "checked findings"
        yield from [f"No {wanted} (give a verdict with: factdesk verdict ID confirmed).", ""]


# --- CSV --------------------------------------------------------------------------------------
def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: sanitised (a tab or a line break becomes a space),
    and a leading apostrophe before what it would run as a formula, spaces before it or not."""
    text = "" if value is None else sanitize_inline(str(value))
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text


def csv_text(items: Iterable[dict]) -> str:
    """One row per claim (two per pair), each naming the other sources."""
    out = io.StringIO()
    write_csv(items, out)
    return out.getvalue()


def write_csv(items: Iterable[dict], out) -> int:
    """``csv_text``'s rows written to ``out`` as they come; returns how many pairs."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for item in items:
        for number, claim in enumerate(item["claims"]):
            other = item["claims"][1 - number]
            others = [f"{_label(other)} «{other['quote']}»", *item["other_sources"]]
            row = {
                "id": item["id"],
                "verdict": item["verdict"],
                "note": item["note"],
                "checked": item["checked"],
                "kind": item["kind"],
                "entity": item["entity"],
                "attribute": item["attribute"],
                "claim": claim["value"],
                "quote": claim["quote"],
                "outlet": claim["outlet"],
                "published": claim["published"],
                "headline": claim["headline"],
                "url": claim["url"],
                "other_sources": "; ".join(others),
            }
            writer.writerow([csv_cell(row[column]) for column in CSV_COLUMNS])
        count += 1
    return count


# --- JSON and ClaimReview ---------------------------------------------------------------------
def claim_reviews(
    items: Iterable[dict], reviewer: str, reviewer_type: str = "Person", url: str = ""
) -> Iterator[dict]:
    """schema.org ClaimReview records, one per claim of each checked pair (an unchecked pair
    has no rating: none). The review rates the disagreement between the two sources
    (``data/verdicts.json`` rating), not either claim's truth. ``reviewer``: who checked (never
    made up: the caller must have it); ``url``: the page the report is published at, each
    review at ``url#id-n``."""
    if not reviewer.strip():
        raise ValueError("a ClaimReview needs a reviewer's name")
    kinds = verdicts.verdict_kinds()
    for item in items:
        if item["verdict"] is None:
            continue
        about = " ".join(x for x in (item["entity"], item["attribute"]) if x)
        for number, claim in enumerate(item["claims"]):
            other = item["claims"][1 - number]
            appearance: dict = {"@type": "CreativeWork", "headline": claim["headline"]}
            if claim["url"]:
                appearance["url"] = claim["url"]
            if claim["published"]:
                appearance["datePublished"] = claim["published"]
            claimed: dict = {"@type": "Claim", "appearance": [appearance]}
            if claim["url"]:  # the outlet is known by its address
                claimed["author"] = {"@type": "Organization", "name": claim["outlet"]}
            if claim["published"]:
                claimed["datePublished"] = claim["published"]
            body = f"{claim['value']} ({_label(claim)}) vs {other['value']} ({_label(other)})"
            review: dict = {
                "@context": SCHEMA_CONTEXT,
                "@type": "ClaimReview",
                "identifier": f"{item['id']}-{number + 1}",
                "claimReviewed": f"{about}: {claim['value']} «{claim['quote']}»",
                "itemReviewed": claimed,
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": kinds[item["verdict"]]["rating"],
                },
                "author": {"@type": reviewer_type, "name": reviewer},
                "datePublished": (item["checked"] or "")[:10],
                "reviewBody": body + (f". {item['note']}" if item["note"] else ""),
            }
            if url:
                review["url"] = f"{url}#{item['id']}-{number + 1}"
            yield review


CLAIM_REVIEW_REQUIRED = ("@context", "@type", "claimReviewed", "reviewRating", "author")


def missing_fields(review: dict) -> list[str]:
    """The fields schema.org and Google's ClaimReview guidance require that ``review`` lacks
    (empty counts as missing): @context, @type ClaimReview, claimReviewed, reviewRating with
    alternateName, author with a name, itemReviewed a Claim, datePublished."""
    missing = [key for key in CLAIM_REVIEW_REQUIRED if not review.get(key)]
    if review.get("@type") != "ClaimReview":
        missing.append("@type=ClaimReview")
    if not (review.get("reviewRating") or {}).get("alternateName"):
        missing.append("reviewRating.alternateName")
    if not (review.get("author") or {}).get("name"):
        missing.append("author.name")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        missing.append("itemReviewed.@type=Claim")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", review.get("datePublished") or ""):
        missing.append("datePublished")
    return missing
