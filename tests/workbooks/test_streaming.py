"""Reports and statements stream: a row is written and let go, never collected in a list."""

import tracemalloc
import weakref

import pytest

from aordesk.workbooks.report import report_write
from aordesk.workbooks.statement import statement_write
from tests.workbooks.builders import KEY, detail_row, report_context, report_row, statement_context


def _released_rows(make_row, count, seen):
    """Yield rows; note how many of the rows yielded earlier are still alive at the end."""
    refs = []
    for n in range(count):
        row = make_row(n)
        refs.append(weakref.ref(row))
        yield row
        del row
    seen.append(sum(ref() is not None for ref in refs[:-1]))


def test_the_report_writer_lets_each_row_go_once_written(tmp_path):
    alive: list[int] = []
    rows = _released_rows(report_row, 2_000, alive)
    assert report_write(tmp_path / "r.xlsx", context=report_context(), rows=rows, key=KEY) == 2_000
    assert alive == [0]


def test_the_statement_writer_lets_each_detail_row_go_once_written(tmp_path):
    alive: list[int] = []
    detail = _released_rows(detail_row, 2_000, alive)
    written = statement_write(
        tmp_path / "s.xlsx", context=statement_context(), summary=[], detail=detail, key=KEY
    )
    assert written == 2_000
    assert alive == [0]


def _peak_bytes(path, count):
    tracemalloc.start()
    try:
        rows = (report_row(n) for n in range(count))
        report_write(path, context=report_context(), rows=rows, key=KEY)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_writing_20000_rows_needs_no_more_memory_than_writing_200(tmp_path):
    small = _peak_bytes(tmp_path / "small.xlsx", 200)
    large = _peak_bytes(tmp_path / "large.xlsx", 20_000)
    # Kept rows would cost several megabytes; streaming keeps the peak where it was.
    assert large < small + 1_000_000
