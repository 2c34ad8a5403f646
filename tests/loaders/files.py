"""Loader files for tests: CSV (optionally with a byte-order mark) and XLSX, all synthetic."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter


def csv_file(
    folder: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *, bom: bool = False
) -> Path:
    path = folder / f"load-{len(list(folder.iterdir()))}.csv"
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def xlsx_file(folder: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Dates become real Excel dates, as the exchange's exports have them."""
    path = folder / f"load-{len(list(folder.iterdir()))}.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Data")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row):
            if isinstance(cell, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(cell, dt.time()), date_format)
            else:
                sheet.write(r, c, cell)
    workbook.close()
    return path


def write(
    folder: Path, rows: Sequence[dict[str, object]], *, fmt: str = "csv", bom: bool = False
) -> Path:
    """A file of `rows`; the header is the first row's keys."""
    header = list(rows[0])
    cells = [[row.get(name, "") for name in header] for row in rows]
    if fmt == "xlsx":
        return xlsx_file(folder, header, cells)
    return csv_file(folder, header, [[_csv_cell(c) for c in row] for row in cells], bom=bom)


def _csv_cell(cell: object) -> object:
    return cell.isoformat() if isinstance(cell, dt.date) else cell


def imported(kind: str, folder: Path, rows: Sequence[dict[str, object]], **options: object):
    """Write `rows` as a file (fmt="csv"/"xlsx", bom=...) and import it from the CLI."""
    from aordesk.core.audit import Actor
    from aordesk.loaders.services import import_run

    path = write(folder, rows, **options)
    return import_run(kind=kind, path=path, actor=Actor.cli())


def counts(result) -> tuple[int, int, int]:
    return result.created, result.updated, result.unchanged


def problems(result) -> list[tuple[int | None, str]]:
    return [(issue.row, issue.column) for issue in result.errors]
