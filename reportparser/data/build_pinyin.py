"""Build division_pinyin.tsv: adcode, pinyin and initials of each division's short name.

Used to read a site's host name (www.nanjing.gov.cn, sfj.zhangzhou.gov.cn, www.gl.gov.cn).
Build-time only (the parser reads the TSV, not pypinyin):

    pip install pypinyin && python reportparser/data/build_pinyin.py
"""

from pypinyin import lazy_pinyin

from gia.divisions import PINYIN as OUT
from gia.divisions import divisions
from reportparser.regions import _short


def main() -> None:
    lines = ["# adcode\tpinyin\tinitials (of the name without its 省/市/区/县 suffix); built by build_pinyin.py"]
    for code, name in divisions():
        syllables = [s for s in lazy_pinyin(_short(name)) if s.isascii() and s.isalpha()]
        if syllables:
            lines.append(f"{code}\t{''.join(syllables)}\t{''.join(s[0] for s in syllables)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
