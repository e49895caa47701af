"""Scrapy settings for `scrapy crawl reports` (and `gia crawl`, which starts the same crawler).

Polite by default for real government sites: robots.txt obeyed, AutoThrottle, two requests at a
time per site, retries with backoff on timeouts and 5xx, a 30 MB response cap, long timeouts
(some domestic sites take 20 s to the first byte). A registry's [settings] table (applied by the
spider, under `scrapy crawl` as under `gia crawl`: crawler/registry.py) or `gia crawl` options may
relax these for local simulated sites; `-s KEY=VALUE` beats both.
"""

BOT_NAME = "gia"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "gia-archiver/0.1 (+https://github.com/gia-project/gia; government information disclosure annual reports)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2     # a "domain" here is the download slot = host:port of the site
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 45
DOWNLOAD_MAXSIZE = 30 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = False            # the spider follows meta refreshes itself (scope + depth aware)
COOKIES_ENABLED = True
DEPTH_LIMIT = 0                        # the spider bounds sub-column hops and pages per site itself
TELNETCONSOLE_ENABLED = False
# The spider yields requests and small ReportPart items (records are built after the crawl), and
# Scrapy starts this many asyncio tasks for every callback's output: the default 100 cost more than
# the parsing on loopback.
CONCURRENT_ITEMS = 8
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {  # the order on the response path: crawler/middlewares/__init__.py
    "crawler.middlewares.siteguard.SiteGuardMiddleware": 50,
    "crawler.middlewares.conditional.ConditionalFetchMiddleware": 60,
    "crawler.middlewares.warcrecorder.WarcRecorderMiddleware": 545,
    "crawler.middlewares.challenge.ChallengeMiddleware": 560,
    "crawler.middlewares.ratelimit.RateLimitMiddleware": 555,
    "crawler.middlewares.badencoding.BadEncodingMiddleware": 595,
    "crawler.middlewares.redirectloop.RedirectLoopMiddleware": 650,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ReportPartsPipeline": 300,
}
EXTENSIONS = {
    "crawler.extensions.jobstate.JobState": 10,  # after Scrapy's SpiderState (0): JOBDIR only
    "crawler.extensions.progress.ProgressExtension": 500,
    "crawler.extensions.finish.FinishCrawl": 900,
}

# gia's own settings
GIA_SITES = None        # registry file; None = crawler/sites.toml (or $GIA_SITES)
GIA_ARCHIVE = None      # archive folder; None = $GIA_ARCHIVE or ./archive
GIA_PROGRESS_INTERVAL = 5.0
GIA_BUILD_RECORDS = True  # False (`gia crawl --fetch-only`): archive raw responses only; `gia reparse` builds
GIA_RETRY_BACKOFF = 2.0  # seconds before a first retry (timeouts, 5xx), doubling for each further one
GIA_MAX_WAIT = 60.0     # longest pause for one Retry-After / rate ban, seconds (registry: max_wait)
MEMUSAGE_CHECK_INTERVAL_SECONDS = 5    # Scrapy's memusage/max; the crawler's own peak is peak_rss_bytes (crawler/runstats.py)
# gia crawl --redis (crawler/distributed/): a worker whose heartbeat is older than this many seconds
# is taken for dead and its leased requests go back to the shared frontier
GIA_REDIS_HEARTBEAT = 30.0
GIA_REDIS_LEASES = 0               # requests one worker holds at once; 0: its sites' concurrency (queue.max_leases)
GIA_REDIS_PUBLISH_INTERVAL = 2.0   # seconds between a worker's publications of its counters (--status)
