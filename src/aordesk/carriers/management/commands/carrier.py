"""`aordesk carrier ack FILE [--json]`: record a carrier's TA1/999 acknowledgement;
`aordesk carrier reconcile FILE --carrier CODE [--json]`: its roster (reconciliation.cli)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.aor.acknowledgements import MAX_ACK_BYTES, AckOutcome, carrier_ack_record
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.reconciliation.cli import add_reconcile_parser, handle_reconcile


class Command(BaseCommand):
    help = "Work with carriers' answers to the AOR files."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        ack = actions.add_parser("ack", help="record a TA1 or 999 acknowledgement file")
        ack.add_argument("file", type=Path, help="the acknowledgement as the carrier sent it")
        ack.add_argument("--carrier", help="refuse the file unless it comes from this carrier")
        ack.add_argument("--json", action="store_true", help="one JSON object per transmission")
        add_reconcile_parser(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reconcile":
            handle_reconcile(options, self.stdout)
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_ACK_BYTES:
            raise CommandError(f"{path}: larger than {MAX_ACK_BYTES // 1024 // 1024} MB")
        carrier = None
        if options["carrier"]:
            carrier = Carrier.objects.filter(code=options["carrier"]).first()
            if carrier is None:
                raise CommandError(f"No carrier with code {options['carrier']!r}.")
        try:
            outcomes = carrier_ack_record(
                content=path.read_bytes(), filename=path.name, actor=Actor.cli(), carrier=carrier
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        if options["json"]:
            self.stdout.write(json.dumps([o.as_dict() for o in outcomes], indent=2))
        else:
            self.stdout.write("\n".join(ack_lines(outcomes)))


def ack_lines(outcomes: list[AckOutcome]) -> list[str]:
    out = []
    for o in outcomes:
        again = " (already recorded: nothing changed)" if o.already_recorded else ""
        out.append(f"{o.batch_id}: {o.status.replace('_', ' ')} by {'+'.join(o.kinds)}{again}")
        out.extend(f"  {e.segment} {e.code}: {e.text}" for e in o.errors)
        if o.lines_to_resend:
            out.append(f"  {o.lines_to_resend} line(s) go out again in the carrier's next file")
    return out
