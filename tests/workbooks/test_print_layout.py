"""Every kind of workbook we write prints well: rendered to PDF by LibreOffice Calc (Debian's
soffice; skipped where it is not installed), every instruction and explanation sentence is
there whole, on the page, and no text is drawn over other text (a header wrapping over its
neighbour, a paragraph spilling over the next row, a name running into the next column)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aordesk.intake.acknowledgement.workbook import AckRow, ack_write
from aordesk.intake.issues import Issue
from aordesk.review.determination import NO_ASSOCIATION_TEXT
from aordesk.workbooks import determination as wb_determination
from aordesk.workbooks import report as wb_report
from aordesk.workbooks import statement as wb_statement
from aordesk.workbooks.determination import DeterminationContext, DeterminationRow
from aordesk.workbooks.report import report_write
from aordesk.workbooks.statement import statement_write
from tests.workbooks.builders import (
    KEY,
    detail_row,
    identity,
    report_context,
    report_row,
    statement_context,
    summary_line,
)

SOFFICE, PDFTOTEXT = shutil.which("soffice"), shutil.which("pdftotext")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice or pdftotext is not installed"
    ),
]
LONG_CARRIER = "Blue Cross and Blue Shield of Minnesota"
EMPTY_NOTE = "No AOR was sent to a carrier for you in October 2026."
EXPLANATIONS = (
    NO_ASSOCIATION_TEXT,
    "Your AOR association was received by electronic form on 09/03/2026 and sent to the "
    "carrier on 10/14/2026. It will be on your AOR report for October 2026.",
    "Your AOR association was received by the broker portal on 10/02/2026. It is held until "
    "the consumer's enrollment is sent to the carrier, and then goes in that carrier's next "
    "AOR file.",
)
ACK_REASONS = (
    "Date of Birth: We could not read '13/45/1980' as a date. Write it as MM/DD/YYYY, for "
    "example 04/27/1980, and send the row again.",
    "Carrier: 'Blue Cross' matches more than one carrier. Pick the carrier from the list on "
    "the report's Add Consumers sheet.",
)
FILE_ISSUE = (
    "This sheet is hidden and was not read. Unhide it if it lists consumers, save the "
    "workbook and send it again as a reply to the same message."
)


def _report(folder: Path) -> Path:
    rows = [report_row(n, carrier_name=LONG_CARRIER if n % 2 else "UCare") for n in range(6)]
    path = folder / "report.xlsx"
    report_write(path, context=report_context(), rows=iter(rows), key=KEY)
    return path


def _empty_report(folder: Path) -> Path:
    path = folder / "empty-report.xlsx"
    report_write(path, context=report_context(empty_note=EMPTY_NOTE), rows=iter([]), key=KEY)
    return path


def _statement(folder: Path, name: str, **context: object) -> Path:
    summary = [
        summary_line(carrier_name=LONG_CARRIER),
        summary_line(npn="7654321", broker_name="Alexandria Vandenberg-Whitfield"),
    ]
    detail = [detail_row(n, carrier_name=LONG_CARRIER) for n in range(4)]
    path = folder / name
    statement_write(
        path, context=statement_context(**context), summary=summary, detail=detail, key=KEY
    )
    return path


def _determination(folder: Path) -> Path:
    rows = [
        DeterminationRow(
            sheet="Add Consumers",
            row_number=n + 2,
            first_name="Avery",
            last_name=f"Lindqvist-Hernandez{n}",
            dob=dt.date(1980, 1, 1 + n),
            application_date=dt.date(2026, 9, 1),
            carrier=LONG_CARRIER,
            code=("NO_ASSOCIATION", "SENT", "HELD")[n],
            explanation=text,
            decided_on=dt.date(2026, 11, 20),
            received_on=dt.date(2026, 11, 2),
        )
        for n, text in enumerate(EXPLANATIONS)
    ]
    context = DeterminationContext(
        broker_name="Pat Example",
        npn="1234567",
        file_name="My clients.xlsx",
        received_on=dt.date(2026, 11, 2),
        version=1,
        identity=identity(kind="determination", template_version="determination/1", month=""),
    )
    path = folder / "determination.xlsx"
    wb_determination.determination_write(path, context=context, rows=rows, key=KEY)
    return path


def _acknowledgement(folder: Path) -> Path:
    issues = tuple(
        Issue(code="X", message=text.split(": ", 1)[1], column=text.split(": ", 1)[0])
        for text in ACK_REASONS
    )
    row = AckRow(
        sheet="My clients",
        number=7,
        raw={"first_name": "Avery", "last_name": "Lindqvist", "carrier": "Blue Cross"},
        issues=issues,
    )
    path = folder / "acknowledgement.xlsx"
    ack_write(
        path,
        file_issues=[Issue(code="READ_SHEET_HIDDEN", message=FILE_ISSUE, sheet="Old list")],
        rows=[row, row],
        identity=None,
        key=KEY,
    )
    return path


def _to_pdf(files: list[Path], outdir: Path, home: Path) -> None:
    """Convert with a private profile (several test runs may share the machine)."""
    assert SOFFICE is not None
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={home.as_uri()}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("print")
    files = [
        _report(folder),
        _empty_report(folder),
        _statement(folder, "statement.xlsx"),
        _statement(
            folder,
            "agency-statement.xlsx",
            title="AOR agency statement: Iron Range Insurance Agency (AG006)",
            identity=identity(kind="agency_statement", template_version="statement/2", npn=""),
        ),
        _determination(folder),
        _acknowledgement(folder),
    ]
    _to_pdf(files, folder / "pdf", folder / "home")
    return {file.stem: folder / "pdf" / f"{file.stem}.pdf" for file in files}


def _text(pdf: Path) -> str:
    done = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _appears_whole(sentence: str, text: str) -> bool:
    """Every word of `sentence`, in order, close together (other columns' words may sit
    between the lines of a wrapped cell)."""
    wanted, words = _words(sentence), _words(text)
    for start, word in enumerate(words):
        if word != wanted[0]:
            continue
        at, found = start, 0
        for want in wanted:
            window = words[at : at + 12]
            if want not in window:
                break
            at += window.index(want) + 1
            found += 1
        if found == len(wanted):
            return True
    return False


class _Boxes(HTMLParser):
    """Words of `pdftotext -bbox` by page: (xmin, ymin, xmax, ymax, word)."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[list[tuple[float, float, float, float, str]]] = []
        self._box: tuple[float, float, float, float] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "page":
            self.pages.append([])
        elif tag == "word":
            self._box = tuple(float(values[k] or 0) for k in ("xmin", "ymin", "xmax", "ymax"))  # type: ignore[assignment]

    def handle_data(self, data: str) -> None:
        if self._box is not None:
            self.pages[-1].append((*self._box, data))
            self._box = None


def _overlaps(pdf: Path) -> list[tuple[str, str]]:
    done = subprocess.run(
        [str(PDFTOTEXT), "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    parser = _Boxes()
    parser.feed(done.stdout)
    found = []
    for words in parser.pages:
        for i, (ax0, ay0, ax1, ay1, a) in enumerate(words):
            for bx0, by0, bx1, by1, b in words[i + 1 :]:
                across = min(ax1, bx1) - max(ax0, bx0)
                down = min(ay1, by1) - max(ay0, by0)
                # Word boxes of consecutive lines touch (ascenders, descenders): text drawn
                # over text shares most of its height.
                if across > 1 and down > 0.4 * min(ay1 - ay0, by1 - by0):
                    found.append((a, b))
    return found


@pytest.mark.parametrize(
    "kind",
    ["report", "empty-report", "statement", "agency-statement", "determination", "acknowledgement"],
)
def test_no_text_is_drawn_over_other_text_when_printed(pdfs, kind):
    assert _overlaps(pdfs[kind]) == []


def test_the_report_instructions_print_whole(pdfs):
    text = _text(pdfs["report"])
    lines = wb_report._instructions_lines(_NoFormats(), report_context())
    for sentence, _ in lines:
        if sentence:
            assert _appears_whole(sentence, text), sentence
    assert _appears_whole(LONG_CARRIER, text)


def test_the_empty_report_prints_its_note_above_the_header_and_in_the_instructions(pdfs):
    text = _text(pdfs["empty-report"])
    assert text.count(EMPTY_NOTE) == 2
    assert _appears_whole("Date Sent Enrollee Last Name Enrollee First Name", text)


def test_the_determination_explanations_and_instructions_print_whole(pdfs):
    text = _text(pdfs["determination"])
    for sentence in EXPLANATIONS:
        assert _appears_whole(sentence, text), sentence
    for code in wb_determination._CODES:
        assert _appears_whole(code, text), code


def test_the_acknowledgement_reasons_print_whole(pdfs):
    text = _text(pdfs["acknowledgement"])
    for sentence in (*ACK_REASONS, FILE_ISSUE):
        assert _appears_whole(sentence, text), sentence


def test_the_statement_explanation_prints_whole(pdfs):
    text = _text(pdfs["statement"])
    for sentence, _ in wb_statement._summary_intro(statement_context(), _NoFormats()):
        assert _appears_whole(sentence, text), sentence
    assert _appears_whole(LONG_CARRIER, text)


class _NoFormats:
    """Formats are only labels here: the lines' texts are what the test reads."""

    def __getattr__(self, name: str) -> None:
        return None
