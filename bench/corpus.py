"""A deterministic synthetic news corpus in French, English and Arabic (~600 words an article),
made from ``templates.json`` and the entity names in ``index/data/entities.json``."""

from __future__ import annotations

import json
import random
from pathlib import Path

from index.datafiles import json_data

TEMPLATES = json.loads((Path(__file__).with_name("templates.json")).read_text(encoding="utf-8"))
LANGS = ("fr", "en", "ar")
WORDS_PER_ARTICLE = 600


def _entity_name(rng: random.Random, lang: str) -> str:
    entities = json_data("entities.json")
    entity = rng.choice(sorted(entities))
    names = entities[entity]["names"]
    arabic = [n for n in names if any("\u0600" <= ch <= "\u06ff" for ch in n)]
    latin = [n for n in names if n not in arabic]
    return rng.choice(arabic if lang == "ar" and arabic and rng.random() < 0.7 else latin)


def _fill(template: str, rng: random.Random, lang: str) -> str:
    return (
        template.replace("{E}", _entity_name(rng, lang))
        .replace("{N}", str(rng.choice([rng.randint(2, 99), rng.randint(100, 900)])))
        .replace("{Y}", str(rng.randint(2015, 2025)))
    )


def make_article(number: int, seed: int = 1) -> tuple[str, str]:
    """(file name, text) of article ``number``; the same inputs always give the same article."""
    rng = random.Random(seed * 1_000_003 + number)
    lang = LANGS[number % 3]
    t = TEMPLATES[lang]
    lines = [_fill(rng.choice(t["titles"]), rng, lang), f"Date: 2025-{rng.randint(1, 12):02d}", ""]
    words = 0
    while words < WORDS_PER_ARTICLE:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            if rng.random() < 0.18:
                sentence = _fill(rng.choice(t["figures"]), rng, lang)
            else:
                extra = " ".join(rng.choice(t["words"]) for _ in range(rng.randint(4, 12)))
                sentence = f"{rng.choice(t['filler'])} {extra}."
            sentences.append(sentence)
            words += len(sentence.split())
        lines.append(" ".join(sentences))
        lines.append("")
    return f"{number:06d}_{lang}.txt", "\n".join(lines)


def write_corpus(folder: Path, count: int, seed: int = 1) -> Path:
    """Write ``count`` articles (kept if already there from the same seed)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".corpus"
    if stamp.exists() and stamp.read_text() == f"{count} {seed}":
        return folder
    for old in folder.glob("*.txt"):
        old.unlink()
    for number in range(count):
        name, text = make_article(number, seed)
        (folder / name).write_text(text, encoding="utf-8")
    stamp.write_text(f"{count} {seed}")
    return folder
