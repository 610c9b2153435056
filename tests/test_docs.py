"""The README documents every key and every command."""

from pathlib import Path

from factdesk.tui.cli import build_parser
from factdesk.tui.keys import KEY_COMMANDS, markdown_table

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_key_table_is_the_key_table():
    start = README.index("<!-- keys:start -->") + len("<!-- keys:start -->")
    end = README.index("<!-- keys:end -->")
    assert README[start:end].strip() == markdown_table()


def test_readme_names_every_command_and_remappable_id():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"factdesk {name}" in README
    for command in KEY_COMMANDS:
        assert command.id in README


def test_readme_shows_the_two_commands_first():
    quick = README.index("## Quick start")
    assert README.index("make run") > quick and README.index("make test") > quick
    assert README.index("make run") < README.index("## Screenshots")


def test_the_readme_ask_example_is_real_output(seed_index, seed_copy, capsys, monkeypatch):
    """The README shows what `factdesk ask` prints (piped: one record a line)."""
    from factdesk.tui.cli import main

    block = README.split('$ factdesk ask "how many users does X have"\n', 1)[1].split("```")[0]
    monkeypatch.chdir(seed_copy.parent)
    assert main(["ask", "how many users does X have", "--index-dir", str(seed_index)]) == 0
    assert capsys.readouterr().out == block
