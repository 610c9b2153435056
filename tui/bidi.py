"""The Unicode Bidirectional Algorithm for one already-wrapped line, with the index map.

python-bidi's ``get_display`` returns only a string: no embedding levels, no logical→visual map,
no bracket mirroring, and combining marks land before their letter. A reading view that must
keep highlights on the right characters needs the map, so the levels are resolved here (UAX #9
rules W1–W7, N0 bracket pairs, N1–N2, I1–I2, L1, L2, plus mirroring and mark order as GNU FriBidi
does them). Text reaching this module has been sanitised: there are no explicit embedding,
override or isolate characters, so one line is one isolating run sequence.
The tests check the result against both FriBidi and python-bidi.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_MIRROR_PAIRS = (
    "()[]{}<>«»‹›⁅⁆⁽⁾₍₎≤≥≦≧≪≫⟨⟩⟪⟫⟦⟧⟮⟯⟬⟭⦃⦄⦅⦆〈〉《》「」『』【】〔〕〖〗〘〙〚〛"
    "∈∋∉∌∊∍⊂⊃⊆⊇⊏⊐⊑⊒⊢⊣≺≻≼≽≲≳⩽⩾⁌⁍﹙﹚﹛﹜﹝﹞﹤﹥（）＜＞［］｛｝｟｠｢｣"
)
MIRROR = {a: b for a, b in zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2], strict=True)}
MIRROR |= {b: a for a, b in MIRROR.items()}
_OPENING = "([{⁅⁽₍⟨⟪⟦⟮⟬⦃⦅〈《「『【〔〖〘〚﹙﹛﹝（［｛｟｢"
_CLOSING = ")]}⁆⁾₎⟩⟫⟧⟯⟭⦄⦆〉》」』】〕〗〙〛﹚﹜﹞）］｝｠｣"
OPEN_TO_CLOSE = dict(zip(_OPENING, _CLOSING, strict=True))
# U+2329/U+232A and U+3008/U+3009 are canonically equivalent brackets (BD16)
_CANONICAL_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}
_NEUTRAL = frozenset({"ON", "WS", "S", "B"})


@dataclass(frozen=True)
class VisualLine:
    text: str
    order: list[int]  # order[v] = logical index shown at visual position v


@lru_cache(maxsize=8192)
def bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


def _strong(kind: str) -> str:
    return "R" if kind in ("R", "AL", "EN", "AN") else kind


def resolve_levels(text: str, base: int) -> list[int]:
    """Embedding levels of each character of a line at paragraph level ``base`` (0 or 1)."""
    n = len(text)
    if n == 0:
        return []
    original = [bidi_class(ch) for ch in text]
    types = list(original)
    sos = "R" if base % 2 else "L"
    # W1: marks (and boundary neutrals, treated as removed by X9) take the previous type
    for i, kind in enumerate(types):
        if kind in ("NSM", "BN"):
            types[i] = types[i - 1] if i else sos
    # W2, W3
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R", "AL"):
            last_strong = kind
        elif kind == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4
    for i in range(1, n - 1):
        if types[i] == "ES" and types[i - 1] == types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] and types[i - 1] in ("EN", "AN"):
            types[i] = types[i - 1]
    # W5: European terminators next to European numbers
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6, W7
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("ES", "ET", "CS"):
            types[i] = "ON"
        elif kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[i] = "L"
    _resolve_brackets(text, original, types, base, sos)
    # N1, N2: runs of neutrals between strong types
    embedding = "R" if base % 2 else "L"
    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = _strong(types[i - 1]) if i > 0 else sos
            after = _strong(types[j]) if j < n else sos
            fill = before if before == after else embedding
            types[i:j] = [fill] * (j - i)
            i = j
        else:
            i += 1
    # I1, I2
    levels = []
    for kind in types:
        if base % 2 == 0:
            levels.append(base + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0))
        else:
            levels.append(base + (1 if kind in ("L", "EN", "AN") else 0))
    # L1: trailing white space goes back to the paragraph level
    for i in range(n - 1, -1, -1):
        if original[i] in ("WS", "S", "B", "BN"):
            levels[i] = base
        else:
            break
    return levels


def _resolve_brackets(
    text: str, original: list[str], types: list[str], base: int, sos: str
) -> None:
    """Rule N0: a bracket pair takes the direction of the strong text inside it."""
    pairs = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if types[i] != "ON":
            continue
        ch = _CANONICAL_BRACKET.get(ch, ch)
        if ch in OPEN_TO_CLOSE:
            if len(stack) == 63:
                break
            stack.append((OPEN_TO_CLOSE[ch], i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    embedding = "R" if base % 2 else "L"
    for opening, closing in sorted(pairs):
        inside = {_strong(t) for t in types[opening + 1 : closing]} & {"L", "R"}
        if not inside:
            continue
        if embedding in inside:
            direction = embedding
        else:
            context = sos
            for k in range(opening - 1, -1, -1):
                if _strong(types[k]) in ("L", "R"):
                    context = _strong(types[k])
                    break
            direction = context if context != embedding else embedding
        for index in (opening, closing):
            types[index] = direction
            k = index + 1
            while k < len(types) and original[k] == "NSM":
                types[k] = direction
                k += 1


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: logical indices in display order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    odd_levels = [level for level in levels if level % 2]
    if not odd_levels:
        return order
    lowest_odd = min(odd_levels)
    for level in range(highest, lowest_odd - 1, -1):
        v = 0
        while v < len(order):
            if levels[order[v]] >= level:
                w = v
                while w < len(order) and levels[order[w]] >= level:
                    w += 1
                order[v:w] = reversed(order[v:w])
                v = w
            else:
                v += 1
    return order


def reorder_line(text: str, base: int) -> VisualLine:
    """Visual order of one line, with mirrored glyphs in right-to-left runs and combining marks
    kept after their base letter."""
    levels = resolve_levels(text, base)
    order = visual_order(levels)
    _marks_after_base(text, order, levels)
    chars = []
    for index in order:
        ch = text[index]
        if levels[index] % 2 and ch in MIRROR:
            ch = MIRROR[ch]
        chars.append(ch)
    return VisualLine("".join(chars), order)


def _marks_after_base(text: str, order: list[int], levels: list[int]) -> None:
    if not any(bidi_class(ch) == "NSM" for ch in text):
        return
    v = 0
    while v < len(order):
        index = order[v]
        if levels[index] % 2 and bidi_class(text[index]) == "NSM":
            w = v
            while w < len(order) and bidi_class(text[order[w]]) == "NSM" and levels[order[w]] % 2:
                w += 1
            if w < len(order) and levels[order[w]] % 2:
                order[v : w + 1] = order[v : w + 1][::-1]  # base, then marks in logical order
                v = w + 1
                continue
        v += 1


LRM = "\u200e"  # a strong left-to-right character of zero width
LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"  # isolates: no bracket pairs across them
_OPEN, _CLOSE = -1, -2  # where a block's RLI and PDI go, in for_reordering_terminal's order


def _shown_with_isolates(text: str) -> str:
    """What a terminal that reorders with isolates and does not mirror (Konsole) shows of
    ``text`` from ``for_reordering_terminal(isolate=True)``: each RLI…PDI block resolved on its
    own at a right-to-left level, and the rest, where each block stands as one neutral, in
    order at a left-to-right base; None-marks (LRM, isolates) take no cell."""
    body = text[1:-1] if text[:1] == LRI and text[-1:] == PDI else text
    outer: list[str] = []
    blocks: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == RLI:
            j = body.find(PDI, i)
            if j < 0:
                return ""
            block = body[i + 1 : j]
            shown = reorder_line(block, 1)
            blocks.append("".join(block[k] for k in shown.order))  # unmirrored
            outer.append("\ufffc")  # one neutral (ON) in the outer text
            i = j + 1
        else:
            outer.append(body[i])
            i += 1
    line = "".join(outer)
    shown = reorder_line(line, 0)
    if shown.order != sorted(shown.order):
        return ""  # the outer text would be reordered: not what is meant
    parts = iter(blocks)
    return "".join(next(parts) if ch == "\ufffc" else ch for ch in line if ch != LRM)


_NUMBER = frozenset({"EN", "AN"})
_NUMBER_JOINERS = frozenset({"CS", "ES", "ET"})


def for_reordering_terminal(
    visual: str,
    mirrors: bool = True,
    verify: bool = True,
    absorb_numbers: bool = False,
    isolate: bool = False,
) -> tuple[str, list[int | None]] | None:
    """What to send a terminal that reorders each line itself, with a left-to-right base
    direction (VTE in its default mode, Konsole, mlterm once the line starts with an LRM), so
    that it *shows* ``visual``: each right-to-left block of the visual line is sent back in the
    order the terminal will reverse (numbers inside it kept as they are), an LRM keeps a number
    that follows a block out of it, and the line starts with an LRM (so that a terminal that
    guesses the direction from the first letter guesses left-to-right) and ends with one (so
    that what follows it on the terminal's row, another pane's '$80B', is not drawn into it).
    Returns the text and, for each of its characters, the index in ``visual`` it shows (None
    for an LRM); None when the result, checked with the same algorithm the terminals use, would
    not be ``visual``. ``mirrors``: the terminal mirrors brackets in right-to-left runs, as
    FriBidi does (Konsole does not: there they are sent as they are to be seen).
    ``absorb_numbers``: a number just left of a block is sent inside it (tried when the plain
    encoding does not show ``visual``). ``isolate``: each reversed block is sent inside RLI…PDI
    and the line inside LRI…PDI, so that no bracket pairs (UBA rule N0) with one outside its
    block or outside the line (another pane's, on the same terminal row): Konsole resolves the
    whole row with bracket pairs and mirrors nothing, so a bracket in a block whose partner is
    outside it cannot be shown otherwise (checked in Konsole 22.12 under Xvfb)."""
    classes = [bidi_class(ch) for ch in visual]
    rtl = [kind in ("R", "AL") for kind in classes]
    if not any(rtl):
        return visual, list(range(len(visual)))
    order: list[int | None] = [None]
    reversed_at: set[int] = set()
    inside: set[int] = set()
    i, n = 0, len(visual)
    starts = set()  # where blocks start: at a right-to-left letter, or at the number just
    # left of one ('٢ﻻ': an Arabic-Indic digit is drawn into the block by the terminal anyway)
    for index, is_rtl in enumerate(rtl):
        if is_rtl and (index == 0 or not rtl[index - 1]):
            first = index
            if absorb_numbers:
                while first > 0 and (
                    classes[first - 1] in _NUMBER or classes[first - 1] in _NUMBER_JOINERS
                ):
                    first -= 1
                while first < index and classes[first] not in _NUMBER:
                    first += 1  # (not a separator alone)
            starts.add(first)
    while i < n:
        if i not in starts:
            order.append(i)
            i += 1
            continue
        last, k = i, i + 1
        while k < n and classes[k] != "L":
            if rtl[k]:
                last = k
            k += 1
        while last + 1 < n and classes[last + 1] == "NSM":
            last += 1  # the marks of the block's last letter
        runs: list[list[int]] = []  # units kept in order: a number, a letter with its marks
        for index in range(i, last + 1):
            inside.add(index)
            number = (
                classes[index] in _NUMBER
                or (
                    classes[index] in _NUMBER_JOINERS
                    and 0 < index < n - 1
                    and classes[index - 1] in _NUMBER
                    and classes[index + 1] in _NUMBER
                )
                # '87%' (Hebrew writes the sign after the digits): read with its number (W5)
                or (classes[index] == "ET" and index > 0 and classes[index - 1] in _NUMBER)
            )
            if classes[index] == "NSM" and runs:
                runs[-1].append(index)
                reversed_at.add(index)
            elif number and runs and runs[-1][0] not in reversed_at:
                runs[-1].append(index)
            elif number:
                runs.append([index])
            else:
                runs.append([index])
                reversed_at.add(index)
        if isolate:
            order.append(_OPEN)
        for run in reversed(runs):
            order.extend(run)
        if isolate:
            order.append(_CLOSE)
        i = last + 1
    chars: list[str] = []
    source: list[int | None] = []
    last_strong = "L"
    for entry in order:
        if entry in (_OPEN, _CLOSE):
            chars.append(RLI if entry == _OPEN else PDI)
            source.append(None)
            continue
        if entry is None:
            chars.append(LRM)
            source.append(None)
            last_strong = "L"
            continue
        index = entry
        ch = visual[index]
        kind = classes[index]
        if kind in _NUMBER and last_strong in ("R", "AL") and index not in inside:
            if not (source and source[-1] is not None and classes[source[-1]] in _NUMBER):
                chars.append(LRM)  # 'مليار 75' at a line's right end: keep 75 out of the block
                source.append(None)
                last_strong = "L"
        if kind in ("L", "R", "AL"):
            last_strong = kind
        chars.append(MIRROR.get(ch, ch) if mirrors and index in reversed_at else ch)
        source.append(index)
    chars.append(LRM)  # what follows on the terminal's row (another pane: '$80B') stays out
    source.append(None)
    if isolate:
        chars, source = [LRI, *chars, PDI], [None, *source, None]
        text = "".join(chars)
        if verify and _shown_with_isolates(text) != visual:
            return None
        return text, source
    text = "".join(chars)
    shown = reorder_line(text, 0)
    seen = "".join(ch for ch in shown.text if ch != LRM)
    if not mirrors:  # what a terminal that does not mirror shows
        seen = "".join(text[i] for i in shown.order if text[i] != LRM)
    if verify and seen != visual:
        return None
    return text, source
