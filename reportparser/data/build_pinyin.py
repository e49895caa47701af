"""Build division_pinyin.tsv: adcode, pinyin and initials of each division's short name.

Used to read a site's host name (www.nanjing.gov.cn, sfj.zhangzhou.gov.cn, www.gl.gov.cn).
Build-time only (the parser reads the TSV, not pypinyin):

    pip install pypinyin && python reportparser/data/build_pinyin.py
"""

from pathlib import Path

from pypinyin import lazy_pinyin

from reportparser.regions import DATA, _short

OUT = Path(__file__).with_name("division_pinyin.tsv")


def main() -> None:
    lines = ["# adcode\tpinyin\tinitials (of the name without its 省/市/区/县 suffix); built by build_pinyin.py"]
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split("\t")
        syllables = [s for s in lazy_pinyin(_short(name)) if s.isascii() and s.isalpha()]
        if syllables:
            lines.append(f"{code}\t{''.join(syllables)}\t{''.join(s[0] for s in syllables)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
