"""gia.progress: a bar on a terminal, plain lines when piped."""

import io

from gia.progress import Progress


def test_piped_prints_plain_lines():
    out = io.StringIO()
    with Progress("export", total=20, stream=out, tty=False) as bar:
        for _ in range(20):
            bar.advance()
    lines = out.getvalue().splitlines()
    assert lines[-1] == "export: 20/20"
    assert 2 <= len(lines) <= 11 and "\r" not in out.getvalue() and "\x1b" not in out.getvalue()


def test_terminal_redraws_one_bar():
    out = io.StringIO()
    with Progress("index", total=4, stream=out, tty=True) as bar:
        for _ in range(4):
            bar.advance(note="河南省")
    text = out.getvalue()
    assert text.endswith("\n") and text.count("\n") == 1
    assert "\r\x1b[2K" in text and "4/4" in text and "100%" in text and "河南省" in text


def test_unknown_total_counts():
    out = io.StringIO()
    with Progress("crawl", stream=out, tty=False, every=2) as bar:
        for _ in range(5):
            bar.advance()
    assert out.getvalue().splitlines() == ["crawl: 2", "crawl: 4", "crawl: 5"]


def test_a_total_learnt_after_the_start_gives_about_ten_lines():
    """A build counts its jobs after its bar is made (gia reparse, the build phase of gia crawl)."""
    out = io.StringIO()
    with Progress("build", stream=out, tty=False) as bar:
        bar.total = 142
        for _ in range(142):
            bar.advance()
    lines = out.getvalue().splitlines()
    assert lines[-1] == "build: 142/142" and 5 <= len(lines) <= 12
