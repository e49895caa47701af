"""Fixtures for the browse tests. Small realistic archives for the browse tests: reportgen's consistent agency × year sets,
turned into stored records (id, checks, text, provenance), plus a hand-made hostile record."""

from __future__ import annotations

import copy
import hashlib

from gia.archive import Archive


def as_record(truth: dict, n: int) -> dict:
    record = copy.deepcopy(truth)
    record.setdefault("schema", 1)
    record["id"] = record.get("id") or hashlib.sha1(f"{record['agency']}|{record['year']}|{n}".encode()).hexdigest()[:12]
    record["checks"] = record.pop("expected_checks", record.get("checks", []))
    record.setdefault("warnings", [])
    record.setdefault("text", "\n".join((record.get("sections") or {}).values()))
    digest = hashlib.sha256(record["text"].encode()).hexdigest()
    record["source"] = {"url": f"http://127.0.0.1:8000/gk/{record['id']}.html", "fetched_at": "2026-11-20T08:00:00Z",
                        "sha256": digest, "media_type": "text/html",
                        "warc": {"file": "crawl-0001.warc.gz", "offset": 1024 * n, "length": 4096}}
    return {k: v for k, v in record.items() if not k.startswith("_")}


def make_archive(root, n_agencies: int = 3, years=(2019, 2020, 2021, 2022), seed: int = 5) -> list[dict]:
    from reportgen import site_truths

    archive = Archive(root)
    records = [as_record(t, n) for n, t in enumerate(site_truths(seed, n_agencies, years))]
    for record in records:
        archive.write_record(record)
    archive.write_catalog()
    return records


def hostile_record() -> dict:
    """A record whose scraped fields carry markup and a broken identity (for escaping tests)."""
    return {"schema": 1, "id": "evil0001", "title": "<script>window.__pwned=1</script>某局2020年报告",
            "agency": "某<b>局</b>", "agency_kind": "局", "level": "city", "province": "河南省", "city": "洛阳市",
            "county": None, "year": 2020, "published": "2021-01-20", "template": "2021", "script": "simplified",
            "source": {"url": "javascript:alert(1)", "fetched_at": "2026-11-20T08:00:00Z", "sha256": "0" * 64,
                       "media_type": "text/html"},
            "text": "<img src=x onerror=alert(1)>正文", "sections": {},
            "tables": {"applications": {"new": [1, 0, 0, 0, 0, 0, 1], "carried_over": [0, 0, 0, 0, 0, 0, 0],
                                        "total_handled": [2, 0, 0, 0, 0, 0, 2]}},
            "checks": [{"rule": "applications.balance", "ok": False, "where": "自然人", "detail": "1 + 0 ≠ 2"}],
            "warnings": ["table 2 <missing>: not found"]}


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def new_browse_archive(tmp_path_factory):
    """A maker of fresh archives: n agencies × 2019–2022 (both templates) plus the hostile record;
    returns (root, records)."""
    def make(n_agencies: int = 3):
        root = tmp_path_factory.mktemp("browse") / "archive"
        records = make_archive(root, n_agencies=n_agencies)
        evil = hostile_record()
        Archive(root).write_record(evil)
        return root, records + [evil]

    return make


@pytest.fixture(scope="session")
def browse_archive(new_browse_archive):
    """The shared read-only archive of the browse tests (do not modify it)."""
    return new_browse_archive()


@pytest.fixture()
def gia(capsys):
    """Run `gia ARGS…` in-process: returns (exit code, stdout, stderr)."""
    from search_cli.cli import main

    def run(*argv):
        code = main([str(a) for a in argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def build_index(root) -> None:
    """`gia index --archive ROOT`, in-process (gia serve searches only the index)."""
    from search_cli.cli import main

    assert main(["index", "--archive", str(root)]) == 0


def add_warc_original(root, record: dict, body: bytes | None = None, media_type: str = "text/html; charset=utf-8"):
    """Write a real WARC response as `record`'s archived original (by default a page with a
    script in it, which must never run) and point the record at it, with the body's sha256."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    if body is None:
        body = (f"<html><body><h1>{record['title']}</h1><script>window.__raw_ran=1</script>"
                f"<form action='http://example.invalid/'><input name=x></form></body></html>").encode()
    (root / "warc").mkdir(exist_ok=True)
    name = f"orig-{record['id']}.warc.gz"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", media_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(record["source"]["url"], "response", payload=io.BytesIO(body),
                                                  http_headers=headers))
    (root / "warc" / name).write_bytes(buf.getvalue())
    record["source"]["warc"] = {"file": name, "offset": 0, "length": len(buf.getvalue())}
    record["source"]["sha256"] = hashlib.sha256(body).hexdigest()
    Archive(root).write_record(record)
    return record


class Served:
    """A `gia serve` of an archive on a free port, in a thread (a context manager)."""

    def __init__(self, root):
        from search_cli.browse.serve import make_server

        self.server = make_server(root, "127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def served_archive(new_browse_archive):
    """An indexed archive for the gia serve tests: 3 agencies × 2019–2022, the hostile record,
    and one report with a real WARC original (read-only: do not modify it); (root, records)."""
    root, records = new_browse_archive(3)
    target = next(r for r in records if r["id"] != "evil0001" and r["year"] == 2021)
    add_warc_original(root, target)
    build_index(root)
    return root, records


@pytest.fixture(scope="session")
def served(served_archive):
    """(base URL, records) of a running gia serve over served_archive."""
    root, records = served_archive
    with Served(root) as srv:
        yield srv.base, records


@pytest.fixture(scope="session")
def serving():
    """Served, to run gia serve over an archive of a test's own: `with serving(root) as srv: srv.base`."""
    return Served


@pytest.fixture(scope="session")
def indexing():
    """build_index(root): `gia index --archive root`."""
    return build_index


@pytest.fixture(scope="session")
def warc_original():
    """add_warc_original(root, record, body=None, media_type=…): give a record a real archived original."""
    return add_warc_original
