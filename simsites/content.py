"""Report bodies for the simulated sites: the report generator when available, else a built-in
plain renderer of the 2019/2021 template so the sites (and `gia demo`) work on their own.

`body_html(report)` is the HTML fragment pasted into a detail page; `attachment(report, kind)`
returns (bytes, media_type, filename) for attachment shapes. Results are cached: pages are
requested many times during a crawl and rendering PDFs is the slow part of serving.
"""

from __future__ import annotations

import functools
import html
import io
import random
import threading

from simsites.world import Report

SECTIONS_2021 = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _reportgen():
    try:
        import reportgen  # noqa: PLC0415 - optional until the generator lands
    except ImportError:
        return None
    return reportgen if hasattr(reportgen, "generate") else None


def _numbers(report: Report) -> dict:
    rng = random.Random(f"{report.key}:{report.revision}")
    new = [rng.randint(0, 40), rng.randint(0, 5), 0, 0, rng.randint(0, 2), rng.randint(0, 3)]
    review = [rng.randint(0, 3), rng.randint(0, 2), 0, rng.randint(0, 1)]
    lit = [rng.randint(0, 2), rng.randint(0, 1), 0, 0]
    return {"new": new + [sum(new)], "review": review + [sum(review)], "litigation": lit + [sum(lit)],
            "normative": [rng.randint(0, 9), rng.randint(0, 3), rng.randint(10, 40)],
            "licensing": rng.randint(0, 2000), "penalty": rng.randint(0, 300)}


def report_text_lines(report: Report) -> list[str]:
    """The report as lines of text (headings, paragraphs, and table rows as tab-joined cells)."""
    n = _numbers(report)
    y = report.year
    lines = [report.title, SECTIONS_2021[0],
             f"{y}年，{report.agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
             f"全面推进决策、执行、管理、服务、结果公开。本年度共主动公开政府信息{n['licensing'] // 7 + 12}条。",
             SECTIONS_2021[1], "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
             "规章\t0\t0\t0", "行政规范性文件\t" + "\t".join(map(str, n["normative"])),
             "信息内容\t本年处理决定数量", f"行政许可\t{n['licensing']}", f"行政处罚\t{n['penalty']}",
             SECTIONS_2021[2], "申请人情况\t" + "\t".join(APPLICANTS),
             "一、本年新收政府信息公开申请数量\t" + "\t".join(map(str, n["new"])),
             SECTIONS_2021[3], "行政复议\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
             "行政复议\t" + "\t".join(map(str, n["review"])),
             "行政诉讼（未经复议直接起诉）\t" + "\t".join(map(str, n["litigation"])),
             f"本年度{report.agency}未发生因政府信息公开引起的行政复议被纠错情况。",
             SECTIONS_2021[4], "一是公开内容的全面性还需加强；二是政策解读形式较为单一。下一步将加强培训，提高公开质量。",
             SECTIONS_2021[5], f"本机关{y}年未收取信息处理费。"]
    if report.revision:
        lines.append(f"（本报告于{y + 1}年第{report.revision}次更正。）")
    return lines


def _generated(report: Report, shape: str):
    gen = _reportgen()
    if gen is None:
        return None
    try:
        made = gen.generate(report.rid + 1000 * report.revision, template=report.template, shape=shape,
                            agency=report.agency, year=report.year)
    except Exception:  # noqa: BLE001 - the generator is optional; fall back to the built-in renderer
        return None
    truth = getattr(made, "truth", None) or {}
    if truth.get("agency") != report.agency or truth.get("year") != report.year:
        return None  # the site lists this report by title: its content must be that agency's, that year's
    return made


@functools.lru_cache(maxsize=4096)
def _body_html_cached(rid: int, revision: int, report: Report) -> str:
    out = []
    for line in report_text_lines(report)[1:]:
        if "\t" in line:
            cells = "".join(f"<td><p class=\"MsoNormal\"><span>{html.escape(c)}</span><o:p></o:p></p></td>" for c in line.split("\t"))
            out.append(f"<table border=\"1\" cellspacing=\"0\"><tr>{cells}</tr></table>")
        elif line in SECTIONS_2021:
            out.append(f"<p class=\"MsoNormal\"><b><span>{html.escape(line)}</span></b></p>")
        else:
            out.append(f"<p class=\"MsoNormal\"><span>{html.escape(line)}</span></p>")
    return "\n".join(out)


def body_html(report: Report) -> str:
    """Word-pasted HTML body (tables) of a report."""
    return _body_html_cached(report.rid, report.revision, report)


def body_lines_html(report: Report) -> str:
    """One `<p>` per cell, no `<table>` (the Hanweb one-cell-per-line shape)."""
    parts = []
    for line in report_text_lines(report)[1:]:
        parts.extend(f"<p>{html.escape(c)}</p>" for c in line.split("\t"))
    return "\n".join(parts)


@functools.lru_cache(maxsize=2048)
def _attachment_cached(rid: int, revision: int, kind: str, report: Report) -> tuple[bytes, str, str]:
    if kind in ("pdf", "docx", "doc", "scan-pdf"):
        made = _generated(report, kind)
        if made is not None:
            return made.data, made.media_type, made.filename
    if kind == "pdf":
        return _pdf(report), "application/pdf", f"{report.title}.pdf"
    if kind == "scan-pdf":
        return _pdf(report, scanned=True), "application/pdf", f"{report.title}（图片版）.pdf"
    if kind == "pdf-encrypted":
        return _pdf(report, encrypt=True), "application/pdf", f"{report.title}.pdf"
    if kind == "pdf-truncated":
        data = _pdf(report)
        return data[: len(data) // 2], "application/pdf", f"{report.title}.pdf"
    if kind == "pdf-html":
        page = "<html><head><title>错误</title></head><body><h1>文件不存在或已被删除</h1></body></html>"
        return page.encode("utf-8"), "text/html; charset=utf-8", f"{report.title}.pdf"
    if kind in ("docx", "doc"):
        return _docx(report), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", f"{report.title}.docx"
    raise ValueError(f"unknown attachment kind {kind!r}")


_RENDER_LOCK = threading.Lock()  # the office/PDF writers are not known to be thread-safe; servers are threaded


def attachment(report: Report, kind: str) -> tuple[bytes, str, str]:
    with _RENDER_LOCK:
        return _attachment_cached(report.rid, report.revision, kind, report)


def _pdf(report: Report, scanned: bool = False, encrypt: bool = False) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt="owner-only" if encrypt else None, invariant=1)
    c.setTitle(report.title)
    y = 800
    for line in report_text_lines(report):
        if scanned:  # an image-only page: grey bars where the text would be, no text layer
            c.rect(50, y - 2, min(500, 12 * len(line)), 10, stroke=0, fill=1)
        else:
            c.setFont("STSong-Light", 10)
            c.drawString(50, y, line.replace("\t", "    ")[:60])
        y -= 16
        if y < 60:
            c.showPage()
            y = 800
    c.showPage()
    c.save()
    return buf.getvalue()


def _docx(report: Report) -> bytes:
    import docx

    doc = docx.Document()
    for line in report_text_lines(report):
        if "\t" in line:
            cells = line.split("\t")
            table = doc.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells):
                cell.text = value
        else:
            doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
