"""Named app states reached by keys, shared by the screenshot script and the snapshot tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

Scenario = Callable[[object], Awaitable[None]]


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the app did not reach the expected state")
        await pilot.pause(0.05)
    await pilot.pause(0.2)


def _article(app, prefix: str) -> bool:
    return bool(
        app.open_path and app.open_path.rsplit("/", 1)[-1].startswith(prefix) and app.reader.lines
    )


async def main_french(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: _article(app, "000"))


async def arabic(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: _article(app, "000"))
    await pilot.press("j", "j", "j", "j")
    await wait_for(pilot, lambda: _article(app, "004"))
    await pilot.press("tab")


async def conflict(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: _article(app, "000"))
    await pilot.press("j")
    await wait_for(pilot, lambda: _article(app, "001"))
    await pilot.press("tab", "tab")
    flags = app.side.flags.items
    target = next(i for i, f in enumerate(flags) if f.status == "conflict")
    for _ in range(target):
        await pilot.press("j")
    await wait_for(pilot, lambda: "says" in str(app.side.query_one("#detail").render()))


async def search(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: _article(app, "000"))
    await pilot.press("slash", *"milliards")
    await wait_for(
        pilot, lambda: app.article_list.items and not hasattr(app.article_list.items[0], "row")
    )
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.reader.hits)
    await pilot.press("n", "n")


async def help_screen(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: _article(app, "000"))
    await pilot.press("question_mark")
    await pilot.pause(0.2)


async def findings(pilot) -> None:
    """The findings screen, on the biggest contradiction, its detail shown."""
    app = pilot.app
    await wait_for(pilot, lambda: _article(app, "000"))
    await pilot.press("f")
    screen = app.screen
    await wait_for(pilot, lambda: getattr(screen, "loaded", False) and screen.detail)


async def compare(pilot) -> None:
    """The compare view of X's users: about 250M (French) against more than 600M (Arabic)."""
    app = pilot.app
    await findings(pilot)
    await pilot.press("enter")
    screen = app.screen
    await wait_for(pilot, lambda: getattr(screen, "shown_pair", None) == 0)
    await pilot.press("right_square_bracket")
    await wait_for(pilot, lambda: screen.shown_pair == 1)


SCENARIOS: dict[str, Scenario] = {
    "main-french": main_french,
    "arabic": arabic,
    "conflict": conflict,
    "search": search,
    "help": help_screen,
    "findings": findings,
    "compare": compare,
}
