"""The site registry: which 年报 columns to crawl (docs/registry.md).

A TOML file with `[[site]]` tables. Only `name` and `start_url` are required:

    [[site]]
    name = "洛阳市人民政府"
    start_url = "https://www.ly.gov.cn/zwgk/zfxxgkndbg/"

Optional hints: `id`, `province`, `city`, `county`, `agency`, `adapter` ("trs", "hanweb",
"gkmlpt", "vsb", "generic"; auto-detected when absent), `obey_robots` (default true),
`cookies` / `headers` (manual challenge clearance), `max_pages` (default 2000), `mirror_of`.
List hints, for a site whose list discovery cannot find (crawler/lists/hinted.py; docs/registry.md):
`list_url` (the list's URL with `{page}` for the page number, 1 up), `item_selector` (CSS: the
list's items on its HTML pages), `json_path` (where the items are in its JSON pages: `data.rows`).
A `[settings]` table may override crawl defaults for the whole file (e.g. `download_delay`):
REGISTRY_SETTINGS says which, and the spider applies them (`apply_registry_settings`) whether it
runs under `gia crawl` or `scrapy crawl reports`.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from gia.errors import GiaError

DEFAULT_REGISTRY = Path(__file__).with_name("sites.toml")
# registry [settings] key -> Scrapy setting
REGISTRY_SETTINGS = {
    "download_delay": "DOWNLOAD_DELAY", "autothrottle": "AUTOTHROTTLE_ENABLED", "concurrent_per_site": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "concurrent_requests": "CONCURRENT_REQUESTS", "download_timeout": "DOWNLOAD_TIMEOUT", "obey_robots": "ROBOTSTXT_OBEY",
    "retry_times": "RETRY_TIMES", "progress_interval": "GIA_PROGRESS_INTERVAL", "max_size": "DOWNLOAD_MAXSIZE",
    "max_wait": "GIA_MAX_WAIT", "retry_backoff": "GIA_RETRY_BACKOFF",
    "redis_heartbeat": "GIA_REDIS_HEARTBEAT",   # gia crawl --redis: seconds before a silent worker's requests go to others
}
KNOWN_KEYS = {"id", "name", "start_url", "province", "city", "county", "agency", "adapter", "obey_robots",
              "cookies", "headers", "max_pages", "mirror_of", "level", "notes", "list_url", "item_selector", "json_path"}


@dataclass
class Site:
    id: str
    name: str
    start_url: str
    province: str | None = None
    city: str | None = None
    county: str | None = None
    agency: str | None = None
    level: str | None = None
    adapter: str | None = None
    obey_robots: bool = True
    cookies: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    max_pages: int = 2000
    mirror_of: str | None = None
    notes: str | None = None
    list_url: str | None = None        # list hints (crawler/lists/hinted.py): the list's URL, `{page}` its page number
    item_selector: str | None = None   # CSS selector of the list's items (HTML list pages)
    json_path: str | None = None       # dotted path to the list's items (JSON list pages)

    @property
    def has_list_hints(self) -> bool:
        return bool(self.list_url or self.item_selector or self.json_path)

    @property
    def netloc(self) -> str:
        return urlsplit(self.start_url).netloc

    @property
    def column_prefix(self) -> str:
        """The 年报 column's folder: list pages and sub-columns live under it."""
        path = urlsplit(self.start_url).path or "/"
        return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


@dataclass
class Registry:
    sites: list[Site]
    settings: dict
    path: Path | None = None


def apply_registry_settings(settings, registry: "Registry", priority: str = "spider") -> None:
    """The registry's [settings] as Scrapy settings, at `priority`: above the project's defaults,
    below `-s KEY=VALUE` on the command line (and `gia crawl`'s own options, set the same way)."""
    for key, value in registry.settings.items():
        if key in REGISTRY_SETTINGS:
            settings.set(REGISTRY_SETTINGS[key], value, priority=priority)


def _check_hints(path: Path, i: int, raw: dict) -> None:
    """A list hint that cannot work is a registry error (one line), not a crawl that finds nothing."""
    where = f"{path}: site #{i} ({raw['name']})"
    for key in ("list_url", "item_selector", "json_path"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise GiaError(f"{where}: {key} must be a non-empty string")
    if "list_url" in raw:
        url = urljoin(raw["start_url"], raw["list_url"])
        if urlsplit(url).scheme not in ("http", "https") or urlsplit(url).netloc != urlsplit(raw["start_url"]).netloc:
            raise GiaError(f"{where}: list_url must be on the site's own host (a path, or a URL on {urlsplit(raw['start_url']).netloc})")
    if "item_selector" in raw:
        from cssselect import SelectorError, parse  # noqa: PLC0415 - lxml's CSS support, needed only for this check

        try:
            parse(raw["item_selector"])
        except SelectorError as exc:
            raise GiaError(f"{where}: item_selector is not a CSS selector: {exc}") from None
    if "json_path" in raw and not all(raw["json_path"].split(".")):
        raise GiaError(f"{where}: json_path is keys (or list indexes) joined by dots, like data.rows")


def load_registry(path: str | Path | None = None) -> Registry:
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GiaError(f"site registry not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GiaError(f"site registry {path} is not valid TOML: {exc}") from None
    sites, seen = [], set()
    for i, raw in enumerate(data.get("site", []), 1):
        if not isinstance(raw, dict) or not raw.get("name") or not raw.get("start_url"):
            raise GiaError(f"{path}: site #{i} needs at least `name` and `start_url`")
        unknown = set(raw) - KNOWN_KEYS
        if unknown:
            raise GiaError(f"{path}: site #{i} ({raw['name']}): unknown key(s) {', '.join(sorted(unknown))}")
        if urlsplit(raw["start_url"]).scheme not in ("http", "https"):
            raise GiaError(f"{path}: site #{i} ({raw['name']}): start_url must be an http(s) URL")
        _check_hints(path, i, raw)
        sid = raw.get("id") or "s-" + hashlib.sha1(raw["start_url"].encode()).hexdigest()[:10]
        if sid in seen:
            raise GiaError(f"{path}: duplicate site id {sid!r}")
        seen.add(sid)
        sites.append(Site(**{**raw, "id": sid}))
    if not sites:
        raise GiaError(f"{path}: no [[site]] entries")
    return Registry(sites, dict(data.get("settings", {})), path)
