"""A list page replaced by a CAPTCHA (an image puzzle inlined as data: URL): paging stops there,
and the site's coverage is reported as partial, not as complete."""

from __future__ import annotations

from crawler.lists.base import ListPage, ListReader


class CaptchaPage(ListReader):
    def matches(self, page: ListPage) -> bool:
        return "验证码" in page.text and "data:image" in page.text

    def read(self, page: ListPage):
        self.session.states[page.site].block("CAPTCHA on list page", page.url, partial=True)
        return iter(())
