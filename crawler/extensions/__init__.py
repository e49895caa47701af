"""Scrapy extensions of the `reports` crawl: the progress line (progress.py), the crawl's memory
across a JOBDIR pause (jobstate.py) and, when the spider closes, the build of the records and the
run's statistics (finish.py)."""
