"""reportgen: a generator of realistic 政府信息公开工作年度报告 (the project's own fixtures).

    from reportgen import generate, make_truth
    r = generate(7, template="2021", shape="html")   # r.truth, r.data, r.filename, r.media_type
    t = make_truth(7, template="2019")               # the record only, fast

Same seed, same options → same bytes.
"""

from reportgen.corpus import history_from, iter_site_corpus, site_corpus, site_truths
from reportgen.generate import SHAPES, GeneratedReport, generate, render_html_body
from reportgen.truth import TEMPLATES, make_truth

__all__ = ["SHAPES", "TEMPLATES", "GeneratedReport", "generate", "history_from", "iter_site_corpus", "make_truth",
           "render_html_body", "site_corpus", "site_truths"]
