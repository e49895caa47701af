"""Traditional-character mirrors: the whole document through OpenCC s2t, optionally with the
artefacts of machine-converted mirror sites (文件→檔案, 司法部→法務部, pinyin after characters,
mirror-site footers).
"""

from __future__ import annotations

import functools
import random

from reportgen.document import Block

# Converter artefacts seen on real mirrors (zh-Hans → zh-Hant with Taiwan phrases).
MIRROR_REPLACEMENTS = [("規範性文件", "規範性檔案"), ("司法部", "法務部")]
PINYIN = {"報": "bào", "開": "kāi", "務": "wù", "總": "zǒng", "請": "qǐng", "議": "yì"}
MIRROR_FOOTER = ["相關詞條", "熱門詞條", "聯絡我們", "免責聲明"]


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc  # noqa: PLC0415 - only traditional output needs it

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _converter().convert(text) if text else text


def _mirror(text: str) -> str:
    for a, b in MIRROR_REPLACEMENTS:
        text = text.replace(a, b)
    return text


def _pinyin(rng: random.Random, text: str) -> str:
    out = []
    budget = 2
    for ch in text:
        out.append(ch)
        if budget and ch in PINYIN and rng.random() < 0.3:
            out.append(f"({PINYIN[ch]})")
            budget -= 1
    return "".join(out)


def convert_blocks(blocks: list[Block], rng: random.Random, mirror_artifacts: bool = False) -> list[Block]:
    conv = _mirror if mirror_artifacts else (lambda s: s)
    for b in blocks:
        if b.table is not None:
            for row in b.table.rows:
                for cell in row:
                    cell.text = conv(to_traditional(cell.text))
        else:
            b.text = conv(to_traditional(b.text))
            if mirror_artifacts and b.kind == "para":
                b.text = _pinyin(rng, b.text)
    if mirror_artifacts:
        blocks.append(Block("para", " ".join(MIRROR_FOOTER)))
    return blocks
