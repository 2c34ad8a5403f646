"""The hold rule: when a line (association, enrollment) may go in a carrier's AOR file. Pure.

See docs/adr/0002-hold-rule.md. In short, on send date D a line is
- HELD while its enrollment has not been sent to the carrier strictly before D (the carrier
  must have loaded the enrollment before it can take the AOR on it);
- then NOT SENT (broker not certified) while its broker is not certified on D;
- otherwise READY, and it goes in the carrier's file of D.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from aordesk.brokers.rules import certified_on_date


class LineStatus(StrEnum):
    READY = "ready"
    # Received before its enrollment went to the carrier; waits for the enrollment file.
    HELD_ENROLLMENT_NOT_SENT = "enrollment_not_sent"
    BROKER_NOT_CERTIFIED = "broker_not_certified"
    # The association did not exist yet on that day: not a line at all.
    NOT_RECEIVED = "not_received"


# The reasons a pending line is not sent, as `aor held` groups them.
HOLD_REASONS = (LineStatus.HELD_ENROLLMENT_NOT_SENT, LineStatus.BROKER_NOT_CERTIFIED)


def enrollment_sent_before(*, enrollment_first_sent_on: dt.date | None, day: dt.date) -> bool:
    """An enrollment counts as sent for the AOR file of `day` only if its first enrollment
    file went strictly before that day: a same-day enrollment file may not be loaded yet."""
    return enrollment_first_sent_on is not None and enrollment_first_sent_on < day


def first_release_date(*, enrollment_first_sent_on: dt.date | None) -> dt.date | None:
    """The first send date on which the enrollment no longer holds the line."""
    if enrollment_first_sent_on is None:
        return None
    return enrollment_first_sent_on + dt.timedelta(days=1)


def line_status(
    *,
    received_on: dt.date,
    enrollment_first_sent_on: dt.date | None,
    broker_status: str,
    broker_certified_on: dt.date,
    broker_status_changed_on: dt.date,
    send_date: dt.date,
) -> LineStatus:
    """The status of one not-yet-sent line on `send_date`. The hold comes first: a line
    whose enrollment is not out could not go even with a certified broker."""
    if received_on > send_date:
        return LineStatus.NOT_RECEIVED
    if not enrollment_sent_before(enrollment_first_sent_on=enrollment_first_sent_on, day=send_date):
        return LineStatus.HELD_ENROLLMENT_NOT_SENT
    certified = certified_on_date(
        status=broker_status,
        certified_on=broker_certified_on,
        status_changed_on=broker_status_changed_on,
        day=send_date,
    )
    if not certified:
        return LineStatus.BROKER_NOT_CERTIFIED
    return LineStatus.READY
