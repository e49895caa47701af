"""The JSON record's schema, declared once: what every reader of the archive may rely on.

`RECORD_SCHEMA` is a JSON Schema (draft 2020-12) of the outside contract's record
(shared/spec/contract.md) and of the documented additions; it is published as
docs/record.schema.json (`python -m gia.archive.schema > docs/record.schema.json`; a test fails
when the file drifts). The archive checks each record it reads against it (`problems`), so one
malformed file — a JSON list, `"year": "2020年"`, a table that is not an object — is skipped with
one warning naming the file instead of breaking `gia archive`, `gia serve` or the index, and
`gia archive validate` lists it. Fields the schema does not name are allowed (additions stay
backwards compatible); the named ones must have their declared types.
"""

from __future__ import annotations

import json
from functools import lru_cache

_NUMBER_OR_BLANK = {"type": ["integer", "number", "null"]}
_ROW = {"type": "array", "items": _NUMBER_OR_BLANK}
_TEXT_OR_NULL = {"type": ["string", "null"]}

RECORD_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://gia.invalid/record.schema.json",
    "title": "gia record: one 政府信息公开工作年度报告",
    "type": "object",
    "required": ["id"],
    "properties": {
        "schema": {"type": "integer"},
        "id": {"type": "string", "minLength": 1},
        "title": _TEXT_OR_NULL,
        "agency": _TEXT_OR_NULL,
        "agency_kind": _TEXT_OR_NULL,
        "level": {"enum": ["province", "city", "county", "township", "unknown", None]},
        "province": _TEXT_OR_NULL, "city": _TEXT_OR_NULL, "county": _TEXT_OR_NULL,
        "year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
        "published": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}"},
        # an addition: the page's 政府信息公开目录 catalogue table (or label lines) as printed (docs/parser.md)
        "catalogue": {"type": ["object", "null"], "properties": {
            "index_no": _TEXT_OR_NULL, "publisher": _TEXT_OR_NULL, "doc_no": _TEXT_OR_NULL, "topic": _TEXT_OR_NULL,
            "written": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "published": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}}},
        "template": {"enum": ["legacy", "2019", "2021", "unknown", None]},
        "script": {"enum": ["simplified", "traditional", None]},
        "version": {"type": "integer", "minimum": 1},
        "source": {"type": "object", "properties": {
            "url": _TEXT_OR_NULL, "fetched_at": _TEXT_OR_NULL, "sha256": _TEXT_OR_NULL, "media_type": _TEXT_OR_NULL,
            "warc": {"type": "object", "properties": {"file": {"type": "string"}, "offset": {"type": "integer", "minimum": 0}}},
        }},
        "text": {"type": "string"},
        "sections": {"type": "object", "additionalProperties": _TEXT_OR_NULL},
        "tables": {"type": "object", "properties": {
            "active": {"type": "object", "properties": {
                "columns": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                "rows": {"type": "object", "additionalProperties": _ROW}}},
            "applications": {"type": "object", "additionalProperties": _ROW},
            "review_litigation": {"type": "object", "additionalProperties": _ROW},
        }},
        # ok: true holds, false broken as printed, null undecided (a blank cell; reportparser/checks.py)
        "checks": {"type": "array", "items": {"type": "object", "required": ["rule", "ok"],
                                               "properties": {"rule": {"type": "string"},
                                                              "ok": {"type": ["boolean", "null"]}}}},
        "warnings": {"type": "array", "items": {"type": "string"}},
        # pages read by OCR and where each table number came from (docs/parser.md, "OCR")
        "ocr": {"type": "object", "properties": {
            "engine": _TEXT_OR_NULL,
            "pages": {"type": "array", "items": {"type": "integer", "minimum": 1}},
            "pages_ocr": {"type": "integer", "minimum": 0},
            "cells": {"type": "array", "items": {"type": "object", "required": ["table", "row", "column", "confidence", "page"],
                                                  "properties": {"confidence": {"type": "number", "minimum": 0, "maximum": 1},
                                                                 "page": {"type": "integer", "minimum": 1},
                                                                 "bbox": {"type": "array", "items": {"type": "number"}}}}},
        }},
    },
}


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(RECORD_SCHEMA)


def problems(record) -> list[str]:
    """Why a parsed JSON value is not a usable record (empty when it is), each as 'where: what'."""
    out = []
    for error in sorted(_validator().iter_errors(record), key=lambda e: list(map(str, e.absolute_path))):
        where = ".".join(str(p) for p in error.absolute_path) or "record"
        out.append(f"{where}: {_short(error.message)}")
    return out


def _short(message: str) -> str:
    return message if len(message) <= 120 else message[:117] + "…"


def main() -> None:  # python -m gia.archive.schema > docs/record.schema.json
    print(json.dumps(RECORD_SCHEMA, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
