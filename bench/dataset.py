"""Build the cycle benchmark's database: N current-year AOR lines sent in one month across
B brokers and A agencies. Streams straight into the tables (COPY on PostgreSQL, batched
executemany on SQLite); the ORM would take far longer than the thing measured.

Run inside Django: python -m bench.dataset --lines N --brokers B --agencies A --month YYYY-MM"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine  # noqa: E402
from aordesk.brokers.models import Agency, Broker  # noqa: E402
from aordesk.carriers.models import Carrier  # noqa: E402
from aordesk.core.dates import parse_month  # noqa: E402
from aordesk.households.models import Enrollment, EnrollmentTransmission, Household  # noqa: E402
from bench.synthetic import (  # noqa: E402
    CARRIERS,
    PROGRAMS,
    Shape,
    agency_of_broker,
    broker_name,
    broker_of_line,
    carrier_of_line,
    person,
    sent_on_of_line,
)

Row = dict[str, Any]


def insert(model: type[models.Model], rows: Iterable[Row]) -> int:
    """Insert dicts keyed by field name; fields left out take their model default."""
    # The database computes generated columns (COPY refuses them).
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    names = [f.column for f in fields]
    defaults = {f.name: f.get_default() for f in fields}
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.name] = now

    def values(row: Row) -> tuple:
        raw = (row.get(f.attname, row.get(f.name, defaults[f.name])) for f in fields)
        return tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in raw)

    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in names)
    return (
        _copy(table, cols, map(values, rows))
        if connection.vendor == "postgresql"
        else (_executemany(table, cols, len(names), map(_sqlite_values, map(values, rows))))
    )


def _sqlite_values(values: tuple) -> tuple:
    return tuple(
        v.isoformat(sep=" ")
        if isinstance(v, dt.datetime)
        else v.isoformat()
        if isinstance(v, dt.date)
        else v
        for v in values
    )


def _copy(table: str, cols: str, rows: Iterator[tuple]) -> int:
    count = 0
    with (
        connection.cursor() as wrapper,
        wrapper.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(table: str, cols: str, width: int, rows: Iterator[tuple]) -> int:
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * width)})"
    count = 0
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, 50_000)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def build(shape: Shape) -> dict[str, int]:
    year = shape.month.year
    received = (shape.month - dt.timedelta(days=20)).replace(day=5)
    n = shape.lines
    steps: list[tuple[type[models.Model], Callable[[], Iterable[Row]]]] = [
        (
            Carrier,
            lambda: (
                {
                    "id": c + 1,
                    "code": code,
                    "legal_name": f"{name}, Inc.",
                    "display_name": name,
                    "kind": "medical",
                    "active": True,
                }
                for c, (code, name) in enumerate(CARRIERS)
            ),
        ),
        (
            Agency,
            lambda: (
                {
                    "id": a + 1,
                    "code": f"AG{a:04d}",
                    "name": f"Benefit Partners {a}",
                    "admin_name": "Administrator",
                    "admin_email": f"admin{a}@agency.example",
                }
                for a in range(shape.agencies)
            ),
        ),
        (Broker, lambda: (_broker(b, shape) for b in range(shape.brokers))),
        (Household, lambda: (_household(i, year) for i in range(n))),
        (Enrollment, lambda: (_enrollment(i, year) for i in range(n))),
        (
            EnrollmentTransmission,
            lambda: (
                {
                    "id": i + 1,
                    "enrollment_id": i + 1,
                    "batch_id": f"ENR-{year}-0001",
                    "sent_on": dt.date(year, 1, 2),
                }
                for i in range(n)
            ),
        ),
        (
            AorAssociation,
            lambda: (
                {
                    "id": i + 1,
                    "reference": f"A{i:09d}",
                    "broker_id": broker_of_line(i, shape) + 1,
                    "household_id": i + 1,
                    "method": ("portal", "electronic", "paper")[i % 3],
                    "received_on": received,
                    "effective_on": shape.month,
                    "status": "active",
                }
                for i in range(n)
            ),
        ),
        (AorTransmission, lambda: _transmissions(shape)),
        (
            AorTransmissionLine,
            lambda: (
                {
                    "id": i + 1,
                    "transmission_id": _transmission_id(i, shape),
                    "association_id": i + 1,
                    "enrollment_id": i + 1,
                }
                for i in range(n)
            ),
        ),
    ]
    counts = {}
    with transaction.atomic():
        for model, rows in steps:
            counts[model.__name__] = insert(model, rows())
    _reset_sequences([model for model, _ in steps])
    # Planner statistics: without them (autovacuum may be off) a fresh million-row table
    # gets plans that take hours.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def _broker(b: int, shape: Shape) -> Row:
    first, last = broker_name(b).split(" ", 1)
    agency = agency_of_broker(b, shape)
    return {
        "id": b + 1,
        "npn": str(10_000_000 + b),
        "first_name": first,
        "last_name": last,
        "email": f"broker{b}@brokers.example",
        "agency_id": None if agency is None else agency + 1,
        "certification_status": "certified",
        "certified_on": dt.date(2020, 1, 1),
        "status_changed_on": dt.date(2020, 1, 1),
    }


def _household(i: int, year: int) -> Row:
    first, last, dob = person(i)
    return {
        "id": i + 1,
        "case_number": f"{40_000_000 + i}",
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "address_line1": f"{i % 9000 + 1} Elm Ave",
        "address_line2": "",
        "city": "Saint Paul",
        "state": "MN",
        "zip_code": "55101",
        "application_method": "online",
        "application_submitted_on": dt.date(year - 1, 11, 20),
    }


def _enrollment(i: int, year: int) -> Row:
    return {
        "id": i + 1,
        "enrollment_id": f"E{i:010d}",
        "household_id": i + 1,
        "carrier_id": carrier_of_line(i) + 1,
        "coverage_kind": "medical",
        "program": PROGRAMS[i % 2],
        "coverage_year": year,
        "effective_on": dt.date(year, 1, 1),
        "status": "active",
        "completed_on": dt.date(year - 1, 12, 10),
    }


def _transmissions(shape: Shape) -> Iterator[Row]:
    for c, (code, _name) in enumerate(CARRIERS):
        for d, day in enumerate(shape.send_days):
            yield {
                "id": c * 4 + d + 1,
                "carrier_id": c + 1,
                "sent_on": day,
                "batch_id": f"AOR-{code}-{day:%Y%m%d}-1",
                "final_for_month": d == 3,
            }


def _transmission_id(i: int, shape: Shape) -> int:
    return carrier_of_line(i) * 4 + shape.send_days.index(sent_on_of_line(i, shape)) + 1


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--brokers", type=int, default=10_000)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    shape = Shape(args.lines, args.brokers, args.agencies, parse_month(args.month))
    print(build(shape))


if __name__ == "__main__":
    main()
