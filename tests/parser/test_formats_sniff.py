"""Format sniffing: magic bytes decide, names and media types only break ties; bad input never raises."""

from __future__ import annotations

import os

import pytest

from reportparser.formats import extract, sniff

HTML = "<!DOCTYPE html><html><head><title>年度报告</title></head><body><div>本年新收申请3件</div></body></html>"


@pytest.mark.parametrize("data, name, media, kind", [
    (b"%PDF-1.4\n...", "report.pdf", None, "pdf"),
    (b"%PDF-1.4\n...", None, None, "pdf"),
    (b"\r\n%PDF-1.4\n...", "download", "application/octet-stream", "pdf"),   # junk before the header
    (HTML.encode(), "report.pdf", "application/pdf", "html"),                # an error page behind a .pdf URL
    (b"\xef\xbb\xbf  " + HTML.encode(), None, None, "html"),
    (b"<!-- saved from url -->\n" + HTML.encode(), "page.txt", None, "html"),
    ("<table><tr><td>1</td></tr></table>".encode(), None, None, "html"),
    ("<table><tr><td>1</td></tr></table>".encode(), "page.txt", None, "text"),  # weak markup, text name
    ("本年新收申请3件".encode("gb18030"), "report.pdf", None, "text"),
    ("本年新收申请3件".encode("utf-16"), None, None, "text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "report.wps", None, "ole2"),
    (b"PK\x03\x04garbage", "report.docx", None, "zip"),
    (b"{\\rtf1\\ansi hello}", "report.doc", None, "rtf"),
    (b"", "report.pdf", None, "empty"),
    (b" \n\t ", None, None, "empty"),
    (bytes(range(256)) * 4, "report.pdf", None, "binary"),
])
def test_sniff(data, name, media, kind):
    assert sniff(data, name, media) == kind


@pytest.mark.parametrize("data, warning", [
    (b"", "empty file: nothing to read"),
    (bytes(range(256)) * 4, "unrecognised binary data (1024 bytes, starts 0001020304050607); not read"),
])
def test_unreadable_input_is_a_warning(data, warning):
    doc = extract(data, "report.pdf")
    assert doc.text == "" and doc.tables == [] and doc.warnings == [warning]


def test_random_bytes_never_raise():
    rng = __import__("random").Random(7)
    for n in (1, 7, 100, 5000):
        for prefix in (b"", b"%PDF-1.5\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x1f\x8b"):
            data = prefix + bytes(rng.randrange(256) for _ in range(n))
            doc = extract(data, "x.bin")
            assert isinstance(doc.text, str) and isinstance(doc.warnings, list)
    doc = extract(b"{\\rtf1" + bytes(rng.randrange(256) for _ in range(300)), "x.rtf")   # one: it runs LibreOffice
    assert isinstance(doc.text, str) and isinstance(doc.warnings, list)


def test_html_behind_pdf_url_goes_to_the_html_reader():
    doc = extract(HTML.encode(), "report.pdf", "application/pdf", url="http://127.0.0.1/a.pdf")
    assert "本年新收申请3件" in doc.text
    assert doc.meta.get("media_type") == "text/html"


def test_gzip_body_is_inflated_and_sniffed():
    import gzip
    doc = extract(gzip.compress(HTML.encode()), "report")
    assert "本年新收申请3件" in doc.text
    assert doc.warnings[0] == "body was gzip-compressed; inflated"


def test_oversized_binary_is_refused_not_read(monkeypatch):
    import reportparser.formats as formats
    monkeypatch.setattr(formats, "MAX_INPUT_BYTES", 1000)
    doc = extract(b"%PDF-1.4\n" + os.urandom(2000), "big.pdf")
    assert doc.text == "" and doc.warnings == ["pdf file of 2009 bytes exceeds the 0.001 MB limit; not read"]


def test_mht_web_archive_saved_as_doc_reads_its_html_part():
    import quopri
    body = quopri.encodestring(HTML.replace("<head>", '<head><meta charset="utf-8">').encode("utf-8")).decode()
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n"
           "------=_NextPart_01\r\nContent-Location: file:///C:/report.htm\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n"
           f"{body}\r\n------=_NextPart_01--\r\n").encode("ascii")
    assert sniff(mht, "report.doc") == "mht"
    doc = extract(mht, "report.doc")
    assert "本年新收申请3件" in doc.text
    assert doc.meta["media_type"] == "multipart/related"
