from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.core.dates import business_today, format_month, parse_month, previous_month_start
from aordesk.core.demo import DemoResult, demo_run
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

    def handle(self, *args: object, **options: object) -> None:
        try:
            month = (
                parse_month(str(options["month"]))
                if options["month"]
                else (previous_month_start(business_today()))
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)
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
        cycle = result.cycle
        if cycle is not None and (cycle.units_failed or cycle.units_left):
            raise CommandError(
                f"The cycle left {cycle.units_failed} units failed and {cycle.units_left} "
                "not built; run `aordesk cycle run` again."
            )


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
        "",
        "  next: .venv/bin/aordesk cycle status --month " + format_month(result.month),
    ]
    return "\n".join(lines)
