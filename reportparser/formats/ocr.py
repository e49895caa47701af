"""OCR for pages that have no usable text layer: the engine, page routing, limits.

Which pages: a PDF page with no characters, or whose text layer fails `text_layer_problem`
(`(cid:N)` glyphs of a font without a ToUnicode map, characters outside CJK/ASCII/punctuation,
or Chinese text whose common words do not occur — a wrong ToUnicode map extracts real but
meaningless characters). Image files (.jpg/.png) and images inside HTML pages without table
text are OCR'd the same way. Everything else keeps its text layer: routing costs one pass over
characters the reader already has.

How: the page is rasterized with pypdfium2 at RENDER_DPI (an image-only page's own image is
rendered at its scan resolution, capped), the red of official seals is taken out (the red
channel, and red-dominant pixels to white), the skew is measured on the ruling lines or text
rows and undone, then RapidOCR (PP-OCR models shipped inside its wheel; onnxruntime, one thread
per worker) finds and reads the text boxes. `ocr_tables.rebuild` turns boxes into text lines and
grids of cells — the same ExtractedDocument shape every reader produces, so the template mapper
reads OCR'd tables by their labels like any other.

Bounds: at most MAX_OCR_PAGES pages per document, PAGE_SECONDS per page (checked between the
engine's stages: the rest of the page is given up with a warning), MAX_PIXELS per raster (larger
pages are rendered smaller), and the worker's resident memory checked against MEMORY_CAP before
each page. A page that could not be OCR'd keeps the reader's "OCR not done" warning.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

DET_SIDE = 1152                  # the detector's page size in pixels (GIA_OCR_DET_SIDE overrides)
RENDER_DPI = 200                 # measured: bench/bench_ocr.py (150 loses 1–3 % of cells, 300 costs 2× for ~0)
MAX_RENDER_DPI = 300
MAX_PIXELS = 12_000_000          # an A4 page at 300 dpi is 8.7 MP
PAGE_SECONDS = float(os.environ.get("GIA_OCR_PAGE_SECONDS", 120))   # CPU seconds (a page takes ~5–15)
MAX_OCR_PAGES = 60
MEMORY_CAP = int(os.environ.get("GIA_OCR_MEMORY_MB", 1024)) * 1_000_000
ENGINE_ENV = "GIA_OCR"           # "0"/"off": no OCR; "rapidocr" (default), "tesseract"

_CID = re.compile(r"\(cid:\d+\)")
# words every Chinese report of this kind uses; a mis-mapped text layer has next to none of them
_COMMON_WORDS = ("政府", "信息", "公开", "工作", "年度", "报告", "申请", "情况", "数量", "行政", "本年", "办理",
                 "主动", "依法", "我们", "进一步", "加强", "建设", "管理", "服务", "单位", "规定", "处理", "相关")


class OcrUnavailable(RuntimeError):
    """No OCR engine can run here (package missing, disabled by GIA_OCR=0)."""


class PageTimeout(RuntimeError):
    pass


@dataclass
class Box:
    """One recognised text line: its text, the engine's confidence, and its corners (pixels)."""

    text: str
    confidence: float
    quad: list            # [[x, y] * 4], clockwise from top-left

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.quad)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.quad)

    @property
    def top(self) -> float:
        return min(p[1] for p in self.quad)

    @property
    def bottom(self) -> float:
        return max(p[1] for p in self.quad)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class OcrPage:
    """A page as the PDF reader's blocks: ("line", top, text, …) and ("table", top, grid, xs, rows)."""

    number: int
    blocks: list = field(default_factory=list)
    cells: list = field(default_factory=list)     # provenance of every table cell read (see ocr_tables)
    angle: float = 0.0
    dpi: int = RENDER_DPI
    seconds: float = 0.0
    mean_confidence: float | None = None


# ---------------------------------------------------------------- routing

def text_layer_problem(text: str, cid_count: int = 0) -> str | None:
    """Why a page's text layer is unusable (then it is OCR'd), or None when it reads as text.

    Three tests, each on a page's worth of characters (short pages are let through: a page
    with a signature line only must not be OCR'd): the share of (cid:N) glyphs; the share of
    characters that are neither CJK, ASCII nor punctuation (mojibake of Latin-1/PUA/symbols);
    among pages of mostly Chinese, the share of the report vocabulary's common words per
    hundred characters (a rotated or shifted ToUnicode map gives real characters, no words)."""
    plain = _CID.sub("", text)
    letters = [ch for ch in plain if not ch.isspace()]
    total = len(letters) + cid_count
    if total < 30:
        return None
    if cid_count / total > 0.2:
        return f"{cid_count / total:.0%} of its characters are (cid:N) glyphs without a Unicode map"
    odd = sum(1 for ch in letters if not _expected_char(ch))
    if odd / max(len(letters), 1) > 0.15:
        return f"{odd / len(letters):.0%} of its characters are neither CJK, ASCII nor punctuation"
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    if cjk >= 60:
        joined = "".join(letters)
        rate = sum(joined.count(w) for w in _COMMON_WORDS) * 100 / cjk
        if rate >= 7:
            return None      # the fast path: ordinary report prose
        pairs = _word_pair_share(text)
        if pairs < 0.12 or (pairs < 0.2 and rate < 7):
            return (f"its Chinese reads as no words ({pairs:.0%} of adjacent characters form dictionary words, "
                    f"{rate:.1f} common words per 100 characters): a wrong Unicode map")
    return None


def _word_pair_share(text: str) -> float:
    """Share of adjacent Chinese characters that form a common two-character word. Report
    prose scores ~0.5 (one cell per line in a table still ~0.2); text extracted through a
    rotated or shifted ToUnicode map keeps the document's characters but not their order, ~0.1."""
    from reportparser.normalize import to_simplified  # noqa: PLC0415

    words = _two_char_words()
    tot = hit = 0
    text = to_simplified(text)[0]     # the dictionary is simplified; a traditional page is folded first
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
        for i in range(len(run) - 1):
            tot += 1
            hit += run[i:i + 2] in words
    return hit / tot if tot else 1.0


@lru_cache(maxsize=1)
def _two_char_words() -> frozenset:
    """jieba's dictionary, two-character words of frequency >= 50 (~33,000; read once, ~0.4 s)."""
    import jieba  # noqa: PLC0415

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2 and len(parts[0]) == 2 and parts[1].isdigit() and int(parts[1]) >= 50:
                out.add(parts[0])
    return frozenset(out)


@lru_cache(maxsize=4096)
def _expected_char(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80 or 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
        return True
    cat = unicodedata.category(ch)
    return cat.startswith("P") or cat in ("Sm", "Sc", "No", "Nd") or ch in "“”‘’…—–·×÷√□■○●△▲※"


def enabled() -> bool:
    return os.environ.get(ENGINE_ENV, "rapidocr").lower() not in ("0", "off", "no", "false")


# ---------------------------------------------------------------- the engine

class RapidEngine:
    """RapidOCR on onnxruntime, with the PP-OCR models its wheel ships (nothing downloaded)."""

    def __init__(self):
        try:
            from rapidocr import RapidOCR  # noqa: PLC0415
            import rapidocr  # noqa: PLC0415
        except ImportError as exc:   # pragma: no cover - a dependency
            raise OcrUnavailable(f"rapidocr not installed ({exc})") from exc
        import logging  # noqa: PLC0415

        self._ocr = RapidOCR(params={
            "Global.log_level": "error",
            "Global.text_score": 0.0,          # keep low-confidence text: it is named, not dropped
            "Global.use_cls": False,           # pages are deskewed; no upside-down lines on a report
            # the detector sees the page scaled to 1152 pixels: bench_ocr (10 scans a resolution) gave the
            # same cells as 1600 at 200 and 150 dpi (100 % / 99.85 %) for 0.25 instead of 0.20 pages/CPU-s
            "Det.limit_type": "max", "Det.limit_side_len": int(os.environ.get("GIA_OCR_DET_SIDE", DET_SIDE)),
            "Rec.rec_img_shape": [3, 48, 48],  # no padding of short crops (cells) to 320 pixels
            "Rec.rec_batch_num": 6,
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,   # one core per worker process
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        })
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        _large_buffers_mapped()
        try:
            from importlib.metadata import version  # noqa: PLC0415
            self.name = f"rapidocr {version('rapidocr')}"
        except Exception:
            self.name = f"rapidocr {getattr(rapidocr, '__version__', '')}".strip()

    def read(self, image) -> list[Box]:
        out = self._ocr(image)
        if out.boxes is None or out.txts is None:
            return []
        return [Box(t, float(s), [list(map(float, p)) for p in b]) for b, t, s in zip(out.boxes.tolist(), out.txts, out.scores)]


class RapidV4Engine:
    """rapidocr-onnxruntime 1.4 (PP-OCRv4 mobile models in its wheel): measured against the
    chosen engine by bench/bench_ocr.py, not a dependency (it wants the GUI build of OpenCV)."""

    def __init__(self):
        try:
            from rapidocr_onnxruntime import RapidOCR  # noqa: PLC0415
        except ImportError as exc:
            raise OcrUnavailable(f"rapidocr_onnxruntime not installed ({exc})") from exc
        self._ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, det_limit_type="max",
                             det_limit_side_len=1600, rec_img_shape=[3, 48, 48], rec_batch_num=16, text_score=0.0,
                             use_cls=False)
        self.name = "rapidocr-onnxruntime 1.4"

    def read(self, image) -> list[Box]:
        res, _elapse = self._ocr(image, use_cls=False)
        return [Box(t, float(s), [list(map(float, p)) for p in b]) for b, t, s in (res or [])]


class TesseractEngine:
    """Tesseract with chi_sim through pytesseract (apt tesseract-ocr tesseract-ocr-chi-sim)."""

    def __init__(self):
        try:
            import pytesseract  # noqa: PLC0415
            self._t = pytesseract
            langs = pytesseract.get_languages()
        except Exception as exc:
            raise OcrUnavailable(f"tesseract not usable ({exc})") from exc
        if "chi_sim" not in langs:
            raise OcrUnavailable("tesseract has no chi_sim language data")
        self.name = f"tesseract {pytesseract.get_tesseract_version()}"

    def read(self, image) -> list[Box]:
        d = self._t.image_to_data(image, lang="chi_sim", config="--psm 11", output_type=self._t.Output.DICT)
        # words of one line (block, par, line) joined into line boxes, as the other engine returns
        lines: dict = {}
        for i, text in enumerate(d["text"]):
            if not text.strip():
                continue
            key = (d["block_num"][i], d["par_num"][i], d["line_num"][i])
            x, y, w, h = d["left"][i], d["top"][i], d["width"][i], d["height"][i]
            lines.setdefault(key, []).append((x, y, x + w, y + h, text.strip(), float(d["conf"][i]) / 100))
        out = []
        for words in lines.values():
            words.sort()
            # a wide gap is a cell border: split there
            group = [words[0]]
            for w in words[1:] + [None]:
                if w is not None and w[0] - group[-1][2] < 1.5 * (group[-1][3] - group[-1][1]):
                    group.append(w)
                    continue
                x0, y0 = min(g[0] for g in group), min(g[1] for g in group)
                x1, y1 = max(g[2] for g in group), max(g[3] for g in group)
                text = "".join(g[4] for g in group)
                out.append(Box(text, min(g[5] for g in group), [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]))
                group = [w] if w is not None else []
        return out


_ENGINES = {"rapidocr": RapidEngine, "tesseract": TesseractEngine, "rapidocr-onnxruntime": RapidV4Engine}


@lru_cache(maxsize=2)
def engine(name: str | None = None):
    """The engine of this process, loaded once (model load ~1 s)."""
    name = (name or os.environ.get(ENGINE_ENV) or "rapidocr").lower()
    if name in ("0", "off", "no", "false"):
        raise OcrUnavailable(f"OCR disabled ({ENGINE_ENV}={name})")
    if name not in _ENGINES:
        raise OcrUnavailable(f"unknown OCR engine {name!r} (one of {', '.join(_ENGINES)})")
    return _ENGINES[name]()


# ---------------------------------------------------------------- images

def clean(rgb):
    """Grey page without the red of seals. A seal's red is bright in the red channel and mid-dark
    in luminance; black ink is dark in both, also under a seal (JPEG's halved colour resolution
    smears the seal's red into the strokes, so their red channel rises to mid grey while their
    luminance stays dark). So: the red channel, level-stretched, everywhere; where a pixel is
    red-dominant, ink only if its luminance is dark, else paper."""
    import numpy as np  # noqa: PLC0415

    a = np.asarray(rgb)
    if a.ndim == 2:
        return a.copy()
    r = a[:, :, 0].astype(np.float32)
    g, b = a[:, :, 1].astype(np.float32), a[:, :, 2].astype(np.float32)
    out = np.clip((r - INK_LEVEL) * (255.0 / (SEAL_LEVEL - INK_LEVEL)), 0, 255)
    reddish = (r - np.maximum(g, b)) > 40
    if reddish.any():
        y = 0.299 * r + 0.587 * g + 0.114 * b
        ink = np.clip((y - INK_LEVEL) * (255.0 / (SEAL_INK_LUMA - INK_LEVEL)), 0, 255)
        out = np.where(reddish, np.where(y < SEAL_INK_LUMA, ink, 255.0), out)
    return out.astype(np.uint8)


SEAL_INK_LUMA = 85.0     # under a seal, darker than this (luminance) is ink


INK_LEVEL, SEAL_LEVEL = 40.0, 185.0


def deskew(grey):
    """(upright page, angle in degrees). The angle maximises the sharpness of the row profile
    of a reduced page (ruling lines and text rows both give it), searched over ±3°."""
    import cv2  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    h, w = grey.shape
    f = 600 / max(h, w)
    small = cv2.resize(grey, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)

    def score(angle):
        m = cv2.getRotationMatrix2D((ink.shape[1] / 2, ink.shape[0] / 2), angle, 1.0)
        rot = cv2.warpAffine(ink, m, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_LINEAR, borderValue=0)
        prof = rot.sum(axis=1)
        return float(np.square(np.diff(prof)).sum())

    best = max(np.arange(-3.0, 3.01, 0.25), key=score)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=score)
    angle = float(round(best, 2))
    if abs(angle) < 0.05:
        return grey, 0.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255), angle


def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource  # noqa: PLC0415
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# ---------------------------------------------------------------- pages

_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]"
_OPEN_BY_CJK = re.compile(rf"(?<={_CJK})\(|\((?={_CJK})")
_CLOSE_BY_CJK = re.compile(rf"(?<={_CJK})\)|\)(?={_CJK})")


def cjk_brackets(text: str) -> str:
    """The engines read a printed full-width bracket （） as an ASCII one more often than not (the
    glyphs differ only in their side bearings, which a line crop cuts away): a bracket beside a
    Chinese character is the full-width one the report printed (（2021年）, （一）, （以下简称…）)."""
    if "(" not in text and ")" not in text:
        return text
    return _CLOSE_BY_CJK.sub("）", _OPEN_BY_CJK.sub("（", text))


def ocr_image(rgb, number: int = 1, dpi: int = RENDER_DPI, deadline: float | None = None) -> OcrPage:
    """One page image (RGB or grey array) -> its blocks, tables rebuilt from the boxes.

    The page's time limit is CPU time (PAGE_SECONDS; a shared, loaded machine does not make a
    normal page time out): a profiling timer interrupts the engine between its batches."""
    from reportparser.formats import ocr_tables  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    started, cpu0 = time.monotonic(), time.process_time()
    with _cpu_limit(PAGE_SECONDS, number):
        grey, angle = deskew(clean(rgb))
        if time.process_time() - cpu0 > PAGE_SECONDS:
            raise PageTimeout(f"page {number}: OCR over its {PAGE_SECONDS:.0f} s limit before recognition")
        boxes = [Box(cjk_brackets(b.text), b.confidence, b.quad) for b in engine().read(np.stack([grey] * 3, axis=-1))]
        page = ocr_tables.rebuild(grey, boxes, number, dpi)
    _release_memory()
    page.angle = -angle          # the scan's own rotation (degrees, counter-clockwise); undone above
    page.dpi = dpi
    page.seconds = round(time.monotonic() - started, 2)
    if boxes:
        page.mean_confidence = round(sum(b.confidence for b in boxes) / len(boxes), 3)
    return page


def _large_buffers_mapped() -> None:
    """Buffers of 4 MB and more (the recogniser's activations for a long text line) come from
    mmap and go back to the system when freed, instead of staying in glibc's heap: measured on
    20 line widths, a worker's peak RSS 1,047 MB -> 512 MB."""
    global _LIBC
    if _LIBC is None:
        _release_memory()
    if _LIBC:
        _LIBC.mallopt(-3, 4 << 20)     # M_MMAP_THRESHOLD (fixed: no dynamic raising)


def _release_memory() -> None:
    """Give the engine's freed buffers back to the system after each page. glibc keeps them in
    its arenas otherwise, and every text-line width the recogniser saw leaves its own: measured,
    a worker grew from ~150 MB to ~560 MB over 20 widths and to 1.1 GB over a 3-page scan."""
    global _LIBC
    if _LIBC is None:
        try:
            import ctypes  # noqa: PLC0415
            _LIBC = ctypes.CDLL("libc.so.6")
        except OSError:
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


_LIBC = None


@contextmanager
def _cpu_limit(seconds: float, number: int):
    """Raise PageTimeout in this (main) thread once the process has used `seconds` of CPU;
    elsewhere (a thread) only the checks between stages apply."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(_signum, _frame):
        raise PageTimeout(f"page {number}: OCR over its {seconds:.0f} s limit")
    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def render_pdf_page(pdf, index: int, dpi: int = RENDER_DPI):
    """Page `index` (0-based) of a pypdfium2 document as an RGB array, at most MAX_PIXELS."""
    import numpy as np  # noqa: PLC0415

    page = pdf[index]
    try:
        w, h = page.get_size()
        scale = dpi / 72
        if w * h * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (w * h)) ** 0.5
        return np.asarray(page.render(scale=scale).to_pil().convert("RGB")), int(round(scale * 72))
    finally:
        page.close()


def ocr_pdf_pages(data: bytes, numbers: list[int], warnings: list[str]) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF; pages that fail keep no blocks and get a warning."""
    if not numbers:
        return {}
    try:
        import pypdfium2 as pdfium  # noqa: PLC0415
        engine()
        pdf = pdfium.PdfDocument(data)
    except OcrUnavailable as exc:
        warnings.append(f"OCR unavailable: {exc}")
        return {}
    except Exception as exc:  # pdfium refuses what pdfminer read: say so, keep the rest
        warnings.append(f"pages could not be rasterized for OCR ({type(exc).__name__}: {exc})")
        return {}
    done: dict[int, OcrPage] = {}
    try:
        for k, number in enumerate(numbers):
            if k >= MAX_OCR_PAGES:
                warnings.append(f"OCR stopped after {MAX_OCR_PAGES} pages")
                break
            if rss_bytes() > MEMORY_CAP:
                warnings.append(f"OCR stopped at page {number}: worker memory over {MEMORY_CAP // 1_000_000} MB")
                break
            try:
                image, dpi = render_pdf_page(pdf, number - 1, _page_dpi(pdf, number - 1))
                done[number] = ocr_image(image, number, dpi)
            except PageTimeout as exc:
                warnings.append(str(exc))
            except MemoryError:
                warnings.append(f"page {number}: OCR ran out of memory")
            except Exception as exc:  # an engine failure on one page loses only that page
                warnings.append(f"page {number}: OCR failed ({type(exc).__name__}: {exc})")
    finally:
        pdf.close()
    return done


def _page_dpi(pdf, index: int) -> int:
    """An image-only page is rendered at its scan's own resolution (so nothing is resampled
    away at 150 dpi and nothing is invented above 300); other pages at RENDER_DPI."""
    try:
        import pypdfium2.raw as raw  # noqa: PLC0415
        page = pdf[index]
        try:
            objs = list(page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
            if len(objs) == 1:
                px_w, _px_h = objs[0].get_px_size()
                left, _b, right, _t = objs[0].get_pos()
                if right - left > 0.8 * page.get_width():
                    return int(max(100, min(MAX_RENDER_DPI, round(px_w / ((right - left) / 72)))))
        finally:
            page.close()
    except Exception:
        pass
    return RENDER_DPI


# ---------------------------------------------------------------- the PDF reader's hook

class PageRouter:
    """Collects, while the PDF reader reads its pages, those to OCR (no text layer, or one that
    fails `text_layer_problem`), then OCRs them and puts their blocks in place of the text
    layer's. With OCR disabled it only watches: the reader's own warnings stand."""

    def __init__(self):
        self.on = enabled()
        self.wanted: dict[int, str] = {}        # page -> why
        self.cid_by_page: dict[int, int] = {}
        self.judged: list[int] = []             # pages long enough for the quality test
        self.short: list[int] = []              # pages too short to judge (a sign-off page)
        self.note = "OCR not done"              # what the reader says of pages still unread

    def see(self, number: int, page_blocks: list, n_chars: int, n_cid: int) -> None:
        if not self.on:
            return
        if n_chars == 0 and n_cid == 0:
            self.wanted[number] = "no text layer"
            return
        text = _blocks_text(page_blocks)
        self.cid_by_page[number] = n_cid
        if len(text) + n_cid < 30 or sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") < 60 and not n_cid:
            self.short.append(number)
        else:
            self.judged.append(number)
        problem = text_layer_problem(text, n_cid)
        if problem:
            self.wanted[number] = problem

    def ocr(self, data: bytes, blocks: list[list], warnings: list[str], meta: dict,
            cid: int, total: int, textless: list[int]) -> tuple[int, int, list[int]]:
        """OCR the wanted pages into `blocks`; returns (cid, total, textless) without the pages
        OCR'd, so the reader warns only about what is still unread."""
        if not self.wanted:
            return cid, total, textless
        bad = [n for n in self.judged if n in self.wanted]
        if bad and len(bad) * 2 >= len(self.judged):
            # one broken font usually covers every page: the short pages (a sign-off) go too
            for n in self.short:
                self.wanted.setdefault(n, "the document's font maps are broken; this page is too short to test")
        started = time.monotonic()
        garbled = sorted(n for n, why in self.wanted.items() if why != "no text layer")
        for n in garbled:
            warnings.append(f"page {n}: text layer unusable ({self.wanted[n]}); OCR'd instead")
        tried = sorted(self.wanted)
        pages = ocr_pdf_pages(data, tried, warnings)
        empty = [n for n, p in pages.items() if not p.blocks]
        if empty and len(empty) == len(pages) == len(tried):
            self.note = "OCR found no text"
        elif empty or len(pages) < len(tried):
            self.note = "OCR found no text or failed (see above)"
        pages = {n: p for n, p in pages.items() if p.blocks}
        for number, page in pages.items():
            blocks[number - 1] = page.blocks
            total += sum(len(b[2]) for b in page.blocks if b[0] == "line") + len(page.cells)
            cid -= self.cid_by_page.get(number, 0)
        meta["ocr"] = summary(pages, time.monotonic() - started, [n for n in self.wanted if n not in pages])
        return cid, total, [n for n in textless if n not in pages]


def summary(pages: dict[int, OcrPage], seconds: float, failed: list[int]) -> dict:
    """What the record says of its OCR (`record["ocr"]`, see docs/parser.md)."""
    confs = [p.mean_confidence for p in pages.values() if p.mean_confidence is not None]
    try:
        name = engine().name
    except OcrUnavailable:
        name = None
    return {"engine": name, "pages": sorted(pages), "failed_pages": sorted(failed),
            "dpi": sorted({p.dpi for p in pages.values()}), "seconds": round(seconds, 2),
            "angles": {str(n): p.angle for n, p in sorted(pages.items()) if p.angle},
            "mean_confidence": round(sum(confs) / len(confs), 3) if confs else None,
            "cells": [c for n in sorted(pages) for c in pages[n].cells]}


def _blocks_text(page_blocks: list) -> str:
    out = []
    for b in page_blocks:
        if b[0] == "line":
            out.append(b[2])
        elif b[0] == "table":
            out.extend(c.text for row in b[2] for c in row if not c.spanned)
    return "\n".join(out)


# ---------------------------------------------------------------- image files and images in pages

IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF8", "image/gif"),
               (b"BM", "image/bmp"), (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"))


def image_media_type(data: bytes) -> str | None:
    for magic, media in IMAGE_MAGIC:
        if data.startswith(magic):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def decode_image(data: bytes):
    """Bytes -> (RGB array, dpi). Refuses decompression bombs; big images are scaled to MAX_PIXELS."""
    import numpy as np  # noqa: PLC0415
    from PIL import Image  # noqa: PLC0415
    import io  # noqa: PLC0415

    img = Image.open(io.BytesIO(data))
    if img.width * img.height > 8 * MAX_PIXELS:
        raise ValueError(f"image of {img.width}x{img.height} pixels is too large to OCR")
    dpi = img.info.get("dpi", (0, 0))[0] or 0
    img = img.convert("RGB")
    if img.width * img.height > MAX_PIXELS:
        f = (MAX_PIXELS / (img.width * img.height)) ** 0.5
        img = img.resize((int(img.width * f), int(img.height * f)))
    # a photographed A4 page is ~1600-2500 pixels wide: treat it as ~200 dpi when it says nothing
    return np.asarray(img), int(dpi) if 72 <= dpi <= 600 else RENDER_DPI


def flatten_photo(rgb):
    """A page photographed at an angle: find the sheet (the large bright quadrilateral against a
    darker surround) and warp it to a rectangle. Returns the image unchanged when no sheet is
    found (a flat scan, a cropped screenshot)."""
    import cv2  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    grey = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    f = 800 / max(h, w)
    small = cv2.resize(grey, (int(w * f), int(h * f)))
    _t, mask = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _h = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return rgb
    sheet = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(sheet)
    if area < 0.4 * small.size or area > 0.985 * small.size:
        return rgb
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(quad) != 4:
        return rgb
    pts = quad.reshape(4, 2).astype(np.float32) / f
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    tl, br, tr, bl = pts[np.argmin(s)], pts[np.argmax(s)], pts[np.argmin(d)], pts[np.argmax(d)]
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    m = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl]), np.array([[0, 0], [width, 0], [width, height], [0, height]],
                                                                          dtype=np.float32))
    return cv2.warpPerspective(np.ascontiguousarray(rgb), m, (width, height), flags=cv2.INTER_CUBIC,
                               borderValue=(255, 255, 255))


def extract_image(data: bytes, media_type: str | None = None):
    """An image file (a scanned or photographed page, a table pasted as a picture) as an
    ExtractedDocument: OCR'd text and grids, or a warning when it cannot be read."""
    from reportparser.document import ExtractedDocument  # noqa: PLC0415

    media = media_type or image_media_type(data) or "image"
    meta: dict = {"media_type": media, "pages": 1}
    if not enabled():
        return ExtractedDocument("", warnings=["image file: OCR disabled; not read"], meta=meta)
    started = time.monotonic()
    warnings: list[str] = []
    try:
        engine()
        rgb, dpi = decode_image(data)
        page = ocr_image(flatten_photo(rgb), 1, dpi)
    except OcrUnavailable as exc:
        return ExtractedDocument("", warnings=[f"image file: OCR unavailable ({exc}); not read"], meta=meta)
    except PageTimeout as exc:
        return ExtractedDocument("", warnings=[f"image file: {exc}; not read"], meta=meta)
    except Exception as exc:   # undecodable or hostile image: one line, nothing lost
        return ExtractedDocument("", warnings=[f"image file could not be OCR'd ({type(exc).__name__}: {exc})"], meta=meta)
    return document_of_pages({1: page}, warnings, meta, time.monotonic() - started)


def document_of_pages(pages: dict[int, OcrPage], warnings: list[str], meta: dict, seconds: float):
    """OCR'd pages alone (no text layer anywhere) as an ExtractedDocument, rendered and joined
    across pages as the PDF reader does."""
    from reportparser.document import ExtractedDocument  # noqa: PLC0415
    from reportparser.formats.pdf import _join_across_pages, _render  # noqa: PLC0415

    blocks = [pages[n].blocks for n in sorted(pages)]
    meta["ocr"] = summary(pages, seconds, [])
    return ExtractedDocument(_render(blocks), tables=_join_across_pages(blocks), warnings=warnings, meta=meta)


_TABLE3_ROW = re.compile(r"本年新收[^\n]{0,60}?(?:\d[\d,]*\D{1,12}?){3}")


def has_table3(doc) -> bool:
    """Does the page itself print table 3 (in a grid, or as a text row of numbers)? Prose that
    mentions 本年新收 does not count."""
    if any("本年新收" in c.text for grid in doc.tables for row in grid for c in row):
        return True
    return bool(_TABLE3_ROW.search(doc.text or ""))


_DATA_URI = re.compile(r"^data:(image/(?:png|jpe?g|gif|bmp|webp));base64,(.*)$", re.S | re.I)
MAX_INLINE_IMAGES = 12


def html_images(container, doc):
    """Images pasted into an HTML report (data: URIs — Word and WeChat editors embed them so)
    are OCR'd when the page itself has no table text; their text and grids follow the page's."""
    import base64  # noqa: PLC0415

    if not enabled() or container is None or has_table3(doc):
        return doc
    images = []
    for img in container.iter("img"):
        m = _DATA_URI.match((img.get("src") or "").strip())
        if m:
            try:
                images.append(base64.b64decode(m.group(2), validate=False))
            except ValueError:
                doc.warnings.append("an inline image's base64 data is damaged; not read")
    if not images:
        return doc
    if len(images) > MAX_INLINE_IMAGES:
        doc.warnings.append(f"{len(images)} inline images; only the first {MAX_INLINE_IMAGES} OCR'd")
    pages: dict[int, OcrPage] = {}
    started = time.monotonic()
    for k, data in enumerate(images[:MAX_INLINE_IMAGES], start=1):
        try:
            engine()
            rgb, dpi = decode_image(data)
            if rgb.shape[0] * rgb.shape[1] < 40_000:
                continue      # icons, spacers, a logo: not a page of text
            pages[k] = ocr_image(flatten_photo(rgb), k, dpi)
        except OcrUnavailable as exc:
            doc.warnings.append(f"inline images not read: OCR unavailable ({exc})")
            return doc
        except Exception as exc:
            doc.warnings.append(f"inline image {k} could not be OCR'd ({type(exc).__name__}: {exc})")
    if not pages:
        return doc
    ocr_doc = document_of_pages(pages, [], {}, time.monotonic() - started)
    doc.text = f"{doc.text}\n{ocr_doc.text}" if doc.text else ocr_doc.text
    doc.tables += ocr_doc.tables
    doc.meta["ocr"] = ocr_doc.meta["ocr"]
    return doc
