"""config.toml (issue 15): theme, bidi mode, default index, limits, [keys]; an invalid value
is one line naming its key and is ignored; the palette's theme is saved there."""

from __future__ import annotations

import json
import os
from pathlib import Path

from factdesk.tui.cli import main
from factdesk.tui.config import config_path, load, save_setting
from factdesk.tui.keys import load_keymap


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_are_read_and_bad_values_ignored_one_line_each():
    path = write_config(
        'theme = "nord"\nbidi = "sideways"\nindex = "~/ix"\ncolour = 3\n'
        '[limits]\nsearch = 3\nconflicts = -1\nask = 0\n[keys]\nquit = "x"\n'
    )
    config = load()
    assert config.theme == "nord" and config.bidi is None
    assert config.index == Path("~/ix").expanduser()
    assert config.limits == {"search": 3, "conflicts": 20, "ask": 0}
    assert config.keys == {"quit": "x"}
    assert config.warnings == [
        f'{path}: ignored bidi = "sideways" (one of auto, app, terminal)',
        f"{path}: ignored limits.conflicts = -1 (a whole number, at least 0)",
        f"{path}: ignored unknown setting 'colour'",
    ]


def test_a_broken_file_is_one_line_and_no_settings():
    path = write_config("theme = \n")
    config = load()
    assert config.theme is None and len(config.warnings) == 1
    assert config.warnings[0].startswith(f"ignored {path}: ")


def test_the_command_line_reads_it(capsys, seed_index, tmp_path, monkeypatch):
    monkeypatch.delenv("FACTDESK_INDEX", raising=False)
    path = write_config(f'index = "{seed_index}"\nbidi = "sideways"\n[limits]\nsearch = 1\n')
    assert main(["search", "xAI", "--json"]) == 0
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 1  # limits.search, from the configured index
    assert err == f'factdesk: {path}: ignored bidi = "sideways" (one of auto, app, terminal)\n'
    assert main(["search", "xAI", "--json", "--limit", "2"]) == 0  # the option wins
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["paths", "--json"]) == 0
    (index,) = [r for r in json.loads(capsys.readouterr().out) if r["name"] == "index"]
    assert index["path"] == str(seed_index) and index["set_by"] == ["config.toml"]
    monkeypatch.setenv("FACTDESK_INDEX", str(tmp_path / "elsewhere"))  # the variable wins
    assert main(["search", "xAI"]) == 1
    assert "no index at" in capsys.readouterr().err


def test_keys_in_config_toml_remap_and_win_over_keys_toml():
    (config_path().parent).mkdir(parents=True, exist_ok=True)
    (config_path().parent / "keys.toml").write_text('[keys]\nquit = "y"\nhelp = "h"\n')
    write_config('[keys]\nquit = "x"\nnope = "z"\n')
    keymap, warnings = load_keymap()
    assert keymap == {"quit": "x", "help": "h"}
    assert warnings == [f"ignored unknown key command 'nope' in {config_path()}"]


def test_saving_a_setting_keeps_the_rest_of_the_file():
    path = write_config('# my settings\nbidi = "app"\n\n[keys]\ntheme = "not this one"\n')
    save_setting("theme", "nord")
    assert path.read_text() == (
        '# my settings\nbidi = "app"\n\ntheme = "nord"\n[keys]\ntheme = "not this one"\n'
    )
    save_setting("theme", "gruvbox")
    assert load().theme == "gruvbox" and load().bidi == "app"
    os.remove(path)
    save_setting("theme", "nord")
    assert path.read_text() == 'theme = "nord"\n'


async def test_the_palettes_theme_is_saved_and_used_at_the_next_start(seed_index):
    from factdesk.tui.app import FactdeskApp

    app = FactdeskApp(seed_index)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme != "nord"
        app.theme = "nord"  # what the palette's "Change theme" does
        await pilot.pause()
    assert load().theme == "nord"
    again = FactdeskApp(seed_index)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_an_unknown_theme_is_said_in_the_status_line(seed_index):
    from factdesk.tui.app import FactdeskApp

    write_config('theme = "no-such-theme"\n')
    app = FactdeskApp(seed_index)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "ignored theme = 'no-such-theme'" in str(app.query_one("#status").render())
        assert app.theme != "no-such-theme"
