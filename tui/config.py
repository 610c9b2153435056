"""``config.toml`` in the user config folder: the settings that outlive a run.

```toml
theme = "nord"            # the app's theme (the command palette's choice is saved here)
bidi = "auto"             # auto, app or terminal: --bidi's default
index = "~/news-index"    # the index folder (--index-dir and $FACTDESK_INDEX win)

[limits]
search = 10               # search --limit's default
conflicts = 20            # findings conflicts prints on a terminal (0: all)
ask = 10                  # values and findings ask shows, text or JSON (0: all)

[keys]                    # remapped keys by command id (keys.toml is still read)
quit = "x"

[report]
reviewer = "The Desk"
```

A value of the wrong kind is ignored with one line naming it; the rest of the file applies.
No Textual here: the command line reads it too.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_FILE = "config.toml"
BIDI_MODES = ("auto", "app", "terminal")
LIMITS = {"search": (10, 1), "conflicts": (20, 0), "ask": (10, 0)}  # default, least allowed


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("factdesk", appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


@dataclass
class Config:
    theme: str | None = None
    bidi: str | None = None
    index: Path | None = None
    limits: dict[str, int] = field(default_factory=lambda: {k: v[0] for k, v in LIMITS.items()})
    keys: dict[str, object] = field(default_factory=dict)  # checked by keys.load_keymap
    report: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def load(path: Path | None = None) -> Config:
    """The settings of ``config.toml`` (none when it does not exist); each value that is not
    what its key takes is left out with a warning naming it."""
    path = path or config_path()
    config = Config()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as err:
        config.warnings.append(f"ignored {path}: {err}")
        return config
    import tomllib  # (here: most runs have no config file, and a lookup imports little)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        config.warnings.append(f"ignored {path}: {err}")
        return config

    def bad(key: str, what: str) -> None:
        config.warnings.append(f"{path}: ignored {key} = {_shown(data, key)} ({what})")

    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            bad("theme", "a theme's name, as the command palette lists them")
    bidi = data.get("bidi")
    if bidi is not None:
        if bidi in BIDI_MODES:
            config.bidi = bidi
        else:
            bad("bidi", "one of " + ", ".join(BIDI_MODES))
    index = data.get("index")
    if index is not None:
        if isinstance(index, str) and index.strip():
            config.index = Path(index).expanduser()
        else:
            bad("index", "a folder's path")
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        bad("limits", "a table: [limits] with search, conflicts, ask")
        limits = {}
    for key, value in limits.items():
        if key not in LIMITS:
            known_limits = ", ".join(LIMITS)
            config.warnings.append(f"{path}: ignored limits.{key} (unknown: {known_limits})")
        elif isinstance(value, bool) or not isinstance(value, int) or value < LIMITS[key][1]:
            least = LIMITS[key][1]
            config.warnings.append(
                f"{path}: ignored limits.{key} = {value!r} (a whole number, at least {least})"
            )
        else:
            config.limits[key] = value
    for name in ("keys", "report"):
        section = data.get(name, {})
        if isinstance(section, dict):
            setattr(config, name, section)
        else:
            bad(name, f"a table: [{name}]")
    known = {"theme", "bidi", "index", "limits", "keys", "report"}
    for key in data:
        if key not in known:
            config.warnings.append(f"{path}: ignored unknown setting {key!r}")
    return config


def _shown(data: dict, key: str) -> str:
    value = data.get(key)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


_TOP_SETTING = re.compile(r"^\s*(?P<key>[A-Za-z0-9_-]+)\s*=")
_TABLE = re.compile(r"^\s*\[")


def save_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set a top-level ``key = "value"`` in config.toml, keeping the rest of the file as it is
    (comments, tables); written whole or not at all (a temporary file renamed over it)."""
    path = path or config_path()
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    line = f"{key} = {json.dumps(value)}\n"  # (a JSON string is a TOML basic string)
    first_table = next((i for i, text in enumerate(lines) if _TABLE.match(text)), len(lines))
    for number, text in enumerate(lines[:first_table]):
        match = _TOP_SETTING.match(text)
        if match and match.group("key") == key:
            lines[number] = line
            break
    else:
        lines.insert(first_table, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    try:
        with handle:
            handle.write("".join(lines))
        os.replace(handle.name, path)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return path
