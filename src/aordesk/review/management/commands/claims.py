"""`aordesk claims list`: the review queue in the order it is worked (review.selectors)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from aordesk.intake.models import Claim
from aordesk.review.selectors import queue_rows


class Command(BaseCommand):
    help = "List claims first in, first out, with status and determination codes."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="claims in queue order")
        listing.add_argument("--submission", type=int, help="only this submission (its id)")
        listing.add_argument("--status", choices=Claim.Status.values, help="only this status")
        listing.add_argument("--limit", type=int, help="at most this many claims")
        listing.add_argument("--json", action="store_true", help="print the claims as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = queue_rows(
            now=timezone.now(),
            submission_id=options["submission"],
            status=options["status"],
            limit=options["limit"],
        )
        if options["json"]:
            self.stdout.write(json.dumps([row.as_dict() for row in rows], indent=2))
            return
        self.stdout.write(f"{len(rows)} claim(s)")
        for row in rows:
            reason = row.staff_reason.splitlines()[0] if row.staff_reason else "not triaged"
            self.stdout.write(
                f"  claim {row.claim_id} (queue {row.queue_position}, {row.sheet} row "
                f"{row.row_number}, {row.age.days} day(s) old) {row.status}: "
                f"{row.broker_code or '-'}; {reason}"
            )
