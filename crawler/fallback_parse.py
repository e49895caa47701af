"""A minimal record maker used only while `reportparser.parse_bytes` is unavailable or fails.

It extracts plain text (HTML, PDF, DOCX) and fills the contract's fields it can know from the
text alone; tables stay empty and a warning says so. The real parser replaces it as soon as it
can be imported (crawler/build.py picks whichever exists).
"""

from __future__ import annotations

import hashlib
import io
import re

from crawler.titles import split_title, to_simplified

SECTION_HEADS = {"overview": "总体情况", "active": "主动公开", "applications": "收到和处理政府信息公开申请",
                 "review_litigation": "行政复议、行政诉讼", "problems": "存在的主要问题", "other": "其他需要报告"}


def sniff(data: bytes, filename: str | None, media_type: str | None) -> str:
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx" if (filename or "").lower().endswith(".docx") or b"word/" in data[:4000] else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    return "html" if b"<" in data[:2048] else "txt"


def decode_html(data: bytes) -> str:
    m = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.I)
    enc = (m.group(1).decode("ascii").lower() if m else "utf-8")
    enc = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "x-gbk": "gb18030"}.get(enc, enc)
    try:
        return data.decode(enc)
    except (LookupError, UnicodeDecodeError):
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best else data.decode("utf-8", "replace")


def extract_text(data: bytes, kind: str) -> tuple[str, list[str]]:
    warnings: list[str] = []
    if kind == "html":
        import lxml.html

        doc = lxml.html.fromstring(decode_html(data))
        for bad in doc.xpath("//script|//style"):
            bad.drop_tree()
        body = doc.xpath("//div[contains(@class,'TRS_Editor') or @id='zoom' or contains(@class,'content') or @id='zoomcon']")
        node = body[0] if body else doc
        text = "\n".join(t.strip() for t in node.itertext() if t.strip())
        return text, warnings
    if kind == "pdf":
        try:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(data)
            text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        except Exception as exc:  # noqa: BLE001 - broken/encrypted PDFs are a warning, not a crash
            return "", [f"PDF could not be read: {type(exc).__name__}: {exc}"[:200]]
        if not text.strip():
            warnings.append("PDF has no text layer (scanned report); OCR needed")
        return text, warnings
    if kind == "docx":
        try:
            import docx

            d = docx.Document(io.BytesIO(data))
            lines = [p.text for p in d.paragraphs]
            for t in d.tables:
                lines += ["\t".join(c.text for c in row.cells) for row in t.rows]
            return "\n".join(lines), warnings
        except Exception as exc:  # noqa: BLE001
            return "", [f"DOCX could not be read: {exc}"[:200]]
    if kind == "txt":
        return decode_html(data), warnings
    return "", [f"no text extractor for {kind}"]


def parse_bytes(data: bytes, filename=None, media_type=None, url=None, source=None) -> dict:
    kind = sniff(data, filename, media_type)
    text, warnings = extract_text(data, kind)
    text = to_simplified(text)
    first = next((ln for ln in text.splitlines() if "报告" in ln and re.search(r"20\d\d", ln)), None)
    agency, year = split_title(first)
    script = "simplified"
    sections = {}
    for key, head in SECTION_HEADS.items():
        i = text.find(head)
        if i >= 0:
            sections[key] = text[i:i + 2000]
    warnings.append("parsed by the crawler's fallback text extractor (reportparser unavailable): tables not read")
    return {"schema": 1, "id": hashlib.sha1(text.encode()).hexdigest()[:16], "title": first, "agency": agency,
            "agency_kind": None, "level": "unknown", "province": None, "city": None, "county": None, "year": year,
            "published": None, "template": "2021" if "六、其他需要报告的事项" in text and year and year >= 2021 else "unknown",
            "script": script, "source": dict(source or {}, url=url, media_type=media_type), "text": text,
            "sections": sections, "tables": {}, "checks": [], "warnings": warnings}
