"""Compact Whoosh postings (issue 17: the index on disk): the W3 codec's files, term infos,
columns and stored fields, with each posting block written as arrays instead of a pickle.

Whoosh 2.7's W3 codec pickles a block of postings (document ids, weights and values as Python
tuples), deflates it, and puts a pickled header and a magic tag before it: about 110 bytes for a
word found in one article, 15 a posting for common words. Here a block is a header of varints
(its size and whether it is the term's last, its posting count and last id), its highest weight
as a 32-bit float and the W3 block's compression flag and length bytes, then its data: id gaps
and value lengths as unsigned 32-bit integers, weights as 32-bit floats (one for the block when
they are all equal, none when all are 1.0), values concatenated; deflated when that is shorter.
Matchers read a block with C routines (``zlib``, ``array``, ``itertools.accumulate``) as they
read the pickle. ``CompactPositions`` stores a posting's positions as varint gaps rather than
a pickled list; stored fields are deflated at zlib's best level with a preset dictionary
(``DictionaryBytesColumn``). A segment keeps the codec that wrote it (Whoosh pickles it in the
table of contents), so segments of W3's codec and this one are read side by side (the catalog's
schema version says which layout this codec's segments have: an older one is rebuilt).
"""

from __future__ import annotations

import pickle
import struct
import sys
import zlib
from array import array
from contextlib import contextmanager
from itertools import accumulate

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PerDocReader,
    W3PerDocWriter,
    W3PostingsWriter,
    W3TermsReader,
    _lenfield,
)
from whoosh.columns import Column, ColumnReader, ColumnWriter, PickleColumn, VarBytesColumn
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.formats import Positions
from whoosh.system import emptybytes
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool

_LITTLE = sys.byteorder == "little"
assert array("I").itemsize == 4 and array("f").itemsize == 4  # (every platform Python runs on)
_FLOAT = struct.Struct("<f")
_HEADER_BYTES = 32  # read to parse a block's header (at most 5 + 5 + 5 + 4 + 3 bytes)
_MIN_DEFLATE = 64  # a block's data shorter than this is stored as is
_ALL_ONE, _ALL_SAME, _EACH = 0, 1, 2  # how a block's weights are stored


def _varint(number: int, out: bytearray) -> None:
    while number >= 0x80:
        out.append((number & 0x7F) | 0x80)
        number >>= 7
    out.append(number)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    number = shift = 0
    while True:
        byte = data[at]
        at += 1
        number |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return number, at
        shift += 7


def _packed(typecode: str, values) -> bytes:
    numbers = array(typecode, values)
    if not _LITTLE:
        numbers.byteswap()
    return numbers.tobytes()


def _unpacked(typecode: str, data: bytes) -> array:
    numbers = array(typecode)
    numbers.frombytes(data)
    if not _LITTLE:
        numbers.byteswap()
    return numbers


def encode_positions(positions) -> bytes:
    """A posting's positions (ascending) as varint gaps."""
    out = bytearray()
    base = 0
    for position in positions:  # (_varint inlined: this runs on every posting at index time)
        gap = position - base
        base = position
        while gap >= 0x80:
            out.append((gap & 0x7F) | 0x80)
            gap >>= 7
        out.append(gap)
    return bytes(out)


class CompactPositions(Positions):
    """Whoosh's ``Positions`` format (phrase search), a posting's positions as varint gaps."""

    def encode(self, poslist):
        return encode_positions(poslist)

    def decode_positions(self, valuestring):
        positions = []
        position = number = shift = 0
        for byte in valuestring:
            number |= (byte & 0x7F) << shift
            if byte & 0x80:
                shift += 7
                continue
            position += number
            positions.append(position)
            number = shift = 0
        return positions

    def decode_frequency(self, valuestring):
        return sum(1 for byte in valuestring if not byte & 0x80)

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost


class DictionaryBytesColumn(Column):
    """Byte strings each deflated at zlib's best level with a preset dictionary: the first
    ``SAMPLE`` documents' values (their first ``32 KB / SAMPLE`` bytes each), kept once at the
    column's start. Articles share their language's words, phrases and pickled keys, which a
    value deflated on its own has to spell out again: the bench's stored text takes 25% less
    than deflated alone, and a document still reads alone (one ``decompress``, as fast)."""

    SAMPLE = 16
    DICTIONARY = 32 * 1024  # (zlib's window: a longer dictionary is not seen)

    def writer(self, dbfile):
        return self.Writer(dbfile)

    def reader(self, dbfile, basepos, length, doccount):
        return self.Reader(dbfile, basepos, length, doccount)

    class Writer(ColumnWriter):
        def __init__(self, dbfile):
            super().__init__(dbfile)
            self._pending: list[tuple[int, bytes]] | None = []
            self._zdict = b""
            self._values = VarBytesColumn().writer(dbfile)

        def _start(self) -> None:
            """The dictionary made from the values held, written, then those values."""
            pending, self._pending = self._pending or [], None
            size = DictionaryBytesColumn.DICTIONARY
            share = size // max(1, len(pending))
            self._zdict = b"".join(v[:share] for _, v in pending)[-size:]
            self._dbfile.write(struct.pack("<I", len(self._zdict)) + self._zdict)
            for docnum, value in pending:
                self._write(docnum, value)

        def _write(self, docnum: int, value: bytes) -> None:
            if self._zdict:
                packer = zlib.compressobj(9, zdict=self._zdict)
                value = packer.compress(value) + packer.flush()
            else:
                value = zlib.compress(value, 9)
            self._values.add(docnum, value)

        def add(self, docnum, value):
            if self._pending is None:
                self._write(docnum, value)
                return
            self._pending.append((docnum, value))
            if len(self._pending) >= DictionaryBytesColumn.SAMPLE:
                self._start()

        def finish(self, doccount):
            if self._pending is not None:
                self._start()
            self._values.finish(doccount)

    class Reader(ColumnReader):
        def __init__(self, dbfile, basepos, length, doccount):
            super().__init__(dbfile, basepos, length, doccount)
            size = struct.unpack("<I", dbfile.get(basepos, 4))[0]
            self._zdict = dbfile.get(basepos + 4, size)
            skip = 4 + size
            self._values = VarBytesColumn.Reader(dbfile, basepos + skip, length - skip, doccount)

        def __getitem__(self, docnum):
            value = self._values[docnum]
            if not value:
                return value
            if not self._zdict:
                return zlib.decompress(value)
            unpacker = zlib.decompressobj(zdict=self._zdict)
            return unpacker.decompress(value) + unpacker.flush()

        def __iter__(self):
            for docnum in range(self._doccount):
                yield self[docnum]

        def load(self):
            return list(self)


# stored fields: deflated with a dictionary of the segment's first documents (above)
_STORED_COLUMN = PickleColumn(DictionaryBytesColumn())


class CompactCodec(W3Codec):
    """The W3 codec with compact posting blocks (see the module's note) and stored fields
    deflated with a dictionary (``DictionaryBytesColumn``)."""

    def per_document_writer(self, storage, segment):
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _PerDocReader(storage, segment)

    def __init__(self, blocklimit: int = 128, compression: int = 6, inlinelimit: int = 1):
        super().__init__(blocklimit, compression, inlinelimit)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors (no field of factdesk's has them): as W3 writes them
            return super().postings_writer(dbfile, byteids)
        return CompactPostingsWriter(
            dbfile, self._blocklimit, compression=self._compression, inlinelimit=self._inlinelimit
        )

    def terms_reader(self, storage, segment):
        filename = segment.make_filename(self.TERMS_EXT)
        return _TermsReader(
            self,
            storage.open_file(filename),
            storage.file_length(filename),
            segment.open_file(storage, self.POSTS_EXT),
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class _TermsReader(W3TermsReader):
    """W3's term dictionary, its ordered lookups searched with ``_SortedKeys``."""

    def __init__(self, codec, dbfile, length, postfile):  # as W3TermsReader's
        self._codec = codec
        self._dbfile = dbfile
        self._tindex = _SortedKeys(dbfile, length)
        self._fieldmap = self._tindex.extras["fieldmap"]
        self._postfile = postfile
        self._fieldunmap = [None] * len(self._fieldmap)
        for fieldname, num in self._fieldmap.items():
            self._fieldunmap[num] = fieldname


class _SortedKeys(OrderedHashReader):
    """Whoosh's ordered hash file, whose ``closest_key_pos`` (the first key at or after a
    given one: a prefix's or a misspelling's words, each step of a fuzzy word's automaton)
    is a binary search over every key of the segment, each probe three file reads (without
    mmap: a fuzzy word took 5,000 reads over ten fields). Here the array of key positions is
    read once, and the keys at the probed places are kept: the first levels of every search
    are the same places. The same answers: the same search over the same keys."""

    KEPT_KEYS = 1 << 15  # probed keys kept (the first 15 levels of the search: all of them)

    def _read_extras(self) -> None:
        super()._read_extras()
        self._positions: array | None = None
        self._probed: dict[int, bytes] = {}
        self.found: dict[bytes, list] | None = None  # see ``lookups_remembered``

    def ranges_for_key(self, key):
        found = self.found
        if found is None:
            return super().ranges_for_key(key)
        ranges = found.get(key)
        if ranges is None:
            ranges = found[key] = list(super().ranges_for_key(key))
        return iter(ranges)

    def _position_array(self) -> array:
        if self._positions is None:
            typecode = self.extras["indextype"]
            positions = array(typecode)
            if positions.itemsize != self.indexsize:  # (no platform Python runs on)
                raise ValueError(f"index type {typecode!r}: {positions.itemsize} bytes")
            positions.frombytes(self.dbfile.get(self.indexbase, self.indexlen * self.indexsize))
            if _LITTLE and positions.itemsize > 1:
                positions.byteswap()  # (Whoosh writes them big-endian)
            self._positions = positions
        return self._positions

    def closest_key_pos(self, key):
        if not isinstance(key, bytes):
            raise TypeError(f"Key {key!r} should be bytes")
        positions = self._position_array()
        probed, key_at = self._probed, self.key_at
        lo, hi = 0, len(positions)
        while lo < hi:
            mid = (lo + hi) // 2
            midkey = probed.get(mid)
            if midkey is None:
                midkey = key_at(positions[mid])
                if len(probed) < self.KEPT_KEYS:
                    probed[mid] = midkey
            if midkey < key:
                lo = mid + 1
            else:
                hi = mid
        return None if lo == len(positions) else positions[lo]


@contextmanager
def lookups_remembered(searcher):
    """While a search runs, each term's place in the term dictionaries is looked up once:
    Whoosh looks a query's term up two to four times (is it there, its document frequency for
    the tree of matchers, its postings), each time hashing it and reading the hash table's
    slots from the file. Forgotten once the search ends: the dictionary may change with the
    next generation, and a repeated query is not made cheaper than a new one."""
    files = [
        keys
        for reader, _ in searcher.reader().leaf_readers()
        if isinstance(
            keys := getattr(getattr(reader, "_terms", None), "_tindex", None), _SortedKeys
        )
    ]
    for keys in files:
        keys.found = {}
    try:
        yield
    finally:
        for keys in files:
            keys.found = None


class _PerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        super()._create_column(fieldname, _STORED_COLUMN if fieldname == "_stored" else column)


class _PerDocReader(W3PerDocReader):
    def stored_fields(self, docnum):
        stored = self._cached_reader("_stored", _STORED_COLUMN)[docnum]
        return {} if stored is None else stored


class _FieldWriter(W3FieldWriter):
    """W3's field writer, given each field's document lengths as one array (read once) rather
    than one column read per posting as the segment is written."""

    def add_postings(self, schema, lengths, items):
        super().add_postings(schema, _Lengths(lengths) if lengths else lengths, items)


class _Lengths:
    """``doc_field_length`` of a segment being written, as W3's per-document reader gives it
    (the length a posting is filed with), a field's column read into memory at its first
    posting (one byte a document)."""

    def __init__(self, perdoc) -> None:
        self._perdoc = perdoc
        self._fields: dict[str, array | None] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        if fieldname in self._fields:
            lengths = self._fields[fieldname]
        else:
            reader = self._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = self._fields[fieldname] = None if reader is None else reader.load()
        if lengths is None:
            return default
        if docnum > len(lengths):
            raise IndexError(f"Asked for docnum {docnum!r} of {len(lengths)}")
        lbyte = lengths[docnum] if docnum < len(lengths) else 0  # (the column's default)
        return byte_to_length(lbyte) if lbyte else None


def compact_writer(ix, limitmb: int):
    """A writer of ``ix`` with this codec and ``_Pool``'s sorting of postings."""
    writer = ix.writer(limitmb=limitmb, codec=CompactCodec())
    # (whoosh-reloaded 2.7's SegmentWriter takes no pool class: its pool, empty yet, replaced)
    writer.pool = _Pool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    return writer


_RUN_BATCH = 4096  # postings pickled together in a run file


class _Pool(PostingPool):
    """Whoosh's pool of postings (sorted in memory, spilled to run files past ``limitmb`` and
    merged), each run written as pickled lists of postings rather than one pickle call per
    posting, and its size counted as Whoosh counts it without the type checks: the same
    postings in the same order, for a fraction of the writing process's time."""

    def add(self, item):
        # item = (fieldname, tbytes, docnum, weight, vbytes); the size is PostingPool.add's
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or "")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f, items):
        batch = []
        for item in items:
            batch.append(item)
            if len(batch) >= _RUN_BATCH:
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
                batch = []
        if batch:
            pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                yield from pickle.load(f)
        except EOFError:
            return
        finally:
            f.close()
            self._remove_run(path)


class CompactPostingsWriter(W3PostingsWriter):
    def add_posting(self, id_, weight, vbytes, length=None):
        # W3PostingsWriter.add_posting without its type checks (this runs on every posting)
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            minlength = self._minlength
            if minlength is None or length < minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _write_block(self, last=False):
        self._terminfo.add_block(self)
        ids, weights, values = self._ids, self._weights, self._values
        data = bytearray(_packed("I", (b - a for a, b in zip((0, *ids), ids, strict=False))))
        first = weights[0]
        if all(w == 1.0 for w in weights):
            data.append(_ALL_ONE)
        elif all(w == first for w in weights):
            data.append(_ALL_SAME)
            data += _FLOAT.pack(first)
        else:
            data.append(_EACH)
            data += _packed("f", weights)
        fixed = self._format.fixed_value_size()
        if fixed is None or fixed < 0:
            data += _packed("I", (len(v) for v in values))
            data += emptybytes.join(values)
        elif fixed > 0:
            data += emptybytes.join(values)
        compressed = 0
        if self._compression and len(data) >= _MIN_DEFLATE:
            deflated = zlib.compress(bytes(data), self._compression)
            if len(deflated) < len(data):
                data, compressed = bytearray(deflated), 1
        body = bytearray()
        _varint(len(ids), body)
        _varint(ids[-1], body)
        body += _FLOAT.pack(self._maxweight)
        body += bytes(
            (compressed, length_to_byte(self._minlength), length_to_byte(self._maxlength))
        )
        body += data
        head = bytearray()
        _varint(len(body) << 1 | bool(last), head)
        self._postfile.write(bytes(head + body))
        self._blockcount += 1
        self._new_block()


def _block_header(data: bytes, at: int) -> tuple:
    """A compact block's header at ``at``: whether it is the term's last block, where the next
    one starts, its posting count, last id, highest weight, compression flag, shortest and
    longest length bytes, and where its data starts (the offsets from ``at``)."""
    size, body = _read_varint(data, at)  # the block's size, then its body
    count, end = _read_varint(data, body)
    last_id, end = _read_varint(data, end)
    (highest,) = _FLOAT.unpack_from(data, end)
    compressed, shortest, longest = data[end + 4], data[end + 5], data[end + 6]
    following = body - at + (size >> 1)
    return (
        bool(size & 1), following, count, last_id, highest, compressed, shortest, longest,
        end + 7 - at,
    )  # fmt: skip


def _ids_and_weights(data: bytes, count: int) -> tuple[tuple, array, int]:
    """A compact block's document ids and weights, and where its values start."""
    at = 4 * count
    ids = tuple(accumulate(_unpacked("I", data[:at])))
    kind = data[at]
    at += 1
    if kind == _ALL_ONE:
        weights = array("f", [1.0]) * count
    elif kind == _ALL_SAME:
        weights = array("f", [_FLOAT.unpack_from(data, at)[0]]) * count
        at += 4
    else:
        weights = _unpacked("f", data[at : at + 4 * count])
        at += 4 * count
    return ids, weights, at


class CompactLeafMatcher(W3LeafMatcher):
    def _read_header(self):
        self._baseoffset = self._startoffset  # no magic tag before the first block

    def _goto(self, position):
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        self._blockstart = position
        head = self._postfile.get(position, _HEADER_BYTES)
        header = _block_header(head, 0)
        self._lastblock, end, self._blocklength, self._maxid, self._maxweight = header[:5]
        self._compression, shortest, longest, start = header[5:]
        self._nextoffset = position + end
        self._minlength = byte_to_length(shortest)
        self._maxlength = byte_to_length(longest)
        self._dataoffset = position + start

    def _block_bytes(self) -> bytes:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        return zlib.decompress(data) if self._compression else data

    def _read_data(self):
        data = self._block_bytes()
        count = self._blocklength
        ids, weights, at = _ids_and_weights(data, count)
        fixed = self._fixedsize
        values: tuple
        if fixed is None or fixed < 0:
            ends = list(
                accumulate(_unpacked("I", data[at : at + 4 * count]), initial=at + 4 * count)
            )
            values = tuple(data[a:b] for a, b in zip(ends, ends[1:], strict=False))
        elif fixed == 0:
            values = (None,) * count
        else:
            values = tuple(data[at + i * fixed : at + (i + 1) * fixed] for i in range(count))
        self._data = (ids, weights, values)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = self._data[0]

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = self._data[1]

    def _read_values(self):
        if self._data is None:
            self._read_data()
        self._values = self._data[2]

    def blocks(self):
        """The document ids and weights of the postings left, a block at a time (not their
        values: a body's positions are never decoded), as arrays; the blocks left are read
        from the file at once. The matcher is used up."""
        if not self.is_active():
            return
        start, skip = self._blockstart, self._i
        length = self._length  # the term's postings in bytes (a 1-tuple as W3TermInfo reads it)
        length = length[0] if isinstance(length, tuple) else length
        data = self._postfile.get(start, self._startoffset + length - start)
        at, last = 0, False
        while not last:
            last, end, count, _, _, compressed, _, _, begin = _block_header(data, at)
            block = data[at + begin : at + end]
            ids, weights, _ = _ids_and_weights(
                zlib.decompress(block) if compressed else block, count
            )
            yield (ids[skip:], weights[skip:]) if skip else (ids, weights)
            at, skip = at + end, 0
        if at != len(data):
            raise ValueError(
                f"postings of {self._term!r}: {len(data) - at} bytes after the last block"
            )
        self._atend = True
