"""``python -m bench.hostile``: what hostile input costs. On 3,000 articles with a wide vocabulary
(the worst case for wildcards and fuzzy terms), every query of an attacker's list is timed in
process, as the CLI asks (10 hits with snippets) and as the app does (200 hits); a 60 MB file and
the largest file accepted are indexed in a process of their own (time and peak memory); ``show``
lays out a 400,000-mark "Zalgo" article and the largest article accepted.

Targets (issue 14): every query under 1 s, the 60 MB file skipped or indexed in under 30 s and
500 MB, ``show`` under 1 s."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QUERIES = [
    "valorisation~1",
    "valorisation~2",
    "valorisation~4",
    "valorisation~10",
    "*",
    "*a*",
    " OR ".join(f"*{c}*" for c in "abcdefghijklmnopqrstuvwxyz"),
    "[0 TO 9]",
    "[a TO z]",
    "a*",
    "?????",
    "/.*/",
    '"a b c d e f"',
    "valorisation AND NOT zzz",
]
ASKS = ["*", "valorisation~10", "*a* OR *e*"]


def wide_corpus(folder: Path, count: int) -> Path:
    """``count`` articles of 600 words from a vocabulary of 300,000 made-up Latin and 60,000
    Arabic words (Zipf-like), each with one figure: the term dictionary of a large archive."""
    stamp = folder / ".corpus"
    if stamp.exists() and stamp.read_text() == str(count):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(7)
    latin = "abcdefghijklmnopqrstuvwxyzéè"
    arabic = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    vocab = ["".join(rng.choice(latin) for _ in range(rng.randint(3, 12))) for _ in range(300_000)]
    vocab += ["".join(rng.choice(arabic) for _ in range(rng.randint(3, 9))) for _ in range(60_000)]
    for n in range(count):
        words = [
            vocab[min(len(vocab), int(rng.paretovariate(0.6))) - 1]
            if rng.random() < 0.5
            else rng.choice(vocab)
            for _ in range(600)
        ]
        body = "\n\n".join(" ".join(words[i : i + 80]) + "." for i in range(0, 600, 80))
        (folder / f"{n:05d}.txt").write_text(
            f"Titre {n} valorisation\n\nDate: 2025-01\n\n{body} "
            f"La valorisation atteint {rng.randint(1, 900)} millions.\n",
            encoding="utf-8",
        )
    stamp.write_text(str(count))
    return folder


# Runs the CLI, then prints its own peak memory (MB) on stderr.
PEAK = (
    "import resource, sys; from factdesk.tui.cli import main; status = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr); "
    "sys.exit(status)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--n", type=int, default=3000, help="articles (3000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    from factdesk.index.ingest import index_paths
    from factdesk.index.search import Searcher

    work = args.out / f"hostile-{args.n}"
    corpus = wide_corpus(work / "corpus", args.n)
    index_dir = work / "index"
    if not (index_dir / "current").exists():
        shutil.rmtree(index_dir, ignore_errors=True)
        index_paths(index_dir, [corpus])
    searcher = Searcher(index_dir)
    rows, worst = [], 0.0
    searcher.search("valorisation")  # opens the index: not part of any query's cost
    for query in QUERIES:
        timings = []
        for details, limit in ((True, 10), (False, 200)):  # the CLI's and the app's searches
            began = time.perf_counter()
            hits = searcher.search(query, limit=limit, details=details)
            timings.append(time.perf_counter() - began)
        seconds = max(timings)
        worst = max(worst, seconds)
        rows.append((f"search {query[:40]}", seconds, f"{len(hits)} hits; {len(hits.notes)} notes"))
    factdesk = [sys.executable, "-m", "factdesk.tui.cli"]
    for question in ASKS:
        began = time.perf_counter()
        subprocess.run(
            [*factdesk, "ask", question, "--json", "--index-dir", str(index_dir)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - began
        worst = max(worst, seconds)
        rows.append((f"ask {question[:40]} (process)", seconds, ""))

    big = work / "big"
    shutil.rmtree(big, ignore_errors=True)
    (big / "huge").mkdir(parents=True)
    (big / "limit").mkdir()
    sentence = " ".join(f"X a {n % 997} millions d'utilisateurs," for n in range(1, 200_000))
    with open(big / "huge" / "huge.txt", "w", encoding="utf-8") as out:
        out.write("Énorme\n\n")
        while out.tell() < 60_000_000:
            out.write(sentence + "\n")
    from factdesk.index.textio import MAX_FILE_BYTES

    limit_file = big / "limit" / "limit.txt"  # the largest file accepted, full of figures
    with open(limit_file, "w", encoding="utf-8") as out:
        out.write("Limite\n\n")
        while out.tell() < MAX_FILE_BYTES - 200_000:
            out.write(sentence[:20_000] + "\n\n")
    zalgo = big / "limit" / "zalgo.txt"
    zalgo.write_text(
        "Zalgo\n\n" + ("a" + "\u0301" * 10_000 + " مرحبا" + "\u064e" * 10_000 + " ") * 20 + "\n",
        encoding="utf-8",
    )
    indexing = {}
    for folder in ("huge", "limit"):
        before = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                PEAK,
                "index",
                str(big / folder),
                "--json",
                "--index-dir",
                str(big / f"{folder}-index"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - before
        peak = float(result.stderr.strip().splitlines()[-1])
        summary = json.loads(result.stdout)
        indexing[folder] = (seconds, peak, [Path(s["path"]).name for s in summary["skipped"]])
    show = {}
    for path in (zalgo, limit_file):
        began = time.perf_counter()
        subprocess.run(
            [
                *factdesk,
                "show",
                str(path),
                "--width",
                "80",
                "--bidi",
                "app",
                "--index-dir",
                str(big / "limit-index"),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        show[path.name] = time.perf_counter() - began
    shutil.rmtree(big, ignore_errors=True)

    print(f"factdesk hostile-input bench, {args.n} articles (wide vocabulary)\n")
    print(f"{'what':<52} {'seconds':>8}  note")
    for what, seconds, note in rows:
        print(f"{what:<52} {seconds:8.3f}  {note}")
    for folder, (seconds, peak, skipped) in indexing.items():
        what = {"huge": "index a 60 MB file", "limit": "index the largest file accepted + Zalgo"}
        print(
            f"{what[folder] + ' (process)':<52} {seconds:8.3f}  peak {peak:.0f} MB; "
            f"skipped {skipped}"
        )
    for name, seconds in show.items():
        print(f"{'show ' + name:<52} {seconds:8.3f}")
    verdicts = {
        "slowest query < 1 s": worst < 1.0,
        "60 MB file skipped or indexed < 30 s, < 500 MB": indexing["huge"][0] < 30
        and indexing["huge"][1] < 500,
        "largest file accepted indexed < 30 s, < 500 MB": indexing["limit"][0] < 30
        and indexing["limit"][1] < 500,
        "show of any article < 1 s": max(show.values()) < 1.0,
    }
    print()
    for name, ok in verdicts.items():
        print(f"{'MET ' if ok else 'MISS'}  {name}")
    (args.out / f"hostile-{args.n}.json").write_text(
        json.dumps(
            {"rows": rows, "indexing": indexing, "show_s": show, "verdicts": verdicts}, indent=2
        )
    )
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
