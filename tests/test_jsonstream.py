"""Streamed JSON (index/jsonstream.py): the same text as json.dumps of the same data in lists,
written while the items are read (issue #17: memory flat in the number of figures/findings)."""

from __future__ import annotations

import json

import pytest

from factdesk.index.jsonstream import BATCH, Lazy, chunks, encoder_for


def _plain(value):
    """The value with every Lazy array read into a list (what json.dumps is given)."""
    if isinstance(value, Lazy):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _lazy(items):
    return Lazy(iter(items))


def _samples():
    figure = {"path": "/c/a.txt", "value": 1.5, "low": None, "quote": "ﺎ « \u202e »", "n": [1, 2]}
    yield Lazy(iter([]))
    yield {"a": 1, "figures": _lazy([])}
    yield {"figures": _lazy([figure, figure]), "b": {"c": [1, {}]}, "pairs": []}
    yield {"x": "é", "figures": _lazy([dict(figure, i=i) for i in range(BATCH * 2 + 3)]), "y": 2}
    yield _lazy([{"answers": _lazy([{"figures": _lazy([figure])}, {"k": []}]), "t": 0}, 3])
    yield _lazy([1, {"deep": _lazy([_lazy([]), _lazy([1, 2])])}, "s", None, 2.5, True])


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("number", range(6))
def test_chunks_are_json_dumps(indent, ascii_only, number):
    streamed = list(_samples())[number]
    expected = json.dumps(_plain(list(_samples())[number]), ensure_ascii=ascii_only, indent=indent)
    text = "".join(chunks(streamed, encoder_for(ascii_only, indent)))
    assert text == expected
    assert json.loads(text) == _plain(list(_samples())[number])


def test_chunks_write_before_the_end():
    """A Lazy array's first items are written before its last are read: it is never held."""
    read = []

    def figures():
        for i in range(BATCH * 4):
            read.append(i)
            yield {"i": i}

    pieces = chunks({"kind": "agree", "figures": Lazy(figures())}, encoder_for(False, None))
    written = ""
    for piece in pieces:
        written += piece
        if '"i": 0}' in written:
            break
    assert len(read) <= BATCH + 1  # one batch read, not the whole array


def test_lazy_is_read_once():
    def once():
        yield {"a": 1}

    value = {"figures": Lazy(once())}
    assert "".join(chunks(value, encoder_for(False, None))) == '{"figures": [{"a": 1}]}'
    # a generator is not read again: a second writing finds it empty, never a copy kept
    assert "".join(chunks(value, encoder_for(False, None))) == '{"figures": []}'
