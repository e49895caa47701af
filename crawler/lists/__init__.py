"""List readers: how a 年报 column's pages are read, one CMS family a module.

The `reports` spider hands every list page to the first reader of READERS that recognises it;
a site's own list hints (registry list_url / item_selector / json_path) come first, for that site only;
a reader yields the requests (more list pages, report pages, attachments) and report parts it
finds there. Order matters only where shapes overlap: a JSON body under /gkmlpt/api/ is a gkmlpt
API page, any other JSON body a JSON list endpoint, a page naming a Hanweb `<datastore>` is read from its CDATA records, and an HTML
column (the fallback) is read from its links and pager scripts.

  hinted.py    a site's registry hints: its list URL template, its items' CSS selector or JSON path
  gkmlpt.py    Guangdong gkmlpt: the SPA shell's window._CONFIG, then its JSON API pages
  jsonlist.py  any JSON list endpoint (what a script-filled column fetches): its items' URLs,
               titles and dates, then its other pages by the page parameter
  captcha.py   a list page replaced by a CAPTCHA: the site's coverage is partial
  hanweb.py    Hanweb jcms: <datastore> CDATA records, then the dataproxy.jsp groups
  redirect.py  a page that only sends the browser on (meta refresh, location.href=)
  column.py    any HTML column: report links, sub-columns, and the pages its pagers announce —
               pager links (pager.py: 下一页/尾页/numbers, index_N, ?page=N, the 博达 countdown)
               and TRS pager scripts (trs.py: createPageHTML, countPage); links that live in
               scripts, handlers and frames (crawler/scriptlinks.py); ASP.NET WebForms pagers,
               followed by posting the page's form back (webforms.py)
"""

from __future__ import annotations

from crawler.lists.captcha import CaptchaPage
from crawler.lists.column import HtmlColumn
from crawler.lists.gkmlpt import GkmlptApi, GkmlptShell
from crawler.lists.hanweb import HanwebDatastore
from crawler.lists.hinted import HintedList
from crawler.lists.jsonlist import JsonList
from crawler.lists.redirect import RedirectPage

READERS = (HintedList, GkmlptApi, JsonList, CaptchaPage, GkmlptShell, HanwebDatastore, RedirectPage, HtmlColumn)
