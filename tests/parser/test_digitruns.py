"""Reading row cells from text: separators, blanks, and digit runs with no separator."""

from reportparser import digitruns
from reportparser.tables import read_tables


def test_tokens_split_on_separators_and_signs():
    assert digitruns.tokens_of("\t58\t7 | 0") == ["58", "7", "0"]
    assert digitruns.tokens_of("2648-18538") == ["2648", "-18538"]
    assert digitruns.tokens_of("1,483 元") == ["1,483"]
    assert digitruns.tokens_of(" - 5 / 6") == [None, "5", None, "6"]


def test_splits_forbid_leading_zeros():
    got = digitruns.splits("3960181", 3)
    assert ["396", "0", "181"] in got
    assert all(not (p.startswith("0") and p != "0") for c in got for p in c)


def test_row_candidates_count_and_exact():
    cands, note = digitruns.row_candidates(["1", "0", "0", "0", "0", "0", "1"], 7)
    assert cands == [["1", "0", "0", "0", "0", "0", "1"]] and note == ""
    cands, note = digitruns.row_candidates(["230", "000023"], 7)
    assert ["23", "0", "0", "0", "0", "0", "23"] in cands and note == "split"


def test_positional_blanks_in_tabs_pipes_and_lines():
    assert digitruns.positional_cells("\t0\t\t3\t0\t0\t0\t3", 7)[0] == ["0", None, "3", "0", "0", "0", "3"]
    assert digitruns.positional_cells(" | 1 |  | 2 |", 3)[0] == ["1", None, "2"]
    assert digitruns.positional_cells("\n5\n\n7\n", 3)[0] == ["5", None, "7"]


PINGTAN_2021 = (
    "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件693665"
    "第二十条第（五）项信息内容本年处理决定数量行政许可2293 第二十条第（六）项信息内容 本年处理决定数量行政处罚1282行政强制42"
    "第二十条第（八）项信息内容 本年收费金额（单位：万元）行政事业性收费24252.311082"
    "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计 商业企业科研机构社会公益组织法律服务机构其他"
    "一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开270020130"
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）500000 5（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
    "3.危及“三安全一稳定”00000004.保护第三方合法权益00000005.属于三类内部事务信息10000016.属于四类过程性信息0000000"
    "7.属于行政执法案卷60000068.属于行政查询事项1000001（四）无法提供1.本机关不掌握相关政府信息2200003252.没有现成信息需要另行制作0000000"
    "3.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请00000002.重复申请00000003.要求提供公开出版物0000000"
    "4.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000（六）其他处理"
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000"
    "3.其他1000001（七）总计630020469四、结转下年度继续办理1000001 四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼"
    "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
    "10203120001200000五、存在的主要问题及改进情况"
)


def test_run_together_table_solved_by_identities():
    res = read_tables(PINGTAN_2021)
    assert res.template == "2021"
    apps = res.applications
    assert apps["new"] == [64, 0, 0, 2, 0, 4, 70]
    assert apps["unavailable.not_held"] == [22, 0, 0, 0, 0, 3, 25]
    assert apps["total_handled"] == [63, 0, 0, 2, 0, 4, 69]
    assert apps["carried_forward"] == [1, 0, 0, 0, 0, 0, 1]
    assert res.review_litigation == {"review": [1, 0, 2, 0, 3], "litigation_direct": [12, 0, 0, 0, 12],
                                     "litigation_after_review": [0, 0, 0, 0, 0]}
    assert res.active["rows"]["fees"] == [24252.311082]
    assert res.active["rows"]["normative_documents"] == [69, 3, 665]


def test_ambiguous_split_is_warned_with_the_cells():
    res = read_tables(PINGTAN_2021)
    assert any("行政规范性文件" in w and "本年制发件数" in w for w in res.warnings)


def test_digits_running_into_next_row_number():
    # '…信息32' + '6.属于四类…': the 6 belongs to the next label
    text = PINGTAN_2021.replace("5.属于三类内部事务信息1000001", "5.属于三类内部事务信息3200000326.属于四类过程性信息0000000"
                                ).replace("6.属于四类过程性信息00000007.属于", "7.属于", 1)
    res = read_tables(text)
    assert res.applications["withheld.internal_affairs"] == [32, 0, 0, 0, 0, 0, 32]
