"""Downloader middlewares, one a module: keep to the site, fetch only what changed, see through
challenges, and archive every real response.

Order on the response path (Scrapy calls process_response from high to low priority; the numbers
are in crawler/settings.py):
cookies (700) → RedirectLoopMiddleware (650) → redirects (600) → BadEncodingMiddleware (595)
→ decompression (590) → ChallengeMiddleware (560) → RateLimitMiddleware (555) → retries (550)
→ WarcRecorderMiddleware (545) → ConditionalFetchMiddleware (60) → SiteGuardMiddleware (50).
So a challenge page is retried with its cookie or turned into a "blocked" site status before it
could be archived, a 429/403 rate limit pauses the site instead of being archived, only final
responses are archived, and a 304 is replaced by the archived copy.

Each takes what it needs in `from_crawler`: the crawl's CrawlSession (crawler/session.py: sites,
site states, the archive) and its settings; none reaches into the spider.
"""
