"""The web's way of running a cycle, timed as one step: `aordesk cycle run --queue`, then N
`aordesk worker` processes (as production runs them, not `--batch`, whose exit when it
finds no ready task at one poll let a worker leave early) until the cycle is completed and
no task is ready or running; then the workers are stopped (SIGTERM: they finish the task
in hand). Notifications are delivered too, into the file outbox.

python -m bench.queued --month YYYY-MM --workers N"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from django.db import connection  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from aordesk.cycle.models import Cycle  # noqa: E402

AORDESK = str(Path(sys.executable).parent / "aordesk")
WORKER = [AORDESK, "worker", "--no-startup-delay", "--interval", "0.2", "-v0"]


def done(month: str) -> bool:
    connection.close()  # a fresh snapshot each poll
    cycle = Cycle.objects.filter(month=f"{month}-01").first()
    busy = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
    return cycle is not None and cycle.status == "completed" and not busy


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.queued")
    parser.add_argument("--month", required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    subprocess.run([AORDESK, "cycle", "run", "--month", args.month, "--queue"], check=True)
    workers = [subprocess.Popen(WORKER) for _ in range(args.workers)]
    while not done(args.month):
        if any(w.poll() is not None for w in workers):
            raise SystemExit("a worker exited")
        time.sleep(0.5)
    for w in workers:
        w.send_signal(signal.SIGTERM)
    for w in workers:
        w.wait()
    print("queued cycle completed, no task ready or running")


if __name__ == "__main__":
    main()
