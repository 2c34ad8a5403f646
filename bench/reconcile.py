"""The reconciliation benchmark's steps (bench/__main__.py runs each as its own process):

    python -m bench.reconcile build --rows N [--month YYYY-MM]   # inside Django
    python -m bench.reconcile roster --rows N --out FILE         # pure

build: N enrollments of one carrier (BCBSMN), each with its AOR line sent that month, over
10,000 brokers (bench.dataset's rows, moved onto one carrier).
roster: the carrier's N-row CSV roster of them: 98 % as sent, 1 % another broker's NPN,
1 % left out (the carrier lacks the AOR) and as many ids the exchange never sent."""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

from bench.synthetic import Shape, broker_of_line, person

BROKERS = 10_000
CARRIER = "BCBSMN"


def npn_of_line(i: int, shape: Shape) -> str:
    return str(10_000_000 + broker_of_line(i, shape))


def write_roster(rows: int, out: Path, shape: Shape) -> dict[str, int]:
    counts = {
        "matched": 0,
        "carrier_has_other_broker": 0,
        "carrier_lacks_aor": 0,
        "carrier_has_unsent": 0,
    }
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Enrollment ID",
                "NPN",
                "Member Name",
                "Date of Birth",
                "Effective Date",
                "Carrier Member ID",
            ]
        )
        for i in range(rows):
            first, last, dob = person(i)
            npn = npn_of_line(i, shape)
            enrollment_id, kind = f"E{i:010d}", "matched"
            if i % 100 == 0:
                npn, kind = (
                    str(10_000_000 + (broker_of_line(i, shape) + 1) % BROKERS),
                    ("carrier_has_other_broker"),
                )
            elif i % 100 == 1:
                counts["carrier_lacks_aor"] += 1
                # In its place, one the exchange never sent.
                enrollment_id, kind = f"X{i:010d}", "carrier_has_unsent"
            counts[kind] += 1
            writer.writerow(
                [
                    enrollment_id,
                    npn,
                    f"{first} {last}",
                    dob.isoformat(),
                    f"{shape.month.year}-01-01",
                    f"M{i:09d}",
                ]
            )
    return counts


def build(rows: int, month: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from aordesk.aor.models import AorTransmissionLine
    from aordesk.carriers.models import Carrier
    from aordesk.core.dates import parse_month
    from aordesk.households.models import Enrollment
    from bench import dataset

    shape = Shape(rows, BROKERS, 500, parse_month(month))
    print(dataset.build(shape))
    carrier = Carrier.objects.get(code=CARRIER)
    with transaction.atomic(), connection.cursor() as cursor:
        # Every enrollment with the one carrier, every line in that carrier's four files.
        enrollments = connection.ops.quote_name(Enrollment._meta.db_table)
        lines = connection.ops.quote_name(AorTransmissionLine._meta.db_table)
        cursor.execute(f"UPDATE {enrollments} SET carrier_id = %s", [carrier.pk])
        cursor.execute(
            f"UPDATE {lines} SET transmission_id = ((transmission_id - 1) %% %s) + 1", [4]
        )
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["build", "roster"])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.step == "build":
        build(args.rows, args.month)
    else:
        import datetime as dt

        year, month = (int(x) for x in args.month.split("-"))
        shape = Shape(args.rows, BROKERS, 500, dt.date(year, month, 1))
        print(write_roster(args.rows, args.out, shape))


if __name__ == "__main__":
    main()
