"""``make screenshots``: SVG screenshots of the app on the seed corpus (PNG too when
``rsvg-convert`` is installed), for the README and for looking at the UI as a person would."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .scenarios import SCENARIOS

SIZE = (120, 40)


def terminal_faithful(svg: str) -> str:
    """Make SVG renderers draw the cells as a terminal does: keep leading no-break spaces
    (rsvg collapses them otherwise) and do no bidi of their own (the app already put
    right-to-left text in visual order; a second reordering would reverse it)."""
    svg = svg.replace("<svg ", '<svg xml:space="preserve" ', 1)
    return svg.replace("<text ", '<text unicode-bidi="bidi-override" direction="ltr" ')


async def capture(out_dir: Path, index_dir: Path) -> list[Path]:
    from .app import FactdeskApp

    written = []
    for name, scenario in SCENARIOS.items():
        app = FactdeskApp(index_dir)
        async with app.run_test(size=SIZE) as pilot:
            await scenario(pilot)
            svg = app.export_screenshot(title=f"factdesk — {name}")
        svg = terminal_faithful(svg)
        path = out_dir / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    from factdesk.index.ingest import index_paths
    from factdesk.index.paths import demo_corpus

    out_dir = Path(argv[0] if argv else "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        index_paths(Path(tmp), [demo_corpus()])  # (seeds/: also from an installed wheel)
        written = asyncio.run(capture(out_dir, Path(tmp)))
    converter = shutil.which("rsvg-convert")
    for path in written:
        if converter:
            subprocess.run([converter, str(path), "-o", str(path.with_suffix(".png"))], check=True)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
