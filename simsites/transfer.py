"""A site whose transfers go wrong (gov_sites.md §6.7 "slow / huge / broken"), one fault per report.

The column lists one agency's reports, newest first; each detail page carries the full report
text, and report i has fault `FAULTS[i]`:

* `huge`     – the page links a `.pdf` attachment of `farm.huge_bytes` (50 MB), over the crawler's
               size cap: the attachment is warned about, the report kept with its page.
* `reset`    – the first request for the page is reset mid-body (RST after half the bytes); the
               next one succeeds: a retry recovers it.
* `bad_gzip` – `Content-Encoding: gzip` on a body that is not gzip: recoverable as received.
* `slow`     – the first byte comes after `farm.slow_seconds` (20 s on real sites): a clean timeout.
* `image`    – the report is only `<img>` scans of its pages (no text): archived with a warning.
"""

from __future__ import annotations

from simsites import content
from simsites.faults import COL, detail_path
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.throttle import column_page
from simsites.world import Report

FAULTS = ("huge", "reset", "bad_gzip", "slow", "image")


def attachment_path(r: Report) -> str:
    return detail_path(r).replace(".shtml", ".pdf")


class TransferSite(Site):
    flavour = "X"

    def __init__(self, farm, name="transfer"):
        super().__init__(farm, name)
        self.resets_done: set[str] = set()
        self._huge: bytes | None = None

    def reports(self) -> list[Report]:
        return self.world.on("X")

    def fault_of(self, r: Report) -> str | None:
        i = self.reports().index(r)
        return FAULTS[i] if i < len(FAULTS) else None

    def report_urls(self, r: Report) -> list[str]:
        urls = [self.base_url + detail_path(r)]
        if self.fault_of(r) == "huge":
            urls.append(self.base_url + attachment_path(r))
        return urls

    def expect(self, r: Report) -> str | None:
        return "timeout" if self.fault_of(r) == "slow" else None

    def huge_body(self) -> bytes:
        if self._huge is None:
            self._huge = b"%PDF-1.4\n" + b"0" * (self.farm.huge_bytes - 9)
        return self._huge

    def page(self, r: Report, fault: str | None) -> Response:
        if fault == "image":
            body = "".join(f'<p><img src="/__local/9/3F/{r.rid}/p{i}.jpg" width="600"></p>' for i in range(1, 4))
        else:
            body = content.body_html(r)
        if fault == "huge":
            body += f'<p>附件：<a href="{attachment_path(r)}">{r.title}.pdf</a></p>'
        return html(f'<html><head><meta charset="utf-8"><title>{r.title}</title></head><body><h1>{r.title}</h1>'
                    f'<div class="view TRS_UEDITOR trs_paper_default">{body}</div></body></html>', cacheable=fault is None)

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        if req.path == COL:
            return column_page(self.reports())
        for r in self.reports():
            fault = self.fault_of(r)
            if req.path == detail_path(r):
                resp = self.page(r, fault)
                if fault == "reset" and req.path not in self.resets_done:
                    self.resets_done.add(req.path)
                    resp.reset_after = len(resp.body) // 2
                elif fault == "bad_gzip":
                    resp.headers.append(("Content-Encoding", "gzip"))
                elif fault == "slow":
                    resp.delay = self.farm.slow_seconds
                return resp
            if fault == "huge" and req.path == attachment_path(r):
                return Response(body=self.huge_body(), content_type="application/pdf", cacheable=False)
        return not_found_page()
