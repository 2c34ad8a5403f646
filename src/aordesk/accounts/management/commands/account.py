"""`aordesk account invite|disable|enable|resend-invite|expire-inactive|list`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.accounts import services
from aordesk.accounts.models import User
from aordesk.accounts.selectors import accounts_list
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Manage sign-in accounts (staff only; there is no self sign-up)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        invite = sub.add_parser("invite", help="create an account and email a set-password link")
        invite.add_argument("--role", required=True, choices=User.Role.values)
        invite.add_argument("--npn", help="the broker (role broker)")
        invite.add_argument("--agency", help="the agency code (role agency_admin)")
        invite.add_argument("--email", help="defaults to the broker's or agency's address")
        for name in ("disable", "enable", "resend-invite"):
            sub.add_parser(name).add_argument("username")
        sub.add_parser("expire-inactive", help="disable accounts idle for 60 days")
        sub.add_parser("list")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "invite":
                self._invite(options)
            elif action == "expire-inactive":
                count = services.account_expire_inactive(actor=Actor.cli())
                self.stdout.write(f"disabled {count} idle account(s)")
            elif action == "list":
                self._list()
            else:
                self._toggle(action, options["username"])
        except (
            ApplicationError,
            Broker.DoesNotExist,
            Agency.DoesNotExist,
            User.DoesNotExist,
        ) as exc:
            raise CommandError(str(exc)) from exc

    def _invite(self, options: dict[str, Any]) -> None:
        broker = Broker.objects.get(npn=options["npn"]) if options["npn"] else None
        agency = Agency.objects.get(code=options["agency"]) if options["agency"] else None
        email = (
            options["email"]
            or (broker.email if broker else "")
            or (agency.admin_email if agency else "")
        )
        if not email:
            raise CommandError("Give --email.")
        user = services.account_invite(
            role=options["role"], email=email, broker=broker, agency=agency, actor=Actor.cli()
        )
        self.stdout.write(f"invited {user.username} (user {user.pk})")

    def _toggle(self, action: str, username: str) -> None:
        user = User.objects.get(username=username)
        if action == "disable":
            services.account_disable(user=user, actor=Actor.cli())
        elif action == "enable":
            services.account_enable(user=user, actor=Actor.cli())
        else:
            services.account_invitation_resend(user=user, actor=Actor.cli())
        self.stdout.write(f"{action}: {username} done")

    def _list(self) -> None:
        for user in accounts_list():
            state = "active" if user.is_active else f"disabled ({user.disabled_reason})"
            self.stdout.write(f"{user.username:<30} {user.role:<13} {state}")
