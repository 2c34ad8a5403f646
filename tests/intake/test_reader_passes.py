"""Each sheet is read once, and the identity comes from the package already open."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aordesk.intake.reading import plan as reader
from aordesk.intake.reading import xlsx_rows as xlsx
from aordesk.intake.reading.identity import Sender, identity_read_package
from aordesk.intake.reading.xlsx_rows import package_open
from tests.intake.corpus.reports import KEY, report_returned, report_sent
from tests.intake.corpus.workbooks import consumer, xlsx_write

NPN = "5501"


def test_the_rows_read_while_looking_for_the_header_are_not_read_again(tmp_path):
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(n) for n in range(1, 41)])
    with mock.patch.object(reader, "sheet_rows", wraps=xlsx.sheet_rows) as opened:
        plan = reader.read_plan(path, kind="xlsx", sender=Sender(npn=NPN), key=KEY)
        numbers = [row.number for row in plan.rows()]

    assert numbers == list(range(2, 42))
    assert opened.call_count == 1
    # A second walk over the plan starts the sheet afresh and finds the same rows.
    assert [row.number for row in plan.rows()] == numbers


def test_a_returned_report_is_read_without_opening_it_with_calamine(tmp_path):
    sent = report_sent(tmp_path / "sent.xlsx", npn=NPN)
    path = report_returned(sent, tmp_path / "r.xlsx", consumers=[consumer(1)], comment_rows={})
    with mock.patch("python_calamine.CalamineWorkbook.from_path") as calamine:
        plan = reader.read_plan(path, kind="xlsx", sender=Sender(npn=NPN), key=KEY)

    assert plan.kind == "report" and plan.issues == []
    calamine.assert_not_called()


def test_a_workbook_without_an_identity_sheet_has_no_identity(tmp_path):
    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)])
    assert identity_read_package(package_open(path)) is None


def test_a_styled_empty_cell_is_not_a_value(tmp_path):
    def styled_blanks(workbook, worksheet):
        worksheet.write_blank(1, 6, None, workbook.add_format({"bold": True}))

    path = xlsx_write(tmp_path / "mine.xlsx", [consumer(1)], extra=styled_blanks)
    package = package_open(path)
    rows = list(xlsx.sheet_rows(package, package.sheets[0]))

    assert 6 not in rows[1].cells and 5 in rows[1].cells


@pytest.mark.django_db
def test_the_command_wants_a_file_and_a_broker_or_pending():
    with pytest.raises(CommandError, match="--pending"):
        call_command("intake")
    with pytest.raises(CommandError, match="no FILE"):
        call_command("intake", "x.xlsx", "--pending")
