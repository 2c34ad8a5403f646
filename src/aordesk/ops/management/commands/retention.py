"""`aordesk retention purge [--dry-run] [--json]`: a thin wrapper over ops.retention."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aordesk.core.audit import Actor
from aordesk.ops.retention import retention_purge


class Command(BaseCommand):
    help = "Destroy kept files and audit events past the retention schedule (tombstones stay)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        purge = actions.add_parser("purge", help="destroy what is past AORDESK_RETENTION")
        purge.add_argument("--dry-run", action="store_true", help="list it, change nothing")
        purge.add_argument("--limit", type=int, help="at most N files this run")
        purge.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        result = retention_purge(
            actor=Actor.cli(), dry_run=options["dry_run"], limit=options["limit"]
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
            return
        verb = "Would destroy" if result.dry_run else "Destroyed"
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.files_by_kind.items()))
        self.stdout.write(
            f"{verb} {sum(result.files_by_kind.values())} files ({kinds or 'none'}), "
            f"{result.audit_events} audit events, {result.outbox_files} outbox copies."
        )
