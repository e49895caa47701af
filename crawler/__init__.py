"""The Scrapy project that crawls 年报 columns into the archive (`scrapy crawl reports`, `gia crawl`)."""
