"""`aordesk carrier reconcile`: thin wrapper over reconciliation.cli."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from aordesk.reconciliation.cli import add_reconcile_parser, handle_reconcile


class Command(BaseCommand):
    help = "Carrier answers: reconcile a broker-of-record roster."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add_reconcile_parser(actions)

    def handle(self, *args: Any, **options: Any) -> None:
        handle_reconcile(options, self.stdout)
