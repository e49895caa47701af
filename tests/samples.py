"""Synthetic records for the index and search tests, in the contract's record shape.

The benchmarks use `reportgen.make_truth` (the realistic report generator); this small
factory keeps the index tests independent of it and deterministic.
"""

from __future__ import annotations

import random

PLACES = [
    ("河南省", "洛阳市", "西工区"), ("河南省", "郑州市", None), ("江苏省", "淮安市", "洪泽区"),
    ("福建省", "福州市", "平潭县"), ("广东省", "深圳市", "南山区"), ("四川省", "成都市", None),
    ("浙江省", "杭州市", "西湖区"), ("山东省", "济南市", None),
]
KINDS = ["司法局", "人民政府", "财政局", "教育局", "自然资源局", "生态环境局", "卫生健康委员会", "农业农村局"]
SENTENCES = [
    "根据《中华人民共和国政府信息公开条例》的要求，现公布{agency}{year}年政府信息公开工作年度报告。",
    "本年度共主动公开政府信息{n1}条，其中规范性文件{n2}件，行政许可事项{n3}项。",
    "全年共收到政府信息公开申请{new}件，其中依申请公开办理{n2}件，不予公开{n3}件。",
    "本年度发生行政复议{review}起，行政诉讼{lit}起，结果维持{n3}起。",
    "我们坚持以公开为常态、不公开为例外，推进农业发展、乡村振兴等重点领域信息公开。",
    "做好三安全一稳定相关信息发布，加强政策解读，召开新闻发布会{n1}场。",
    "存在的主要问题是公开内容不够全面，部分栏目更新不及时，与勾稽关系核对不够严谨。",
    "下一步将加强政务公开专区建设，完善政府网站和政务新媒体管理。",
    "本机关未收取信息处理费。未发现因政府信息公开工作被追究责任的情况。",
    "申请人通过网络平台、信函等方式提交申请，涉及国家秘密、商业秘密和个人隐私的依法不予公开。",
]


def make_record(seed: int, paragraphs: int = 12) -> dict:
    """One deterministic contract-shaped record."""
    rng = random.Random(seed)
    province, city, county = PLACES[seed % len(PLACES)]
    kind = KINDS[(seed // len(PLACES)) % len(KINDS)]
    year = 2014 + seed % 11
    level = "county" if county else "city"
    agency = f"{county or city}{kind}"
    new = rng.randint(0, 300)
    carried = rng.randint(0, 10)
    disclosed = rng.randint(0, new)
    partial = rng.randint(0, new - disclosed)
    rest = new + carried - disclosed - partial
    forward = rng.randint(0, rest)
    review = [rng.randint(0, 5) for _ in range(4)]
    direct = [rng.randint(0, 3) for _ in range(4)]
    after = [rng.randint(0, 2) for _ in range(4)]
    vals = {"agency": agency, "year": year, "new": new, "review": sum(review), "lit": sum(direct) + sum(after)}
    paras = []
    for _ in range(paragraphs):
        line = "".join(rng.choice(SENTENCES).format(n1=rng.randint(1, 999), n2=rng.randint(0, 99),
                                                    n3=rng.randint(0, 9), **vals) for _ in range(4))
        paras.append(line)
    text = "\n".join([f"{agency}{year}年政府信息公开工作年度报告", *paras])
    third = len(paras) // 3 or 1
    broken = seed % 7 == 0
    return {
        "schema": 1,
        "id": f"sample-{seed:06d}",
        "title": f"{agency}{year}年政府信息公开工作年度报告",
        "agency": agency,
        "agency_kind": kind,
        "level": level,
        "province": province, "city": city, "county": county,
        "year": year,
        "published": f"{year + 1}-01-{10 + seed % 18:02d}",
        "template": "2021" if year >= 2020 else ("2019" if year == 2019 else "legacy"),
        "script": "simplified",
        "source": {"url": f"http://www.{['ly', 'zz', 'ha', 'pt', 'sz', 'cd', 'hz', 'jn'][seed % 8]}.gov.cn/"
                          f"zfxxgk/{year}/{seed}.html", "sha256": f"{seed:064x}"},
        "text": text,
        "sections": {"overview": "\n".join(paras[:third]), "applications": "\n".join(paras[third:2 * third]),
                     "review_litigation": "\n".join(paras[2 * third:])},
        "tables": {
            "applications": {
                "new": [new, 0, 0, 0, 0, 0, new], "carried_over": [carried, 0, 0, 0, 0, 0, carried],
                "disclosed": [disclosed, 0, 0, 0, 0, 0, disclosed],
                "partially_disclosed": [partial, 0, 0, 0, 0, 0, partial],
                "total_handled": [new + carried - forward] * 1 + [0] * 5 + [new + carried - forward],
                "carried_forward": [forward, 0, 0, 0, 0, 0, forward],
            },
            "review_litigation": {"review": review + [sum(review)], "litigation_direct": direct + [sum(direct)],
                                  "litigation_after_review": after + [sum(after)]},
        },
        "checks": [{"rule": "applications.balance", "ok": not broken, "where": "总计",
                    "detail": "" if not broken else "1 + 0 ≠ 1 + 1"}],
        "warnings": [],
    }


def archive_with_deletions(root, n: int):
    """An archive of `n` sample records indexed, then changed as an incremental `gia index` sees it:
    seven records removed and one rewritten (deletions in the first segment), forty added (a second
    segment), indexed again. Returns the archive's root. Tests of readers that must skip deleted
    documents across segments share it."""
    import os

    from gia.archive import Archive
    from indexer import update_index

    a = Archive(root)
    paths = [a.write_record(make_record(i)) for i in range(n)]
    update_index(a.root)
    for p in paths[:7]:
        p.unlink()
    changed = make_record(9)
    changed["text"] += "行政复议" * 5
    os.utime(a.write_record(changed), ns=(1, 10**18))  # a new mtime the incremental run must notice
    for i in range(1000, 1040):
        a.write_record(make_record(i))
    update_index(a.root)
    return a.root
