import datetime as dt
import os
import socket

from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from aordesk.core.errors import ApplicationError
from aordesk.cycle import rules

OCTOBER = dt.date(2026, 10, 1)


def test_the_month_window_takes_the_last_day_of_the_month_but_not_the_first_of_the_next():
    window = rules.month_window(OCTOBER)
    assert window.contains(coverage_year=2026, sent_on=dt.date(2026, 10, 31))
    assert window.contains(coverage_year=2026, sent_on=dt.date(2026, 10, 1))
    assert not window.contains(coverage_year=2026, sent_on=dt.date(2026, 11, 1))
    assert not window.contains(coverage_year=2026, sent_on=dt.date(2026, 9, 30))


def test_only_the_coverage_year_of_the_month_is_in_its_window():
    window = rules.month_window(dt.date(2026, 11, 1))
    assert not window.contains(coverage_year=2027, sent_on=dt.date(2026, 11, 15))
    assert not window.contains(coverage_year=2025, sent_on=dt.date(2026, 11, 15))


def test_january_also_takes_the_open_enrollment_sends_for_its_own_year():
    window = rules.month_window(dt.date(2027, 1, 1))
    assert window.contains(coverage_year=2027, sent_on=dt.date(2026, 11, 20))
    assert window.contains(coverage_year=2027, sent_on=dt.date(2027, 1, 31))
    assert not window.contains(coverage_year=2026, sent_on=dt.date(2027, 1, 5))


def test_year_to_date_runs_from_any_earlier_send_to_the_end_of_the_month():
    window = rules.year_to_date_window(OCTOBER)
    assert window.first is None and window.last == dt.date(2026, 10, 31)


def test_an_enrollment_sent_twice_is_one_row_and_the_first_is_kept():
    rows = [("a", 1), ("b", 1), ("c", 2)]
    kept = list(rules.first_per_key(rows, key=lambda row: row[1]))
    assert kept == [("a", 1), ("c", 2)]


def test_paths_are_deterministic_per_owner_month_and_version():
    assert rules.report_path(month=OCTOBER, npn="123", version=2) == (
        "reports/2026-10/123/aor-report-2026-10-v2.xlsx"
    )
    assert "agency-AG1" in rules.agency_statement_path(month=OCTOBER, agency_code="AG1", version=1)


def test_a_failure_records_our_own_message_but_never_a_database_message():
    leaked = IntegrityError("duplicate key (last_name)=(Smith)")
    assert rules.error_summary(leaked) == "IntegrityError"
    assert rules.error_summary(ApplicationError("no rows")) == "ApplicationError: no rows"


def test_a_unit_claimed_longer_ago_than_the_lease_is_stale():
    now = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    alive = rules.worker_id_new()
    assert rules.unit_is_stale(claimed_by=alive, claimed_at=now - dt.timedelta(hours=1), now=now)
    assert not rules.unit_is_stale(claimed_by=alive, claimed_at=now, now=now)


def test_a_worker_whose_process_is_gone_on_this_host_is_dead_at_once():
    host = socket.gethostname()
    assert rules.worker_is_dead_here(f"{host}:{2**22 + 12345}:w0")
    assert not rules.worker_is_dead_here(f"{host}:{os.getpid()}:w0")
    assert not rules.worker_is_dead_here(f"another-host-{host}:1:w0")


def test_a_batch_takes_leading_units_while_their_rows_fit_the_limit():
    assert rules.batch_prefix([3, 4, 5, 1], rows=lambda n: n, limit=8) == [3, 4]


def test_a_unit_bigger_than_any_batch_is_taken_alone():
    assert rules.batch_prefix([50, 1, 1], rows=lambda n: n, limit=10) == [50]
    assert rules.batch_prefix([1, 50], rows=lambda n: n, limit=10) == [1]


def test_no_units_make_an_empty_batch():
    assert rules.batch_prefix([], rows=lambda n: n, limit=10) == []


def test_queued_units_are_cut_into_the_batches_a_worker_would_claim():
    cut = rules.batches([3, 4, 5, 1, 1, 1, 50, 2], rows=lambda n: n, units=3, limit=8)
    assert cut == [[3, 4], [5, 1, 1], [1], [50], [2]]


@given(st.lists(st.integers(min_value=0, max_value=30)), st.integers(1, 5), st.integers(1, 40))
def test_batches_keep_every_unit_once_in_order_within_their_limits(sizes, units, limit):
    cut = rules.batches(sizes, rows=lambda n: n, units=units, limit=limit)
    assert [n for batch in cut for n in batch] == sizes
    for batch in cut:
        assert 1 <= len(batch) <= units
        assert len(batch) == 1 or sum(batch) <= limit
