"""`aordesk desk changes-notice --month YYYY-MM`: tell each broker whose consumers left
since the month began that their desk's AOR changes page has news (idempotent)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.core.dates import parse_month
from aordesk.desk.services import changes_notices_post


class Command(BaseCommand):
    help = "The broker desk's monthly notice of AOR changes."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        notice = actions.add_parser(
            "changes-notice", help="post the month's AOR changes notice to each broker concerned"
        )
        notice.add_argument("--month", required=True, help="YYYY-MM, the report's month")
        notice.add_argument("--json", action="store_true", help="print the count as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        posted = changes_notices_post(month=month, actor=Actor.cli())
        if options["json"]:
            self.stdout.write(json.dumps({"notices": posted}))
        else:
            self.stdout.write(f"Posted {posted} AOR changes notice(s) for {options['month']}.")
