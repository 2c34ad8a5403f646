"""aordesk import <kind> FILE [--json]: load one file from the exchange's systems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.loaders.schema import Issue
from aordesk.loaders.services import KINDS, ImportResult, import_run


class Command(BaseCommand):
    help = f"Import a loader file (CSV or XLSX). Kinds: {', '.join(KINDS)}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(KINDS)}")
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, path, as_json = options["kind"], options["file"], options["json"]
        try:
            result = import_run(kind=kind, path=path, actor=Actor.cli())
        except ApplicationError as error:
            result = ImportResult(
                kind=kind, file=str(path), errors=[Issue(None, "", error.message)]
            )
        if as_json:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self._summarise(result)
        if not result.ok:
            raise CommandError(f"{path} was rejected; nothing was written")

    def _summarise(self, result: ImportResult) -> None:
        for issue in result.errors:
            where = f"row {issue.row}" if issue.row is not None else "file"
            column = f", {issue.column}" if issue.column else ""
            self.stderr.write(f"{where}{column}: {issue.message}")
        if result.ok:
            self.stdout.write(
                f"{result.kind}: {result.created} created, {result.updated} updated,"
                f" {result.unchanged} unchanged"
            )
