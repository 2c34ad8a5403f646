"""The audit search benchmark: N audit events bulk loaded (COPY on PostgreSQL, executemany
on SQLite, then ANALYZE), one consumer with two report versions posted and downloaded among
them, then both questions timed 20 times each.

    python -m bench.audit --events 1000000 --result FILE

Mix: 2,000 web users (a tenth of them busy), a few command-line and task actors; downloads
of 50,000 artifacts, message reads, claim work, household searches; a year of moments."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from aordesk.audit.selectors import actor_activity, consumer_trail  # noqa: E402
from aordesk.core.models import AuditEvent  # noqa: E402

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
YEAR_SECONDS = 365 * 24 * 3600
COLUMNS = (
    "occurred_at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "source",
    "outcome",
    "remote_addr",
    "detail",
)
MIX = (  # action, object type, share
    ("attachment.download", "artifact", 30),
    ("message.read", "message", 25),
    ("claim.decide", "claim", 15),
    ("claim.take", "claim", 15),
    ("audit_search.consumer_trail", "household", 5),
    ("cycle_unit.build", "cycle_unit", 10),
)
RUNS = 20
BUSY = "user:7"  # a busy user: about 1 % of all events


def _events(count: int, artifacts: list[int], household_id: int):
    rng = random.Random(7)
    actions = [m for m in MIX for _ in range(m[2])]
    for i in range(count):
        action, object_type, _share = rng.choice(actions)
        if i % 100 == 0:
            label = BUSY
        elif action == "cycle_unit.build":
            label = f"task:build-{rng.randrange(4)}"
        else:
            label = (
                f"user:{rng.randrange(10, 2010) if rng.random() < 0.5 else rng.randrange(10, 210)}"
            )
        if object_type == "artifact":
            object_id = rng.choice(artifacts) if i % 5000 == 0 else rng.randrange(10_000, 60_000)
        elif object_type == "household":
            object_id = household_id if i % 5000 == 1 else rng.randrange(1, 1_000_000)
        else:
            object_id = rng.randrange(1, 1_000_000)
        moment = START + dt.timedelta(seconds=rng.randrange(YEAR_SECONDS))
        yield (
            moment,
            label,
            action,
            object_type,
            str(object_id),
            "web",
            "success",
            f"192.0.2.{i % 250 + 1}",
            json.dumps({"n": i % 7}),
        )


def load(count: int, artifacts: list[int], household_id: int) -> float:
    started = time.perf_counter()
    table = AuditEvent._meta.db_table
    rows = _events(count, artifacts, household_id)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"ANALYZE {table}")
    else:
        marks = ", ".join(["%s"] * len(COLUMNS))
        sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})"
        batch: list[tuple] = []
        # One transaction: in autocommit every row would be its own commit (and fsync).
        with transaction.atomic(), connection.cursor() as cursor:
            for row in rows:
                batch.append((row[0].isoformat(sep=" ").replace("+00:00", ""), *row[1:]))
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(call) -> dict:
    seconds = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return {
        "median_ms": round(1000 * statistics.median(seconds), 1),
        "worst_ms": round(1000 * max(seconds), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args()
    from tests.audit.factories import consumer_with_reports

    scene = consumer_with_reports()
    household = scene["household"]
    artifacts = [r.artifact_id for r in scene["reports"]]
    load_seconds = load(args.events, artifacts, household.pk)
    first, last = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    state: dict = {}

    def trail() -> None:
        state["documents"] = len(consumer_trail(household=household).documents)

    def activity() -> None:
        page = actor_activity(actor_label=BUSY, first=first, last=last)
        state["page"] = len(page.events)
        state["deep"] = len(
            actor_activity(actor_label=BUSY, first=first, last=last, cursor=page.next_cursor).events
        )

    result = {
        "backend": connection.vendor,
        "events": AuditEvent.objects.count(),
        "load_s": round(load_seconds, 1),
        "consumer_trail": timed(trail),
        "user_activity_two_pages": timed(activity),
        "shape": state,
    }
    args.result.write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
