"""`aordesk artifacts rekey|export|keygen`: thin wrappers over artifacts.operations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.operations import OUTBOX, artifacts_export, artifacts_rekey
from aordesk.artifacts.sealed import key_new
from aordesk.core.audit import Actor
from aordesk.core.dates import parse_month


class Command(BaseCommand):
    help = "Kept files: re-seal under the newest key, export readable copies, make a key."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rekey = actions.add_parser("rekey", help="re-seal every file under the newest key")
        rekey.add_argument("--limit", type=int, help="re-seal at most N files this run")
        rekey.add_argument("--json", action="store_true")
        export = actions.add_parser("export", help="readable copies for an operator (audited)")
        export.add_argument("dir", type=Path, help="folder to write into (created 0700)")
        kinds = [*Artifact.Kind.values, OUTBOX]
        export.add_argument("--kind", choices=kinds, help="only files of this kind")
        export.add_argument("--month", help="YYYY-MM: only files of this month")
        export.add_argument("--json", action="store_true")
        keygen = actions.add_parser("keygen", help="print a new key-ring entry")
        keygen.add_argument("key_id", help="a short name for the key, e.g. 2026-12")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _keygen(self, options: dict[str, Any]) -> None:
        self.stdout.write(key_new(options["key_id"]))

    def _rekey(self, options: dict[str, Any]) -> None:
        result = artifacts_rekey(actor=Actor.cli(), limit=options["limit"])
        summary = {
            "rekeyed": result.rekeyed,
            "already_newest": result.already_newest,
            "remaining_under_old_keys": result.remaining,
            "remaining_by_key": dict(result.remaining_by_key),
            "refused_artifact_ids": result.refused,
            "missing": result.missing,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"Re-sealed {result.rekeyed} files under the newest key; "
                f"{result.remaining} remain under older keys"
                + (f" ({dict(result.remaining_by_key)})" if result.remaining else "")
                + "."
            )
        if result.refused:
            raise CommandError(
                f"{len(result.refused)} files failed to open or are not the ones recorded "
                f"(artifact ids {result.refused[:20]}); they were left as they are."
            )

    def _export(self, options: dict[str, Any]) -> None:
        try:
            month = parse_month(options["month"]) if options["month"] else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        result = artifacts_export(
            target=options["dir"], actor=Actor.cli(), kind=options["kind"], month=month
        )
        if options["json"]:
            self.stdout.write(json.dumps({"written": result.written, "refused": result.refused}))
        else:
            self.stdout.write(
                f"Wrote {len(result.written)} readable copies under {options['dir']}."
            )
        if result.refused:
            raise CommandError(
                f"{len(result.refused)} files were refused: altered or not the ones recorded "
                f"(artifact ids {result.refused[:20]})."
            )
