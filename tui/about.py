"""What the command line says about itself: ``--version``, ``factdesk paths``, shell completion
and the examples under each command's ``--help``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP = "factdesk"


def version_line() -> str:
    """'factdesk 0.1.0 (Whoosh 2.7.5, Textual 8.2.8, Python 3.11.7)'."""
    from importlib import metadata

    from factdesk import __version__

    def installed(distribution: str) -> str:
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            return "not installed"

    python = ".".join(str(part) for part in sys.version_info[:3])
    return (
        f"{APP} {__version__} (Whoosh {installed('whoosh-reloaded')}, "
        f"Textual {installed('textual')}, Python {python})"
    )


class VersionAction(argparse.Action):
    """``--version``: the versions are looked up only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, **kw):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_line())
        parser.exit()


# the variables that move each folder (platformdirs reads the XDG ones on Linux and the BSDs)
XDG = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def folders(index_dir: Path, index_option: bool, configured: bool = False) -> list[dict]:
    """Where factdesk keeps things: each folder, what it holds, and what set it (the
    ``--index-dir`` option or the environment variables that changed it)."""
    from platformdirs import user_cache_dir, user_config_dir, user_data_dir

    from factdesk.index.paths import demo_corpus

    def moved_by(*names: str) -> list[str]:
        return [name for name in names if os.environ.get(name)]

    xdg = (lambda name: [name]) if XDG else (lambda name: [])
    data = Path(user_data_dir(APP, appauthor=False))
    index_set = ["--index-dir"] if index_option else moved_by("FACTDESK_INDEX")
    if not index_set and configured:
        index_set = ["config.toml"]
    if not index_set and index_dir.is_relative_to(data):
        index_set = moved_by(*xdg("XDG_DATA_HOME"))
    return [
        {
            "name": "index",
            "path": str(index_dir),
            "holds": "the index: Whoosh, catalog, verdicts, fetched articles",
            "set_by": index_set,
        },
        {
            "name": "data",
            "path": str(data),
            "holds": "the default index's folder",
            "set_by": moved_by(*xdg("XDG_DATA_HOME")),
        },
        {
            "name": "config",
            "path": str(Path(user_config_dir(APP, appauthor=False))),
            "holds": "config.toml, keys.toml, terminals.json",
            "set_by": moved_by(*xdg("XDG_CONFIG_HOME")),
        },
        {
            "name": "cache",
            "path": str(Path(user_cache_dir(APP, appauthor=False))),
            "holds": "nothing yet (factdesk caches nothing on disk)",
            "set_by": moved_by(*xdg("XDG_CACHE_HOME")),
        },
        {
            "name": "demo",
            "path": str(demo_corpus()),
            "holds": "the demo corpus shipped with factdesk (factdesk index --demo)",
            "set_by": [],
        },
    ]


SHELLS = ("bash", "zsh", "fish")
# arguments that name files or folders, by their metavar: completed as such
FILE_METAVARS = {"PATH", "FILE", "FILE.opml"}
DIR_METAVARS = {"DIR"}


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (by shtab, from the parser itself: every command,
    option and choice; paths complete as files, ``--index-dir`` as folders)."""
    import shtab

    def mark(current: argparse.ArgumentParser) -> None:
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in set(action.choices.values()):
                    mark(sub)
            elif action.metavar in FILE_METAVARS:
                action.complete = shtab.FILE  # type: ignore[attr-defined]
            elif action.metavar in DIR_METAVARS:
                action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]

    mark(parser)
    return shtab.complete(parser, shell=shell)


COMPLETION_HELP = """\
install (once; a new shell then completes factdesk's commands, options and files):
  bash:  factdesk completion bash > ~/.local/share/bash-completion/completions/factdesk
  zsh:   factdesk completion zsh > ~/.zfunc/_factdesk   (with fpath+=(~/.zfunc) before
         compinit in ~/.zshrc)
  fish:  factdesk completion fish > ~/.config/fish/completions/factdesk.fish"""


# under each command's --help (and the main --help: the first of each)
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "app": [("factdesk", "open the reader (indexes the demo corpus at the first start)")],
    "bidi-test": [("factdesk bidi-test", "which layout of Arabic and Hebrew reads right here")],
    "index": [
        ("factdesk index", "no index yet: the demo corpus; else the index's articles again"),
        ("factdesk index ~/news", "a folder, walked for .txt .md .html .htm"),
        ("factdesk index --demo --index-dir /tmp/demo", "the demo corpus in its own index"),
        ("factdesk index ~/news --rebuild", "a new index from scratch"),
    ],
    "search": [
        ("factdesk search valorisation", "French words find their other forms"),
        ('factdesk search "milliards de dollars" --lang fr', "a phrase, French articles only"),
        ("factdesk search تقييم --json | jq -r '.[].path'", "the paths of the hits"),
    ],
    "show": [
        ("factdesk show article.txt", "laid out as in the reading view"),
        ("factdesk show article.txt --width 60 | less", "wrapped at 60 cells"),
    ],
    "figures": [
        ("factdesk figures", "every figure of the index"),
        ("factdesk figures article.txt --json", "one article's, with offsets"),
    ],
    "conflicts": [
        ("factdesk conflicts", "where sources disagree on a figure"),
        ("factdesk conflicts --all --limit 0", "also agreements and changes, all of them"),
        ("factdesk conflicts --jsonl | jq -c '{kind, why}'", "one finding a line"),
    ],
    "verdict": [
        ('factdesk verdict 3f2a9c1b0d4e confirmed --note "both quote X"', "record a verdict"),
        ("factdesk verdict 3f2a9c1b0d4e --clear", "remove it"),
    ],
    "report": [
        ("factdesk report > checked.md", "the checked findings, in Markdown"),
        ("factdesk report --format csv --output checked.csv", "one row per claim"),
    ],
    "ask": [
        ('factdesk ask "xAI valuation"', "the figures that answer it, by value"),
        ('factdesk ask "how many users does X have" --json', "the same, for a program"),
    ],
    "feed": [
        ("factdesk feed add https://example.org/rss.xml", "subscribe"),
        ("factdesk feed update", "fetch new items, store and index them"),
    ],
    "add": [("factdesk add https://example.org/2025/03/story.html", "store and index one page")],
    "paths": [
        ("factdesk paths", "where the index, data, config and cache live"),
        ("FACTDESK_INDEX=/tmp/ix factdesk paths --json", "and what moved them"),
    ],
    "completion": [
        ("factdesk completion bash > ~/.local/share/bash-completion/completions/factdesk", "")
    ],
}


def examples(command: str) -> str:
    lines = EXAMPLES.get(command, [])
    width = max((len(line) for line, _ in lines), default=0)
    body = "\n".join(
        f"  {line:<{width}}  # {what}" if what else f"  {line}" for line, what in lines
    )
    return f"examples:\n{body}" if lines else ""


MAIN_EXAMPLES = ("index", "search", "ask", "conflicts", "show", "paths")


def main_epilog() -> str:
    firsts = [EXAMPLES[name][0] for name in MAIN_EXAMPLES]
    width = max(len(line) for line, _ in firsts)
    body = "\n".join(f"  {line:<{width}}  # {what}" for line, what in firsts)
    return (
        f"examples (factdesk COMMAND --help has more):\n{body}\n\n"
        "exit status: 0 done, 1 nothing found (no hits) or an error, 2 usage error,\n"
        "3 index locked by another run, 130 interrupted; a closed pipe (| head) is 0"
    )
