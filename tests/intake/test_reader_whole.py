"""A small sheet part is parsed in one piece and walked; it must read exactly as the
stream reads it, and anything the whole parse cannot take goes to the stream."""

from __future__ import annotations

import zipfile
from unittest import mock
from xml.etree.ElementTree import ParseError

import pytest

from aordesk.intake.reading import xlsx_rows as xlsx
from aordesk.intake.reading.xlsx_rows import package_open, sheet_rows
from tests.intake.corpus import hostile, layouts
from tests.intake.corpus.reports import report_returned, report_sent
from tests.intake.corpus.workbooks import consumer, xlsx_write
from tests.intake.test_corpus import SHOULD_PASS, TEXT_DATES

SHEET = "xl/worksheets/sheet1.xml"
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def a_returned_report(path):
    sent = report_sent(path.with_name("sent.xlsx"), npn="5501")
    consumers = [consumer(n, dob=form) for n, form in enumerate(TEXT_DATES, 1)]
    return report_returned(sent, path, consumers=consumers, comment_rows={2: "Still mine"})


WORKBOOKS = [
    (name, builder, file_name)
    for name, builder, file_name, _ in SHOULD_PASS
    if file_name.endswith(".xlsx")
] + [
    ("formulas", layouts.formulas, "formulas.xlsx"),
    ("merged headers", layouts.merged_headers, "merged.xlsx"),
    ("returned report", a_returned_report, "returned.xlsx"),
]


def every_sheet(path, *, whole):
    limit = xlsx.WHOLE_SHEET_BYTES if whole else -1
    package = package_open(path)
    with mock.patch.object(xlsx, "WHOLE_SHEET_BYTES", limit):
        return {ref.name: list(sheet_rows(package, ref)) for ref in package.sheets if ref.part}


def rows_until_failure(path, *, whole):
    limit = xlsx.WHOLE_SHEET_BYTES if whole else -1
    package = package_open(path)
    rows = []
    with mock.patch.object(xlsx, "WHOLE_SHEET_BYTES", limit), pytest.raises(ParseError):
        rows.extend(sheet_rows(package, package.sheets[0]))
    return rows


@pytest.mark.parametrize(
    ("builder", "file_name"), [case[1:] for case in WORKBOOKS], ids=[case[0] for case in WORKBOOKS]
)
def test_a_small_sheet_read_whole_gives_the_rows_the_stream_gives(tmp_path, builder, file_name):
    path = builder(tmp_path / file_name)
    with mock.patch.object(xlsx, "_streamed_rows", wraps=xlsx._streamed_rows) as streamed:
        whole = every_sheet(path, whole=True)

    assert streamed.call_count == 0
    assert whole == every_sheet(path, whole=False)
    assert any(rows for rows in whole.values())


def test_a_sheet_over_the_size_limit_is_streamed(tmp_path):
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    with (
        mock.patch.object(xlsx, "WHOLE_SHEET_BYTES", 10),
        mock.patch.object(xlsx, "_streamed_rows", wraps=xlsx._streamed_rows) as streamed,
    ):
        package = package_open(path)
        list(sheet_rows(package, package.sheets[0]))

    assert streamed.call_count == 1


def test_a_small_sheet_that_breaks_mid_way_fails_where_the_stream_fails(tmp_path):
    base = xlsx_write(tmp_path / "base.xlsx", [consumer(n) for n in range(1, 30)])
    broken = hostile.package_rewrite(
        base, tmp_path / "broken.xlsx", replace={SHEET: hostile_tail(base)}
    )

    rows = rows_until_failure(broken, whole=True)

    assert rows and rows == rows_until_failure(broken, whole=False)


CELL = b'<c r="A%d" t="inlineStr"><is><t>%s</t></is></c>'
OUT_OF_PLACE = {
    "a row in a row": b"<worksheet "
    + NS
    + b'><sheetData><row r="1">'
    + CELL % (1, b"outer")
    + b'<row r="2">'
    + CELL % (2, b"inner")
    + b"</row></row></sheetData></worksheet>",
    "a row as the root": b"<row " + NS + b' r="1">' + CELL % (1, b"alone") + b"</row>",
    "a row outside sheetData": b"<worksheet "
    + NS
    + b'><sheetData><row r="1">'
    + CELL % (1, b"in")
    + b'</row></sheetData><extLst><row r="2">'
    + CELL % (2, b"out")
    + b"</row></extLst></worksheet>",
}


@pytest.mark.parametrize("sheet", OUT_OF_PLACE.values(), ids=OUT_OF_PLACE.keys())
def test_rows_out_of_their_place_are_read_by_the_stream(tmp_path, sheet):
    base = xlsx_write(tmp_path / "base.xlsx", [consumer(1)])
    odd = hostile.package_rewrite(base, tmp_path / "odd.xlsx", replace={SHEET: sheet})
    with mock.patch.object(xlsx, "_streamed_rows", wraps=xlsx._streamed_rows) as streamed:
        whole = every_sheet(odd, whole=True)

    assert streamed.call_count == 1
    assert whole == every_sheet(odd, whole=False)
    assert any(rows for rows in whole.values())


def hostile_tail(base):
    with zipfile.ZipFile(base) as package:
        text = package.read(SHEET)
    # Cut inside the last rows: the first rows parse, then the XML is not well formed.
    return text[: len(text) * 3 // 4] + b"<c><v>unclosed</sheetData></worksheet>"
