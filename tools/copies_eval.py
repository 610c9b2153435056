"""Precision and recall of syndicated-copy detection (``index/copies.py``) on a generated set.

The set is built from the real articles of ``eval/stories/*/articles`` and ``seeds/``: each
article long enough to be syndicated (``MIN_WORDS``) gets ``COPIES`` copies, each with one to
three light edits an outlet makes to wire copy: a changed headline, a sentence dropped, a
sentence added (from another article of the same story), white space changed (paragraphs
re-broken, spaces doubled), a figure changed, a dateline or a credit line added. Known copies:
an article and its copies, and its copies with one another. Every other pair is a non-copy,
among them the different outlets' own articles on the same story (the hard negatives).

Detection runs the index's own code path (``copies.put`` into an SQLite catalog, then
``copy_groups``); a predicted pair is two articles of one group.

    PYTHONPATH=. .venv/bin/python tools/copies_eval.py [--seed N] [--copies K]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 80
COPIES = 2
EDITS = ("headline", "drop", "add", "whitespace", "figure", "dateline")
_SENTENCE = re.compile(r"[^.!?؟。\n]+[.!?؟。]?")
_NUMBER = re.compile(r"\d[\d,. ]*\d|\d")


@dataclass
class Doc:
    name: str
    story: str
    title: str
    body: str
    original: str  # the name of the article it copies (itself for an original)
    edits: tuple[str, ...] = ()


def real_articles() -> list[Doc]:
    from factdesk.index.article import parse_article
    from factdesk.index.textio import decode_bytes

    docs = []
    folders = sorted((ROOT / "eval" / "stories").glob("*/articles")) + [ROOT / "seeds"]
    for folder in folders:
        story = folder.parent.name if folder.name == "articles" else "seeds"
        for path in sorted(folder.glob("*.txt")):
            article = parse_article(str(path), decode_bytes(path.read_bytes()).text)
            name = f"{story}/{path.name}"
            docs.append(Doc(name, story, article.title, article.body.strip(), name))
    return docs


def _sentences(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(body) if len(m.group().split()) >= 4]


def edit(doc: Doc, kind: str, rng: random.Random, same_story: list[Doc]) -> Doc:
    title, body = doc.title, doc.body
    sentences = _sentences(body)
    if kind == "headline":
        words = title.split()
        rng.shuffle(words)
        title = "EXCLUSIVE: " + " ".join(words[: max(3, len(words) // 2)])
    elif kind == "drop" and len(sentences) > 2:
        start, end = sentences[rng.randrange(len(sentences))]
        body = body[:start] + body[end:]
    elif kind == "add" and same_story:
        donor = rng.choice(same_story)
        donor_sentences = _sentences(donor.body)
        if donor_sentences:
            start, end = rng.choice(donor_sentences)
            at = rng.choice([s for s, _ in sentences] or [0])
            body = body[:at] + donor.body[start:end].strip() + " " + body[at:]
    elif kind == "whitespace":
        body = re.sub(r"\n\s*\n", "\n", body) if rng.random() < 0.5 else body.replace(". ", ".\n\n")
        body = re.sub(r" (?=\w)", lambda m: "  " if rng.random() < 0.1 else " ", body)
    elif kind == "figure":
        numbers = list(_NUMBER.finditer(body))
        if numbers:
            match = rng.choice(numbers)
            digits = re.sub(r"\D", "", match.group())
            changed = str(int(digits) + rng.randint(1, 9) * 10 ** max(0, len(digits) - 2))
            body = body[: match.start()] + changed + body[match.end() :]
    elif kind == "dateline":
        body = rng.choice(["PARIS (AFP) - ", "LONDON, (Reuters) — ", "(AP) "]) + body
        body += "\n\n" + rng.choice(["With AFP.", "Reporting by our staff; editing by the desk."])
    return Doc(doc.name, doc.story, title, body, doc.original, (*doc.edits, kind))


def generated_set(seed: int = 12, copies: int = COPIES) -> list[Doc]:
    rng = random.Random(seed)
    originals = real_articles()
    by_story: dict[str, list[Doc]] = {}
    for doc in originals:
        by_story.setdefault(doc.story, []).append(doc)
    docs = list(originals)
    for doc in originals:
        if len(doc.body.split()) < MIN_WORDS:
            continue
        others = [d for d in by_story[doc.story] if d is not doc]
        for number in range(copies):
            copy = Doc(f"{doc.name}#copy{number}", doc.story, doc.title, doc.body, doc.name)
            for kind in rng.sample(EDITS, rng.randint(1, 3)):
                copy = edit(copy, kind, rng, others)
            docs.append(copy)
    return docs


def detect(docs: list[Doc]) -> dict[str, str]:
    """Each document's copy group, by the index's own code (an in-memory catalog)."""
    from factdesk.index import copies

    db = sqlite3.connect(":memory:")
    # the catalog's articles as copies.py reads them: an id, a path, a date
    db.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, path TEXT UNIQUE, date TEXT)")
    copies.ensure_tables(db)
    for doc in docs:
        db.execute("INSERT INTO articles (path, date) VALUES (?, '')", (doc.name,))
        copies.put(db, doc.name, copies.signature(doc.body))
    return copies.copy_groups(db)


def score(docs: list[Doc], groups: dict[str, str]) -> dict:
    gold = {
        frozenset((a.name, b.name)) for a, b in combinations(docs, 2) if a.original == b.original
    }
    predicted = {
        frozenset((a.name, b.name))
        for a, b in combinations(docs, 2)
        if groups[a.name] == groups[b.name]
    }
    found = gold & predicted
    same_story = sum(
        1 for a, b in combinations(docs, 2) if a.story == b.story and a.original != b.original
    )
    return {
        "articles": len(docs),
        "originals": sum(d.original == d.name for d in docs),
        "copies": sum(d.original != d.name for d in docs),
        "copy_pairs": len(gold),
        "same_story_non_copy_pairs": same_story,
        "predicted_pairs": len(predicted),
        "precision": len(found) / len(predicted) if predicted else 1.0,
        "recall": len(found) / len(gold) if gold else 1.0,
        "false_positives": sorted(tuple(sorted(p)) for p in predicted - gold),
        "missed": sorted(tuple(sorted(p)) for p in gold - predicted),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--copies", type=int, default=COPIES)
    args = parser.parse_args(argv)
    docs = generated_set(args.seed, args.copies)
    result = score(docs, detect(docs))
    print(
        f"{result['articles']} articles ({result['originals']} real, {result['copies']} "
        f"generated copies); {result['copy_pairs']} copy pairs, "
        f"{result['same_story_non_copy_pairs']} same-story non-copy pairs"
    )
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"({result['predicted_pairs']} pairs predicted)"
    )
    for a, b in result["false_positives"][:10]:
        print(f"  false copy: {a} ~ {b}")
    for a, b in result["missed"][:10]:
        print(f"  missed: {a} ~ {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
