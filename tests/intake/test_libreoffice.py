"""Files saved again by LibreOffice Calc read like the originals (soffice from Debian's
libreoffice-calc-nogui; skipped where it is not installed)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from aordesk.core.audit import Actor
from aordesk.intake.gate.file import gate_check
from aordesk.intake.models import Submission
from aordesk.intake.reading.identity import Sender
from aordesk.intake.reading.normalise import row_normalise
from aordesk.intake.reading.plan import read_plan
from aordesk.intake.reading.xlsx_rows import package_open
from aordesk.intake.services import submission_receive
from aordesk.workbooks.identity import IDENTITY_SHEET
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus.reports import KEY, report_returned, report_sent
from tests.intake.corpus.workbooks import consumer, xlsx_write

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]
NPN = "4401"
RECEIVED = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


def libreoffice_resave(files: list[Path], outdir: Path, home: Path) -> list[Path]:
    """Open and save as .xlsx in LibreOffice, with a private profile (works as root)."""
    assert SOFFICE is not None
    home.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={home.as_uri()}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    return [outdir / file.name for file in files]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """(original, resaved) for a returned report and a broker's plain workbook."""
    folder = tmp_path_factory.mktemp("libreoffice")
    sent = report_sent(folder / "sent.xlsx", npn=NPN)
    rows = [consumer(1), consumer(2, dob="01/02/1980", address='=HYPERLINK("x")'), consumer(3)]
    report = report_returned(
        sent, folder / "report.xlsx", consumers=rows, comment_rows={3: "Still my client"}
    )
    plain = xlsx_write(folder / "plain.xlsx", rows, sheet="My clients")
    resaved = libreoffice_resave([report, plain], folder / "out", folder / "home")
    return {"report": (report, resaved[0]), "plain": (plain, resaved[1])}


def read(path: Path):
    gate = gate_check(path, original_name=path.name)
    assert gate.passed, gate.issues
    plan = read_plan(path, kind=gate.kind, sender=Sender(npn=NPN), key=KEY)
    rows = [
        row_normalise(source, date1904=plan.date1904, today=RECEIVED.date())
        for source in plan.rows()
    ]
    return plan, [
        (
            r.sheet,
            r.number,
            r.kind,
            r.first_name,
            r.last_name,
            r.dob,
            r.application_date,
            r.carrier,
            r.aor_method,
            r.address,
            r.application_method,
            r.comments,
            sorted(i.code for i in r.issues),
        )
        for r in rows
    ]


@pytest.mark.parametrize("which", ["report", "plain"])
def test_a_workbook_saved_by_libreoffice_reads_the_same_rows_as_the_original(files, which):
    original, resaved = files[which]
    plan_before, rows_before = read(original)
    plan_after, rows_after = read(resaved)

    assert rows_after == rows_before
    assert len(rows_before) == (4 if which == "report" else 3)
    assert plan_after.kind == plan_before.kind
    assert [i.code for i in plan_after.issues] == [i.code for i in plan_before.issues]


def test_libreoffice_keeps_the_identity_but_only_hidden_and_it_still_verifies(files):
    _, resaved = files["report"]
    states = {sheet.name: sheet.state for sheet in package_open(resaved).sheets}
    # LibreOffice has no "very hidden": it writes the identity sheet as plainly hidden.
    assert states[IDENTITY_SHEET] in ("hidden", "veryHidden")

    plan, _ = read(resaved)

    assert plan.kind == "report" and plan.identity is not None
    assert plan.identity.document_id == f"report-{NPN}-2026-10" and plan.issues == []


@pytest.mark.django_db
def test_a_report_saved_by_libreoffice_is_accepted_as_our_report(files, settings, blue_plus):
    settings.WORKBOOK_HMAC_KEY = KEY.decode()
    _, resaved = files["report"]

    result = submission_receive(
        broker=BrokerFactory(npn=NPN),
        path=resaved,
        original_name="report.xlsx",
        channel=Submission.Channel.PORTAL_UPLOAD,
        actor=Actor.system("test"),
        received_at=RECEIVED,
    )

    assert (result.verdict, result.rows_accepted, result.rows_rejected) == ("accepted", 4, 0)
    assert result.submission.kind == "report"
    assert result.submission.claims.count() == 3  # comment rows make no claim


@pytest.mark.parametrize("which", ["report", "plain"])
def test_a_sheet_saved_by_libreoffice_reads_the_same_whole_as_streamed(files, which):
    from tests.intake.test_reader_whole import every_sheet

    _, resaved = files[which]

    assert every_sheet(resaved, whole=True) == every_sheet(resaved, whole=False)
