"""docs/cli.md is generated from the parsers; it must match what they say now."""

from pathlib import Path

from search_cli.clidoc import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m search_cli.clidoc > docs/cli.md"


def test_every_command_is_documented():
    from search_cli.cli import COMMANDS

    text = DOC.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"`gia {name}`" in text
