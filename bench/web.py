"""The staff pages under load: the review queue, the case page and the broker page, with
N enrollments (bench/dataset.py's COPY loader) and a triaged queue of C claims, requested by
U concurrent signed-in staff users of a real server on loopback (gunicorn, ADR 0013).

    python -m bench.web load --households N --claims C --users U --plan FILE
    python -m bench.web drive --plan FILE --seconds S --result FILE [--think 1.0]

The queue is bulk-loaded the way intake and triage leave it (submissions of 50 rows from
C/50 brokers, a proposal and two candidates per claim; a quarter decided, a tenth held by a
reviewer); going through submission_receive and triage would take far longer than what is
measured. Staff sign in by a session made directly in the session store for a user with an
authenticator app: the password and TOTP steps are skipped, every later check (role, MFA
middleware, audit) runs as for a real sign-in."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from aordesk.accounts.models import User  # noqa: E402
from aordesk.artifacts.models import Artifact  # noqa: E402
from aordesk.households.models import Household  # noqa: E402
from aordesk.intake.models import Claim, QueueTicket, Submission, SubmissionRow  # noqa: E402
from aordesk.review.models import Assignment, Candidate, Decision, Proposal  # noqa: E402
from bench.dataset import _reset_sequences, build, insert  # noqa: E402
from bench.synthetic import Shape, broker_of_line, carrier_of_line, person  # noqa: E402

ROWS_PER_SUBMISSION = 50
STAFF_PREFIX = "bench-staff"
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _status(c: int) -> str:
    """A quarter decided, a tenth in review (held), a twentieth awaiting the broker."""
    slot = c % 20
    if slot < 5:
        return Claim.Status.DECIDED
    if slot < 7:
        return Claim.Status.IN_REVIEW
    if slot == 7:
        return Claim.Status.AWAITING_BROKER
    return Claim.Status.NEW


@dataclass(frozen=True)
class Queue:
    """Submissions of ROWS_PER_SUBMISSION rows, each from one broker; the claim of row k of
    broker b's submission names household b + k * brokers, one of that broker's lines."""

    shape: Shape
    claims: int
    reviewers: list[User]
    now: dt.datetime

    @property
    def submissions(self) -> int:
        return self.claims // ROWS_PER_SUBMISSION

    def line(self, c: int) -> int:
        s, k = divmod(c, ROWS_PER_SUBMISSION)
        stride = max(1, self.shape.brokers // self.submissions)
        # Wraps round a small dataset (households a multiple of brokers keeps the broker).
        return (s * stride + k * self.shape.brokers) % self.shape.lines

    def submission(self, s: int) -> dict:
        days = 30 - 30 * s / self.submissions  # the oldest file a month old
        return {
            "id": s + 1,
            "broker_id": broker_of_line(self.line(s * ROWS_PER_SUBMISSION), self.shape) + 1,
            "submitted_by_label": "broker",
            "channel": Submission.Channel.PORTAL_UPLOAD,
            "received_at": self.now - dt.timedelta(days=days),
            "queue_position": s + 1,
            "artifact_id": s + 1,
            "original_name": f"aor-report-{s}.xlsx",
            "sha256": f"{s:064x}",
            "kind": Submission.Kind.REPORT,
            "verdict": Submission.Verdict.ACCEPTED,
            "rows_accepted": ROWS_PER_SUBMISSION,
        }

    def artifact(self, s: int) -> dict:
        return {
            "id": s + 1,
            "kind": Artifact.Kind.SUBMISSION,
            "content_type": "application/octet-stream",
            "relative_path": f"bench/{s}",
            "filename": f"{s}",
            "size": 1,
            "sha256": f"{s:064x}",
        }

    def row(self, c: int) -> dict:
        first, last, dob = person(self.line(c))
        raw = {"First Name": first, "Last Name": last, "DOB": f"{dob:%m/%d/%Y}"}
        return {
            "id": c + 1,
            "submission_id": c // ROWS_PER_SUBMISSION + 1,
            "ordinal": c % ROWS_PER_SUBMISSION + 1,
            "sheet": "AOR",
            "row_number": c % ROWS_PER_SUBMISSION + 2,
            "kind": "claim",
            "raw": raw,
            "normalised": raw,
            "accepted": True,
        }

    def claim(self, c: int) -> dict:
        first, last, dob = person(self.line(c))
        return {
            "id": c + 1,
            "submission_id": c // ROWS_PER_SUBMISSION + 1,
            "row_id": c + 1,
            "broker_id": broker_of_line(self.line(c), self.shape) + 1,
            "first_name": first,
            "last_name": last,
            "dob": dob,
            "application_date": dt.date(self.shape.month.year - 1, 11, 20),
            "carrier_id": carrier_of_line(self.line(c)) + 1,
            "status": _status(c),
        }

    def candidates(self) -> Iterator[dict]:
        for c in range(self.claims):
            best, other = self.line(c), (self.line(c) + 1) % self.shape.lines
            for rank, household in ((1, best), (2, other)):
                yield {
                    "id": 2 * c + rank,
                    "claim_id": c + 1,
                    "household_id": household + 1,
                    "enrollment_id": household + 1,
                    "score": 0.97 if rank == 1 else 0.41,
                    "rank": rank,
                }

    def proposal(self, c: int) -> dict:
        return {
            "id": c + 1,
            "claim_id": c + 1,
            "internal_code": "SENT",
            "broker_code": "SENT",
            "confidence": 0.97,
            "household_id": self.line(c) + 1,
            "staff_reason": "The household's AOR line was sent to the carrier.",
            "broker_explanation": "Your AOR was sent to the carrier.",
            "proposed_by": "triage",
            "proposed_at": self.now,
        }

    def decision(self, c: int) -> dict:
        reviewer = self.reviewers[c % len(self.reviewers)]
        return {
            "id": c + 1,
            "claim_id": c + 1,
            "internal_code": "SENT",
            "broker_code": "SENT",
            "broker_explanation": "Your AOR was sent to the carrier.",
            "followed_proposal": True,
            "reviewer_id": reviewer.pk,
            "decided_by": reviewer.username,
            "decided_at": self.now,
        }

    def assignment(self, c: int) -> dict:
        reviewer = self.reviewers[c % len(self.reviewers)]
        return {"id": c + 1, "claim_id": c + 1, "reviewer_id": reviewer.pk, "assigned_at": self.now}


def load_queue(queue: Queue) -> dict[str, int]:
    subs, claims = range(queue.submissions), range(queue.claims)
    steps = [
        (QueueTicket, ({"id": s + 1} for s in subs)),
        (Artifact, map(queue.artifact, subs)),
        (Submission, map(queue.submission, subs)),
        (SubmissionRow, map(queue.row, claims)),
        (Claim, map(queue.claim, claims)),
        (Candidate, queue.candidates()),
        (Proposal, map(queue.proposal, claims)),
        (Decision, (queue.decision(c) for c in claims if _status(c) == Claim.Status.DECIDED)),
        (Assignment, (queue.assignment(c) for c in claims if _status(c) == Claim.Status.IN_REVIEW)),
    ]
    with transaction.atomic():
        return {model.__name__: insert(model, rows) for model, rows in steps}


def staff_users(users: int) -> list[User]:
    """U staff accounts, each with an authenticator app."""
    made = []
    for n in range(users):
        user = User.objects.create_user(username=f"{STAFF_PREFIX}{n}@exchange.example")
        TOTP.activate(user, generate_totp_secret())
        made.append(user)
    return made


def staff_sessions() -> list[str]:
    """A fresh signed-in session per bench staff account (sessions expire in 15 minutes)."""
    keys = []
    for user in User.objects.filter(username__startswith=STAFF_PREFIX).order_by("pk"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = BACKEND
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def load(args: argparse.Namespace) -> None:
    shape = Shape(args.households, args.brokers, args.agencies, dt.date(2026, 10, 1))
    started = time.perf_counter()
    # The base is committed on its own: a second run after a failed queue keeps it.
    counts = {} if Household.objects.exists() else build(shape)
    reviewers = list(User.objects.filter(username__startswith=STAFF_PREFIX).order_by("pk"))
    reviewers = reviewers or staff_users(args.users)
    counts |= load_queue(Queue(shape, args.claims, reviewers, timezone.now()))
    _reset_sequences(list(apps.get_models()))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    brokers = sorted(set(Claim.objects.values_list("broker_id", flat=True)))
    Path(args.plan).write_text(json.dumps({"claims": args.claims, "brokers": brokers}))
    print(json.dumps({"counts": counts, "seconds": round(time.perf_counter() - started, 1)}))


# --- driving the server ------------------------------------------------------------------

# (page, share of requests)
MIX = (("queue_first", 0.25), ("queue_deep", 0.15), ("queue_status", 0.10), ("case", 0.30))
MIX += (("broker", 0.20),)


def pick(rng: random.Random, plan: dict) -> tuple[str, str]:
    page = rng.choices([m[0] for m in MIX], [m[1] for m in MIX])[0]
    pages = plan["claims"] // 50
    if page == "queue_first":
        return page, "/staff/review/"
    if page == "queue_deep":
        return page, f"/staff/review/?page={rng.randint(2, pages)}"
    if page == "queue_status":
        status = rng.choice(["new", "in_review", "decided"])
        return page, f"/staff/review/?status={status}&page={rng.randint(1, 5)}"
    if page == "case":
        return page, f"/staff/review/claims/{rng.randint(1, plan['claims'])}/"
    return page, f"/staff/brokers/{rng.choice(plan['brokers'])}/"


def user_loop(n: int, port: int, plan: dict, window: tuple[float, float], sink: list) -> None:
    """One person on one kept-alive connection: a page, then a pause (exponential, mean
    plan["think"] seconds; zero makes a closed loop that measures the server saturated).
    Only requests started inside the window count: the warm-up before it opens the
    connections (20 at once overflow runserver's listen backlog of 10, and a dropped SYN
    costs a second)."""
    rng = random.Random(n)
    cookie = f"{settings.SESSION_COOKIE_NAME}={plan['sessions'][n]}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start, until = window
    while time.perf_counter() < until:
        page, path = pick(rng, plan)
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
        if started >= start:
            sink.append((page, status, time.perf_counter() - started))
        if status == 0 or response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        if plan["think"]:
            pause = rng.expovariate(1 / plan["think"])
            time.sleep(min(pause, max(0.0, until - time.perf_counter())))
    conn.close()


def server_argv(args: argparse.Namespace) -> list[str]:
    """gunicorn as a deployment runs it (processes, so both cores run Python; threads, so
    a slow page does not hold the others), or Django's threaded runserver (one process)."""
    bin_dir = Path(sys.executable).parent
    address = f"127.0.0.1:{args.port}"
    if args.server == "runserver":
        return [str(bin_dir / "aordesk"), "runserver", "--noreload", address]
    return [
        str(bin_dir / "gunicorn"),
        "aordesk.wsgi",
        f"--bind={address}",
        f"--workers={args.workers}",
        "--worker-class=gthread",
        f"--threads={args.threads}",
        "--keep-alive=30",
    ]


def start_server(args: argparse.Namespace) -> subprocess.Popen:
    env = dict(os.environ, AORDESK_DEBUG="0")
    server = subprocess.Popen(
        server_argv(args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            probe = http.client.HTTPConnection("127.0.0.1", args.port, timeout=1)
            probe.request("GET", "/")
            probe.getresponse().read()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:  # a worker stuck on a kept-alive connection
        server.kill()
        server.wait()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def summary(samples: list, seconds: float) -> dict:
    result: dict = {"seconds": seconds, "requests": len(samples)}
    result["throughput_rps"] = round(len(samples) / seconds, 1)
    for page in [m[0] for m in MIX]:
        times = [t * 1000 for p, s, t in samples if p == page]
        bad = sum(1 for p, s, _t in samples if p == page and s != 200)
        if times:
            result[page] = {
                "requests": len(times),
                "errors": bad,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "p99_ms": round(percentile(times, 0.99), 1),
            }
    return result


def drive(args: argparse.Namespace) -> None:
    plan = json.loads(Path(args.plan).read_text()) | {
        "sessions": staff_sessions(),
        "think": args.think,
    }
    users = len(plan["sessions"])
    server = start_server(args)
    try:
        start = time.perf_counter() + args.warmup
        window = (start, start + args.seconds)
        samples: list = []
        threads = [
            threading.Thread(target=user_loop, args=(n, args.port, plan, window, samples))
            for n in range(users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = round(time.perf_counter() - start, 1)
    finally:
        stop(server)
    result = summary(samples, elapsed) | {"users": users, "think_s": args.think}
    result["server"] = " ".join(Path(a).name if a.startswith("/") else a for a in server_argv(args))
    Path(args.result).write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    loading = sub.add_parser("load")
    loading.add_argument("--households", type=int, default=1_000_000)
    loading.add_argument("--brokers", type=int, default=10_000)
    loading.add_argument("--agencies", type=int, default=500)
    loading.add_argument("--claims", type=int, default=20_000)
    loading.add_argument("--users", type=int, default=20)
    loading.add_argument("--plan", required=True)
    driving = sub.add_parser("drive")
    driving.add_argument("--plan", required=True)
    driving.add_argument("--seconds", type=float, default=60)
    driving.add_argument("--warmup", type=float, default=5)
    driving.add_argument("--think", type=float, default=1.0)
    driving.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    driving.add_argument("--workers", type=int, default=2)
    driving.add_argument("--threads", type=int, default=10)
    driving.add_argument("--port", type=int, default=8765)
    driving.add_argument("--result", required=True)
    args = parser.parse_args()
    load(args) if args.step == "load" else drive(args)


if __name__ == "__main__":
    main()
