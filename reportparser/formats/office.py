"""Legacy Office files (OLE2 .doc / .wps / .xls, plus RTF and ODF): convert, then read.

LibreOffice converts Word-family files to DOCX and spreadsheets to XLSX, which the
DOCX/XLSX readers then read with full table structure. Each run gets its own
LibreOffice profile directory (parallel conversions otherwise fight over one
profile lock), a timeout, and a temporary directory removed afterwards. Without
LibreOffice, antiword or catdoc still give the text of a .doc (no tables).
`.xls` is read directly by xlrd when LibreOffice is absent.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import uuid

from reportparser.document import ExtractedDocument

CONVERT_TIMEOUT = 120     # seconds; a report converts in 2-10 s, first start of a profile ~5 s
TEXT_TIMEOUT = 30
_KIND_SUFFIX = {"doc": ".doc", "xls": ".xls", "rtf": ".rtf", "odf": ".odt", "ppt": ".ppt"}


def soffice() -> str | None:
    """The LibreOffice binary, or None."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    for path in ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(path):
            return path
    return None


def ole2_kind(data: bytes) -> tuple[str, list[str]]:
    """doc / xls / ppt / encrypted / unknown, judged by the OLE2 stream names."""
    try:
        import olefile
    except ImportError:     # without olefile, let the converter judge
        return "unknown", []
    try:
        with olefile.OleFileIO(data) as ole:
            names = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception as exc:  # olefile raises OSError and others for damaged containers
        return "damaged", [f"damaged OLE2 container ({type(exc).__name__}: {exc})"]
    if "worddocument" in names:
        return "doc", []
    if "workbook" in names or "book" in names:
        return "xls", []
    if "powerpoint document" in names:
        return "ppt", []
    if "encryptedpackage" in names or "encryptioninfo" in names:
        return "encrypted", []
    return "unknown", [f"OLE2 file with streams {sorted(names)[:6]}"]


def extract_ole2(data: bytes) -> ExtractedDocument:
    kind, notes = ole2_kind(data)
    if kind == "encrypted":
        return ExtractedDocument("", warnings=["password-protected Office document; not read"],
                                 meta={"media_type": "application/x-ole-storage"})
    if kind == "damaged":   # LibreOffice and antiword read OLE2 the same way: no point trying
        return ExtractedDocument("", warnings=notes + ["not read"], meta={"media_type": "application/x-ole-storage"})
    if kind == "xls":
        from reportparser.formats.xls import extract_xls
        doc = extract_xls(data)
        if doc.tables or not soffice():
            return doc
        return extract_by_conversion(data, "xls")
    if kind == "ppt":
        return extract_by_conversion(data, "ppt")
    doc = extract_by_conversion(data, "doc")   # Word, WPS (usually Word inside), unknown: try Writer
    doc.warnings = notes + doc.warnings if not doc.text else doc.warnings
    return doc


def extract_by_conversion(data: bytes, kind: str) -> ExtractedDocument:
    """Convert with LibreOffice and read the result; text-only fallbacks for .doc."""
    media = {"doc": "application/msword", "xls": "application/vnd.ms-excel", "rtf": "application/rtf",
             "odf": "application/vnd.oasis.opendocument.text", "ppt": "application/vnd.ms-powerpoint"}[kind]
    target = "xlsx" if kind == "xls" else "pdf" if kind == "ppt" else "docx"
    warnings: list[str] = []
    if soffice():
        converted, problem = convert(data, _KIND_SUFFIX[kind], target)
        if converted:
            doc = _read_converted(converted, target, media)
            doc.meta["converted_by"] = "libreoffice"
            return doc
        warnings.append(problem)
    else:
        warnings.append(f"LibreOffice not installed: {kind} tables not read")
    if kind == "doc":
        text, tool = _text_fallback(data)
        if text:
            return ExtractedDocument(text, warnings=warnings + [f"text read by {tool}; tables not rebuilt"],
                                     meta={"media_type": media, "converted_by": tool})
        if tool is None:
            warnings.append("no .doc converter installed (LibreOffice, antiword or catdoc); not read")
    return ExtractedDocument("", warnings=warnings, meta={"media_type": media})


def _read_converted(data: bytes, target: str, media: str) -> ExtractedDocument:
    if target == "xlsx":
        from reportparser.formats.xls import extract_xlsx
        doc = extract_xlsx(data)
    elif target == "pdf":
        from reportparser.formats.pdf import extract_pdf
        doc = extract_pdf(data)
    else:
        from reportparser.formats.docx import extract_docx
        doc = extract_docx(data)
    doc.meta["media_type"] = media
    return doc


def convert(data: bytes, suffix: str, target: str, timeout: float = CONVERT_TIMEOUT) -> tuple[bytes | None, str]:
    """(converted bytes, "") or (None, what went wrong)."""
    binary = soffice()
    if not binary:
        return None, "LibreOffice not installed"
    work = tempfile.mkdtemp(prefix="gia-lo-")
    try:
        source = os.path.join(work, "input" + suffix)
        with open(source, "wb") as f:
            f.write(data)
        profile = os.path.join(work, f"profile-{uuid.uuid4().hex}")
        out_dir = os.path.join(work, "out")
        cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", target, "--outdir", out_dir, source]
        env = dict(os.environ, HOME=work)      # LibreOffice writes dotfiles under $HOME
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)   # its own session: kills only this conversion
            proc.communicate()
            return None, f"LibreOffice conversion timed out after {timeout:.0f} s"
        result = os.path.join(out_dir, "input." + target)
        if not os.path.exists(result):
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            return None, "LibreOffice could not convert the file" + (f" ({detail[0][:150]})" if detail else "")
        with open(result, "rb") as f:
            return f.read(), ""
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _text_fallback(data: bytes) -> tuple[str, str | None]:
    """(text, tool) from antiword or catdoc; ("", None) when neither is installed."""
    tried = None
    for tool, args in (("antiword", ["-m", "UTF-8.txt", "-w", "0"]), ("catdoc", ["-d", "utf-8", "-w"])):
        path = shutil.which(tool)
        if not path:
            continue
        tried = tool
        with tempfile.NamedTemporaryFile(suffix=".doc") as f:
            f.write(data)
            f.flush()
            try:
                res = subprocess.run([path, *args, f.name], capture_output=True, timeout=TEXT_TIMEOUT)
            except (subprocess.TimeoutExpired, OSError):
                continue
        text = res.stdout.decode("utf-8", "replace").strip()
        if res.returncode == 0 and text:
            return text, tool
    return "", tried
