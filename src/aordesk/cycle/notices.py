"""The portal message that carries a built unit's documents to its broker or agency: one
message per unit, so a broker gets its report and statement in one message.

Posted in the same transaction that marks the unit built, so each document is delivered
exactly once: a unit rolled back posts nothing, a unit built is never posted again. The text
names the month and counts, never a consumer (the notification email says even less)."""

from __future__ import annotations

from aordesk.core.dates import month_label
from aordesk.cycle.models import CycleUnit
from aordesk.messaging.models import Message
from aordesk.messaging.services import Post

RETURN_HINT = (
    "If a consumer you are agent of record for is missing, add them on the workbook's "
    "'Add Consumers' sheet and reply to this message with the workbook attached. If a consumer "
    "on this report should not be on your list, tell us with 'This consumer should not be on "
    "my list' on this message."
)


def unit_post(unit: CycleUnit) -> Post:
    """The message of a built unit, for `messages_post` (a batch posts many at once)."""
    if unit.kind == CycleUnit.Kind.BROKER:
        assert unit.report is not None and unit.statement is not None
        subject, body = _broker_text(unit)
        return Post(
            kind=Message.Kind.AOR_REPORT,
            subject=subject,
            body=body,
            artifacts=[unit.report.artifact, unit.statement.artifact],
            broker=unit.broker,
        )
    assert unit.statement is not None
    subject, body = _agency_text(unit)
    return Post(
        kind=Message.Kind.STATEMENT,
        subject=subject,
        body=body,
        artifacts=[unit.statement.artifact],
        agency=unit.agency,
    )


def _broker_text(unit: CycleUnit) -> tuple[str, str]:
    """Read by the broker and by the administrators of their agency: it names the broker
    (an agency's inbox holds one such message per broker), never "your report"."""
    label, rows = month_label(unit.cycle.month), unit.rows or 0
    assert unit.broker is not None
    whose = f"{unit.broker.full_name} (NPN {unit.broker.npn})"
    count = (
        f"They list {rows} enrollment(s) whose AOR the exchange sent to carriers in {label}."
        if rows
        else f"No AOR naming {whose} was sent to a carrier in {label}: the report has its "
        "header and no rows."
    )
    body = (
        f"The AOR report and the AOR statement of {whose} for {label} are attached. {count} "
        f"The statement also counts them by program determination and carrier, for {label} "
        f"and year to date.\n\n{RETURN_HINT}"
    )
    return f"AOR report for {label}: {whose}", body


def _agency_text(unit: CycleUnit) -> tuple[str, str]:
    label = month_label(unit.cycle.month)
    body = (
        f"The AOR statement for {label} is attached: AORs sent to carriers for your agency's "
        f"brokers in {label} and year to date, by program determination and carrier."
    )
    return f"AOR statement for {label}", body
