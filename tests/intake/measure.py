"""Measure intake on the 300,000-row file: peak memory and time, against the calamine floor,
and the time of every gate rejection. Not a test: figures vary with the machine.

    .venv/bin/python -m tests.intake.measure [--rows 300000] [--modes floor,service]
    DATABASE_URL=postgres://.../h_intake_measure .venv/bin/python -m tests.intake.measure \
        --modes service --keep-database-url

Each measurement runs in its own process so its peak resident memory is its own."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROWS = 300_000


def peak_mb() -> float:
    """This process image's peak resident memory (VmHWM): ru_maxrss would carry the
    parent's peak over fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def floor(path: Path) -> dict:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    with CalamineWorkbook.from_path(str(path)) as book:
        count = sum(1 for _ in book.get_sheet_by_name("Add Consumers").iter_rows())
    return {"rows": count, "seconds": round(time.perf_counter() - start, 1), "peak_mb": peak_mb()}


def pipeline(path: Path, *, traced: bool = False) -> dict:
    import datetime as dt

    from aordesk.intake.checks import row_check
    from aordesk.intake.checks.context import CarrierDirectory, CarrierEntry, CheckContext
    from aordesk.intake.gate.file import gate_check
    from aordesk.intake.issues import has_errors
    from aordesk.intake.reading.identity import Sender
    from aordesk.intake.reading.normalise import row_normalise
    from aordesk.intake.reading.plan import read_plan

    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    gate = gate_check(path, original_name=path.name)
    gate_seconds = round(time.perf_counter() - start, 1)
    plan = read_plan(path, kind=gate.kind, sender=Sender(npn="1"), key=b"k")
    carriers = CarrierDirectory.build([CarrierEntry(1, "Blue Plus", ("Blue Plus",))])
    context = CheckContext(today=dt.date(2026, 11, 27), carriers=carriers)
    accepted = 0
    for source in plan.rows():
        row = row_normalise(source, date1904=plan.date1904, today=context.today)
        accepted += not has_errors(row_check(row, context))
    result = {
        "accepted": accepted,
        "gate_seconds": gate_seconds,
        "seconds": round(time.perf_counter() - start, 1),
        "peak_mb": peak_mb(),
    }
    if traced:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    return result


def service(path: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from aordesk.brokers.models import Broker
    from aordesk.carriers.models import Carrier
    from aordesk.core.audit import Actor
    from aordesk.intake.services import submission_receive

    Carrier.objects.create(
        code="BP", legal_name="HMO Minnesota", display_name="Blue Plus", kind="medical"
    )
    broker = Broker.objects.create(
        npn="1",
        first_name="A",
        last_name="B",
        email="a@b.example",
        certified_on="2020-01-01",
        status_changed_on="2020-01-01",
    )
    start = time.perf_counter()
    result = submission_receive(
        broker=broker,
        path=path,
        original_name=path.name,
        channel="staff",
        actor=Actor.system("measure"),
    )
    return {
        "verdict": result.verdict,
        "accepted": result.rows_accepted,
        "seconds": round(time.perf_counter() - start, 1),
        "peak_mb": peak_mb(),
    }


def rejections(folder: Path) -> dict:
    from aordesk.intake.gate.file import gate_check
    from tests.intake.test_gate import SHOULD_FAIL

    times = {}
    for label, builder, name, code in SHOULD_FAIL:
        path = builder(folder / name)
        start = time.perf_counter()
        issues = gate_check(path, original_name=name).issues
        assert issues[0].code == code, (label, issues)
        times[label] = round(time.perf_counter() - start, 3)
    return times


def rejection_worst(path: Path) -> dict:
    """The slowest refusal: a DOCTYPE at the very end of the 300,000-row sheet, so every
    byte of every part is inflated and scanned before the gate says no."""
    import zipfile

    from aordesk.intake.gate.file import gate_check

    hostile = path.with_name("worst.xlsx")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            with old.open(info) as source, new.open(info.filename, "w") as target:
                for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                    target.write(chunk)
                if info.filename == "xl/worksheets/sheet1.xml":
                    target.write(b"<!DOCTYPE x [<!ENTITY a 'a'>]>")
    start = time.perf_counter()
    issues = gate_check(hostile, original_name="worst.xlsx").issues
    return {
        "code": issues[0].code,
        "seconds": round(time.perf_counter() - start, 2),
        "peak_mb": peak_mb(),
    }


def child(mode: str, path: Path) -> None:
    runs = {
        "floor": lambda: floor(path),
        "pipeline": lambda: pipeline(path),
        "pipeline-traced": lambda: pipeline(path, traced=True),
        "service": lambda: service(path),
        "rejections": lambda: rejections(path),
        "rejection-worst": lambda: rejection_worst(path),
    }
    print(json.dumps(runs[mode]()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"))
    parser.add_argument(
        "--modes", default="floor,pipeline,pipeline-traced,service,rejections,rejection-worst"
    )
    parser.add_argument(
        "--keep-database-url",
        action="store_true",
        help="measure the service on DATABASE_URL (an empty database of your own)",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    from tests.intake.corpus.workbooks import big_xlsx_write

    with tempfile.TemporaryDirectory() as folder:
        big = big_xlsx_write(Path(folder) / "big.xlsx", args.rows)
        print(json.dumps({"rows": args.rows, "file_mb": round(big.stat().st_size / 2**20, 1)}))
        env = {**os.environ, "AORDESK_DATA_DIR": str(Path(folder) / "data")}
        if not args.keep_database_url:
            env.pop("DATABASE_URL", None)
        for mode in args.modes.split(","):
            target = Path(folder) if mode == "rejections" else big
            out = subprocess.run(
                [sys.executable, "-m", "tests.intake.measure", "--child", mode, str(target)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            print(mode, out.stdout.strip() or out.stderr[-2000:])


if __name__ == "__main__":
    main()
