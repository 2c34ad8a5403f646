"""`aordesk carrier reconcile FILE --carrier CODE [--json]`: the subcommand's parser and
handler, kept here so the `carrier` command (shared with `carrier ack`) stays thin."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor
from aordesk.reconciliation.compare import COUNT_KEYS
from aordesk.reconciliation.services import ReconcileResult, reconciliation_receive

SHOWN = 20


def add_reconcile_parser(actions: Any) -> None:
    reconcile: argparse.ArgumentParser = actions.add_parser(
        "reconcile", help="compare a carrier's broker-of-record roster (CSV or 834 audit file)"
    )
    reconcile.add_argument("file", type=Path, help="the roster: .csv, or .x12/.edi/.834")
    reconcile.add_argument("--carrier", required=True, help="the carrier's code")
    reconcile.add_argument("--json", action="store_true", help="print the result as JSON")


def handle_reconcile(options: dict[str, Any], out: Any) -> None:
    path: Path = options["file"]
    if not path.is_file():
        raise CommandError(f"No file at {path}.")
    carrier = Carrier.objects.filter(code=options["carrier"]).first()
    if carrier is None:
        raise CommandError(f"No carrier with code {options['carrier']!r}.")
    result = reconciliation_receive(
        carrier=carrier, path=path, original_name=path.name, actor=Actor.cli()
    )
    if options["json"]:
        out.write(json.dumps(result.as_dict(), indent=2) + "\n")
    else:
        out.write("\n".join(reconcile_lines(result)) + "\n")
    if result.refused:
        raise CommandError(
            f"The roster was refused ({result.reconciliation.issue_count} issue(s))."
        )


def reconcile_lines(result: ReconcileResult) -> list[str]:
    r = result.reconciliation
    if result.refused:
        out = [f"{r.carrier.code}: roster refused, {r.issue_count} issue(s); nothing changed"]
        out += [
            f"  row {i.row or '-'} {i.column or ''}: {i.message} [{i.code}]"
            for i in result.issues[:SHOWN]
        ]
        return out
    rate = "-" if r.match_rate is None else f"{100 * r.match_rate:.2f}%"
    out = [f"{r.carrier.code}: roster of {r.roster_rows:,} row(s), match rate {rate}"]
    out += [f"  {key}: {getattr(r, key):,}" for key in COUNT_KEYS]
    out += [
        f"  {m['kind']} enrollment {m['enrollment_id']} file {m['transmission'] or '-'}"
        for m in result.mismatches[:SHOWN]
    ]
    if len(result.mismatches) > SHOWN:
        out.append(f"  ... and {len(result.mismatches) - SHOWN} more (--json lists them all)")
    return out
