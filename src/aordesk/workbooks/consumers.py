"""The "Add Consumers" return template inside an AOR report, from one column schema.

Intake reads the returned sheet against the same CONSUMER_COLUMNS, so the headers written
here and the headers checked there cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aordesk.workbooks.book import Formats, header_row_write
from aordesk.workbooks.cells import EXCEL_FIRST_DATE, write_text

CONSUMERS_SHEET = "Add Consumers"
LISTS_SHEET = "Lists"
REQUIRED_MARK = " *"
PREPARED_ROWS = 500
AOR_SUBMISSION_METHODS = ("Portal", "Electronic", "PDF")
APPLICATION_METHODS = ("Online", "Paper")


@dataclass(frozen=True)
class ConsumerColumn:
    name: str
    required: bool
    kind: str  # "text" | "date" | "carrier" | "choice"
    width: float
    help: str
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return self.name + REQUIRED_MARK if self.required else self.name


CONSUMER_COLUMNS = (
    ConsumerColumn("First Name", True, "text", 18, "The consumer's first name."),
    ConsumerColumn("Last Name", True, "text", 20, "The consumer's last name."),
    ConsumerColumn("Date of Birth", True, "date", 14, "MM/DD/YYYY."),
    ConsumerColumn(
        "Application or Enrollment Date", True, "date", 16, "MM/DD/YYYY: either date will do."
    ),
    ConsumerColumn("Carrier", True, "carrier", 28, "Pick the consumer's carrier from the list."),
    ConsumerColumn(
        "Method of AOR Submission",
        False,
        "choice",
        16,
        "How you named yourself AOR: Portal, Electronic (form) or PDF (form).",
        AOR_SUBMISSION_METHODS,
    ),
    ConsumerColumn("Address", False, "text", 36, "Street, city and ZIP, if you know them."),
    ConsumerColumn(
        "Method of Application", False, "choice", 14, "Online or Paper.", APPLICATION_METHODS
    ),
    ConsumerColumn("Comments", False, "text", 40, "Anything that helps us find the consumer."),
)
CONSUMER_HEADERS = tuple(column.header for column in CONSUMER_COLUMNS)


def consumers_write(
    sheet: Any, lists_sheet: Any, formats: Formats, carrier_names: Sequence[str]
) -> None:
    """Fill the (already added) Add Consumers sheet and its hidden carrier list sheet."""
    carrier_source = _carrier_list_write(lists_sheet, carrier_names)
    for col, column in enumerate(CONSUMER_COLUMNS):
        fmt = formats.input_date if column.kind == "date" else formats.input_text
        sheet.set_column(col, col, column.width, fmt)
    widths = [column.width for column in CONSUMER_COLUMNS]
    header_row_write(sheet, 0, CONSUMER_HEADERS, formats.header, widths)
    # Each column explains itself through its validation's input prompt (and the Instructions
    # sheet), not a header comment: comments add a drawing part to every file, about 20% of
    # the cost of writing a small report.
    for col, column in enumerate(CONSUMER_COLUMNS):
        sheet.data_validation(1, col, PREPARED_ROWS, col, _validation(column, carrier_source))
    sheet.freeze_panes(1, 0)


def _carrier_list_write(lists_sheet: Any, carrier_names: Sequence[str]) -> str | None:
    # A hidden sheet rather than an inline list: names may hold commas, and inline lists
    # stop at 255 characters.
    lists_sheet.hide()
    write_text(lists_sheet, 0, 0, "Carrier")
    for row, name in enumerate(carrier_names, start=1):
        write_text(lists_sheet, row, 0, name)
    if not carrier_names:
        return None
    return f"='{LISTS_SHEET}'!$A$2:$A${len(carrier_names) + 1}"


def _validation(column: ConsumerColumn, carrier_source: str | None) -> dict[str, Any]:
    prompt = {
        "input_title": column.name[:32],
        "input_message": (("Required. " if column.required else "Optional. ") + column.help)[:255],
    }
    if column.kind == "date":
        rule: dict[str, Any] = {
            "validate": "date",
            "criteria": "between",
            "minimum": EXCEL_FIRST_DATE,
            "maximum": "=TODAY()",
            "error_message": "Enter a date from 01/01/1900 to today, as MM/DD/YYYY.",
        }
    elif column.kind == "choice":
        rule = {"validate": "list", "source": list(column.choices)}
    elif column.kind == "carrier" and carrier_source is not None:
        rule = {"validate": "list", "source": carrier_source}
    else:
        rule = {"validate": "any"}
    if rule["validate"] == "list":
        rule["error_message"] = "Pick a value from the drop-down list."
    return {**rule, **prompt}
