"""`aordesk triage [--limit N]`: propose determinations for new claims (review.services)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aordesk.core.audit import Actor
from aordesk.review.determination_files import determinations_send_pending
from aordesk.review.services import claims_triage_pending


class Command(BaseCommand):
    help = "Score and propose a determination for every new claim without one, oldest first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, help="at most this many claims")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = claims_triage_pending(actor=Actor.cli(), limit=options["limit"])
        if counts.get("auto_decided"):
            # Automatic decisions may have completed submissions: send their files.
            counts["determination_files"] = determinations_send_pending(actor=Actor.cli())
        if options["json"]:
            self.stdout.write(json.dumps(counts, indent=2, sort_keys=True))
            return
        codes = ", ".join(
            f"{code} {n}" for code, n in sorted(counts.items()) if code.isupper() and n
        )
        self.stdout.write(
            f"Triaged {counts['triaged']} claim(s); "
            f"decided automatically {counts['auto_decided']}; skipped {counts['skipped']}"
            + (f"; {codes}" if codes else "")
        )
