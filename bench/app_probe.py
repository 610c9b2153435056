"""Run in a fresh process by the benchmark: app cold start, list populated, opening the longest
Arabic article, peak memory. Prints one JSON line."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

WAIT_S = 120.0
TYPED = ("valorisation", "earthquake", "الزلزال", "elections")  # typed into the search box …
KEY_GAP_S = 0.08  # … a key every 80 ms, as a person types: the app's answer does not pace them


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM: unlike ru_maxrss, it does not carry over the
    parent's peak across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def probe(index_dir: Path) -> dict:
    from factdesk.tui.app import FactdeskApp

    marks: dict[str, float] = {}

    shown: dict[str, float] = {}  # query → when its results were put in the list

    class ProbedApp(FactdeskApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(lambda: marks.setdefault("first_paint", time.perf_counter()))

        def on_search_done(self, message) -> None:
            super().on_search_done(message)
            if message.query == self.search_text and self.search_hits is message.hits:
                shown.setdefault(message.query, time.perf_counter())

    app = ProbedApp(index_dir)
    async with app.run_test(size=(120, 40)) as pilot:

        async def wait_for(condition, what: str, step: float = 0.005) -> None:
            deadline = time.perf_counter() + WAIT_S
            while not condition():
                if time.perf_counter() > deadline:
                    raise SystemExit(f"app probe: no {what} after {WAIT_S:.0f} s")
                await pilot.pause(step)

        await wait_for(lambda: app.entries, "article list")
        marks["list"] = time.perf_counter()
        arabic = [e.row for e in app.entries if e.row.lang == "ar"]
        result = {}
        if arabic:
            longest = max(arabic, key=lambda row: row.chars)
            await wait_for(lambda: app.reader.lines, "first article")
            await pilot.pause(0.5)  # let the first article's side work finish
            began = time.perf_counter()
            app.open_article(longest.path)
            await wait_for(
                lambda: app.open_path == longest.path and app.reader.lines, "Arabic article", 0.001
            )
            result["open_arabic_ms"] = (time.perf_counter() - began) * 1000
            result["arabic_chars"] = longest.chars
        # Typing: each key sets the box's value (Input.Changed, as a key does) without waiting
        # for the app; the time from the last key to the list holding that query's results.
        await pilot.press("slash")
        box = app.query_one("#search")
        after_last_key = []
        for word in TYPED:
            box.value = ""
            await pilot.pause(0.3)
            shown.clear()
            for end in range(1, len(word) + 1):
                last_key = time.perf_counter()
                box.value = word[:end]
                await asyncio.sleep(KEY_GAP_S)
            await wait_for(lambda w=word: w in shown, f"results for {word}", 0.001)
            after_last_key.append((shown[word] - last_key) * 1000)
        result["search_after_last_key_ms"] = max(after_last_key)
        result["search_after_last_key_each_ms"] = dict(zip(TYPED, after_last_key, strict=True))
        # Let the side work started by the last article (loading a figure's other source) end,
        # and its message be handled, before the app closes: handled after the widgets are gone,
        # it raises NoMatches('#side') and fails the probe (measured above, not in the timings).
        await app.workers.wait_for_complete()
        await pilot.pause()
    # the first refresh comes before the list under any load; the list's time if it did not
    result["first_paint_s"] = marks.get("first_paint", marks["list"]) - STARTED
    result["list_populated_s"] = marks["list"] - STARTED
    result["articles"] = len(app.entries)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(probe(Path(sys.argv[1])))))
