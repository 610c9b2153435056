"""JSON written piece by piece, with the bytes ``json.dumps`` gives for the whole value.

A value may hold ``Lazy`` arrays: items read (from a SQLite cursor) only as they are written,
so that a command's memory stays flat however many figures or findings it writes (issue #17).
``chunks`` encodes a value whose arrays or records hold ``Lazy`` values one item at a time;
everything else is encoded whole by Python's encoder, so the text is exactly what
``json.dumps(value, ensure_ascii=…, indent=…)`` writes for the same data in lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

BATCH = 256  # items of a Lazy array encoded in one call (the C encoder's speed, bounded memory)


class Lazy:
    """A JSON array whose items are produced when it is written (once: a generator is not
    read again). ``len()`` when the count is known without reading the items; ``flat``: its
    items hold no ``Lazy`` value (they are encoded without being looked into); ``batch``: how
    many items are held to be encoded together (1 for large items: a value and its figures)."""

    __slots__ = ("_items", "_length", "flat", "batch")

    def __init__(
        self, items: Iterable, length: int | None = None, flat: bool = False, batch: int = 0
    ):
        self._items = items
        self._length = length
        self.flat = flat
        self.batch = batch or BATCH

    def __iter__(self) -> Iterator:
        return iter(self._items)

    def __len__(self) -> int:
        if self._length is None:
            raise TypeError("a Lazy array of unknown length")
        return self._length


class Later:
    """A value known only once what is written before it has been read (a total counted while
    a ``Lazy`` array is written): ``get()`` is called when its turn comes."""

    __slots__ = ("get",)

    def __init__(self, get: Callable[[], object]):
        self.get = get


def _holds_lazy(value: object) -> bool:
    return isinstance(value, Lazy) or (
        isinstance(value, dict) and any(isinstance(v, (Lazy, Later)) for v in value.values())
    )


def chunks(value: object, encoder: json.JSONEncoder, level: int = 0) -> Iterator[str]:
    """The JSON text of ``value`` in pieces, as ``encoder.encode(value)`` gives it with every
    line after the first indented ``level`` more steps (the value sits ``level`` deep in an
    indented document). A ``Lazy`` array is read and written ``BATCH`` items at a time; a
    record holding one is written a run of plain keys at a time; anything else in one piece."""
    if not _holds_lazy(value):
        yield _encoded(value, encoder, level)
        return
    if encoder.indent is None:
        separator, inner, outer = ", ", "", ""
    else:
        step = " " * int(encoder.indent)
        separator, inner, outer = ",", "\n" + step * (level + 1), "\n" + step * level
    opening, closing = ("[", "]") if isinstance(value, Lazy) else ("{", "}")
    first = True

    def members(whole: str) -> str:
        """The items of an encoded array or record as they stand inside this one: after
        the opening bracket, up to the closing one, each item led by ``inner``."""
        nonlocal first
        body = whole[1 + len(inner) : len(whole) - len(outer) - 1]
        lead = opening if first else separator
        first = False
        return lead + inner + body

    if isinstance(value, Lazy):
        batch: list = []
        flat = value.flat
        for item in value:
            if not flat and _holds_lazy(item):
                if batch:
                    yield members(_encoded(batch, encoder, level))
                    batch = []
                yield members("[" + inner + outer + "]")  # (the separator and indentation)
                yield from chunks(item, encoder, level + 1)
            else:
                batch.append(item)
                if len(batch) >= value.batch:
                    yield members(_encoded(batch, encoder, level))
                    batch = []
        if batch:
            yield members(_encoded(batch, encoder, level))
    else:
        assert isinstance(value, dict)
        plain: dict = {}
        for key, item in value.items():
            if isinstance(item, Later):
                item = item.get()  # (everything before it is written: its value is known)
            if not isinstance(item, Lazy):
                plain[key] = item
                continue
            if plain:
                yield members(_encoded(plain, encoder, level))
                plain = {}
            if not isinstance(key, str):
                raise TypeError(f"a record's keys are strings, not {type(key).__name__}")
            yield members("{" + inner + encoder.encode(key) + ": " + outer + "}")
            yield from chunks(item, encoder, level + 1)
        if plain:
            yield members(_encoded(plain, encoder, level))
    yield (opening + closing) if first else (outer + closing)


def _encoded(value: object, encoder: json.JSONEncoder, level: int) -> str:
    """``encoder.encode(value)`` with every line after the first indented ``level`` steps."""
    text = encoder.encode(value)
    if encoder.indent is not None and level:
        text = text.replace("\n", "\n" + " " * (int(encoder.indent) * level))
    return text


def encoder_for(ensure_ascii: bool, indent: int | None) -> json.JSONEncoder:
    """The encoder ``json.dumps(…, ensure_ascii=ensure_ascii, indent=indent)`` uses."""
    return json.JSONEncoder(ensure_ascii=ensure_ascii, indent=indent)
