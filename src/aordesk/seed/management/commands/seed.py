"""`aordesk seed`: a thin wrapper over seed.services.seed_market."""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.core.audit import Actor
from aordesk.core.dates import business_today, parse_month
from aordesk.seed.generator import default_year
from aordesk.seed.hardcases import hard_cases_json
from aordesk.seed.services import SeedSummary, seed_market


class Command(BaseCommand):
    help = "Build a synthetic Minnesota individual market (carriers, brokers, households, AORs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--brokers", type=int, default=200, help="brokers (default 200)")
        parser.add_argument("--agencies", type=int, help="agencies (default: one per ten brokers)")
        parser.add_argument(
            "--households", type=int, default=5000, help="households (default 5000)"
        )
        parser.add_argument(
            "--year", type=int, help="current coverage year (default: year of last month)"
        )
        parser.add_argument(
            "--through",
            help="demo month YYYY-MM, the last month with activity (default: last month, "
            "kept inside --year); pin it for reproducible data",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument(
            "--hard-cases",
            action="store_true",
            help="print the hard matching cases as JSON and exit (touches no database)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["hard_cases"]:
            self.stdout.write(hard_cases_json())
            return
        year = options["year"] or default_year(business_today())
        try:
            through = parse_month(options["through"]) if options["through"] else None
            started = time.monotonic()
            summary = seed_market(
                brokers=options["brokers"],
                households=options["households"],
                year=year,
                seed=options["seed"],
                actor=Actor.cli(),
                through=through,
                agencies=options["agencies"],
                on_chunk=self._progress if options["verbosity"] > 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = round(time.monotonic() - started, 1)
        self._report(summary, seconds, as_json=options["json"])

    def _progress(self, done: int) -> None:
        self.stderr.write(f"  {done:,} households")

    def _report(self, summary: SeedSummary, seconds: float, *, as_json: bool) -> None:
        # ru_maxrss is in kilobytes on Linux, bytes on macOS.
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        peak_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale)
        if as_json:
            payload = {**summary.as_dict(), "seconds": seconds, "peak_rss_mb": peak_mb}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        if summary.already_seeded:
            self.stdout.write(
                f"Already seeded: all {summary.households_requested:,} households of seed "
                f"{summary.seed} exist; nothing added ({seconds}s)."
            )
            return
        made = ", ".join(f"{count:,} {name}" for name, count in summary.created.items())
        self.stdout.write(
            f"Seeded coverage years {summary.year - 1}-{summary.year} through "
            f"{summary.through}: {made} ({seconds}s, peak {peak_mb} MB)."
        )
