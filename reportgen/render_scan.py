"""Scanned and garbled PDF shapes, degraded the way real 图片版 reports are.

A generated report is rendered to a text PDF first (render_pdf), so a scan holds exactly the
tables and words of its seed; then, per shape:

- scan-pdf:     every page rasterized (150–300 dpi), a red official seal stamped across the
                sign-off and across part of table 3, rotated up to 2°, noise, paper tone, a
                little blur, JPEG artefacts; wrapped as an image-only PDF (no text layer);
- scan-mixed:   a text PDF whose page holding table 3 is replaced by such a scan (a report
                printed, the table page scanned back in);
- scan-jpg:     the page holding table 3 photographed at an angle (perspective, uneven light,
                desk round the sheet), as a JPEG attachment;
- html-img:     an HTML report whose table 3 is a picture pasted into the page (a `data:` JPEG
                of the scanned table), the rest HTML text;
- pdf-cid:      text PDF with an embedded subset font and no ToUnicode map: the text layer is
                `(cid:N)` for every Chinese character, while the page renders correctly;
- pdf-mojibake: the same font with a wrong ToUnicode map (destinations rotated): the text
                layer is real but meaningless Chinese characters.

The degradation is declared in one ScanSpec; `generate(..., scan={"dpi": 150, ...})` overrides
any of its fields, else they are drawn from the seed's rng.
"""

from __future__ import annotations

import io
import math
import random
import re
from dataclasses import dataclass, fields

from reportgen.document import Block

WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
EMBEDDED_FONT = "WQYZenHei"


@dataclass
class ScanSpec:
    dpi: int = 200            # scanner resolution
    angle: float = 0.0        # degrees, + counter-clockwise
    seal: bool = True         # red seal across the sign-off and part of table 3
    noise: float = 8.0        # gaussian sigma, grey levels
    blur: float = 0.6         # gaussian blur radius, pixels at 200 dpi
    jpeg: int = 55            # JPEG quality
    pages: int | None = None  # only the first N pages (None: all)

    @classmethod
    def drawn(cls, rng: random.Random, given: dict | None) -> "ScanSpec":
        spec = cls(dpi=rng.choice((150, 200, 200, 300)), angle=round(rng.uniform(-2.0, 2.0), 2),
                   noise=round(rng.uniform(4, 12), 1), blur=round(rng.uniform(0.3, 0.9), 2), jpeg=rng.randint(40, 75))
        names = {f.name for f in fields(cls)}
        for k, v in (given or {}).items():
            if k not in names:
                raise ValueError(f"unknown scan option {k!r}; one of {', '.join(sorted(names))}")
            setattr(spec, k, v)
        return spec


# ---------------------------------------------------------------- the text PDF and where things are

def _text_pdf(blocks: list[Block], rng: random.Random, font: str | None = None) -> bytes:
    from reportgen.render_pdf import render_text_pdf  # noqa: PLC0415

    return render_text_pdf(blocks, rng, table_across_pages=False, font=font, compress=font is None)


def _landmarks(pdf_bytes: bytes, truth: dict) -> dict:
    """Page (0-based) and box (points, top-left origin) of the sign-off and of table 3's numbers."""
    import pdfplumber  # noqa: PLC0415

    marks: dict = {}
    agency = truth.get("agency") or ""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for i, page in enumerate(pdf.pages):
            text_lines = page.extract_text_lines(return_chars=False)
            for line in text_lines:
                t = line["text"].replace(" ", "")
                if "本年新收" in t and "table3" not in marks:
                    marks["table3"] = (i, line["x0"], line["top"], line["x1"], line["bottom"])
                if agency and t == agency:
                    marks["signature"] = (i, line["x0"], line["top"], line["x1"], line["bottom"])
            page.close()
    return marks


def _render_pages(pdf_bytes: bytes, dpi: int, only: set[int] | None = None):
    import pypdfium2 as pdfium  # noqa: PLC0415

    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        for i in range(len(doc)):
            if only is not None and i not in only:
                yield i, None
                continue
            page = doc[i]
            img = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
            yield i, img
    finally:
        doc.close()


# ---------------------------------------------------------------- degradation

def _seal(agency: str, diameter: int, rng: random.Random):
    """A red official seal: ring, star, the agency's name round the upper arc; RGBA."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    d = diameter
    img = Image.new("RGBA", (d, d), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (215 + rng.randint(-15, 15), 30 + rng.randint(0, 30), 35 + rng.randint(0, 30), 200)
    ring = max(3, d // 28)
    draw.ellipse((ring, ring, d - ring, d - ring), outline=red, width=ring)
    cx = cy = d / 2
    r_star = d * 0.16
    pts = []
    for k in range(10):
        r = r_star if k % 2 == 0 else r_star * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(pts, fill=red)
    size = max(10, int(d * 0.11))
    try:
        font = ImageFont.truetype(WQY, size)
    except OSError:
        font = ImageFont.load_default()
    name = agency[:16] or "人民政府"
    span = math.radians(220)
    for k, ch in enumerate(name):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(name)
        glyph = Image.new("RGBA", (size + 4, size + 4), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((2, 0), ch, fill=red, font=font)
        glyph = glyph.rotate(-math.degrees(a) - 90, expand=True, resample=Image.BICUBIC)
        rr = d / 2 - ring * 2 - size * 0.7
        x = cx + rr * math.cos(a) - glyph.width / 2
        y = cy + rr * math.sin(a) - glyph.height / 2
        img.alpha_composite(glyph, (int(x), int(y)))
    return img


def _stamp(page, seal, centre: tuple[float, float]):
    """Ink multiplies: black text stays black under the seal, white paper turns red."""
    from PIL import ImageChops  # noqa: PLC0415

    x, y = int(centre[0] - seal.width / 2), int(centre[1] - seal.height / 2)
    layer = page.copy()
    layer.paste(seal.convert("RGB"), (x, y), seal)
    return ImageChops.multiply(page, layer)


def degrade(img, spec: ScanSpec, rng: random.Random):
    """Paper tone, blur, rotation, noise: what a flatbed scanner and a tired toner do. RGB in, RGB out."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image, ImageFilter  # noqa: PLC0415

    scale = spec.dpi / 200
    if spec.blur:
        img = img.filter(ImageFilter.GaussianBlur(spec.blur * scale))
    if spec.angle:
        img = img.rotate(spec.angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 247))
    a = np.asarray(img, dtype=np.float32)
    tone = np.array([rng.uniform(236, 250), rng.uniform(236, 250), rng.uniform(228, 245)], dtype=np.float32) / 255
    a = a * tone
    nrng = np.random.default_rng(rng.randrange(2 ** 32))
    a += nrng.normal(0, spec.noise, a.shape[:2])[..., None]
    specks = nrng.random(a.shape[:2]) < 0.0004
    a[specks] = 40
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _jpeg(img, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=int(quality), subsampling=2)
    return out.getvalue()


def _scanned_pages(pdf_bytes: bytes, truth: dict, spec: ScanSpec, rng: random.Random,
                   only: set[int] | None = None) -> dict[int, bytes]:
    """page index -> JPEG of the degraded scan (only the pages asked for)."""
    marks = _landmarks(pdf_bytes, truth) if spec.seal else {}
    px = spec.dpi / 72
    seal = _seal(truth.get("agency") or "", int(42 / 25.4 * spec.dpi), rng) if spec.seal else None
    out = {}
    for i, img in _render_pages(pdf_bytes, spec.dpi, only):
        if img is None or (spec.pages is not None and i >= spec.pages):
            continue
        if seal is not None:
            for what in ("signature", "table3"):
                m = marks.get(what)
                if m and m[0] == i:
                    _, x0, top, x1, bottom = m
                    # the sign-off: centred on the agency's name; table 3: over its right-hand numbers
                    cx = (x0 + x1) / 2 if what == "signature" else x1 - 80
                    cy = (top + bottom) / 2 + (0 if what == "signature" else 40)
                    img = _stamp(img, seal.rotate(rng.uniform(-25, 25)), (cx * px, cy * px))
        out[i] = _jpeg(degrade(img, spec, rng), spec.jpeg)
    return out


def _image_pdf(pages: list[tuple[bytes, int]], title: str = "") -> bytes:
    """JPEG pages wrapped as a PDF, each at its scan resolution (reportlab embeds JPEG data as is)."""
    from PIL import Image  # noqa: PLC0415
    from reportlab.lib.utils import ImageReader  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.setCreator("Scanner")
    for jpeg, dpi in pages:
        w, h = Image.open(io.BytesIO(jpeg)).size
        size = (w * 72 / dpi, h * 72 / dpi)
        pdf.setPageSize(size)
        pdf.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width=size[0], height=size[1])
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def photograph(img, rng: random.Random):
    """A page photographed at an angle on a desk: perspective, uneven light, a darker surround."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415

    w, h = img.size
    pad = int(0.06 * w)
    canvas = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (96 + rng.randint(0, 40),) * 3)
    canvas.paste(img, (pad, pad))
    W, H = canvas.size
    j = 0.035
    src = [(rng.uniform(0, j) * W, rng.uniform(0, j) * H), (W - rng.uniform(0, j) * W, rng.uniform(0, j) * H),
           (W - rng.uniform(0, j) * W, H - rng.uniform(0, j) * H), (rng.uniform(0, j) * W, H - rng.uniform(0, j) * H)]
    dst = [(0, 0), (W, 0), (W, H), (0, H)]
    coeffs = _perspective_coeffs(dst, src)
    shot = canvas.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(90, 90, 90))
    a = np.asarray(shot, dtype=np.float32)
    yy, xx = np.mgrid[0:H, 0:W]
    light = 0.82 + 0.18 * (1 - ((xx / W - rng.uniform(0.3, 0.7)) ** 2 + (yy / H - rng.uniform(0.2, 0.5)) ** 2))
    a = a * light[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _perspective_coeffs(dst, src):
    """PIL's 8 coefficients mapping output (dst) points to input (src) points."""
    import numpy as np  # noqa: PLC0415

    rows = []
    rhs = []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)).tolist()


# ---------------------------------------------------------------- broken text layers

def _register_embedded() -> str:
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    if EMBEDDED_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, WQY, subfontIndex=0))
    return EMBEDDED_FONT


_BFCHAR = re.compile(rb"(\d+ beginbfchar\n)(.*?)(endbfchar)", re.S)


def break_to_unicode(pdf: bytes, how: str) -> bytes:
    """'cid': drop every /ToUnicode reference (blanked in place: xref offsets stay valid);
    'mojibake': rotate each map's CJK destinations by one, so every Chinese character extracts
    as another one. Streams must be uncompressed (reportlab writes font CMaps so)."""
    if how == "cid":
        return re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), pdf)

    def rotate(m):
        pairs = re.findall(rb"<([0-9A-F]+)> <([0-9A-F]{4})>", m.group(2))
        cjk = [d for _s, d in pairs if 0x4E00 <= int(d, 16) <= 0x9FFF]
        moved = dict(zip(cjk, cjk[1:] + cjk[:1])) if len(cjk) > 1 else {}
        body = b"".join(b"<%s> <%s>\n" % (s, moved.get(d, d)) for s, d in pairs)
        return m.group(1) + body + m.group(3) if len(body) == len(m.group(2)) else m.group(0)
    return _BFCHAR.sub(rotate, pdf)


# ---------------------------------------------------------------- shapes

def render(blocks: list[Block], shape: str, rng: random.Random, *, truth=None, plan=None,
           table_across_pages: bool | None = None, scan: dict | None = None) -> bytes:
    truth = truth or {}
    if shape in ("pdf-cid", "pdf-mojibake"):
        font = _register_embedded()
        return break_to_unicode(_text_pdf(blocks, rng, font=font), "cid" if shape == "pdf-cid" else "mojibake")
    spec = ScanSpec.drawn(rng, scan)
    text_pdf = _text_pdf(blocks, rng)
    if shape == "scan-pdf":
        pages = _scanned_pages(text_pdf, truth, spec, rng)
        return _image_pdf([(pages[i], spec.dpi) for i in sorted(pages)])
    t3 = _landmarks(text_pdf, truth).get("table3", (0,))[0]
    if shape == "scan-mixed":
        return _replace_page(text_pdf, t3, _image_pdf([(_scanned_pages(text_pdf, truth, spec, rng, {t3})[t3], spec.dpi)]))
    if shape == "scan-jpg":
        page = next(img for i, img in _render_pages(text_pdf, spec.dpi, {t3}) if img is not None)
        return _jpeg(photograph(degrade(page, spec, rng), rng), spec.jpeg)
    if shape == "html-img":
        return _html_with_table_image(blocks, truth, spec, rng)
    raise ValueError(f"render_scan does not make shape {shape!r}")


def _html_with_table_image(blocks, truth: dict, spec: ScanSpec, rng: random.Random) -> bytes:
    import base64  # noqa: PLC0415

    from reportgen.render_html import render_page  # noqa: PLC0415

    html = render_page(blocks, truth, random.Random(rng.random()), encoding="utf-8").decode("utf-8")
    # the table alone on a page (it may cross a page break in the report), cropped to its ink
    table3 = [b for b in blocks if b.table is not None and b.table.name == "applications"]
    if not table3:   # a report that prints no table 3 (no requests, a legacy form): no picture to paste
        return html.encode("utf-8")
    page = next(img for _i, img in _render_pages(_text_pdf(table3, rng), spec.dpi, {0}) if img is not None)
    import numpy as np  # noqa: PLC0415
    ink = np.flatnonzero((np.asarray(page.convert("L")) < 200).any(axis=1))
    pad = int(spec.dpi / 8)
    crop = page.crop((0, max(0, int(ink[0]) - pad), page.width, min(page.height, int(ink[-1]) + pad)))
    data = base64.b64encode(_jpeg(degrade(crop, spec, rng), spec.jpeg)).decode("ascii")
    # table 3 is the <table> holding its header (prose may mention 本年新收 too; tables do not nest here)
    start = next((m.start() for m in re.finditer(r"<table\b", html)
                  if "申请人情况" in html[m.start():html.index("</table>", m.start())]), None)
    if start is None:   # table 3 printed as text, not as an HTML table: the page stays as rendered
        return html.encode("utf-8")
    end = html.index("</table>", start) + len("</table>")
    img = f'<p style="text-align:center"><img src="data:image/jpeg;base64,{data}" width="700" alt=""></p>'
    return (html[:start] + img + html[end:]).encode("utf-8")


def _replace_page(pdf: bytes, index: int, replacement: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415

    base, scan = PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(replacement))
    out = PdfWriter()
    for i, page in enumerate(base.pages):
        out.add_page(scan.pages[0] if i == index else page)
    buf = io.BytesIO()
    out.write(buf)
    return buf.getvalue()
