"""Turning the bytes of a file into text, or into one clear reason why it is not text."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

MAX_FILE_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"PK\x03\x04", "zip archive"),
    (b"%PDF", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
)


# Legacy 8-bit encodings of the languages factdesk reads: Western European (French, English),
# Arabic and Hebrew. Restricting the guess keeps French Latin-1 from being read as Baltic.
LEGACY_ENCODINGS = ("cp1252", "iso8859_15", "cp1256", "iso8859_6", "cp1255", "iso8859_8")


class NotText(ValueError):
    """The file is not an article we can read; the message says why in one line."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _control_ratio(text: str) -> float:
    """Share of control characters (other than white space and ESC) in the first 64K."""
    if not text:
        return 0.0
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte for Latin script."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > half * 0.3:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _control_ratio(text) < 0.01:
                return encoding
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article file. Raises :class:`NotText` for anything that is not text."""
    if not data.strip():
        raise NotText("empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"binary file ({kind})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise NotText(f"broken {encoding} text at byte {err.start}") from None
            return _checked(text, encoding)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise NotText("binary file (contains NUL bytes)")
        return _checked(data.decode(encoding), encoding)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _checked(*_legacy_decode(data))


def _legacy_decode(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000], cp_isolation=list(LEGACY_ENCODINGS)).best()
    candidates = [best.encoding] if best is not None else []
    candidates += ["cp1252", "latin-1"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _checked(text: str, encoding: str) -> Decoded:
    if not text.strip():
        raise NotText("empty file (only white space)")
    if _control_ratio(text) > 0.05:
        raise NotText("binary file (too many control characters)")
    return Decoded(text, encoding)
