"""The broker's and the agency's desk under load (issue 15): a broker with 2,000 report
rows and an agency of 200 brokers, U concurrent signed-in users (half the broker, half the
agency's administrator) on a real server (gunicorn, ADR 0013), think time between pages.

    python -m bench.web_desk load --rows 2000 --brokers 200 --plan FILE
    python -m bench.web_desk drive --plan FILE --users 20 --seconds 60 --result FILE

`load` writes the market with bulk inserts and runs October 2025's cycle for real, so every
report is a workbook on disk as the desk reads it. Users sign in by a session made in the
session store (bench/web.py's way: password and TOTP skipped, every later check runs)."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import random
import statistics
import threading
import time
from pathlib import Path

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone

from aordesk.accounts.models import User
from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.brokers.models import Agency, Broker
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor
from aordesk.cycle import runner
from aordesk.households.models import Enrollment, Household
from bench.synthetic import person
from bench.web import percentile, start_server, stop  # django.setup() happens there

# A month of its own (coverage year 2025): on top of bench/web.py's 1,000,000-household
# dataset (coverage year 2026) the month's cycle builds the desk's brokers and agency only.
MONTH = dt.date(2025, 10, 1)
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
BIG_NPN = "9000000"


def _market(rows: int, brokers: int) -> None:
    carriers = Carrier.objects.bulk_create(
        Carrier(
            code=f"DK{i}",
            legal_name=f"Desk Plan {i}, Inc.",
            display_name=f"Desk Plan {i}",
            kind=Carrier.Kind.MEDICAL,
            active=True,
        )
        for i in range(4)
    )
    agency = Agency.objects.create(code="DESKAG", name="Desk Bench Agency")
    made = Broker.objects.bulk_create(
        Broker(
            npn=str(int(BIG_NPN) + i),
            first_name=f"Bench{i}",
            last_name=f"Broker{i}",
            email=f"desk{i}@broker.example",
            agency=agency,
            certification_status="certified",
            certified_on=dt.date(2020, 1, 1),
            status_changed_on=dt.date(2020, 1, 1),
        )
        for i in range(brokers)
    )
    # The big broker's rows, then one row for each other broker of the agency.
    owners = [made[0]] * rows + made[1:]
    households = Household.objects.bulk_create(_household(n) for n in range(len(owners)))
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            enrollment_id=f"DK{n:08d}",
            household=h,
            carrier=carriers[n % 4],
            coverage_kind="medical",
            program="qhp_aptc",
            coverage_year=2025,
            effective_on=dt.date(2025, 1, 1),
            status="active",
            completed_on=dt.date(2024, 12, 10),
        )
        for n, h in enumerate(households)
    )
    associations = AorAssociation.objects.bulk_create(
        AorAssociation(
            reference=f"DKA{n:08d}",
            broker=b,
            household=h,
            method="portal",
            received_on=dt.date(2025, 1, 10),
            effective_on=dt.date(2025, 2, 1),
        )
        for n, (b, h) in enumerate(zip(owners, households, strict=True))
    )
    files = {
        (c.pk, day): AorTransmission.objects.create(
            carrier=c,
            batch_id=f"DK-{c.code}-{day}",
            sent_on=dt.date(2025, 10, day),
            final_for_month=day == 31,
        )
        for c in carriers
        for day in (2, 16, 31)
    }
    AorTransmissionLine.objects.bulk_create(
        AorTransmissionLine(
            transmission=files[(e.carrier_id, (2, 16)[n % 2])], association=a, enrollment=e
        )
        for n, (a, e) in enumerate(zip(associations, enrollments, strict=True))
    )
    _users(made[0], agency)


def _household(n: int) -> Household:
    first, last, dob = person(n)
    return Household(
        case_number=f"DK{n:09d}",
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        address_line1=f"{n} Lake Street",
        city="Duluth",
        state="MN",
        zip_code="55802",
        application_method="online",
        application_submitted_on=dt.date(2025, 1, 5),
    )


def _users(broker: Broker, agency: Agency) -> None:
    for user in (
        User.objects.create_user(username=f"desk-{broker.npn}", role="broker", broker=broker),
        User.objects.create_user(
            username="desk-admin@agency.example", role="agency_admin", agency=agency
        ),
    ):
        TOTP.activate(user, generate_totp_secret())


def load(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    with transaction.atomic():
        _market(args.rows, args.brokers)
    runner.cycle_run(month=MONTH, actor=Actor.cli(), override_reason="desk benchmark")
    plan = {"npn": BIG_NPN, "names": [person(n)[1] for n in range(0, args.rows, 97)]}
    Path(args.plan).write_text(json.dumps(plan))
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1)}))


def _session(username: str) -> str:
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


BROKER_MIX = (
    ("broker_desk", "/desk/"),
    ("broker_report", "/desk/reports/2025-10/"),
    ("broker_report_search", "/desk/reports/2025-10/?q={name}"),
    ("broker_report_carrier", "/desk/reports/2025-10/?carrier=Desk+Plan+1&sort=-sent&page=3"),
    ("broker_csv", "/desk/reports/2025-10.csv"),
    ("broker_claims", "/desk/claims/"),
    ("broker_changes", "/desk/changes/"),
)
AGENCY_MIX = (
    ("agency_desk", "/desk/"),
    ("agency_reports", "/desk/reports/"),
    ("agency_one_broker", "/desk/reports/2025-10/?npn={npn}"),
    ("agency_claims", "/desk/claims/"),
    ("agency_changes", "/desk/changes/"),
)


def user_loop(n: int, plan: dict, window: tuple[float, float], sink: list) -> None:
    rng = random.Random(n)
    mix = BROKER_MIX if n % 2 == 0 else AGENCY_MIX
    cookie = f"{settings.SESSION_COOKIE_NAME}={plan['sessions'][n % 2]}"
    conn = http.client.HTTPConnection("127.0.0.1", plan["port"], timeout=30)
    start, until = window
    while time.perf_counter() < until:
        page, path = rng.choice(mix)
        path = path.format(name=rng.choice(plan["names"]), npn=plan["npn"])
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
        if began >= start:
            sink.append((page, status, time.perf_counter() - began))
        if status == 0:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", plan["port"], timeout=30)
        time.sleep(min(rng.expovariate(1 / plan["think"]), max(0.0, until - time.perf_counter())))
    conn.close()


def summary(samples: list, seconds: float) -> dict:
    result: dict = {"seconds": seconds, "requests": len(samples)}
    for page, _ in BROKER_MIX + AGENCY_MIX:
        times = [t * 1000 for p, _s, t in samples if p == page]
        if times:
            result[page] = {
                "requests": len(times),
                "errors": sum(1 for p, s, _t in samples if p == page and s != 200),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
            }
    return result


def drive(args: argparse.Namespace) -> None:
    plan = json.loads(Path(args.plan).read_text())
    plan |= {
        "sessions": [_session(f"desk-{plan['npn']}"), _session("desk-admin@agency.example")],
        "think": args.think,
        "port": args.port,
    }
    server = start_server(args)
    try:
        start = time.perf_counter() + args.warmup
        window = (start, start + args.seconds)
        samples: list = []
        threads = [
            threading.Thread(target=user_loop, args=(n, plan, window, samples))
            for n in range(args.users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = round(time.perf_counter() - start, 1)
    finally:
        stop(server)
    result = summary(samples, elapsed) | {
        "users": args.users,
        "think_s": args.think,
        "at": timezone.now().isoformat(timespec="minutes"),
    }
    Path(args.result).write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    loading = sub.add_parser("load")
    loading.add_argument("--rows", type=int, default=2000)
    loading.add_argument("--brokers", type=int, default=200)
    loading.add_argument("--plan", required=True)
    driving = sub.add_parser("drive")
    driving.add_argument("--plan", required=True)
    driving.add_argument("--users", type=int, default=20)
    driving.add_argument("--seconds", type=float, default=60)
    driving.add_argument("--warmup", type=float, default=5)
    driving.add_argument("--think", type=float, default=1.0)
    driving.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    driving.add_argument("--workers", type=int, default=2)
    driving.add_argument("--threads", type=int, default=10)
    driving.add_argument("--port", type=int, default=8766)
    driving.add_argument("--result", required=True)
    args = parser.parse_args()
    load(args) if args.step == "load" else drive(args)


if __name__ == "__main__":
    main()
