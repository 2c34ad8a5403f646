"""The CSV dialect is found from the header line in one pass, never by csv.Sniffer."""

import csv
import time

import pytest

from aordesk.intake.reading.csv_rows import csv_rows

CRAFTED = "First Name,Last Name,Date of Birth\n" + ',"' * 32 * 1024


@pytest.fixture(autouse=True)
def _no_sniffer(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("csv.Sniffer backtracks on crafted input")

    monkeypatch.setattr(csv.Sniffer, "sniff", refuse)


def _write(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_header_lines_delimiter_is_used(tmp_path, delimiter):
    text = delimiter.join(["First Name", "Last Name", "Date of Birth"]) + "\n"
    text += delimiter.join(["Ana", "Diaz", "1980-01-02"]) + "\n"
    _header, row = list(csv_rows(_write(tmp_path, text)))
    assert [cell.value for cell in row.cells.values()] == ["Ana", "Diaz", "1980-01-02"]


def test_a_delimiter_inside_quotes_does_not_count(tmp_path):
    text = '"Diaz; Ana",Last Name\nx,y\n'
    header, _row = list(csv_rows(_write(tmp_path, text)))
    assert header.cells[0].value == "Diaz; Ana"


def test_the_crafted_sniffer_file_is_read_at_once(tmp_path):
    path = _write(tmp_path, CRAFTED)
    started = time.perf_counter()
    rows = list(csv_rows(path))
    # Not a speed test (those live in bench/): csv.Sniffer took 24 s on this file.
    assert time.perf_counter() - started < 5
    assert rows[0].cells[0].value == "First Name"
