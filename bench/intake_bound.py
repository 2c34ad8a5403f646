"""The intake lower bound: the least any intake built on this stack does with a file.

For each returned report, in one process, on the configured database:
- read its bytes, hash them (SHA-256) and keep the original durably (write, fsync);
- open the zip with the standard library and inflate every member, refusing DOCTYPE and
  ENTITY (the smallest gate that still refuses a billion-laughs file);
- read every sheet with python_calamine (what the floor does);
- Unicode NFC and trim each Add Consumers cell, keep its raw values as JSON;
- insert the rows into a scratch table in one executemany, one transaction per file.

`--relaxed` drops what the issue's other rules ask for: no fsync of the original and one
transaction for all files (a crash would lose every file of the batch). It shows whether
batching alone could reach the target.

No identity, no header search, no date rules, no checks, no claims, no queue ticket, no
audit event, no acknowledgement. Whatever `submission_receive` costs beyond this is ours;
this part is not, so if this alone is over the target, no implementation on this stack
meets it. `python -m bench.intake bound --dir DIR --result FILE`."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import unicodedata
import zipfile
from pathlib import Path

from django.db import connection, transaction
from python_calamine import CalamineWorkbook

TABLE = "bench_bound_row"
COLUMNS = "file_no, row_no, raw, first_name, last_name, dob, applied_on, carrier"


def _table_create() -> None:
    key = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE TABLE {TABLE} (id {key}, file_no INTEGER, row_no INTEGER, raw TEXT, "
            "first_name TEXT, last_name TEXT, dob TEXT, applied_on TEXT, carrier TEXT)"
        )


def _original_keep(data: bytes, folder: Path, *, durable: bool) -> str:
    digest = hashlib.sha256(data).hexdigest()
    with open(folder / f"{digest}.bin", "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    return digest


def _gate(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            part = package.read(info)
            if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                raise ValueError(f"DTD in {info.filename}")


def _text(value: object) -> object:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def _rows(data: bytes, file_no: int) -> list[tuple]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=True)
        for name in book.sheet_names
    }
    rows = []
    for row_no, row in enumerate(sheets["Add Consumers"][1:], start=2):
        values = [_text(v) for v in row]
        if values and values[0]:
            raw = json.dumps([str(v) for v in row])
            rows.append((file_no, row_no, raw, *(str(v) for v in values[:5])))
    return rows


def bound(*, folder: Path, originals: Path, relaxed: bool = False) -> dict:
    paths = sorted(folder.glob("returned-*.xlsx"))
    originals.mkdir(parents=True, exist_ok=True)
    _table_create()
    started = time.perf_counter()
    if relaxed:
        with transaction.atomic():
            count = _files_take(paths, originals, durable=False)
    else:
        count = _files_take(paths, originals, durable=True)
    seconds = time.perf_counter() - started
    return {"files": len(paths), "seconds": seconds, "rows": count, "relaxed": relaxed}


def _files_take(paths: list[Path], originals: Path, *, durable: bool) -> int:
    insert = f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    count = 0
    for file_no, path in enumerate(paths):
        data = path.read_bytes()
        _original_keep(data, originals, durable=durable)
        _gate(data)
        rows = _rows(data, file_no)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        count += len(rows)
    return count
