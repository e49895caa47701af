"""Attachment names as servers send them (builder/filenames.py): every Content-Disposition form ×
names of every shape, as the HTTP layer hands them on (latin-1) and as they come back from the WARC."""

from __future__ import annotations

import base64
import itertools
from urllib.parse import quote

import pytest

from builder.filenames import attachment_name, disposition_name
from gia.archive import CrawlStore, read_response

NAMES = ["洛阳市统计局2022年政府信息公开工作年度报告.pdf", "附件1：某区人民政府（办公室）2023年年报.docx",
         "2021年度报告 (修订版).doc", "某县卫生健康委员会2020年政府信息公开工作年度报告.wps", "年度.pdf"]


def wire(text: str, charset: str) -> str:
    """A header value's bytes as the HTTP layer decodes them (latin-1)."""
    return text.encode(charset).decode("latin-1")


# what a server writes for a name: form -> Content-Disposition value as received
FORMS = {
    "rfc5987 utf-8": lambda n: f"attachment; filename*=UTF-8''{quote(n)}",
    "rfc5987 utf-8 + ascii fallback": lambda n: f"attachment; filename=\"download.pdf\"; filename*=utf-8''{quote(n)}",
    "rfc5987 gbk": lambda n: f"attachment; filename*=GBK''{quote(n.encode('gbk'))}",
    "percent-encoded gbk": lambda n: f'attachment; filename="{quote(n.encode("gbk"))}"',
    "percent-encoded utf-8": lambda n: f'attachment;filename={quote(n)}',
    "raw gbk": lambda n: f'attachment; filename="{wire(n, "gbk")}"',
    "raw utf-8": lambda n: f'attachment; filename="{wire(n, "utf-8")}"',
    "rfc2047": lambda n: f'attachment; filename="=?UTF-8?B?{base64.b64encode(n.encode()).decode()}?="',
    "inline raw gbk": lambda n: f'inline;filename={wire(n, "gbk").replace(" ", "_")}',
}


@pytest.mark.parametrize("form,name", list(itertools.product(FORMS, NAMES)))
def test_every_form_gives_the_name_the_server_meant(form, name):
    expected = name.replace(" ", "_") if form == "inline raw gbk" else name
    assert attachment_name("http://h/down.do?id=1", [("Content-Disposition", FORMS[form](name))]) == expected


@pytest.mark.parametrize("value,name", [('attachment; filename="report.pdf"', "report.pdf"), ("attachment; filename=report.pdf", "report.pdf"),
                                        ('attachment; filename="a \\"b\\".pdf"', 'a "b".pdf'),
                                        ('attachment; filename="a;b.pdf"; size=3', "a;b.pdf")])
def test_plain_ascii_names(value, name):
    assert disposition_name(value) == name


@pytest.mark.parametrize("value", ["attachment", "inline", "attachment; size=12", ""])
def test_a_disposition_without_a_name_falls_back_to_the_url(value):
    assert disposition_name(value) is None
    assert attachment_name("http://h/files/W020240115.pdf?x=1", [("Content-Disposition", value)]) == "W020240115.pdf"


@pytest.mark.parametrize("name", NAMES)
def test_a_url_segment_in_either_encoding(name):
    for raw in (name.encode("gbk"), name.encode("utf-8")):
        assert attachment_name(f"http://h/files/{quote(raw)}", []) == name
    assert attachment_name("http://h/", []) == "index.html"


def test_bytes_no_charset_reads_are_kept_as_received_not_guessed():
    raw = b"\xff\xfe\x80.pdf"
    assert attachment_name("http://h/x", [("Content-Disposition", f'attachment; filename="{raw.decode("latin-1")}"')]) == raw.decode("latin-1")


@pytest.mark.parametrize("form", FORMS)
def test_the_name_survives_the_warc(form, tmp_path):
    """The header as archived (warcio writes it) and read back gives the same name."""
    name = NAMES[0]
    store = CrawlStore(tmp_path)
    store.begin_run()
    headers = [("Content-Type", "application/octet-stream"), ("Content-Disposition", FORMS[form](name))]
    row = store.record_response("http://h/down.do?id=1", 200, headers, b"%PDF-1.4 x", "s")
    store.close()
    _, back = read_response(tmp_path / "warc", row["warc_file"], row["warc_offset"])
    assert attachment_name("http://h/down.do?id=1", back) == name
