"""aordesk intake FILE --broker NPN: receive a returned file as staff would.
aordesk intake --pending: take every portal reply waiting for intake (idempotent)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.intake.channels.reply import replies_take
from aordesk.intake.issues import Issue
from aordesk.intake.models import Submission
from aordesk.intake.services import IntakeResult, submission_receive

EXIT_DUPLICATE, EXIT_REJECTED = 1, 2


class Command(BaseCommand):
    help = "Receive a broker's returned workbook or CSV: check it and queue its claims."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--broker", help="the sending broker's NPN")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="take the portal replies waiting for intake (the task does it on its own)",
        )
        parser.add_argument("--received-at", help="ISO-8601; Minnesota time if no offset")
        parser.add_argument(
            "--channel", default=Submission.Channel.STAFF, choices=Submission.Channel.values
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["pending"]:
            if options["file"] or options["broker"]:
                raise CommandError("--pending takes no FILE or --broker")
            self._pending(as_json=options["json"])
            return
        path: Path | None = options["file"]
        if path is None or not options["broker"]:
            raise CommandError("give FILE and --broker NPN, or --pending")
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        broker = Broker.objects.filter(npn=options["broker"]).first()
        if broker is None:
            raise CommandError(f"no broker with NPN {options['broker']}")
        result = submission_receive(
            broker=broker,
            path=path,
            original_name=path.name,
            channel=options["channel"],
            actor=Actor.cli(),
            received_at=_moment(options["received_at"]),
        )
        self.stdout.write(_json(result) if options["json"] else _text(result))
        if result.verdict == Submission.Verdict.DUPLICATE:
            raise SystemExit(EXIT_DUPLICATE)
        if not result.rows_accepted:
            raise SystemExit(EXIT_REJECTED)

    def _pending(self, *, as_json: bool) -> None:
        taken = replies_take(actor=Actor.cli())
        if as_json:
            self.stdout.write(json.dumps(vars(taken)))
            return
        self.stdout.write(
            f"Replies taken: {taken.submissions} became submissions, {taken.already} already "
            f"were, {taken.without_file} had no file for intake, {taken.skipped} were being "
            "taken by another worker"
        )


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--received-at {text!r} is not ISO-8601") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _json(result: IntakeResult) -> str:
    return json.dumps(
        {
            "submission": result.submission.pk,
            "queue_position": result.queue_position,
            "verdict": result.verdict,
            "rows_accepted": result.rows_accepted,
            "rows_rejected": result.rows_rejected,
            "acknowledgement": result.acknowledgement.pk if result.acknowledgement else None,
            "issues": [
                {k: v for k, v in issue.as_dict().items() if k != "severity"}
                | {"severity": str(issue.severity)}
                for issue in result.issues
            ],
        },
        ensure_ascii=False,
    )


def _text(result: IntakeResult) -> str:
    lines = [
        f"Submission {result.submission.pk}: {result.verdict}; "
        f"{result.rows_accepted} rows accepted, {result.rows_rejected} rejected; "
        f"queue position {result.queue_position or '-'}"
    ]
    lines += [f"  {issue.code} {_where(issue)}{issue.message}" for issue in result.issues]
    return "\n".join(lines)


def _where(issue: Issue) -> str:
    if not issue.row:
        return f"({issue.sheet}) " if issue.sheet else ""
    column = f", {issue.column}" if issue.column else ""
    return f"({issue.sheet} row {issue.row}{column}) "
