"""WARC files of the archive: the one writer and the one reader of raw responses.

    ARCHIVE/warc/<run>-<n>.warc.gz        every fetched response, one gzip member per record
    ARCHIVE/warc/<run>-<n>.warc.gz.open   the file a running crawl is appending to

Each file opens with a `warcinfo` record (software, format, the run and what the crawl was of),
and each `response` is followed by the `request` that fetched it (WARC-Concurrent-To the
response), as archivists' tools (pywb, ReplayWeb.page, warcio's indexer) expect. Responses carry
a SHA-256 WARC-Payload-Digest (the digest gia keeps for every body elsewhere too) beside warcio's
block digest.

Crash safety (kill -9 at any moment): a record is appended and flushed before anything that points
to it is committed elsewhere, and `recover()` truncates an `.open` file to its last complete record
and renames it, so a reader never sees half a record. Records are read back by (file, offset) —
the address the crawl state and every JSON record's `source.warc` keep.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zlib
from urllib.parse import urlsplit
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_ROTATE_BYTES = 256 * 1024 * 1024
OPEN_SUFFIX = ".open"
# Scrapy hands us the decoded body (gzip/chunked undone), so the archived headers must not claim an
# encoding the payload no longer has; Content-Length is rewritten to the stored payload's length.
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
# warcio builds and serialises each record (uncompressed, into a reused buffer); the gzip member
# around it is ours, at zlib's default level 6 instead of warcio's fixed 9 (2.3x faster, +1.7 % size).
# One member per record, as warcio writes, so `warcio check`, pywb and ArchiveIterator read it alike.
GZIP_LEVEL = 6


class WarcRecordMissing(FileNotFoundError):
    """No WARC record at the address a record or the crawl state names."""


def warc_path(warc_dir: str | os.PathLike, name: str) -> Path:
    """The file a WARC name refers to: the closed file, else the one still being written."""
    path = Path(warc_dir) / Path(str(name)).name   # a name, never a path out of warc/
    if not path.exists():
        open_path = path.with_name(path.name + OPEN_SUFFIX)
        if open_path.exists():
            return open_path
    return path


def read_response(warc_dir: str | os.PathLike, name: str, offset: int) -> tuple[bytes, list[tuple[str, str]]]:
    """(payload, HTTP headers) of the archived response at `name`:`offset` (no network).

    Anything but a WARC response record there (a missing file, an offset past the end, bytes warcio
    would read as some other kind of record) is WarcRecordMissing, never another record's bytes."""
    from warcio.exceptions import ArchiveLoadFailed

    path = warc_path(warc_dir, name)
    try:
        with open(path, "rb") as fh:
            fh.seek(int(offset))
            for record in ArchiveIterator(fh):
                if record.format != "warc" or record.rec_type != "response":
                    break
                headers = list(record.http_headers.headers) if record.http_headers else []
                return record.content_stream().read(), headers
    except (OSError, ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        raise WarcRecordMissing(f"no readable WARC record at {name}:{offset} ({exc})") from None
    raise WarcRecordMissing(f"no WARC response record at {name}:{offset}")


def recover(warc_dir: str | os.PathLike) -> list[str]:
    """Close WARC files a killed crawl left open: keep every complete record, drop a torn tail.
    A file a live writer holds (its flock: the workers of a shared crawl write side by side) is left alone."""
    import fcntl

    fixed = []
    for path in sorted(Path(warc_dir).glob("*.warc.gz" + OPEN_SUFFIX)):
        try:
            held = open(path, "r+b")
        except FileNotFoundError:   # its writer closed it meanwhile
            continue
        with held:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            if not path.exists() or os.stat(path).st_ino != os.fstat(held.fileno()).st_ino:
                continue   # closed and renamed by its writer while we waited for it
            fixed += _recover_one(path)
    return fixed


def _recover_one(path: Path) -> list[str]:
    good, holds_data = 0, False
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                record.content_stream().read()
                good = it.get_record_offset() + it.get_record_length()
                holds_data = holds_data or record.rec_type != "warcinfo"
    except Exception:  # noqa: BLE001 - warcio raises many kinds on a torn gzip member; it ends the good part
        pass
    with open(path, "r+b") as fh:
        fh.truncate(good)
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    if holds_data:   # a file with nothing but its warcinfo record archived nothing
        os.replace(path, final)
    else:
        path.unlink()
    return [final.name]


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest value in SHA-256, in the base32 form WARC tools write and check."""
    return "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode("ascii")


class WarcWriter:
    """Appends response records to rotating `<run>-<n>.warc.gz` files (not thread-safe: callers lock).

    `info` goes into each file's warcinfo record (e.g. {"description": "registry sites.toml"})."""

    def __init__(self, warc_dir: str | os.PathLike, run: str, info: dict | None = None):
        self.warc_dir = Path(warc_dir)
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.run = run
        self.info = dict(info or {})
        self._fh = None
        self._name: str | None = None
        self._seq = 0
        self._buffer = io.BytesIO()
        self._writer = WARCWriter(self._buffer, gzip=False)

    def _gzip_member(self, record) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.write_record(record)
        packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        return packer.compress(self._buffer.getbuffer()) + packer.flush()

    def _open(self) -> None:
        if self._fh is None or self._fh.tell() > WARC_ROTATE_BYTES:
            self.close()
            self._seq += 1
            self._name = f"{self.run}-{self._seq:05d}.warc.gz"
            self._fh = open(self.warc_dir / (self._name + OPEN_SUFFIX), "ab")
            import fcntl

            fcntl.flock(self._fh, fcntl.LOCK_EX)   # held while it is written: recover() leaves it alone
            if self._fh.tell() == 0:
                self._fh.write(self._gzip_member(self._warcinfo()))
                self._fh.flush()

    def _warcinfo(self):
        from gia import __version__
        info = {"software": f"gia/{__version__} (warcio)", "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "isPartOf": f"gia crawl run {self.run}", **self.info}
        return self._writer.create_warcinfo_record(self._name, info)

    def write_response(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes,
                       request: tuple[str, list[tuple[str, str]], bytes] | None = None) -> dict:
        """Append one response, then the request (method, headers, body) that fetched it, if given.

        Returns the response's address {"warc_file", "warc_offset", "warc_length", "sha256"}: the
        length covers the response record only, so a reader at the offset reads the response."""
        self._open()
        http_headers = [(k, v) for k, v in headers if k.lower() not in _DROP_HEADERS]
        http_headers.append(("Content-Length", str(len(body))))
        sh = StatusAndHeaders(f"{status} OK" if status == 200 else str(status), http_headers, protocol="HTTP/1.1")
        # the length given, warcio keeps the digest we set (without one it recomputes all in SHA-1)
        rec = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=sh,
                                              warc_headers_dict={"WARC-Payload-Digest": payload_digest(body)})
        offset = self._fh.tell()
        self._fh.write(self._gzip_member(rec))
        length = self._fh.tell() - offset
        if request is not None:
            self._fh.write(self._gzip_member(self._request_record(url, request, rec.rec_headers)))
        self._fh.flush()
        return {"warc_file": self._name, "warc_offset": offset, "warc_length": length,
                "sha256": hashlib.sha256(body).hexdigest()}

    def _request_record(self, url: str, request: tuple[str, list[tuple[str, str]], bytes], response_headers):
        method, headers, body = request
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        names = {k.lower() for k, _v in headers}
        lines = list(headers) + ([] if "host" in names else [("Host", parts.netloc)])
        sh = StatusAndHeaders(f"{method} {target} HTTP/1.1", lines, is_http_request=True)
        return self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(body or b""), http_headers=sh,
            warc_headers_dict={"WARC-Concurrent-To": response_headers.get_header("WARC-Record-ID"),
                               "WARC-Date": response_headers.get_header("WARC-Date")})

    def close(self) -> None:
        if self._fh is not None:   # renamed while still locked, so recover() never takes a file being closed
            os.replace(self.warc_dir / (self._name + OPEN_SUFFIX), self.warc_dir / self._name)
            self._fh.close()
            self._fh = None
