"""The prose of a report: the six sections (or the legacy narrative), in government-report wording.

Figures quoted in the prose are not table values on purpose (channel counts that exceed the total,
approximate 余人次) — real reports do that, and a parser must take the data from the tables.
"""

from __future__ import annotations

import random

SUB_MARKS = [
    lambda i: f"（{'一二三四五六七八九十'[i]}）",
    lambda i: f"({'一二三四五六七八九十'[i]})",
    lambda i: f"{i + 1}.",
    lambda i: f"{i + 1}、",
]
OVERVIEW_POINTS = [
    ("加强组织领导，健全工作机制", "把政府信息公开工作列入年度重点任务，成立了由主要负责同志任组长的政务公开工作领导小组，明确分管领导和具体承办科室，形成了主要领导亲自抓、分管领导具体抓、业务科室配合抓的工作格局。"),
    ("突出公开重点，回应社会关切", "围绕中心工作和群众关注的热点问题，按照财政部关于预决算公开的统一要求，重点公开权力清单、财政预决算、“双随机、一公开”抽查结果、重大建设项目和公共服务事项等信息。"),
    ("规范依申请公开，依法依规答复", "严格按照《条例》规定的程序和时限办理政府信息公开申请，规范答复文书格式，做到受理、审查、答复、送达各环节全程留痕。"),
    ("拓展公开渠道，提升公开实效", "依托门户网站、政务新媒体、政务服务中心和公开栏等渠道同步发布信息，构建了多层次的信息发布体系。"),
    ("强化政策解读，做好舆情回应", "坚持政策性文件与解读材料同步组织、同步审签、同步发布，通过图解、问答、视频等形式提高解读的可读性。"),
    ("加强平台建设，夯实公开基础", "持续优化政府信息公开专栏，及时更新公开目录和公开指南，开展网站安全检测，确保平台平稳运行。"),
    ("加强监督保障，开展教育培训", "将政务公开工作纳入年度绩效考核，组织开展政务公开业务培训，提升工作人员的业务能力和公开意识。"),
]
PROBLEMS = [
    "政策解读的形式还不够丰富，解读质量有待提高",
    "信息公开的及时性和规范性还需进一步加强",
    "工作人员业务能力与新形势新要求还有差距",
    "依申请公开答复的规范化水平有待提升",
    "基层政务公开标准化规范化建设推进不平衡",
    "主动公开内容与群众需求的契合度还不够高",
]
IMPROVEMENTS = [
    "加强业务培训，定期组织学习《条例》及相关文件，提升工作人员业务水平。",
    "完善信息发布审核机制，落实“先审查、后公开”和“一事一审”制度。",
    "丰富政策解读形式，推动解读材料与政策文件同步发布。",
    "规范依申请公开办理流程，严格答复时限和文书格式。",
    "加强政务公开平台建设，提升信息检索和查阅的便利度。",
]
OTHER = [
    "本年度未收取信息处理费。",
    "无。",
    "本机关{year}年度未发生收取信息处理费的情况。",
    "根据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。按照年度政务公开工作要点，各项任务均已落实。",
]


def _points(rng: random.Random, pool: list[tuple[str, str]], k: int, mark) -> list[str]:
    return [f"{mark(i)}{title}。{body}" for i, (title, body) in enumerate(rng.sample(pool, k))]


def sections(rng: random.Random, agency: str, year: int, template: str, tables: dict) -> dict[str, str]:
    """Body text of each of the six sections (headings excluded), simplified characters."""
    mark = rng.choice(SUB_MARKS)
    short = "我局" if agency.endswith("局") else ("我委" if agency.endswith("委员会") else "本机关")
    # whose instructions the year followed: the regulation alone, or the State Council General
    # Office's yearly 政务公开工作要点 too (national bodies named in prose are no agency of the report)
    followed = rng.choice(["上级关于政务公开工作的部署要求",
                           f"国务院办公厅印发的《{year}年政务公开工作要点》和上级关于政务公开工作的部署要求"])
    followed += rng.choice(["", "，结合工作实际"])
    overview = [f"{year}年，{agency}深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称《条例》）和{followed}，"
                f"坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。"]
    overview += _points(rng, OVERVIEW_POINTS, rng.randint(2, 4), mark)
    if agency.endswith(("司法局", "司法厅")):  # mirrors turn 司法部 into 法務部
        overview.append(f"{short}及时转载司法部和上级司法行政机关发布的政策文件及解读材料，方便群众查阅。")
    rows = tables.get("active", {}).get("rows", {})
    made = (rows.get("normative_documents") or [0])[0] or 0
    published = rng.randint(40, 600) + made
    channels = [rng.randint(published // 3, published) for _ in range(3)]
    active = [f"{year}年，{short}通过门户网站、政务新媒体等渠道主动公开政府信息{published}条，其中门户网站发布{channels[0]}条，"
              f"政务微信发布{channels[1]}条，政务微博发布{channels[2]}条。", f"本年度制发规范性文件{made}件，均按规定在门户网站公开。"]
    if rng.random() < 0.5:  # approximate figures in prose are never table values
        active.append(f"全年通过政务服务窗口和热线电话接待群众咨询{rng.randint(2, 99) * 50}余人次。")
    apps = tables.get("applications", {})
    new_total = (apps.get("new") or [None] * 7)[6]
    if new_total is not None:
        applications = [f"{year}年，{short}共收到政府信息公开申请{new_total}件，均已在法定期限内办理完毕并答复申请人。"
                        if new_total else f"{year}年，{short}未收到政府信息公开申请。"]
    else:
        applications = [f"{year}年，{short}依法办理政府信息公开申请，详见下表。"]
    review = tables.get("review_litigation", {})
    r_total = (review.get("review") or [0] * 5)[4] or 0
    l_total = sum(((review.get(k) or [0] * 5)[4] or 0) for k in ("litigation_direct", "litigation_after_review"))
    review_text = [f"{year}年，{short}因政府信息公开工作被申请行政复议{r_total}件，被提起行政诉讼{l_total}件。"
                   if r_total or l_total else f"{year}年，{short}未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。"]
    probs = rng.sample(PROBLEMS, 2)
    fixes = rng.sample(IMPROVEMENTS, 2)
    problems = [f"{year}年，{short}政府信息公开工作取得了一定成效，但也存在一些不足：一是{probs[0]}；二是{probs[1]}。下一步，{short}将着力做好以下工作："]
    problems += [f"{mark(i)}{t}" for i, t in enumerate(fixes)]
    other = [rng.choice(OTHER).format(year=year)]
    return {"overview": "\n".join(overview), "active": "\n".join(active), "applications": "\n".join(applications),
            "review_litigation": "\n".join(review_text), "problems": "\n".join(problems), "other": "\n".join(other)}


# Legacy reports have no fixed headings; these are the common ones, one per record section.
LEGACY_HEADINGS = {"overview": "概述", "active": "主动公开政府信息情况", "applications": "依申请公开政府信息情况",
                   "review_litigation": "因政府信息公开申请提起行政复议、行政诉讼的情况",
                   "problems": "政府信息公开工作存在的主要问题及改进措施", "other": "其他需要报告的事项"}


def legacy_headline(rng: random.Random, size_scale: float) -> dict:
    return {
        "active_published": int(rng.expovariate(1 / (80 + 200 * size_scale))) + 5,
        "applications_received": int(rng.expovariate(1 / (1 + 5 * size_scale))) if rng.random() < 0.6 else 0,
        "reviews": int(rng.expovariate(1)) if rng.random() < 0.2 else 0,
        "litigations": int(rng.expovariate(1.5)) if rng.random() < 0.1 else 0,
    }


def _legacy_phrasings(rng: random.Random, agency: str, year: int, head: dict):
    """The other ways legacy reports state their headline figures (one drawn per figure)."""
    a, n, r, lit = head["active_published"], head["applications_received"], head["reviews"], head["litigations"]
    active = [rng.choice([
        f"{year}年，全年新增主动公开政府信息{a}条，累计主动公开{a + rng.randint(100, 3000)}条。",
        f"{year}年，{agency}共主动公开各类政府信息{a}条，均在门户网站公开专栏发布。",
        f"截至{year}年底，{agency}主动公开信息数为{a}条。",
    ])]
    if n:
        applications = [rng.choice([f"全年受理依申请公开{n}件，均已按期答复。",
                                    f"{year}年共受理政府信息公开申请{n}件，已全部办结。"])]
    else:
        applications = [rng.choice(["全年未收到政府信息公开申请。", "本年度没有收到公民、法人或其他组织的政府信息公开申请。"])]
    if r == 0 and lit == 0:
        review = [rng.choice(["本年度未发生因政府信息公开申请提起行政复议、行政诉讼的情况。",
                              "全年没有出现针对本机关政府信息公开的行政复议、行政诉讼。"])]
    else:
        review = [rng.choice([f"全年发生政府信息公开行政复议案件{r}件、行政诉讼案件{lit}件。",
                              f"因政府信息公开申请提起行政复议{r}件，提起行政诉讼{lit}件。"])]
    return active, applications, review


def legacy_sections(rng: random.Random, agency: str, year: int, head: dict, phrasings: bool = False) -> dict[str, str]:
    """The 2008–2018 narrative; headline figures live in the prose (主动公开信息 N 条, 收到申请 N 件…)."""
    mark = rng.choice(SUB_MARKS)
    overview = [f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。全文包括概述，主动公开政府信息情况，依申请公开政府信息情况，"
                f"政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，存在的主要问题及改进措施等。"
                f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]
    overview += _points(rng, OVERVIEW_POINTS, 2, mark)
    active = [f"{year}年，{agency}主动公开信息{head['active_published']}条，其中通过门户网站公开"
              f"{max(0, head['active_published'] - rng.randint(0, 9))}条，主要包括机构职能、政策法规、规划计划、人事信息、财政资金等内容。"]
    n = head["applications_received"]
    applications = [f"{year}年，{agency}共收到政府信息公开申请{n}件，"
                    + (f"已全部按期答复，其中同意公开{rng.randint(0, n)}件。" if n else "无依申请公开事项。")]
    fees = "本年度政府信息公开未收取任何费用，也无减免情况。"
    review = [f"{year}年，{agency}因政府信息公开申请引发行政复议{head['reviews']}件，行政诉讼{head['litigations']}件。"]
    if phrasings:
        active, applications, review = _legacy_phrasings(rng, agency, year, head)
    probs = rng.sample(PROBLEMS, 2)
    problems = [f"一是{probs[0]}；二是{probs[1]}。" + rng.choice(IMPROVEMENTS)]
    return {"overview": "\n".join(overview), "active": "\n".join(active), "applications": "\n".join(applications),
            "review_litigation": "\n".join(review), "problems": "\n".join(problems), "other": fees + "无其他需要报告的事项。"}

