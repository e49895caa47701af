"""Zip containers (DOCX, XLSX, ODF) read within bounds: a decompression bomb is refused, not inflated.

A 4 MB attachment can inflate to gigabytes. Every zip a reader opens goes through `open_zip`, which
checks, before any reader sees the archive: the number of members, each member's declared size,
the declared total, and the compression ratio; then it streams every member once, counting the
bytes actually inflated (a forged header can understate `file_size`), and stops at the first
member that passes a bound. After that check every later read of the archive — ours, python-docx's,
openpyxl's — is bounded by the same numbers. `read_member` reads one member with a cap of its own
(the sniffer reads `mimetype` with a few hundred bytes).
"""

from __future__ import annotations

import io
import zipfile

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 60_000_000     # one part (document.xml, a sheet) of a real report is far below this
MAX_TOTAL_BYTES = 150_000_000     # all parts together
MAX_RATIO = 200                   # inflated/compressed, for parts over RATIO_FLOOR (XML compresses ~10-30×)
RATIO_FLOOR = 2_000_000
_CHUNK = 1 << 20


class ZipBomb(ValueError):
    """A zip container that would inflate past the bounds."""


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, once proven to inflate within the bounds (raises ZipBomb, or BadZipFile)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    try:
        _check(z)
    except BaseException:
        z.close()
        raise
    return z


def _check(z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ZipBomb(f"zip container with {len(infos)} members (over {MAX_MEMBERS})")
    declared = 0
    for info in infos:
        _within(info, info.file_size)
        declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise ZipBomb(f"zip members declare {declared} bytes in all (over {MAX_TOTAL_BYTES})")
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        seen = 0
        with z.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                seen += len(chunk)
                total += len(chunk)
                _within(info, seen)
                if total > MAX_TOTAL_BYTES:
                    raise ZipBomb(f"zip members inflate past {MAX_TOTAL_BYTES} bytes in all")


def _within(info: zipfile.ZipInfo, size: int) -> None:
    if size > MAX_MEMBER_BYTES:
        raise ZipBomb(f"zip member {info.filename} inflates past {MAX_MEMBER_BYTES} bytes")
    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
        raise ZipBomb(f"zip member {info.filename} inflates {size // max(info.compress_size, 1)}× (over {MAX_RATIO}×)")


def read_member(z: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """At most `cap` bytes of one member (for sniffing: the rest is never inflated)."""
    with z.open(name) as fh:
        return fh.read(cap)
