"""The portal message that carries a built report or statement to its broker or agency.

Posted in the same transaction that marks the unit built, so each document is delivered
exactly once: a unit rolled back posts nothing, a unit built is never posted again. The text
names the month and counts, never a consumer (the notification email says even less)."""

from __future__ import annotations

import datetime as dt

from aordesk.core.audit import Actor
from aordesk.core.dates import month_label
from aordesk.cycle.models import BrokerReport, CycleUnit, Statement
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post

RETURN_HINT = (
    "If a consumer you are agent of record for is missing, add them on the workbook's "
    "'Add Consumers' sheet and reply to this message with the workbook attached. If a consumer "
    "on this report should not be on your list, tell us with 'This consumer should not be on "
    "my list' on this message."
)


def unit_message_post(
    *, unit: CycleUnit, document: BrokerReport | Statement, rows: int, actor: Actor
) -> Message:
    kind, subject, body = _text(unit.kind, unit.cycle.month, rows)
    to_agency = unit.kind == CycleUnit.Kind.AGENCY_STATEMENT
    return message_post(
        kind=kind,
        subject=subject,
        body=body,
        actor=actor,
        artifacts=[document.artifact],
        broker=None if to_agency else unit.broker,
        agency=unit.agency if to_agency else None,
    )


def _text(unit_kind: str, month: dt.date, rows: int) -> tuple[str, str, str]:
    label = month_label(month)
    if unit_kind == CycleUnit.Kind.BROKER_REPORT:
        count = (
            f"It lists {rows} enrollment(s) whose AOR the exchange sent to carriers in {label}."
            if rows
            else f"No AORs were sent to carriers for you in {label}."
        )
        return (
            Message.Kind.AOR_REPORT,
            f"AOR report for {label}",
            f"Your AOR report for {label} is attached. {count}\n\n{RETURN_HINT}",
        )
    whose = "your agency's brokers" if unit_kind == CycleUnit.Kind.AGENCY_STATEMENT else "you"
    return (
        Message.Kind.STATEMENT,
        f"AOR statement for {label}",
        f"The AOR statement for {label} is attached: AORs sent to carriers for {whose} in "
        f"{label} and year to date, by program determination and carrier.",
    )
