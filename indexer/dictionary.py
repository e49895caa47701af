"""The domain dictionary: words of the annual reports that must stay whole when segmented.

Declared once here; `segment.py` adds them, with the same frequency, to whichever segmenter
is in use (rjieba's `add_word(word, freq, tag)` is jieba's `add_word`; neither needs a user
dictionary file). Their parts still match through search-mode sub-words: 行政复议 is one
token and 行政, 复议 are indexed beside it.
"""

# A fixed, high frequency: jieba's suggest_freq() returns ~1 for these (their parts are
# common words), which would not keep them whole; a fixed value keeps both backends equal.
DOMAIN_WORD_FREQ = 100_000

DOMAIN_WORDS = (
    "政府信息公开", "政府信息", "信息公开", "主动公开", "依申请公开", "不予公开", "部分公开",
    "予以公开", "无法提供", "不予处理", "行政复议", "行政诉讼", "复议机关", "勾稽关系",
    "三安全一稳定", "年度报告", "工作年度报告", "政务公开", "政府网站", "政务新媒体",
    "规范性文件", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费",
    "政府集中采购", "国家秘密", "商业秘密", "个人隐私", "内部事务信息", "过程性信息",
    "行政执法案卷", "信访举报投诉", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
    "政务公开专区", "政府公报", "新闻发布会", "政策解读", "社会公益组织", "法律服务机构",
    "科研机构", "商业企业", "自然人", "结果维持", "结果纠正", "尚未审结", "未经复议直接起诉",
    "复议后起诉", "政府信息公开条例", "中华人民共和国政府信息公开条例",
)
