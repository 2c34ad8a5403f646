"""The floor: the same rows into the same number of files with XlsxWriter and no database.

A broker's report and statement, and an agency's statement, as plain sheets of values.
Whatever the cycle does beyond this (queries, formatting, identity, audit) is its cost.

python -m bench.floor --lines N --brokers B --agencies A --month YYYY-MM --out DIR"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter

from bench.synthetic import (
    CARRIERS,
    PROGRAM_LABELS,
    PROGRAMS,
    Shape,
    agency_of_broker,
    broker_name,
    carrier_of_line,
    person,
    sent_on_of_line,
)


def broker_rows(b: int, shape: Shape) -> list[tuple]:
    name, npn = broker_name(b), str(10_000_000 + b)
    rows = []
    for i in range(b, shape.lines, shape.brokers):
        first, last, dob = person(i)
        rows.append(
            (
                sent_on_of_line(i, shape),
                last,
                first,
                dob,
                CARRIERS[carrier_of_line(i)][1],
                shape.month,
                name,
                npn,
                PROGRAM_LABELS[PROGRAMS[i % 2]],
            )
        )
    rows.sort(key=lambda r: (r[1], r[2], r[3]))
    return rows


def write(path: Path, rows: Iterator[tuple] | list[tuple], width: int) -> int:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Rows")
    date = workbook.add_format({"num_format": "mm/dd/yyyy"})
    count = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row[:width]):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            else:
                sheet.write_string(r, c, value)
        count += 1
    workbook.close()
    return count


def run(shape: Shape, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    members: dict[int, list[int]] = {}
    for b in range(shape.brokers):
        rows = broker_rows(b, shape)
        written += write(out / f"report-{b}.xlsx", rows, 8)
        written += write(out / f"statement-{b}.xlsx", rows, 9)
        agency = agency_of_broker(b, shape)
        if agency is not None:
            members.setdefault(agency, []).append(b)
    for agency, brokers in members.items():
        rows = (row for b in brokers for row in broker_rows(b, shape))
        written += write(out / f"agency-{agency}.xlsx", rows, 9)
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, required=True)
    parser.add_argument("--brokers", type=int, default=10_000)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    year, month = map(int, args.month.split("-"))
    shape = Shape(args.lines, args.brokers, args.agencies, dt.date(year, month, 1))
    print({"rows_written": run(shape, args.out)})


if __name__ == "__main__":
    main()
