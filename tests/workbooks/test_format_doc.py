"""docs/formats/workbooks.md is what intake and people read: it must name what is written."""

from pathlib import Path

from aordesk.workbooks import determination, report, statement
from aordesk.workbooks.consumers import CONSUMER_HEADERS
from aordesk.workbooks.identity import IDENTITY_FIELDS, IDENTITY_SHEET

DOC = Path(__file__).resolve().parents[2] / "docs" / "formats" / "workbooks.md"


def test_the_format_document_names_every_header_and_identity_field():
    text = DOC.read_text(encoding="utf-8")
    names = [
        *report.REPORT_HEADERS,
        *CONSUMER_HEADERS,
        *statement.DETAIL_COLUMNS,
        *IDENTITY_FIELDS,
        IDENTITY_SHEET,
        report.TEMPLATE_VERSION,
        statement.TEMPLATE_VERSION,
        *determination.DETERMINATION_HEADERS,
        determination.TEMPLATE_VERSION,
    ]
    missing = [name for name in names if f"`{name}`" not in text]
    assert missing == []
