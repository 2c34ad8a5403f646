"""The intake benchmark's steps: F returned AOR reports of R consumer rows each, as brokers
send them back (written by report_write with a genuine identity, Add Consumers filled and
saved again by a spreadsheet library, as Excel would save them with shared strings).

    python -m bench.intake files   --files F --rows R --out DIR   (no database)
    python -m bench.intake seed    --files F                      (brokers and carriers)
    python -m bench.intake receive --dir DIR --result FILE        (submission_receive each)
    python -m bench.intake floor   --dir DIR --result FILE        (python_calamine alone)
    python -m bench.intake bound   --dir DIR --result FILE [--relaxed]   (the lower bound)

`receive` and `floor` time their own loop (imports and start-up excluded) and write it
to --result as JSON; the harness also records each process's wall time and peak RSS.
`bound` is the least any intake on this stack does with each file (bench/intake_bound.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from bench.synthetic import CARRIERS, FIRST, LAST  # noqa: E402

NPN_BASE = 30_000_000
REPORT_ROWS = 20  # rows on the AOR Report sheet itself; a few carry a comment
COMMENTED = (3, 7)


def npn_of(index: int) -> str:
    return str(NPN_BASE + index)


def files_build(*, count: int, rows: int, out: Path) -> None:
    import openpyxl
    from django.conf import settings

    from aordesk.workbooks.identity import WorkbookIdentity
    from aordesk.workbooks.report import TEMPLATE_VERSION, ReportContext, ReportRow, report_write

    out.mkdir(parents=True, exist_ok=True)
    key = str(settings.WORKBOOK_HMAC_KEY).encode()
    carriers = [name for _, name in CARRIERS]
    for index in range(count):
        npn = npn_of(index)
        sent = out / f"sent-{npn}.xlsx"
        identity = WorkbookIdentity(
            kind="aor_report",
            template_version=TEMPLATE_VERSION,
            document_id=f"report-{npn}-2026-10",
            npn=npn,
            agency_code="",
            month="2026-10",
            version=1,
        )
        context = ReportContext(
            broker_name=f"Benchfirst{index} Benchlast",
            npn=npn,
            month_label="October 2026",
            carrier_names=carriers,
            identity=identity,
        )
        report_rows = [
            ReportRow(
                date_sent=dt.date(2026, 10, 14),
                last_name=f"{LAST[n % len(LAST)]}{index}",
                first_name=FIRST[n % len(FIRST)],
                dob=dt.date(1960, 1, 1) + dt.timedelta(days=n * 97 + index),
                carrier_name=carriers[n % len(carriers)],
                plan_effective_on=dt.date(2026, 1, 1),
                broker_name=f"Benchfirst{index} Benchlast",
                npn=npn,
                aor_effective_on=dt.date(2026, 11, 1),
            )
            for n in range(REPORT_ROWS)
        ]
        report_write(sent, context=context, rows=report_rows, key=key)
        book = openpyxl.load_workbook(sent)
        add = book["Add Consumers"]
        for n in range(rows):
            add.append(_consumer(index, n, carriers))
        report = book["AOR Report"]
        for row in COMMENTED:
            report.cell(row, 10, "Still my client")  # J: Comments
        book.save(out / f"returned-{npn}.xlsx")
        sent.unlink()


def _consumer(index: int, n: int, carriers: list[str]) -> list[object]:
    return [
        FIRST[(n + index) % len(FIRST)],
        f"{LAST[n % len(LAST)]}{index}x{n}",
        dt.datetime(1950, 1, 1) + dt.timedelta(days=(n * 7919 + index) % 20000),
        dt.datetime(2026, 9, 1) + dt.timedelta(days=n % 28),
        carriers[n % len(carriers)],
        ("Portal", "Electronic", "PDF")[n % 3],
        f"{n} Lake Street, Duluth MN",
        ("Online", "Paper")[n % 2],
        "",
    ]


def seed(*, count: int) -> None:
    from aordesk.brokers.models import Broker
    from aordesk.carriers.models import Carrier

    Carrier.objects.bulk_create(
        [
            Carrier(code=code, legal_name=name, display_name=name, kind="medical")
            for code, name in CARRIERS
        ]
    )
    Broker.objects.bulk_create(
        [
            Broker(
                npn=npn_of(index),
                first_name=f"Benchfirst{index}",
                last_name="Benchlast",
                email=f"broker{index}@bench.example",
                certification_status="certified",
                certified_on=dt.date(2020, 1, 1),
                status_changed_on=dt.date(2020, 1, 1),
            )
            for index in range(count)
        ],
        batch_size=1000,
    )


def receive(*, folder: Path, result_file: Path) -> None:
    from aordesk.brokers.models import Broker
    from aordesk.core.audit import Actor
    from aordesk.intake.models import Claim, Submission
    from aordesk.intake.services import submission_receive

    paths = sorted(folder.glob("returned-*.xlsx"))
    brokers = {b.npn: b for b in Broker.objects.filter(npn__gte=npn_of(0))}
    actor = Actor.cli()
    verdicts: dict[str, int] = {}
    started = time.perf_counter()
    for path in paths:
        npn = path.stem.removeprefix("returned-")
        result = submission_receive(
            broker=brokers[npn], path=path, original_name=path.name, channel="staff", actor=actor
        )
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    seconds = time.perf_counter() - started
    _result_write(
        result_file,
        files=len(paths),
        seconds=seconds,
        verdicts=verdicts,
        submissions=Submission.objects.count(),
        claims=Claim.objects.count(),
    )


def floor(*, folder: Path, result_file: Path) -> None:
    from python_calamine import CalamineWorkbook

    paths = sorted(folder.glob("returned-*.xlsx"))
    cells = 0
    started = time.perf_counter()
    for path in paths:
        with CalamineWorkbook.from_path(str(path)) as book:
            for name in book.sheet_names:
                for row in book.get_sheet_by_name(name).to_python(skip_empty_area=True):
                    cells += len(row)
    seconds = time.perf_counter() - started
    _result_write(result_file, files=len(paths), seconds=seconds, cells=cells)


def _result_write(path: Path, **values: object) -> None:
    path.write_text(json.dumps(values))
    print(json.dumps(values))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.intake")
    parser.add_argument("step", choices=["files", "seed", "receive", "floor", "bound"])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--result", type=Path)
    parser.add_argument("--relaxed", action="store_true", help="bound: no fsync, one transaction")
    args = parser.parse_args()
    if args.step == "files":
        files_build(count=args.files, rows=args.rows, out=args.out)
    elif args.step == "seed":
        seed(count=args.files)
    elif args.step == "receive":
        receive(folder=args.dir, result_file=args.result)
    elif args.step == "bound":
        from bench.intake_bound import bound

        originals = args.result.parent / "bound-originals"
        result = bound(folder=args.dir, originals=originals, relaxed=args.relaxed)
        _result_write(args.result, **result)
    else:
        floor(folder=args.dir, result_file=args.result)


if __name__ == "__main__":
    main()
