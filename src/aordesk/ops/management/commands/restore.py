"""`aordesk restore BACKUP [--files-only] [--json]`: a thin wrapper over ops.backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.ops.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into the configured database and data directory, proving the "
        "hash of every file. Stop the web server and the workers first."
    )
    # The database may be empty or about to be replaced: no checks that query it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="a folder written by `aordesk backup`")
        parser.add_argument(
            "--files-only", action="store_true", help="restore the files, not the database"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        result = backup_restore(
            folder=options["backup"], actor=Actor.cli(), database=not options["files_only"]
        )
        if options["json"]:
            self.stdout.write(json.dumps({"verified": result.verified, "failed": result.failed}))
        else:
            self.stdout.write(f"Restored; {result.verified} files proven by their SHA-256.")
        if result.failed:
            raise CommandError(f"{len(result.failed)} files do not match their recorded hash.")
