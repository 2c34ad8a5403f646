"""`aordesk aor send` and `aordesk aor held`: thin wrappers over aor.services/selectors."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.aor.records import HeldSummary, SendResult
from aordesk.aor.selectors import aor_held_summary
from aordesk.aor.services import aor_send
from aordesk.core.audit import Actor
from aordesk.core.dates import business_today
from aordesk.core.errors import ApplicationError

# A terminal page; the JSON output always lists every line.
SHOWN_LINES = 100


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Send the AOR files to carriers, or count the lines that are held back."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        send = actions.add_parser("send", help="build and record each carrier's AOR file")
        send.add_argument("--date", type=_date, required=True, help="the Date Sent, YYYY-MM-DD")
        send.add_argument("--carrier", help="only this carrier (its code)")
        send.add_argument(
            "--final-for-month",
            action="store_true",
            help="mark the file as the carrier's last of the month (sent even if empty)",
        )
        send.add_argument("--json", action="store_true", help="print the result as JSON")
        held = actions.add_parser("held", help="lines held back, by carrier and reason")
        held.add_argument("--as-of", type=_date, help="the day to judge on (default: today)")
        held.add_argument(
            "--lines", action="store_true", help="list each line (case number, references)"
        )
        held.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "send":
                self._send(options)
            else:
                self._held(options)
        except ApplicationError as error:
            raise CommandError(error.message) from error

    def _send(self, options: dict[str, Any]) -> None:
        result = aor_send(
            send_date=options["date"],
            actor=Actor.cli(),
            carrier_code=options["carrier"],
            final_for_month=options["final_for_month"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
        else:
            self.stdout.write("\n".join(send_lines(result)))

    def _held(self, options: dict[str, Any]) -> None:
        as_of = options["as_of"] or business_today()
        summary = aor_held_summary(as_of=as_of, with_lines=options["lines"])
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), indent=2))
        else:
            self.stdout.write("\n".join(held_lines(summary)))


def send_lines(result: SendResult) -> list[str]:
    out = [f"AOR files of {result.send_date}: {len(result.transmissions)} file(s)"]
    for c in result.carriers:
        final = " (final for the month)" if c.final_for_month else ""
        what = f"{c.batch_id}: {c.lines} line(s){final}" if c.batch_id else str(c.outcome)
        extra = f"; sent again after a rejection {c.resent}" if c.resent else ""
        if c.not_appointed:
            extra += (
                f"; broker not appointed with the carrier {c.not_appointed} (sent all the same)"
            )
        out.append(f"  {c.carrier_code}: {what}; held {c.held}; not sent {len(c.skipped)}{extra}")
    skipped = result.skipped
    if skipped:
        out.append(f"Not sent, broker not certified on the send date: {len(skipped)} line(s)")
        out.extend(
            f"  {s.carrier_code} association {s.association_reference} case {s.case_number} "
            f"enrollment {s.enrollment_id} NPN {s.npn}: {s.reason}"
            for s in skipped[:SHOWN_LINES]
        )
        if len(skipped) > SHOWN_LINES:
            out.append(f"  ... and {len(skipped) - SHOWN_LINES} more (--json lists them all)")
    return out


def held_lines(summary: HeldSummary) -> list[str]:
    out = [f"Held as of {summary.as_of}: {summary.held} line(s); ready to send: {summary.ready}"]
    out.extend(
        f"  {g.carrier_code}: {g.lines} line(s), {g.explanation}, since {g.oldest_received_on}"
        for g in summary.groups
    )
    for line in summary.lines or []:
        out.append(
            f"    {line.carrier_code} association {line.association_reference} case "
            f"{line.case_number} enrollment {line.enrollment_id}: {line.reason}"
        )
    return out
