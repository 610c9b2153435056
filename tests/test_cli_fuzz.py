"""Arbitrary queries and questions give a result or a one-line error, never a traceback."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.tui.cli import main

QUERY_BITS = st.sampled_from(
    [
        '"',
        "*",
        "~",
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        ":",
        "lang:",
        "^",
        "\\",
        "\x1b",
        "\x00",
        "[",
        "]",
        "{",
        "}",
        "-",
        "+",
        "?",
        "/",
        "x" * 500,
        "مستخدم",
        "valorisation",
        " ",
    ]
)
QUERIES = st.one_of(st.text(max_size=200), st.lists(QUERY_BITS, max_size=30).map("".join))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=QUERIES)
def test_search_and_ask_never_raise(seed_index, capsys, query):
    index = ["--index-dir", str(seed_index)]
    for command in (["search", "--json"], ["ask", "--json"], ["search"]):
        # "--" ends the options, so a query may start with "-" (as in: factdesk search -- -x)
        status = main([*command, *index, "--", query])
        out, err = capsys.readouterr()
        assert status in (0, 1), (command, status)
        if status == 0 and "--json" in command:
            json.loads(out)
        else:
            assert err.count("\n") <= 1
            assert "Traceback" not in err


def test_huge_query_is_a_clear_error(seed_index, capsys):
    assert main(["search", "mot " * 2000, "--index-dir", str(seed_index)]) == 1
    assert "too long" in capsys.readouterr().err
