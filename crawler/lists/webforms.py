"""ASP.NET WebForms pagers: a list whose other pages are reached only by posting its form back.

A GridView (or AspNetPager, or a LinkButton 下一页) pager links `javascript:__doPostBack('GridView1',
'Page$2')`: the browser sets the form's hidden `__EVENTTARGET` / `__EVENTARGUMENT` to the two
arguments and submits the whole form — `__VIEWSTATE`, `__EVENTVALIDATION` and every other field —
as a POST to the form's action, usually the same URL. `WebForm_DoPostBackWithOptions(new
WebForm_PostBackOptions("target", "argument", …))` (a LinkButton with validation) is the same
postback. The spider does what the browser does (`FormRequest.from_response`, no button clicked).

Which postbacks page the list: GridView's `Page$N` / `Page$Next|Prev|First|Last`, a pager
control's bare page number (AspNetPager: `__doPostBack('AspNetPager1','3')`), or any postback
whose link text is a pager word or number (下一页, 尾页, 2). Sorting, selecting and editing
postbacks (`Sort$…`, `Select$0`) are left alone.

The URL never changes, so pages are told apart by what they say: a page showing the report links
of a page already read ends its pagination (HtmlColumn's fingerprint), a postback naming a page
(`Page$3`, `3`, `Page$First`, `Page$Last`, a 首页/尾页 LinkButton) is sent once per list (form
action + target + argument), and a relative one (`Page$Next`, 下一页) once per page content it was
found on. So a page named two
ways (`Page$4` and `Page$Last`, `Page$1` and `Page$First`) may be posted for twice, never more; its
second answer repeats a page read and ends there. The site's page budget (max_pages,
SiteGuardMiddleware) bounds the rest, as for every list."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import scrapy
from form2request import form2request

from crawler import discovery as d
from crawler.lists.pager import PAGER_WORDS

_DO_POSTBACK = re.compile(r"""__doPostBack\(\s*(['"])(.*?)\1\s*,\s*(['"])(.*?)\3\s*\)""", re.S)
_WITH_OPTIONS = re.compile(r"""WebForm_DoPostBackWithOptions\(\s*new\s+WebForm_PostBackOptions\(\s*(['"])(.*?)\1\s*,\s*(['"])(.*?)\3""",
                           re.S)
_PAGE_ARG = re.compile(r"^Page\$(?:(\d+)|Next|Prev|First|Last)$", re.I)   # GridView, DetailsView, FormView
_ABSOLUTE_ARG = re.compile(r"^(?:Page\$(?:\d+|First|Last)|\d+)$", re.I)
FIRST_LAST_WORDS = {"首页", "尾页", "末页", "首頁", "尾頁"}   # the ends of a list: the same page from every page
_COMMAND_ARG = re.compile(r"^(?:Sort|Select|Edit|Delete|Update|Cancel)\$", re.I)   # a grid's other commands
_FORM_XPATH = '//form[.//input[@name="__EVENTTARGET"] or .//input[@name="__VIEWSTATE"]]'


@dataclass(frozen=True)
class Postback:
    target: str       # __EVENTTARGET: the control's UniqueID (`ctl00$Main$GridView1`)
    argument: str     # __EVENTARGUMENT
    text: str         # the link's text

    @property
    def names_a_page(self) -> bool:
        """It names one page of the list wherever it is found (`Page$3`, `3`, `Page$First`,
        `Page$Last`, a 首页/尾页 LinkButton); not a step from the page it is on (`Page$Next`, a
        下一页 LinkButton with no argument)."""
        return bool(_ABSOLUTE_ARG.match(self.argument)) or (not self.argument and self.text.strip() in FIRST_LAST_WORDS)

    @property
    def pages_list(self) -> bool:
        if _COMMAND_ARG.match(self.argument):
            return False
        text = self.text.strip()
        return bool(_PAGE_ARG.match(self.argument) or self.argument.isdigit() or text in PAGER_WORDS or text.isdigit())


def postback_call(code: str) -> tuple[str, str] | None:
    """(target, argument) of a `__doPostBack` / `WebForm_DoPostBackWithOptions` call in a link's code."""
    m = _DO_POSTBACK.search(code) or _WITH_OPTIONS.search(code)
    return (m.group(2), m.group(4)) if m else None


def is_webform(text: str) -> bool:
    return "__doPostBack" in text or "WebForm_DoPostBackWithOptions" in text


def postbacks(text: str) -> list[Postback]:
    """Every postback a page's links and handlers make, in page order, each once."""
    if not is_webform(text):
        return []
    try:
        doc = lxml.html.fromstring(d.strip_comments(text))
    except (ValueError, lxml.etree.ParserError):
        return []
    out: dict[tuple[str, str], Postback] = {}
    for el in doc.iter("a", "input", "span", "button"):
        for attr in ("href", "onclick"):
            call = postback_call(el.get(attr) or "")
            if call:
                label = (el.text_content() if el.tag != "input" else el.get("value") or "").strip()
                out.setdefault(call, Postback(call[0], call[1], label))
                break
    return list(out.values())


def postback_form(response, postback: Postback, **kwargs):
    """The POST a browser makes for `postback`: the page's server form (the one holding the event
    fields; else its first form) with the two event fields set, submitted as by script — no submit
    button's name added (form2request, what Scrapy's deprecated FormRequest.from_response became).
    `kwargs` go to the scrapy.Request (its `headers` merged with the form's); None without a form."""
    forms = response.xpath(_FORM_XPATH) or response.xpath("//form")
    if not forms:
        return None
    data = {"__EVENTTARGET": postback.target, "__EVENTARGUMENT": postback.argument}
    try:
        form = form2request(forms[0], data, click=False)
    except ValueError:  # a form form2request cannot submit (an unsupported method or enctype)
        return None
    headers = {**kwargs.pop("headers", {}), **dict(form.headers)}
    return scrapy.Request(form.url, method=form.method, body=form.body, headers=headers, **kwargs)
