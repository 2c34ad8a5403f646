"""`aordesk backup [--dir D] [--json]`: a thin wrapper over ops.backup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from aordesk.core.audit import Actor
from aordesk.ops.backup import backup_create


class Command(BaseCommand):
    help = "Copy the database and every kept file (still sealed) into a new backup folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, help="where (default AORDESK_BACKUP_DIR)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = backup_create(root=options["dir"] or Path(settings.BACKUP_DIR), actor=Actor.cli())
        if options["json"]:
            self.stdout.write(json.dumps({"backup": str(folder)}))
        else:
            self.stdout.write(f"Backup written to {folder} (keep the key ring apart from it).")
