"""Read the index as a one-word search needs it, without importing Whoosh (~25 ms a process).

A `gia-search 行政复议` process spent ~25 of its ~60 ms importing Whoosh and unpickling the
schema (which needs Whoosh's field, column, analysis and query modules), to use four things:
a term's document frequency, its posting blocks, the field lengths and ten stored records.
This module reads those from the same files, in whoosh3's formats:

* the TOC `_reports_<gen>.toc`: header, the schema (skipped, not unpickled), then the pickled
  segment list, unpickled with stand-ins for Whoosh's two segment classes (their state is
  plain data: id, document count, deleted set, field length totals);
* `<segment>.trm`: Whoosh's hash file (`filetables.HashReader`): 256 hash tables of
  (hash, position) slots, keys `field number (ushort) + term bytes`, values W3TermInfo;
* `<segment>.pst`: posting blocks, each an int length, a pickled header tuple, pickled data;
* `<segment>._<field>_len.col`: one length byte per document;
* `<segment>._stored.col`: zlib-compressed pickles, with offset and length arrays at the end.

Anything else (another TOC version, a compound segment, an unknown class or hash type)
raises `Unsupported`, and the caller uses Whoosh. tests/search/test_fastpath.py checks the
answers against Whoosh's reader (document frequency, postings, lengths, stored fields) and a
whole search against `search()`.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import sys
import zlib

_INT = struct.Struct("!i")
_TERMINFO = struct.Struct("!BfIBBfII")  # flags, weight, doc freq, min/max length byte, max weight, min/max id
_EXTENT = struct.Struct("!qi")  # postings offset, length
_SLOT = struct.Struct("!Iq")  # hash, key position
_DIR_ENTRY = struct.Struct("!qi")  # hash table position, slots
_LENGTHS = struct.Struct("!ii")  # key length, value length
_TOC_VERSION = -111  # whoosh.index._CURRENT_TOC_VERSION
POSTINGS_MAGIC = b"W3Bl"
# whoosh.util.numeric's length byte decoding table, from its formula (a test compares them)
BYTE_TO_LENGTH = [int(round((1.033 ** n - 1) * 27)) for n in range(256)]


class Unsupported(Exception):
    """Not an index this reader knows: use Whoosh."""


def _md5_hash(key: bytes) -> int:
    try:  # CPython's own md5: importing hashlib loads OpenSSL (~2 ms); the digest is the same
        from _md5 import md5
    except ImportError:
        from hashlib import md5

    return int(md5(key, usedforsecurity=False).hexdigest(), 16) & 0xFFFFFFFF


def _crc_hash(key: bytes) -> int:
    return zlib.crc32(key) & 0xFFFFFFFF


_HASHES = {0: _md5_hash, 1: _crc_hash}  # whoosh.filedb.filetables._hash_functions (2, cdb: not for bytes)


class _Segment:
    """Stand-in for whoosh.codec.whoosh3.W3Segment while unpickling the TOC."""


class _Codec:
    """Stand-in for whoosh.codec.whoosh3.W3Codec."""


class _TocUnpickler(pickle.Unpickler):
    CLASSES = {("whoosh.codec.whoosh3", "W3Segment"): _Segment, ("whoosh.codec.whoosh3", "W3Codec"): _Codec}
    PLAIN = {("builtins", "set"), ("builtins", "frozenset"), ("builtins", "int"), ("collections", "defaultdict")}

    def find_class(self, module, name):
        if (module, name) in self.CLASSES:
            return self.CLASSES[(module, name)]
        if (module, name) in self.PLAIN:
            return super().find_class(module, name)
        raise Unsupported(f"TOC holds {module}.{name}")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def read_segments(path: str) -> list:
    """The segment list of a TOC file (whoosh.index.TOC.read, without the schema)."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0
    sizes = []
    for _ in range(3):
        v, pos = _varint(data, pos)
        sizes.append(v)
    if sizes != [4, 8, 4] or _INT.unpack_from(data, pos)[0] != -12345:
        raise Unsupported("TOC written on another architecture")
    if _INT.unpack_from(data, pos + 4)[0] != _TOC_VERSION:
        raise Unsupported("another TOC version")
    pos += 8
    for _ in range(3):  # Whoosh's release
        _, pos = _varint(data, pos)
    n, pos = _varint(data, pos)  # the pickled schema: not needed
    pos += n + 8  # generation, unused
    segments = _TocUnpickler(io.BytesIO(data[pos:])).load()
    for seg in segments:
        if type(seg) is not _Segment or type(getattr(seg, "_codec", None)) is not _Codec or seg.compound:
            raise Unsupported("not a plain whoosh3 segment")
    return segments


class Segment:
    def __init__(self, folder: str, seg, offset: int):
        self.offset = offset
        self.doc_count_all = seg._doccount
        self.deleted = seg._deleted or None
        self.fieldlengths = dict(seg._fieldlengths or {})
        self._base = os.path.join(folder, f"{seg.indexname}_{seg.segid}")
        self._files: dict[str, int] = {}
        self._open_terms()

    def _fd(self, ext: str) -> int:
        fd = self._files.get(ext)
        if fd is None:
            fd = self._files[ext] = os.open(self._base + ext, os.O_RDONLY)
        return fd

    def close(self):
        for fd in self._files.values():
            os.close(fd)
        self._files.clear()

    # --- the term table --------------------------------------------------------------
    def _open_terms(self):
        fd = self._fd(".trm")
        size = os.fstat(fd).st_size
        head = os.pread(fd, 5, 0)
        if head[:4] != b"HSH3" or head[4] not in _HASHES:
            raise Unsupported("unknown term table")
        self._hash = _HASHES[head[4]]
        (exlen,) = _INT.unpack(os.pread(fd, 4, size - 4))
        expos = size - 4 - exlen
        extras = _TocUnpickler(io.BytesIO(os.pread(fd, exlen, expos))).load()
        self._fieldmap = extras["fieldmap"]
        raw = os.pread(fd, 256 * _DIR_ENTRY.size, expos - 256 * _DIR_ENTRY.size)
        self._tables = list(_DIR_ENTRY.iter_unpack(raw))

    def _term_value(self, field: str, term: bytes) -> bytes | None:
        """whoosh.filedb.filetables.HashReader.ranges_for_key, first value."""
        fnum = self._fieldmap.get(field)
        if fnum is None:
            return None
        key = struct.pack("!H", fnum) + term
        fd = self._files[".trm"]
        keyhash = self._hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        pos = start + ((keyhash >> 8) % slots) * _SLOT.size
        for _ in range(slots):
            slothash, itempos = _SLOT.unpack(os.pread(fd, _SLOT.size, pos))
            if not itempos:
                return None
            if slothash == keyhash:
                keylen, datalen = _LENGTHS.unpack(os.pread(fd, _LENGTHS.size, itempos))
                if keylen == len(key) and os.pread(fd, keylen, itempos + _LENGTHS.size) == key:
                    return os.pread(fd, datalen, itempos + _LENGTHS.size + keylen)
            pos += _SLOT.size
            if pos == start + slots * _SLOT.size:
                pos = start
        return None

    def terminfo(self, field: str, term: bytes):
        """(doc frequency, inlined postings or None, postings extent or None), or None."""
        data = self._term_value(field, term)
        if data is None:
            return None
        flags, _w, df, _mnl, _mxl, _mw, _mnid, _mxid = _TERMINFO.unpack_from(data)
        if flags:
            return df, pickle.loads(data[_TERMINFO.size:]), None
        return df, None, _EXTENT.unpack_from(data, _TERMINFO.size)

    # --- postings ----------------------------------------------------------------------
    def block_headers(self, extent) -> list[tuple]:
        """topterm's block headers of a posting list (see topterm.parse_block_headers)."""
        from indexer.topterm import parse_block_headers

        offset, length = extent
        fd = self._fd(".pst")
        if os.pread(fd, 4, offset) != POSTINGS_MAGIC:
            raise Unsupported("not a whoosh3 posting list")
        base = offset + 4
        heads = parse_block_headers(os.pread(fd, offset + length - base, base), base, BYTE_TO_LENGTH)
        if heads is None:
            raise Unsupported("unexpected posting blocks")
        return heads

    def get(self, offset: int, length: int) -> bytes:
        return os.pread(self._fd(".pst"), length, offset)

    # --- columns -----------------------------------------------------------------------
    def lengths(self, field: str) -> bytes | None:
        """One length byte per document (whoosh3's `_<field>_len` column), or None."""
        try:
            fd = self._fd(f"._{field}_len.col")
        except FileNotFoundError:
            return None
        raw = os.pread(fd, os.fstat(fd).st_size, 0)
        return raw + bytes(max(0, self.doc_count_all - len(raw)))  # past the end: the default 0

    def stored_fields(self, docnum: int) -> dict:
        """The stored fields of a document (whoosh3's `_stored` column: a PickleColumn over
        a CompressedBytesColumn, i.e. VarBytesColumn layout)."""
        fd = self._fd("._stored.col")
        if not hasattr(self, "_stored_index"):
            self._stored_index = self._read_stored_index(fd)
        offsets, lengths = self._stored_index
        length = lengths[docnum]
        if not length:
            return {}
        value = pickle.loads(zlib.decompress(os.pread(fd, length, offsets[docnum])))
        return {} if value is None else value

    def _read_stored_index(self, fd):
        from array import array

        n = self.doc_count_all
        last = os.fstat(fd).st_size - 1
        code = chr(os.pread(fd, 1, last)[0])
        offsets = None
        if code == "X":  # offsets written too
            code, off_code = (chr(b) for b in os.pread(fd, 2, last - 2))
            size = struct.calcsize(off_code)
            start = (last - 2) - n * size
            offsets = array(off_code, os.pread(fd, n * size, start))
            if sys.byteorder == "little":  # stored big-endian
                offsets.byteswap()
            last = start
        size = struct.calcsize(code)
        lengths = array(code, os.pread(fd, n * size, last - size * n))
        if sys.byteorder == "little":
            lengths.byteswap()
        if offsets is None:
            offsets, base = [], 0
            for length in lengths:
                offsets.append(base)
                base += length
        return offsets, lengths


class RawIndex:
    """The latest generation of an index folder: its segments and whole-index statistics.
    Also what `search_cli.counting` needs of a searcher (reader(), doc counts, deletions)."""

    def __init__(self, folder, indexname: str = "reports"):
        folder = os.fspath(folder)
        prefix = f"_{indexname}_"
        gens = [int(name[len(prefix):-4]) for name in os.listdir(folder)
                if name.startswith(prefix) and name.endswith(".toc") and name[len(prefix):-4].isdigit()]
        if not gens:
            raise Unsupported("no index")
        self.generation = max(gens)
        self._gia_index_dir = folder
        self.segments: list[Segment] = []
        offset = 0
        try:
            for seg in read_segments(os.path.join(folder, f"{prefix}{self.generation}.toc")):
                self.segments.append(Segment(folder, seg, offset))
                offset += seg._doccount
        except Exception as exc:  # damaged or unexpected files: the caller uses Whoosh
            self.close()
            raise exc if isinstance(exc, Unsupported) else Unsupported(f"{type(exc).__name__}: {exc}") from exc
        self._ix = self  # facetcache keys its file by self._ix.latest_generation()

    def close(self):
        for seg in self.segments:
            seg.close()

    # --- what a searcher/reader answers ------------------------------------------------------
    def reader(self):
        return self

    def latest_generation(self) -> int:
        return self.generation

    def doc_count_all(self) -> int:
        return sum(s.doc_count_all for s in self.segments)

    def doc_count(self) -> int:
        return sum(s.doc_count_all - len(s.deleted or ()) for s in self.segments)

    def has_deletions(self) -> bool:
        return any(s.deleted for s in self.segments)

    def all_doc_ids(self) -> list[int]:
        out: list[int] = []
        for s in self.segments:
            ids = range(s.offset, s.offset + s.doc_count_all)
            out.extend(sorted(set(ids).difference(d + s.offset for d in s.deleted)) if s.deleted else ids)
        return out

    def doc_frequency(self, field: str, term: str) -> int:
        """Summed over segments, deleted documents included (as Whoosh's reader counts)."""
        tbytes = term.encode("utf-8")
        return sum(info[0] for s in self.segments if (info := s.terminfo(field, tbytes)) is not None)

    def field_length(self, field: str) -> int:
        return sum(s.fieldlengths.get(field, 0) for s in self.segments)

    def stored_fields(self, docnum: int) -> dict:
        for s in self.segments:
            if docnum < s.offset + s.doc_count_all:
                return s.stored_fields(docnum - s.offset)
        raise IndexError(docnum)
