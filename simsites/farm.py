"""LocalFarm: the simulated sites of one world, served on 127.0.0.1 from threads of this process;
it writes a registry to crawl them and says (in the manifest) exactly what they serve, so tests
can compare a crawl with the truth. Tests, benchmarks and the demo use `simsites.SimFarm`, which
runs a LocalFarm in a process of its own (simsites/process.py) with the same methods.

    with LocalFarm(profile="default") as farm:
        farm.write_registry("sites.toml")
        farm.manifest()            # reports, their URLs, expected per-site status

Every body a site serves is rendered before the first port is bound (`prerender`), so serving a
page never runs the report generator (simsites/content.py says why).

Profiles: "clean" (the five content flavours and the mirror; throughput), "default" (adds the
challenge and redirect sites), "hostile" (adds blocked, WAF, robots-disallowed, broken, CAPTCHA and
加速乐 sites), "faults" (加速乐, 429, 403 ban, huge/reset/bad-gzip/slow/image-only transfers,
redirects, a site moved to a new host, an index.html ↔ / column, pager traps and dead attachments,
a 200 瑞数 shell and a Hanweb site with the annual-report JSP and downfile.jsp attachments on their
own: simsites/throttle.py, simsites/transfer.py, simsites/migration.py, simsites/traps.py,
simsites/hanweb.py), "challenges" (Cloudflare and 阿里云 challenge pages with HTTP 200, and a column
that only quotes one: simsites/challenges.py), "discovery" (a column filled by a script from a JSON API,
attachments named only in onclick handlers: simsites/scripted.py; a column of frames and iframes:
simsites/frameset.py; ASP.NET GridView and LinkButton pagers, paged only by form postbacks: simsites/webforms.py; download endpoints naming
their files by Content-Disposition in every form, refusing HEAD: simsites/downloads.py; lists only
the registry's list hints read: simsites/hinted.py).
In "hostile" and "faults" every site puts a WAF in front of suspicious queries.
`dying={"P": 20}`: that site's server dies after answering 20 requests (every later connection is
reset unanswered) until `revive("P")` — a server going down in the middle of a crawl.
"""

from __future__ import annotations

import json
import socket
from collections import Counter
from pathlib import Path

from simsites.challenges import MentionSite, VendorChallengeSite
from simsites.downloads import DownloadSite
from simsites.faults import BrokenSite, CaptchaSite, ChallengeSite, MovedSite, RobotsSite, ShellSite, WafSite
from simsites.frameset import FramesetSite
from simsites.gkmlpt import GkmlptSite
from simsites.hanweb import HanwebSite
from simsites.hinted import HintedSite
from simsites.http import Site, start_server
from simsites.migration import ElsewhereSite, IndexAliasSite, MigratedNewSite, MigratedSite
from simsites.scripted import ScriptedSite
from simsites.throttle import BanSite, JiasuleSite, RateLimitSite
from simsites.transfer import TransferSite
from simsites.traps import TrapSite
from simsites.trs import COL as TRS_COL
from simsites.trs import GatewaySite, TrsSite
from simsites.ucap import UcapSite
from simsites.vsb import VsbSite
from simsites.webforms import WebFormsSite
from simsites.world import SITES, Report, World, build_world

# name -> (class, fixed port from gov_sites.md §6, start path, registry name, expected status, profiles)
SITE_TABLE = {
    "T": (TrsSite, 8101, f"{TRS_COL}/index.html", "洛阳市人民政府", "ok", ("clean", "default", "hostile")),
    "H": (HanwebSite, 8102, "/col/col1229232293/index.html", "杭州市上城区人民政府", "ok", ("clean", "default", "hostile")),
    "G": (GkmlptSite, 8103, "/gkmlpt/index", "深圳市龙岗区人民政府", "ok", ("clean", "default", "hostile")),
    "U": (UcapSite, 8104, "/sygfj/gknb/index.shtml", "洛阳市统计局", "ok", ("clean", "default", "hostile")),
    "P": (VsbSite, 8105, "/zfxxgk/zfxxgknb.htm", "眉山市人民政府", "ok", ("clean", "default", "hostile")),
    "B": (GatewaySite, 8106, None, "洛阳市人民政府（繁體）", "ok", ("clean", "default", "hostile")),
    "challenge": (ChallengeSite, 8107, "/xxgk/zfxxgknb/", "武汉市硚口区人民政府", "ok", ("default", "hostile")),
    "moved": (MovedSite, 8110, "/zwgk/nb/", "武汉市江岸区人民政府", "ok", ("default", "hostile")),
    "blocked": (ChallengeSite, 8111, "/xxgk/zfxxgknb/", "某省人民政府（瑞数）", "blocked", ("hostile",)),
    "waf": (WafSite, 8112, "/xxgk/xxgknb/", "某市人民政府（防火墙）", "blocked", ("hostile",)),
    "robots": (RobotsSite, 8109, "/xxgk/nb/", "某市人民银行分行", "disallowed", ("hostile",)),
    "broken": (BrokenSite, 8113, "/xxgk/ndbg/index.html", "某县人民政府（故障）", "error", ("hostile",)),
    "captcha": (CaptchaSite, 8114, "/xxgk/zfxxgknb/index.html", "东莞市人民政府", "partial", ("hostile",)),
    # "faults": rate and transport faults, crawled on their own (their waits would slow the hostile crawl)
    "jiasule": (JiasuleSite, 8108, "/xxgk/zfxxgknb/", "梅州市人民政府", "ok", ("hostile", "faults")),
    "jiasule-hard": (JiasuleSite, 8119, "/xxgk/zfxxgknb/", "某市人民政府（加速乐）", "blocked", ("faults",)),
    "ratelimit": (RateLimitSite, 8115, "/xxgk/zfxxgknb/", "南京市鼓楼区人民政府", "ok", ("faults",)),
    "ban": (BanSite, 8116, "/xxgk/zfxxgknb/", "苏州市人民政府", "rate-limited", ("faults",)),
    # a page that answers only after farm.slow_seconds: timed out, so the site is read in part ("degraded")
    "transfer": (TransferSite, 8117, "/xxgk/zfxxgknb/", "济南市历下区人民政府", "degraded", ("faults",)),
    "moved-faults": (MovedSite, 8118, "/zwgk/nb/", "武汉市江岸区人民政府", "degraded", ("faults",)),
    # a whole-site move (old host 301 → same path on a new host) and the index.html ↔ / column
    # (simsites/migration.py); a registry name of None: served, never registered (the new host is
    # reached only through the old one's redirects, `elsewhere` only through links to leave alone)
    "migrated-new": (MigratedNewSite, 8121, "/xxgk/zfxxgknb/", None, None, ("faults",)),
    "migrated": (MigratedSite, 8120, "/xxgk/zfxxgknb/", "长沙市天心区人民政府", "ok", ("faults",)),
    "elsewhere": (ElsewhereSite, 8122, "/", None, None, ("faults",)),
    "index": (IndexAliasSite, 8123, "/xxgk/ndbg/", "南昌市东湖区人民政府", "ok", ("faults",)),
    # pager traps, dead attachments, a republication, GB18030-only characters (simsites/traps.py); a 200 瑞数 shell
    "traps": (TrapSite, 8124, "/xxgk/gkndbg/index.html", "南宁市良庆区人民政府", "ok", ("faults",)),
    "shell": (ShellSite, 8125, "/xxgk/zfxxgknb/", "某省卫生健康委员会（瑞数）", "blocked", ("faults",)),
    "hanweb-jsp": (HanwebSite, 8126, "/col/col1229232293/index.html", "宁波市海曙区人民政府", "ok", ("faults",)),
    # "challenges": vendors' challenge pages with HTTP 200, and a column that only quotes one (simsites/challenges.py)
    "cloudflare": (VendorChallengeSite, 8127, "/xxgk/zfxxgknb/", "某市人民政府（Cloudflare）", "blocked", ("challenges",)),
    "aliyun-slider": (VendorChallengeSite, 8128, "/xxgk/zfxxgknb/", "某市人民政府（阿里云滑动验证）", "blocked", ("challenges",)),
    "aliyun-acw": (VendorChallengeSite, 8129, "/xxgk/zfxxgknb/", "某市人民政府（阿里云 acw_sc__v2）", "blocked", ("challenges",)),
    "mention": (MentionSite, 8130, "/xxgk/zfxxgknb/", "武汉市硚口区人民政府", "ok", ("challenges",)),
    # "discovery": links only scripts and handlers name (simsites/scripted.py), frames (simsites/frameset.py)
    "scripted": (ScriptedSite, 8131, "/zwgk/zfxxgknb/index.html", "福州市鼓楼区人民政府", "ok", ("discovery",)),
    "scripted-linked": (ScriptedSite, 8133, "/zwgk/zfxxgknb/index.html", "泉州市丰泽区人民政府", "ok", ("discovery",)),
    "frameset": (FramesetSite, 8132, "/xxgk/ndbg/index.html", "厦门市思明区人民政府", "ok", ("discovery",)),
    "webforms": (WebFormsSite, 8134, "/xxgk/ndbg/List.aspx", "漳州市芗城区人民政府", "ok", ("discovery",)),
    "webforms-linkbutton": (WebFormsSite, 8138, "/xxgk/ndbg/List.aspx", "宁德市蕉城区人民政府", "ok", ("discovery",)),
    "downloads": (DownloadSite, 8135, "/zfxxgk/ndbg/index.html", "龙岩市新罗区人民政府", "ok", ("discovery",)),
    # lists that discovery cannot read, read by the registry's hints for them (simsites/hinted.py)
    "hinted-api": (HintedSite, 8136, "/xxgk/nb/index.html", "三明市三元区人民政府", "ok", ("discovery",)),
    "hinted-html": (HintedSite, 8137, "/xxgk/gknb/index.html", "南平市延平区人民政府", "ok", ("discovery",)),
}
PROFILES = ("clean", "default", "hostile", "faults", "challenges", "discovery")
# which world sites a simulated site publishes; U and B republish T's reports
HOME = {"T": "T", "H": "H", "G": "G", "P": "P", "challenge": "C", "moved": "M", "captcha": "K",
        "jiasule": "J", "ratelimit": "L", "ban": "Z", "transfer": "X", "moved-faults": "M",
        "migrated-new": "N", "migrated": "N", "index": "I", "traps": "Q", "hanweb-jsp": "V", "mention": "C",
        "scripted": "S", "scripted-linked": "R", "frameset": "F", "webforms": "W", "webforms-linkbutton": "O", "downloads": "D",
        "hinted-api": "Y", "hinted-html": "E"}


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class LocalFarm:
    def __init__(self, profile: str = "default", scale: int = 1, seed: int = 0, per_page: int = 8,
                 fixed_ports: bool = False, slow_seconds: float = 3.0, huge_bytes: int = 50 * 1024 * 1024,
                 dying: dict[str, int] | None = None):
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}")
        self.profile, self.per_page, self.slow_seconds, self.huge_bytes = profile, per_page, slow_seconds, huge_bytes
        self.world: World = build_world(seed, scale)
        from simsites import content

        content.size_caches(len(self.world.reports))
        self.sites: dict[str, Site] = {}
        self._servers = []
        self._fixed = fixed_ports
        for name, (cls, _port, _start, _title, _status, profiles) in SITE_TABLE.items():
            if profile not in profiles:
                continue
            if cls is GatewaySite:
                self.sites[name] = cls(self, name, origin=self.sites["T"])
            elif name == "blocked":
                self.sites[name] = cls(self, name, hard=True)
            elif name == "jiasule-hard":
                self.sites[name] = cls(self, name, solvable=False)
            elif name == "scripted-linked":
                self.sites[name] = cls(self, name, home="R", linked=True)
            elif name == "webforms-linkbutton":
                self.sites[name] = cls(self, name, home="O", pager="linkbutton")
            elif name == "hinted-html":
                self.sites[name] = cls(self, name, home="E", mode="html")
            elif name == "hanweb-jsp":
                self.sites[name] = cls(self, name, home="V", jsp=True)
            else:
                self.sites[name] = cls(self, name)
        for site in self.sites.values():  # a query with ', select, <script or ../ meets the WAF (§6.7)
            site.waf_on_queries = profile in ("hostile", "faults")
        for name, after in (dying or {}).items():  # servers that die mid-crawl: answer `after` requests, then reset
            self.sites[name].dies_after = after
        served = {HOME[n] for n in self.sites if n in HOME} | ({"T"} if "U" in self.sites or "B" in self.sites else set())
        # a flavour's reports exist only where a site serves them
        self.world.reports = [r for r in self.world.reports if r.site in served]
        self.world._idx = None

    # --- lifecycle ------------------------------------------------------------------
    def start(self) -> "LocalFarm":
        self.prerender()
        for name, site in self.sites.items():
            port = SITE_TABLE[name][1]
            try:
                server = start_server(site, port if self._fixed and _port_free(port) else 0)
            except OSError:  # taken between the check and the bind (another demo starting): any free port
                server = start_server(site, 0)
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> "LocalFarm":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- addresses ------------------------------------------------------------------
    def url_of(self, name: str, path: str) -> str:
        site = self.sites.get(name)
        return (site.base_url if site and site.base_url else "http://127.0.0.1:9") + path

    def start_url(self, name: str) -> str:
        if name == "B":
            return self.url_of("B", self.sites["B"].gate_prefix() + f"{TRS_COL}/index.html")
        return self.url_of(name, SITE_TABLE[name][2])

    # --- changing the world (recrawl tests) -------------------------------------------
    def change_report(self, rid: int) -> None:
        """The site corrects a published report: same URL, new content (rendered before it returns)."""
        report = self.world.by_rid(rid)
        report.revision += 1
        self.prerender([report])

    def prerender(self, reports: list[Report] | None = None) -> None:
        """Render every body the sites serve for `reports` (default: all) now, then freeze: the
        crawl times the crawler, never the report generator (simsites/content.py)."""
        from simsites import content

        content.thaw()
        wanted = None if reports is None else {id(r) for r in reports}
        for site in self.sites.values():
            for r in site.reports():
                if wanted is None or id(r) in wanted:
                    for kind in site.served_bodies(r):
                        content.render(r, kind)
        content.freeze()

    def revive(self, name: str) -> None:
        """A server that died (`dying`) is back: it answers every request again."""
        self.sites[name].dies_after = None

    def late_renders(self) -> dict[str, int]:
        """Bodies rendered while serving, by renderer: what `prerender` missed (should be none)."""
        from simsites import content

        return content.late_renders()

    def publish_report(self, site: str) -> Report:
        """A site publishes a new report (next year's, of its newest agency): newest first, it shifts
        every list page (on a countdown pager, every page's file name too)."""
        newest = self.world.on(site)[0]
        year = max(r.year for r in self.world.on(site)) + 1
        rid = max(r.rid for r in self.world.reports) + 7
        report = Report(rid, site, newest.agency, newest.kind, newest.slug, newest.province, newest.city, year,
                        f"{year + 1}-01-15", Counter(r.body for r in self.world.on(site)).most_common(1)[0][0])
        self.world.reports.append(report)
        self.world._idx = None  # by_rid() indexes anew; World.on() caches by the number of reports
        self.prerender([report])
        return report

    # --- truth ----------------------------------------------------------------------
    def registered(self) -> list[str]:
        """The sites a registry lists (not the hosts reached only through another site)."""
        return [name for name in self.sites if SITE_TABLE[name][3] is not None]

    def registry_entries(self, hints: bool = True) -> list[dict]:
        """The registry's entries; `hints`: with the list hints a site needs (simsites/hinted.py)."""
        out = []
        for name in self.registered():
            world_site = HOME.get(name)
            plan = SITES.get(world_site or "T", {})
            entry = {"id": f"sim-{name}", "name": SITE_TABLE[name][3], "start_url": self.start_url(name)}
            if plan:
                entry.update(province=plan["province"], city=plan["city"])
            if hints:
                entry.update(self.sites[name].registry_hints())
            out.append(entry)
        return out

    def write_registry(self, path: str | Path, only: list[str] | None = None, site_options: dict | None = None,
                       hints: bool = True, **settings) -> Path:
        """A TOML site registry (crawler/registry.py reads it) for these sites (`only`: these of them;
        `site_options`: keys added to every site, e.g. obey_robots)."""
        lines = ["# Simulated government sites served by `simsites` on 127.0.0.1 (generated).", ""]
        if settings:
            lines.append("[settings]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
            lines.append("")
        for e in self.registry_entries(hints):
            if only is not None and e["id"].removeprefix("sim-") not in only:
                continue
            lines.append("[[site]]")
            lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in {**e, **(site_options or {})}.items()]
            lines.append("")
        path = Path(path)
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    def manifest(self) -> dict:
        reports = []
        for r in self.world.reports:
            urls = []
            for name, site in self.sites.items():
                if HOME.get(name) == r.site or (name == "B" and r.site == "T") or (name == "U" and "cross_u" in r.flags):
                    urls += site.report_urls(r)
            expect = "disallowed" if "nbcs" in r.flags else "archived"
            if r.site == "K" and not self.sites["captcha"].reachable(r):
                expect = "captcha"  # behind the CAPTCHA: reported as partial coverage, not archived
            home = next((site for name, site in self.sites.items() if HOME.get(name) == r.site), None)
            if hasattr(home, "expect"):  # fault sites say which of their reports cannot be archived
                expect = home.expect(r) or expect
            reports.append({"rid": r.rid, "agency": r.agency, "year": r.year, "title": r.title, "site": r.site,
                            "body": r.body, "revision": r.revision, "urls": urls, "canonical_url": urls[0] if urls else None,
                            "expect": expect})
        sites = {name: {"start_url": self.start_url(name), "expect_status": SITE_TABLE[name][4],
                        "flavour": self.sites[name].flavour} for name in self.registered()}
        return {"profile": self.profile, "seed": self.world.seed, "scale": self.world.scale,
                "sites": sites, "reports": reports,
                "lookalikes": [t for ts in self.world.lookalikes.values() for t in ts]}

    def bodies_served(self) -> int:
        """200 responses with a body, all sites (what a recrawl should avoid)."""
        return sum(s.bodies_served for s in self.sites.values())
