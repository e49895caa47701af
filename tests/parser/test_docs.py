"""docs/templates.md is generated from the declaration and must be up to date."""

from pathlib import Path

from reportparser.docs import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def test_templates_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m reportparser.docs > docs/templates.md"
