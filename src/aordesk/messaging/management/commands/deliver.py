"""`aordesk deliver`: send the outbox's due notifications (a worker loop by default)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.messaging.models import Notification
from aordesk.messaging.outbox import notification_requeue, outbox_drain
from aordesk.messaging.selectors import notification_counts, notifications_needing_staff


class Command(BaseCommand):
    help = "Send notification emails waiting in the outbox; --status shows what needs staff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="drain what is due, then stop")
        parser.add_argument("--status", action="store_true", help="counts and permanent failures")
        parser.add_argument(
            "--requeue", type=int, metavar="ID", help="try a permanently failed notification again"
        )
        parser.add_argument("--interval", type=int, default=30, help="seconds between passes")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            return self._status()
        if options["requeue"]:
            return self._requeue(options["requeue"])
        while True:
            result = outbox_drain(actor=Actor.cli())
            self.stdout.write(
                f"sent {result.sent}, retrying {result.retrying}, failed {result.permanent}"
            )
            if options["once"]:
                return None
            time.sleep(options["interval"])

    def _status(self) -> None:
        for status, count in notification_counts().items():
            self.stdout.write(f"{status:<18} {count}")
        for row in notifications_needing_staff():
            owner = (
                f"broker NPN {row.message.broker.npn}"
                if row.message.broker
                else f"agency {row.message.agency.code if row.message.agency else '?'}"
            )
            self.stdout.write(
                f"NEEDS STAFF notification {row.pk} message {row.message_id} {owner} "
                f"attempts {row.attempts}: {row.last_error}"
            )

    def _requeue(self, pk: int) -> None:
        try:
            notification = Notification.objects.get(pk=pk)
            notification_requeue(notification=notification, actor=Actor.cli())
        except (Notification.DoesNotExist, ApplicationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"notification {pk} queued again")
