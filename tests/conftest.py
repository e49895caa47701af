"""Shared fixtures. Tests that need the labelled corpus in ../shared/corpus skip cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GIA_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"


def corpus_files(pattern: str = "*.gold.json") -> list[Path]:
    """Labelled corpus files, or [] when ../shared/corpus is absent."""
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.rglob(pattern))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"labelled corpus not found at {CORPUS} (set GIA_SHARED or place shared/ beside the repo)")
    return CORPUS
