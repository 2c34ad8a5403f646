from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.accounts.models import User
from aordesk.artifacts.keys import key_file, keyring
from aordesk.core.audit import Actor
from aordesk.core.dates import business_today, format_month, parse_month, previous_month_start
from aordesk.core.demo import DemoResult, demo_run
from aordesk.core.demo_accounts import DemoAccount, demo_accounts_ensure, demo_current_codes
from aordesk.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Set up the embedded demo: migrate, load synthetic data, send every month's carrier "
        "AOR files, run the monthly AOR cycle for last month and deliver its notifications."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: the month before today)")
        parser.add_argument("--households", type=int, default=5000)
        parser.add_argument("--brokers", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        # Two worker processes, as the cycle runs in production.
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--codes",
            action="store_true",
            help="only print the current authenticator code of each demo account",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["codes"]:
            self._print_codes()
            return
        if not settings.AORDESK_EMBEDDED:
            raise CommandError("The demo runs only with the embedded settings, not production.")
        try:
            month = (
                parse_month(str(options["month"]))
                if options["month"]
                else (previous_month_start(business_today()))
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)
        keyring()  # the demo key under the data directory (0600), unless the ring is set
        self.stdout.write(f"Demo month {format_month(month)}: seeding and sending AOR files...")
        try:
            result = demo_run(
                month=month,
                households=int(str(options["households"])),
                brokers=int(str(options["brokers"])),
                seed=int(str(options["seed"])),
                workers=int(str(options["workers"])),
                actor=Actor.cli(),
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(summary(result))
        try:
            accounts = demo_accounts_ensure(actor=Actor.cli())
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(sign_in_details(accounts))
        cycle = result.cycle
        if cycle is not None and (cycle.units_failed or cycle.units_left):
            raise CommandError(
                f"The cycle left {cycle.units_failed} units failed and {cycle.units_left} "
                "not built; run `aordesk cycle run` again."
            )

    def _print_codes(self) -> None:
        try:
            codes = demo_current_codes()
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for username, code in codes:
            self.stdout.write(f"{code}  {username}")


def sign_in_details(accounts: list[DemoAccount]) -> str:
    lines = [
        "",
        "Open the portal:",
        "  .venv/bin/aordesk runserver        # then http://localhost:8000/",
        "  .venv/bin/aordesk worker           # in a second terminal: queued tasks and email",
        "",
        "Demo sign-in (passwords are new on every run; add the key to an authenticator app,",
        "or print the current codes with `.venv/bin/aordesk demo --codes`):",
    ]
    for account in accounts:
        lines += [
            f"  {User.Role(account.role).label:<24} user name {account.username}",
            f"  {'':<24} password  {account.password}",
            f"  {'':<24} authenticator key {account.totp_secret}",
        ]
    return "\n".join(lines)


def summary(result: DemoResult) -> str:
    data = Path(settings.DATA_DIR)
    cycle = result.cycle
    seeded = "already seeded" if result.seed and result.seed.already_seeded else "seeded"
    replayed = result.months_replayed
    lines = [
        "",
        f"aordesk demo for {format_month(result.month)}",
        f"  synthetic market       {seeded}",
        f"  carrier AOR files      {result.files_sent} new files, {result.lines_sent} lines"
        + (f" ({replayed[0]} to {replayed[-1]})" if replayed else " (all months already sent)"),
        f"  carrier answers        {result.files_acknowledged} X12 files newly acknowledged (999)",
    ]
    if cycle is not None:
        lines += [
            f"  monthly cycle          {cycle.cycle_status}: {cycle.units_built} units built, "
            f"{cycle.units_failed} failed, {cycle.rows} report rows, {cycle.seconds} s",
        ]
    lines += [
        f"  notifications          {result.notifications_sent} emails written",
        "",
        f"  database               {settings.DATABASES['default']['NAME']}",
        f"  carrier AOR files      {data / 'carrier-files'}",
        f"  reports and statements {data / 'reports'}",
        f"  notification emails    {settings.EMAIL_FILE_PATH}",
        f"  files sealed under     {_keys_from()}",
        "  readable copies        .venv/bin/aordesk artifacts export DIR [--kind K] [--month M]",
        "",
        "  next: .venv/bin/aordesk cycle status --month " + format_month(result.month),
    ]
    return "\n".join(lines)


def _keys_from() -> str:
    if settings.ARTIFACT_KEYS:
        return "AORDESK_ARTIFACT_KEYS (AES-256-GCM)"
    return f"the demo key {key_file()} (AES-256-GCM)"
