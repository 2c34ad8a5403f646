import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aordesk.aor.rules import (
    LineStatus,
    enrollment_sent_before,
    first_release_date,
    line_status,
)

D = dt.date
days = st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31))
CERTIFIED = dict(
    broker_status="certified",
    broker_certified_on=D(2020, 1, 1),
    broker_status_changed_on=D(2020, 1, 1),
)


def status(received_on, first_sent_on, send_date, **broker):
    return line_status(
        received_on=received_on,
        enrollment_first_sent_on=first_sent_on,
        send_date=send_date,
        **(broker or CERTIFIED),
    )


def test_a_line_whose_enrollment_went_before_the_send_date_is_ready():
    assert status(D(2026, 10, 5), D(2026, 10, 1), D(2026, 10, 6)) == LineStatus.READY


def test_an_enrollment_sent_the_same_day_still_holds_the_line():
    assert status(D(2026, 10, 5), D(2026, 10, 15), D(2026, 10, 15)) == (
        LineStatus.HELD_ENROLLMENT_NOT_SENT
    )
    assert status(D(2026, 10, 5), D(2026, 10, 15), D(2026, 10, 16)) == LineStatus.READY


def test_an_association_not_yet_received_on_the_send_date_is_not_a_line():
    assert status(D(2026, 10, 20), D(2026, 10, 1), D(2026, 10, 15)) == LineStatus.NOT_RECEIVED


def test_a_broker_suspended_before_the_send_date_keeps_a_released_line_back():
    suspended = dict(
        broker_status="suspended",
        broker_certified_on=D(2020, 1, 1),
        broker_status_changed_on=D(2026, 10, 10),
    )
    assert status(D(2026, 10, 5), D(2026, 10, 1), D(2026, 10, 9), **suspended) == LineStatus.READY
    assert status(D(2026, 10, 5), D(2026, 10, 1), D(2026, 10, 10), **suspended) == (
        LineStatus.BROKER_NOT_CERTIFIED
    )


def test_the_hold_is_reported_before_the_certification_when_both_apply():
    decertified = dict(
        broker_status="decertified",
        broker_certified_on=D(2020, 1, 1),
        broker_status_changed_on=D(2021, 1, 1),
    )
    assert status(D(2026, 10, 5), None, D(2026, 10, 9), **decertified) == (
        LineStatus.HELD_ENROLLMENT_NOT_SENT
    )


def test_a_line_is_released_the_day_after_its_enrollment_file():
    assert first_release_date(enrollment_first_sent_on=D(2026, 10, 31)) == D(2026, 11, 1)
    assert first_release_date(enrollment_first_sent_on=None) is None


@given(received=days, send=days)
def test_a_line_whose_enrollment_was_never_sent_is_never_ready(received, send):
    assert status(received, None, send) != LineStatus.READY


@given(received=days, first_sent=days, send=days)
def test_a_ready_line_was_received_and_its_enrollment_sent_strictly_before(
    received, first_sent, send
):
    if status(received, first_sent, send) == LineStatus.READY:
        assert received <= send
        assert first_sent < send
        assert enrollment_sent_before(enrollment_first_sent_on=first_sent, day=send)


@given(received=days, first_sent=days, send=days, later=st.integers(min_value=1, max_value=400))
def test_once_ready_a_line_of_a_certified_broker_stays_ready(received, first_sent, send, later):
    if status(received, first_sent, send) == LineStatus.READY:
        assert status(received, first_sent, send + dt.timedelta(days=later)) == LineStatus.READY


@given(first_sent=days, gap=st.integers(min_value=1, max_value=400))
def test_an_association_received_after_the_enrollment_went_is_ready_at_once(first_sent, gap):
    received = first_sent + dt.timedelta(days=gap)
    assert status(received, first_sent, received) == LineStatus.READY


@given(received=days, first_sent=days)
def test_a_held_line_goes_on_its_release_date_and_not_before(received, first_sent):
    release = first_release_date(enrollment_first_sent_on=first_sent)
    assert release is not None
    on_release = max(release, received)
    assert status(received, first_sent, on_release) == LineStatus.READY
    assert status(received, first_sent, release - dt.timedelta(days=1)) != LineStatus.READY
