"""Anti-bot challenge pages served with HTTP 200 (the "challenges" profile), and one ordinary site
whose reports merely quote such a page.

* `cloudflare`    – Cloudflare's "Just a moment..." interstitial. Expected status: blocked.
* `aliyun-slider` – Aliyun's 滑动验证 slider CAPTCHA (noCaptcha widget). Expected status: blocked.
* `aliyun-acw`    – Aliyun WAF's acw_sc__v2 cookie script. Expected status: blocked.
* `mention`       – an ordinary column whose report pages say "Just a moment..." in their text
  (a reader's complaint quoted in the report). Expected status: ok, every report archived.

Each challenge site answers every request, its list page included, with its page and the
Set-Cookie its vendor sends, so the crawler's one retry with the cookie meets the page again.
"""

from __future__ import annotations

from simsites import content
from simsites.faults import COL, ChallengeSite, detail_path
from simsites.http import Request, Response, Site, html, not_found_page

CLOUDFLARE_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">'
    '<style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}body{display:flex;flex-direction:column}</style>'
    '</head><body class="no-js"><div class="main-wrapper" role="main"><div class="main-content">'
    '<h1 class="zone-name-title h1">www.example.gov.cn</h1>'
    '<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>'
    '<noscript><div id="challenge-error-title">Enable JavaScript and cookies to continue</div></noscript>'
    '<div id="cf-browser-verification" class="cf-browser-verification"></div>'
    '<div id="challenge-body-text" class="core-msg spacer">www.example.gov.cn needs to review the security of your '
    'connection before proceeding.</div></div></div>'
    "<script>(function(){window._cf_chl_opt={cvId: '2',cZone: 'www.example.gov.cn',cType: 'managed',cNounce: '71622',"
    "cRay: '8a1b2c3d4e5f6a7b',cHash: '0f1e2d3c4b5a6978'};var cpo=document.createElement('script');"
    "cpo.src='/cdn-cgi/challenge-platform/h/g/orchestrate/managed/v1?ray=8a1b2c3d4e5f6a7b';"
    "window._cf_chl_opt.cOgUHash=location.hash;document.getElementsByTagName('head')[0].appendChild(cpo);}());</script>"
    '<div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper">'
    '<div class="ray-id">Ray ID: <code>8a1b2c3d4e5f6a7b</code></div></div>'
    '<div class="text-center" id="footer-text">Performance &amp; security by Cloudflare</div></div></div></body></html>')

ALIYUN_SLIDER_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>滑动验证页面</title>'
    '<script src="//g.alicdn.com/AWSC/AWSC/awsc.js"></script></head><body>'
    '<div id="nocaptcha"><div id="nc_1_wrapper" class="nc_wrapper"><div id="nc_1_n1t" class="nc_scale">'
    '<span id="nc_1_n1z" class="nc_iconfont btn_slide"></span></div></div></div>'
    '<p class="tips">滑动验证：请按住滑块，拖动到最右边</p>'
    "<script>AWSC.use('nc',function(state,module){window.nc=module.init({appkey:'CF_APP_WAF',scene:'register',"
    "renderTo:'nocaptcha',success:function(data){location.reload();}});});</script></body></html>")

ALIYUN_ACW_PAGE = (
    "<html><script>\nvar arg1='3B7A1F2E9C4D5A6B8E0F1A2B3C4D5E6F7A8B9C0D';\n"
    "var _0x4818=['\\x63\\x73\\x6e\\x41\\x41','\\x4b\\x57\\x67'];"
    "function setCookie(name,value){var expiredate=new Date();expiredate.setTime(expiredate.getTime()+3600000);"
    "document.cookie=name+'='+value+';expires='+expiredate.toGMTString()+';max-age=3600;path=/';}"
    "function reload(x){setCookie('acw_sc__v2',x);document.location.reload();}"
    "</script></html>")

# what each vendor sets beside its page (acw_tc: Aliyun's load balancer, on every answer behind it)
VENDOR_COOKIES = {
    "cloudflare": "__cf_bm=Xq1.f0Z; path=/; HttpOnly",
    "aliyun-slider": "acw_tc=0bc1a4a617000000; path=/; HttpOnly",
    "aliyun-acw": "acw_tc=0bc1a4a617000001; path=/; HttpOnly",
}
PAGES = {"cloudflare": CLOUDFLARE_PAGE, "aliyun-slider": ALIYUN_SLIDER_PAGE, "aliyun-acw": ALIYUN_ACW_PAGE}
VENDOR_NAMES = {"cloudflare": "Cloudflare", "aliyun-slider": "阿里云滑动验证", "aliyun-acw": "阿里云 acw_sc__v2"}
MENTION = ("<p>注：有群众反映，部分时段访问本网站时页面仅显示“Just a moment...”，"
           "经核查系网络加速服务所致，已于年内整改。</p>")


class VendorChallengeSite(Site):
    """Every answer is the vendor's challenge page, with HTTP 200."""

    flavour = "Y"

    def route(self, req: Request) -> Response:
        return html(PAGES[self.name], cacheable=False, headers=[("Set-Cookie", VENDOR_COOKIES[self.name])])


class MentionSite(ChallengeSite):
    """Flavour C's reports on an open column; each report page quotes "Just a moment..."."""

    flavour = "C"

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        if req.path == COL:
            items = "".join(f'<li><a href="{detail_path(r)}">{r.title}</a></li>' for r in self.reports())
            return html(f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>{items}</ul>{MENTION}</body></html>')
        for r in self.reports():
            if req.path == detail_path(r):
                return html(f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><h1>{r.title}</h1>'
                            f'<div class="view TRS_UEDITOR trs_paper_default">{content.body_html(r)}{MENTION}</div></body></html>')
        return not_found_page()
