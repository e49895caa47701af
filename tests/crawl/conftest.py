"""Fixtures for the crawler's unit tests (no network): a `reports` spider made the way Scrapy makes
it, on the registry of fakes.py and an archive in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helpers importable
from fakes import REGISTRY  # noqa: E402


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


@pytest.fixture
def scrapy_crawler(registry, tmp_path):
    """A Scrapy crawler of the project's settings whose `reports` spider is made (archive open)."""
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    import crawler.settings as project
    from crawler.spiders.reports import ReportsSpider

    settings = Settings()
    settings.setmodule(project, priority="project")
    made = Crawler(ReportsSpider, settings)
    made.spider = ReportsSpider.from_crawler(made, sites=str(registry), archive=str(tmp_path / "archive"))
    yield made
    made.spider.session.close()


@pytest.fixture
def spider(scrapy_crawler):
    return scrapy_crawler.spider


@pytest.fixture
def session(spider):
    return spider.session


REDIS_SERVER = Path("/usr/bin/redis-server")


class RedisServer:
    """A real redis-server on a free loopback port, its data (AOF on) in a folder of the test's."""

    def __init__(self, folder: Path):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self) -> "RedisServer":
        import subprocess
        import time

        import redis

        self.proc = subprocess.Popen([str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        client.close()
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def client(self):
        import redis

        return redis.Redis(port=self.port)


@pytest.fixture
def redis_server(tmp_path):
    if not REDIS_SERVER.exists():
        pytest.skip(f"{REDIS_SERVER} is not installed (apt-get install redis-server; ./dev.sh installs it)")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder).start()
    yield server
    server.stop()
