"""`generate()`: decide a report (truth.build), lay it out (document), render it in one shape.

SHAPES declares every shape once: its renderer, file extension and media type.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field

from reportgen import tablestyles
from reportgen.document import build_document
from reportgen.truth import build

# shape -> (module, extension, media type). Renderers are imported only when used, so make_truth
# and the text shapes never pay for reportlab or python-docx.
SHAPES: dict[str, tuple[str, str, str]] = {
    "html": ("reportgen.render_html", "html", "text/html; charset=utf-8"),
    "html-gbk": ("reportgen.render_html", "html", "text/html; charset=gbk"),
    "txt-lines": ("reportgen.render_text", "txt", "text/plain; charset=utf-8"),
    "txt-tabs": ("reportgen.render_text", "txt", "text/plain; charset=utf-8"),
    "txt-pipes": ("reportgen.render_text", "txt", "text/plain; charset=utf-8"),
    "txt-shattered": ("reportgen.render_text", "txt", "text/plain; charset=utf-8"),
    "txt-flat": ("reportgen.render_text", "txt", "text/plain; charset=utf-8"),
    "pdf": ("reportgen.render_pdf", "pdf", "application/pdf"),
    "pdf-office": ("reportgen.render_docx", "pdf", "application/pdf"),
    "scan-pdf": ("reportgen.render_scan", "pdf", "application/pdf"),
    "scan-mixed": ("reportgen.render_scan", "pdf", "application/pdf"),
    "scan-jpg": ("reportgen.render_scan", "jpg", "image/jpeg"),
    "html-img": ("reportgen.render_scan", "html", "text/html; charset=utf-8"),
    "pdf-cid": ("reportgen.render_scan", "pdf", "application/pdf"),
    "pdf-mojibake": ("reportgen.render_scan", "pdf", "application/pdf"),
    "docx": ("reportgen.render_docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "doc": ("reportgen.render_docx", "doc", "application/msword"),
    "xlsx": ("reportgen.render_xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
SCRIPTS = ("simplified", "traditional")
RENDER_OPTIONS = ("table_across_pages", "narrow_columns", "framed_paragraphs", "scan")   # options the binary renderers read


@dataclass
class GeneratedReport:
    truth: dict
    data: bytes
    filename: str
    media_type: str
    shape: str = "html"
    seed: int = 0
    options: dict = field(default_factory=dict)


def generate(seed: int, template: str = "2021", shape: str = "html", script: str = "simplified",
             _convert: bool = True, **options) -> GeneratedReport:
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {', '.join(SCRIPTS)}, not {script!r}")
    truth, plan, blocks = _laid_out(seed, template, script, options)
    rng = random.Random(f"render:{seed}:{shape}")
    traditional = script == "traditional"
    module_name, ext, media_type = SHAPES[shape]
    module = importlib.import_module(module_name)
    if shape in ("html", "html-gbk"):
        gbk = shape == "html-gbk"
        data = module.render_page(blocks, truth, rng, encoding="gbk" if gbk else "utf-8",
                                  meta_charset=not gbk or rng.random() < 0.6, traditional=traditional)
    elif shape.startswith("txt-"):
        data = module.render(blocks, shape, rng, truth=truth)
    else:
        data = module.render(blocks, shape, rng, truth=truth, plan=plan, **({} if _convert else {"convert": False}),
                             **{k: options[k] for k in RENDER_OPTIONS if k in options})
    filename = f"{truth['title']}.{ext}"
    return GeneratedReport(truth, data, filename, media_type, shape, seed, dict(options, template=template, script=script))


def generate_many(calls: list[dict], batch: int = 25) -> list[GeneratedReport]:
    """generate(**call) for each call, the shapes made by LibreOffice (doc, pdf-office) converted
    `batch` at a time in one LibreOffice run: the same reports, much faster in bulk."""
    from reportgen.render_docx import CONVERTED, convert_many  # noqa: PLC0415

    out = [generate(**call, _convert=False) if call.get("shape") in CONVERTED else generate(**call) for call in calls]
    for shape, (ext, target) in CONVERTED.items():
        pending = [r for r in out if r.shape == shape]
        for i in range(0, len(pending), batch):
            part = pending[i:i + batch]
            for report, data in zip(part, convert_many([r.data for r in part], ext, target)):
                report.data = data
    return out


def _laid_out(seed: int, template: str, script: str, options: dict):
    """(truth, plan, blocks): the report decided and laid out, converted when printed traditional."""
    truth, plan = build(seed, template, **options)
    truth["script"] = script
    blocks = tablestyles.apply(build_document(truth, plan), options, random.Random(f"tablestyle:{seed}"))
    if script == "traditional":
        from reportgen.script import convert_blocks  # noqa: PLC0415

        blocks = convert_blocks(blocks, random.Random(f"mirror:{seed}"), bool(options.get("mirror_artifacts")))
    return truth, plan, blocks


def render_html_body(seed: int, template: str = "2021", script: str = "simplified", **options) -> tuple[dict, str]:
    """(truth, the Word-pasted `.TRS_Editor` fragment without title or page chrome): for sites that
    wrap a report body in their own pages. Same seed and options, same truth as generate()."""
    from reportgen.render_html import render_body  # noqa: PLC0415

    truth, _plan, blocks = _laid_out(seed, template, script, options)
    body, _truncated = render_body([b for b in blocks if b.kind != "title"], random.Random(f"render:{seed}:html"))
    return truth, body
