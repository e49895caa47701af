"""The report parser: any format in, the contract's JSON record out.

    from reportparser import parse_file, parse_bytes, parse_document
"""

from reportparser.api import parse_bytes, parse_document, parse_file, record_id

__all__ = ["parse_bytes", "parse_document", "parse_file", "record_id"]
