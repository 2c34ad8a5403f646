"""`aordesk review remind` and `aordesk review determinations`: the review queue's sweeps,
safe to run from cron at any time (both are idempotent)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.intake.models import Submission
from aordesk.review.determination_files import determinations_send_pending
from aordesk.review.reminders import info_reminders_send


class Command(BaseCommand):
    help = "Send due reminders of information requests, or due determination files."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser(
            "remind", help="remind brokers of requests unanswered for 10 business days"
        )
        remind.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (tests)")
        remind.add_argument("--json", action="store_true", help="print the count as JSON")
        files = actions.add_parser(
            "determinations", help="send determination files of fully decided submissions"
        )
        files.add_argument("--submission", type=int, help="only this submission (its id)")
        files.add_argument("--json", action="store_true", help="print the count as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "remind":
            count = info_reminders_send(actor=Actor.cli(), today=options["today"])
            self._say(options, "reminders", count, f"Sent {count} reminder(s).")
            return
        count = self._determinations(options["submission"])
        self._say(options, "determination_files", count, f"Sent {count} determination file(s).")

    def _determinations(self, submission_id: int | None) -> int:
        if submission_id is not None and not Submission.objects.filter(pk=submission_id).exists():
            raise CommandError(f"No submission {submission_id}.")
        return determinations_send_pending(actor=Actor.cli(), submission_id=submission_id)

    def _say(self, options: dict[str, Any], key: str, count: int, text: str) -> None:
        self.stdout.write(json.dumps({key: count}) if options["json"] else text)
