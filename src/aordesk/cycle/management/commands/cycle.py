"""`aordesk cycle status|run`: the monthly cycle from the command line (and the hidden
`aordesk cycle work` that `run --workers N` starts N times)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from argparse import SUPPRESS
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.core.dates import format_month, month_label, parse_month
from aordesk.cycle import rules, runner, selectors, services
from aordesk.cycle.rules import worker_id_new
from aordesk.cycle.workers import worker_run

GATE_CLOSED_EXIT = 2
UNITS_FAILED_EXIT = 3


class Command(BaseCommand):
    help = "The monthly AOR cycle: `status` of the month-close gate and units, `run` to build."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="carriers' AOR files of the month and the cycle")
        status.add_argument("--month", required=True, help="YYYY-MM")
        status.add_argument("--json", action="store_true", help="machine-readable output")
        run = sub.add_parser("run", help="build the month's reports and statements")
        run.add_argument("--month", required=True, help="YYYY-MM")
        run.add_argument("--workers", type=int, default=1, help="OS processes sharing the units")
        run.add_argument("--broker", metavar="NPN", help="only this broker's units")
        run.add_argument("--dry-run", action="store_true", help="list the units, write nothing")
        run.add_argument(
            "--override-gate", metavar="REASON", default="", help="build although carriers are open"
        )
        run.add_argument("--queue", action="store_true", help="enqueue for `aordesk worker`")
        run.add_argument("--json", action="store_true", help="machine-readable summary")
        work = sub.add_parser("work", help=SUPPRESS)
        work.add_argument("--cycle", type=int, required=True)
        work.add_argument("--broker", metavar="NPN")
        work.add_argument("--tag", default="w")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "work":
            return self._work(options)
        month = _month(options["month"])
        if action == "status":
            return self._status(month, options["json"])
        return self._run(month, options)

    def _status(self, month: Any, as_json: bool) -> None:
        gate = selectors.month_gate(month=month)
        cycle = selectors.cycle_for_month(month=month)
        counts = selectors.cycle_unit_counts(cycle=cycle) if cycle else None
        report: dict[str, Any] = {
            "month": format_month(month),
            "carriers": [_carrier(status) for status in gate.statuses],
            "open_carriers": gate.open_names(),
            "reports_can_be_built": not gate.open_codes,
            "gate": rules.gate_sentence(
                month_label=month_label(month), open_names=gate.open_names()
            ),
            "cycle": _cycle(cycle, counts) if cycle else None,
        }
        if as_json:
            self.stdout.write(json.dumps(report, indent=2))
            return
        self.stdout.write(f"Month {report['month']}")
        for line in report["carriers"]:
            final = line["final_sent_on"]
            shown = (
                f"final file sent {dt.date.fromisoformat(final):%m/%d/%Y}"
                if final
                else "final file not sent yet"
            )
            self.stdout.write(
                f"  {line['carrier_name']} ({line['carrier_code']}): "
                f"{line['files_in_month']} files, {line['lines_in_month']} lines, {shown}"
            )
        self.stdout.write(report["gate"])
        if cycle and counts is not None:
            parts = ", ".join(f"{name} {n}" for name, n in counts.items())
            self.stdout.write(f"Cycle: {cycle.status}; units: {parts}")
        else:
            self.stdout.write("Cycle: none yet")

    def _run(self, month: Any, options: dict[str, Any]) -> None:
        broker = _broker(options["broker"])
        if options["dry_run"]:
            return self._dry_run(month, broker, options["json"])
        actor, reason = Actor.cli(), options["override_gate"]
        try:
            if options["queue"]:
                summary = runner.cycle_queue(
                    month=month, actor=actor, broker=broker, override_reason=reason
                )
            else:
                progress = _progress(self, quiet=options["json"])
                summary = runner.cycle_run(
                    month=month,
                    actor=actor,
                    workers=options["workers"],
                    broker=broker,
                    override_reason=reason,
                    progress=progress,
                )
        except services.GateClosedError as exc:
            raise CommandError(
                exc.message + " Run again after their final files, or --override-gate REASON.",
                returncode=GATE_CLOSED_EXIT,
            ) from None
        self._summary(summary, options["json"])
        if summary.units_failed:
            raise CommandError(
                f"{summary.units_failed} units failed; run again to retry them.",
                returncode=UNITS_FAILED_EXIT,
            )
        if summary.units_left and not options["queue"]:
            # Only if the workers stopped early (killed, or could not start): say so loudly.
            raise CommandError(
                f"{summary.units_left} units were not built; run again to build them.",
                returncode=UNITS_FAILED_EXIT,
            )

    def _summary(self, summary: runner.RunSummary, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), indent=2))
            return
        if summary.gate_overridden:
            self.stdout.write(
                "Built although the final AOR file is not out from "
                f"{', '.join(summary.gate_overridden)} (gate overridden)."
            )
        if summary.units_queued:
            self.stdout.write(
                f"Queued {summary.units_queued} units in {summary.tasks_queued} "
                f"task{'' if summary.tasks_queued == 1 else 's'} for `aordesk worker`."
            )
        self.stdout.write(
            f"Cycle {summary.month}: {summary.cycle_status}. Built {summary.units_built} units "
            f"({summary.files} files, {summary.rows} rows), failed {summary.units_failed}, "
            f"{summary.seconds}s."
        )
        if summary.units_left:
            self.stdout.write(f"{summary.units_left} units are still pending or building.")

    def _dry_run(self, month: Any, broker: Broker | None, as_json: bool) -> None:
        plan = runner.cycle_plan(month=month, broker=broker)
        opened = selectors.month_gate(month=month).open_names()
        if as_json:
            units = [{"kind": u.kind, "owner": u.owner, "rows": u.rows} for u in plan]
            self.stdout.write(json.dumps({"open_carriers": opened, "units": units}, indent=2))
            return
        if opened:
            self.stdout.write(
                f"Still waiting for the final AOR file from {', '.join(opened)}: "
                "a run would be refused."
            )
        for unit in plan:
            self.stdout.write(f"  {unit.kind} {unit.owner}: {unit.rows} rows")
        total = sum(u.rows for u in plan)
        self.stdout.write(f"Dry run: {len(plan)} units, {total} rows; nothing written.")

    def _work(self, options: dict[str, Any]) -> None:
        broker = _broker(options["broker"])
        actor = Actor.cli()
        worker_run(
            cycle_id=options["cycle"],
            worker_id=worker_id_new(options["tag"]),
            actor=actor,
            broker_id=broker.pk if broker else None,
        )


def _month(text: str) -> Any:
    try:
        return parse_month(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def _broker(npn: str | None) -> Broker | None:
    if not npn:
        return None
    broker = Broker.objects.filter(npn=npn).first()
    if broker is None:
        raise CommandError(f"No broker has NPN {npn}.")
    return broker


def _cycle(cycle: Any, counts: dict[str, int] | None) -> dict[str, Any]:
    return {
        "status": cycle.status,
        "started_by": cycle.started_by,
        "started_at": cycle.started_at.isoformat() if cycle.started_at else None,
        "finished_at": cycle.finished_at.isoformat() if cycle.finished_at else None,
        "gate_override_reason": cycle.gate_override_reason,
        "units": counts,
    }


def _carrier(status: Any) -> dict[str, Any]:
    final = status.final_sent_on
    return {
        "carrier_code": status.carrier_code,
        "carrier_name": status.carrier_name,
        "files_in_month": status.files_in_month,
        "lines_in_month": status.lines_in_month,
        "final_sent_on": final.isoformat() if final else None,
        "closed": bool(status.closed),
    }


class _TqdmProgress(runner.Progress):
    def __init__(self, command: BaseCommand) -> None:
        self.command = command
        self.bar: Any = None

    def start(self, total: int) -> None:
        from tqdm import tqdm

        # A terminal that reports no size (some ptys) would get an invisible bar.
        size = shutil.get_terminal_size()
        self.bar = tqdm(
            total=total, unit="unit", file=sys.stdout, ncols=size.columns, nrows=size.lines
        )

    def advance(self, done: int) -> None:
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


class _LineProgress(runner.Progress):
    """A log line every few seconds: for logs and pipes, where a bar is noise."""

    EVERY = 5.0

    def __init__(self, command: BaseCommand) -> None:
        self.command, self.total, self.last = command, 0, 0.0

    def start(self, total: int) -> None:
        self.total, self.last = total, time.monotonic()
        self.command.stdout.write(f"Building {total} units")

    def advance(self, done: int) -> None:
        if time.monotonic() - self.last >= self.EVERY:
            self.last = time.monotonic()
            self.command.stdout.write(f"  {done}/{self.total} units done")


def _progress(command: BaseCommand, *, quiet: bool) -> runner.Progress:
    if quiet:
        return runner.Progress()
    if sys.stdout.isatty():
        return _TqdmProgress(command)
    return _LineProgress(command)
