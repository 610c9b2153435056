"""Turning the bytes of a file into text, or into one clear reason why it is not text."""

from __future__ import annotations

import codecs
import os
import re
import stat as stat_module
from dataclasses import dataclass, field

MAX_FILE_BYTES = 4 * 1024 * 1024  # a long news article is 100 KB; a bigger file is not one

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
    warnings: list[str] = field(default_factory=list)


def read_regular_file(
    path: os.PathLike, limit: int = MAX_FILE_BYTES
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most ``limit`` bytes. Opened without blocking, and
    checked on the open file, so that a FIFO, a device or a file that grows while it is read
    cannot hang or flood the indexer. Raises NotText or OSError."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat_module.S_ISREG(info.st_mode):
            raise NotText("not a regular file (device, FIFO or socket)")
        if info.st_size > limit:
            raise NotText(
                f"too large ({info.st_size / (1024 * 1024):.0f} MiB, limit "
                f"{limit // (1024 * 1024)} MiB)"
            )
        if info.st_size == 0:
            raise NotText("empty file")  # also what /proc and /sys files report
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise NotText(f"too large (grew past {limit // (1024 * 1024)} MiB)")
        return b"".join(chunks), info
    finally:
        os.close(fd)


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


def check_not_binary(data: bytes) -> None:
    """Raises :class:`NotText` for empty data and the files whose first bytes say what they
    are (images, archives, PDF, programs)."""
    if not data.strip():
        raise NotText("empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"binary file ({kind})")


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article file. Raises :class:`NotText` for anything that is not text."""
    check_not_binary(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise NotText(f"broken {encoding} text at byte {err.start}") from None
            return _checked(text, encoding)
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise NotText("binary file (contains NUL bytes)")
        encoding = utf16
        return _checked(data.decode(encoding), encoding)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    bad = _invalid_utf8_bytes(data)
    if bad is not None:
        decoded = _checked(data.decode("utf-8", errors="replace"), "utf-8")
        decoded.warnings.append(f"{bad} invalid UTF-8 sequence(s) replaced by U+FFFD")
        return decoded
    return _checked(*_legacy_decode(data))


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _invalid_utf8_bytes(data: bytes) -> int | None:
    """How many broken sequences a UTF-8 file holds, when it is UTF-8 with a few broken bytes
    (at least as many valid multi-byte sequences as broken ones: a legacy 8-bit text almost
    never forms a valid one); None when it looks like a legacy encoding."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    bad = len(data.decode("utf-8", errors="replace")) - len(data.decode("utf-8", errors="ignore"))
    return bad if valid and bad <= valid else None


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
