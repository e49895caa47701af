"""Text normalization: bytes -> str, traditional -> simplified, widths, numbers.

Everything the readers and the mapper need to compare text with the template
declaration goes through here, so the same spelling rules apply everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_TEXT_CHARS = 2_000_000   # what we process of one document; the rest is cut with a warning

# ---------------------------------------------------------------- decoding

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "cp950",
                     "big5-hkscs": "big5hkscs", "cp936": "gb18030", "utf8": "utf-8", "x-gbk": "gb18030"}
# frequent characters of these reports, in both scripts: a decoding that yields
# many of them is the right one
_COMMON = set("政府信息公开工作年度报告的一是在和有了不人为本年申请主动情况处理总计法行复议诉讼条件項數據開報處")


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd]")


def _common_share(text: str) -> float:
    sample = text[:4000]
    if not sample:
        return 0.0
    hits = sum(map(_COMMON.__contains__, sample))
    bad = len(_PRIVATE_USE.findall(sample))
    return (hits - 5 * bad) / len(sample)


def decode(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Bytes -> (text, encoding used, warnings). Never raises."""
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8", warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), "utf-16", warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        if exc.start > len(data) - 4:   # truncated in the middle of the last character
            return data[:exc.start].decode("utf-8", "replace"), "utf-8", warnings
    candidates = []
    if not declared:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore") if m else None
    if declared:
        candidates.append(_ENCODING_ALIASES.get(declared.lower(), declared.lower()))
    candidates += ["gb18030", "cp950", "big5hkscs"]
    best = None
    for enc in dict.fromkeys(candidates):
        try:  # a strict decode that reads as report text settles it
            text = data.decode(enc)
            if _common_share(text) > 0.03:
                return text, enc, warnings
        except UnicodeDecodeError:
            pass
        except LookupError:
            continue
        try:
            text = data.decode(enc, "replace")
        except LookupError:
            continue
        score = _common_share(text)
        if best is None or score > best[0] + 0.001:
            best = (score, text, enc)
    if best is not None and best[0] > 0.005:
        return best[1], best[2], warnings
    try:  # last resort
        from charset_normalizer import from_bytes
        match = from_bytes(data[:200000]).best()
        if match is not None:
            return data.decode(match.encoding, "replace"), match.encoding, warnings
    except Exception:  # pragma: no cover - charset_normalizer failures are not ours to show
        pass
    warnings.append("could not tell the text encoding; decoded as gb18030 with replacements")
    return data.decode("gb18030", "replace"), "gb18030", warnings


# ---------------------------------------------------------------- script

@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _protected_names() -> tuple[str, ...]:
    """Place names that OpenCC's t2s would change although they are already
    simplified (e.g. 乾安县): protected from conversion."""
    from reportparser.regions import all_names
    conv = _t2s()
    return tuple(sorted((n for n in all_names() if conv.convert(n) != n), key=len, reverse=True))


_CJK = re.compile("[\u4e00-\u9fff]+")


def detect_script(text: str) -> str:
    sample = text[:20000]
    joined = "".join(_CJK.findall(sample))
    if not joined:
        return "simplified"
    converted = _t2s().convert(joined)
    if converted == joined:   # the common case: nothing to convert, no counting in Python
        return "simplified"
    changed = sum(1 for a, b in zip(joined, converted) if a != b)
    return "traditional" if changed / len(joined) > 0.03 else "simplified"


def to_simplified(text: str) -> tuple[str, str]:
    """(simplified text, detected script of the input)."""
    script = detect_script(text)
    if script == "simplified":
        return text, script
    names = [n for n in _protected_names() if n in text]
    for i, name in enumerate(names):
        text = text.replace(name, f"\ue000{i}\ue001")
    text = _t2s().convert(text)
    for i, name in enumerate(names):
        text = text.replace(f"\ue000{i}\ue001", name)
    return text, script


# ---------------------------------------------------------------- cleanup

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[1-5]?[)）]")
_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ％．－＋"}
_WIDTH[0x3000] = 0x20
_WIDTH[0xA0] = 0x20


def char_mapper(table: dict):
    """str.translate for a table of non-ASCII characters, but fast: CPython's translate
    looks up every character of the text in Python; a regex visits only the ones mapped."""
    chars = {(chr(k) if isinstance(k, int) else k): (chr(v) if isinstance(v, int) else v) for k, v in table.items()}
    chars = {k: v for k, v in chars.items() if k != v}
    pattern = re.compile("[" + "".join(re.escape(c) for c in chars) + "]")
    lookup = chars.__getitem__

    def apply(text: str) -> str:
        return pattern.sub(lambda m: lookup(m.group()), text)
    return apply


_to_narrow = char_mapper(_WIDTH)


def clean_text(text: str) -> str:
    """Full-width digits/letters to ASCII, no-break spaces to spaces, pinyin glosses out."""
    text = _to_narrow(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "").replace("\ufeff", "")
    return _PINYIN.sub("", text) if ("(" in text or "（" in text) else text


_LABEL_TABLE = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "、": "、", "．": ".",
                              "“": '"', "”": '"', "＂": '"', "‘": "'", "’": "'", "／": "/", "〔": "(", "〕": ")"})
_SPACES = re.compile(r"\s+")


to_ascii_punctuation = char_mapper(_LABEL_TABLE)


def label_key(text: str) -> str:
    """The form labels are compared in: no whitespace, ASCII brackets/commas/quotes."""
    return _SPACES.sub("", to_ascii_punctuation(clean_text(text)))


# ---------------------------------------------------------------- numbers

BLANKS = {"", "-", "—", "–", "－", "/", "／", "\\", "无", "—", "——", "--", "…", "空"}
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_UNIT = re.compile(r"(万元|亿元|元|件|条|个|项|次|人次|万)$")


def parse_number(text: str):
    """A cell's printed number: int/float, None for a blank cell, or raise ValueError
    for text that is not a number (a label, a note)."""
    if text.isdigit() and text.isascii():   # the common case, fast
        return int(text)
    t = clean_text(text).strip().replace(" ", "")
    if t in BLANKS:
        return None
    t = _UNIT.sub("", t)
    if not _NUMBER.match(t):
        raise ValueError(text)
    t = t.replace(",", "")
    if "." in t:
        return float(t)
    return int(t)


def is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


# ---------------------------------------------------------------- dates

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def cn_number(s: str) -> int | None:
    """二○一二 -> 2012 (digit by digit); 二十 -> 20; 十二 -> 12."""
    if not s or any(c not in _CN_DIGITS for c in s):
        return None
    if "十" in s:
        head, _, tail = s.partition("十")
        return (_CN_DIGITS[head] if head else 1) * 10 + (_CN_DIGITS[tail] if tail else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in s))

