"""docs/columns.md is generated from the column declaration and must not drift."""

from pathlib import Path

from search_cli.browse.flatten import columns_markdown


def test_columns_doc_is_current():
    doc = Path(__file__).resolve().parents[2] / "docs" / "columns.md"
    assert doc.read_text(encoding="utf-8") == columns_markdown(), \
        "regenerate: python -m search_cli.browse.flatten > docs/columns.md"
