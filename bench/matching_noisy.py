"""The noisy matching benchmark, end to end through the real commands (bench/noise.py says
how claims are corrupted; docs/benchmarks.md has the figures).

    python -m bench.matching_noisy evidence                  AOR files and reports (after seed)
    python -m bench.matching_noisy claims --claims C --out DIR [--clean]   labelled CSV files
    python -m bench.matching_noisy intake --dir DIR          `aordesk intake` for each file
    python -m bench.matching_noisy score --dir DIR --result FILE   proposals against labels

`aordesk seed` makes the households, enrollments and associations; `evidence` adds what the
monthly job would have left by today: carrier AOR files on the 7th, 14th, 21st and 28th of
each month, a line in the first file after both its association and its enrollment file,
and each broker's report for every month before last (so last month's lines are SENT, and
lines of enrollments never sent are HELD). Reports are rows with an empty artifact record:
triage reads their months, never their files. The truth of a claim is what the system's
own rules give for the right household written without noise (`truth`)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Min  # noqa: E402

from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine  # noqa: E402
from aordesk.artifacts.models import Artifact  # noqa: E402
from aordesk.brokers.models import Broker  # noqa: E402
from aordesk.carriers.models import Carrier  # noqa: E402
from aordesk.core.dates import business_today  # noqa: E402
from aordesk.cycle.models import BrokerReport  # noqa: E402
from aordesk.households.models import Enrollment, EnrollmentTransmission, Household  # noqa: E402
from aordesk.review.determination import propose  # noqa: E402
from aordesk.review.evidence import _candidate, households_evidence  # noqa: E402
from aordesk.review.matching import ClaimFacts, rank  # noqa: E402
from aordesk.seed import names  # noqa: E402
from aordesk.seed.bulk import insert_returning_ids  # noqa: E402
from bench.noise import Written, corrupt, one_cell  # noqa: E402

SEND_DAYS = (7, 14, 21, 28)
BRAND = "2026-noisy"
HEADERS = ["First Name", "Last Name", "Date of Birth", "Application Date", "Carrier",
           "Method of AOR Submission", "Address", "Method of Application", "Comments"]  # fmt: skip
# What the claims are about (the rest: the broker's own consumers).
MIX = (("own", 0.70), ("other_broker", 0.12), ("no_association", 0.10), ("nobody", 0.08))
RANGE = 50_000


def _send_days(today: dt.date) -> list[dt.date]:
    days = [dt.date(today.year, m, d) for m in range(1, 13) for d in SEND_DAYS]
    return [day for day in days if day < today]


def evidence() -> None:
    """Carrier AOR files, their lines, and the brokers' reports, as of today."""
    today = business_today()
    days = _send_days(today)
    carriers = list(Carrier.objects.values_list("pk", flat=True))
    AorTransmission.objects.bulk_create(
        AorTransmission(carrier_id=c, batch_id=f"{BRAND}-{c}-{day}", sent_on=day)
        for c in carriers
        for day in days
    )
    files = {
        (t.carrier_id, t.sent_on): t.pk
        for t in AorTransmission.objects.filter(batch_id__startswith=BRAND)
    }
    top = Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    lines = 0
    for start in range(0, top + 1, RANGE):
        with transaction.atomic():
            # Read first: COPY holds the connection while it streams. Ids from the sequence.
            rows = list(_lines(start, start + RANGE, days, files, today))
            lines += len(insert_returning_ids(AorTransmissionLine, rows))
    _reports(today)
    print(json.dumps({"files": len(files), "lines": lines}))


def _lines(start: int, stop: int, days: list[dt.date], files: dict, today: dt.date):  # type: ignore[no-untyped-def]
    span = {"household_id__gte": start, "household_id__lt": stop}
    first_sent = dict(
        EnrollmentTransmission.objects.filter(**{f"enrollment__{k}": v for k, v in span.items()})
        .values("enrollment_id")
        .annotate(first=Min("sent_on"))
        .order_by()
        .values_list("enrollment_id", "first")
    )
    enrollments = defaultdict(list)
    rows = Enrollment.objects.filter(**span, coverage_year__gte=today.year).exclude(
        status="cancelled"
    )
    for e in rows.values("pk", "household_id", "carrier_id"):
        enrollments[e["household_id"]].append(e)
    active = AorAssociation.objects.filter(**span, status=AorAssociation.Status.ACTIVE)
    for a in active.values("pk", "household_id", "received_on"):
        for e in enrollments[a["household_id"]]:
            sent = first_sent.get(e["pk"])
            if sent is None:
                continue  # never sent: the hold rule holds it
            after = max(sent, a["received_on"])
            day = next((d for d in days if d > after), None)
            if day is not None:
                yield {
                    "transmission_id": files[(e["carrier_id"], day)],
                    "association_id": a["pk"],
                    "enrollment_id": e["pk"],
                }


def _reports(today: dt.date) -> None:
    last = today.replace(day=1)
    months = [dt.date(today.year, m, 1) for m in range(1, last.month - 1)]
    brokers = list(Broker.objects.values_list("pk", flat=True))
    artifacts = Artifact.objects.bulk_create(
        Artifact(
            kind=Artifact.Kind.AOR_REPORT,
            relative_path=f"bench/{BRAND}/report-{b}-{m:%Y-%m}.xlsx",
            filename="report.xlsx",
            content_type="application/octet-stream",
            size=0,
            sha256="0" * 64,
        )
        for b in brokers
        for m in months
    )
    pairs = [(b, m) for b in brokers for m in months]
    BrokerReport.objects.bulk_create(
        (
            BrokerReport(broker_id=b, month=m, version=1, artifact=art, rows=0, created_by="bench")
            for (b, m), art in zip(pairs, artifacts, strict=True)
        ),
        batch_size=2000,
    )


CHUNK = 20_000  # ids per IN (...): below SQLite's limit of 32,766 variables


def _chunks(ids: list[int]):  # type: ignore[no-untyped-def]
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _sample(rng: random.Random, count: int) -> list[Household]:
    top = Household.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = sorted(rng.sample(range(1, top + 1), min(top, count)))
    return [
        h for part in _chunks(ids) for h in Household.objects.filter(pk__in=part).order_by("pk")
    ]


def _pools(
    households: list[Household], senders: set[int]
) -> dict[str, list[tuple[Household, int | None]]]:
    """Households by what a claim about them would be, with the broker the claim names."""
    active: dict[int, int] = {}
    any_aor: set[int] = set()
    enrolled: set[int] = set()
    for ids in _chunks([h.pk for h in households]):
        rows = AorAssociation.objects.filter(household_id__in=ids)
        active.update(rows.filter(status="active").values_list("household_id", "broker_id"))
        any_aor.update(rows.values_list("household_id", flat=True))
        enrolled.update(
            Enrollment.objects.filter(household_id__in=ids, coverage_year=business_today().year)
            .exclude(status="cancelled")
            .values_list("household_id", flat=True)
        )
    pools: dict[str, list[tuple[Household, int | None]]] = defaultdict(list)
    for h in households:
        broker = active.get(h.pk)
        if broker in senders:
            pools["own"].append((h, broker))
        elif broker is not None:
            pools["other_broker"].append((h, None))
        elif h.pk not in any_aor and h.pk in enrolled:
            pools["no_association"].append((h, None))
    return pools


def _carrier_of(
    household: Household,
    enrollments: dict[int, list[dict]],
    rng: random.Random,
    carriers: dict[int, str],
) -> str:
    mine = [
        e["carrier_id"] for e in enrollments.get(household.pk, []) if e["status"] != "cancelled"
    ]
    if mine and rng.random() < 0.9:
        return carriers[max(mine)]
    return rng.choice(sorted(carriers.values()))


def claims(*, count: int, out: Path, seed: int, senders_count: int, clean: bool) -> None:
    """Labelled claims as CSV files, one per sending broker, and labels.json."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    brokers = list(
        Broker.objects.filter(certification_status="certified")
        .order_by("pk")
        .values_list("pk", "npn")
    )
    senders = dict(rng.sample(brokers, min(senders_count, len(brokers))))
    pools = _pools(_sample(rng, count * 20), set(senders))
    carriers = dict(Carrier.objects.values_list("pk", "display_name"))
    kinds = rng.choices([k for k, _ in MIX], [w for _, w in MIX], k=count)
    chosen: list[tuple[str, Household | None, int]] = []
    for kind in kinds:
        if kind == "nobody" or not pools[kind]:
            chosen.append(("nobody", None, rng.choice(list(senders))))
            continue
        household, broker = pools[kind].pop(rng.randrange(len(pools[kind])))
        chosen.append(
            (kind, household, broker if broker is not None else rng.choice(list(senders)))
        )
    enrollments: dict[int, list[dict]] = defaultdict(list)
    ids = [h.pk for _, h, _ in chosen if h]
    for part in _chunks(sorted(set(ids))):
        for e in Enrollment.objects.filter(household_id__in=part).order_by("pk").values():
            e["pk"] = e["id"]
            enrollments[e["household_id"]].append(e)
    truths = _truths(chosen, enrollments, carriers, rng)
    files: dict[int, list[list[str]]] = defaultdict(list)
    labels = []
    for (kind, household, broker), (truth, carrier) in zip(chosen, truths, strict=True):
        written = _written(household, carrier, rng)
        if not clean:
            written = corrupt(written, rng)
        files[broker].append(_row(written))
        labels.append({
            "npn": senders[broker], "row": len(files[broker]) + 1, "kind": kind,
            "household": household.pk if household else None, "truth": truth,
            "corruptions": list(written.corruptions),
        })  # fmt: skip
    for broker, rows in files.items():
        with (out / f"claims-{senders[broker]}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADERS)
            writer.writerows(rows)
    (out / "labels.json").write_text(json.dumps(labels))
    print(json.dumps({"claims": len(labels), "files": len(files), "kinds": Counter(kinds)}))


def _truths(chosen, enrollments, carriers, rng):  # type: ignore[no-untyped-def]
    """The broker code the rules give for the right household, written without noise."""
    today = business_today()
    by_broker: dict[int, list[int]] = defaultdict(list)
    for _, household, broker in chosen:
        if household:
            by_broker[broker].append(household.pk)
    evidence: dict[tuple[int, int], Any] = {}
    for broker, ids in by_broker.items():
        _, facts = households_evidence(household_ids=ids, broker_id=broker, today=today)
        evidence.update({(broker, pk): f for pk, f in facts.items()})
    carrier_ids = {name: pk for pk, name in carriers.items()}
    out = []
    for _, household, broker in chosen:
        if household is None:
            out.append(("NO_ASSOCIATION", rng.choice(sorted(carriers.values()))))
            continue
        carrier = _carrier_of(household, enrollments, rng, carriers)
        candidate = _candidate(household, enrollments.get(household.pk, []))
        facts = ClaimFacts(
            first_name=household.first_name, last_name=household.last_name,
            dob=household.date_of_birth, carrier_id=carrier_ids[carrier],
            application_date=household.application_submitted_on,
        )  # fmt: skip
        proposal = propose(
            facts,
            rank(facts, [candidate]),
            {household.pk: evidence[(broker, household.pk)]},
            current_year=today.year,
        )
        out.append((proposal.broker_code.value, carrier))
    return out


def _written(household: Household | None, carrier: str, rng: random.Random) -> Written:
    if household is None:  # someone the exchange never enrolled
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        dob = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        return Written(first, last, dob, dt.date(2026, rng.randint(1, 10), 3), carrier, "")
    address = one_cell(
        household.address_line1, household.address_line2, household.city, household.zip_code
    )
    return Written(
        household.first_name, household.last_name, household.date_of_birth,
        household.application_submitted_on, carrier, address,
    )  # fmt: skip


def _row(w: Written) -> list[str]:
    def day(d: dt.date | None) -> str:
        return f"{d:%m/%d/%Y}" if d else ""

    return [
        w.first_name,
        w.last_name,
        day(w.dob),
        day(w.application_date),
        w.carrier or "",
        "Portal",
        w.address,
        "Online",
        "",
    ]


def intake(*, folder: Path) -> None:
    """Every file through the real command, as staff record returned files."""
    aordesk = str(Path(sys.executable).parent / "aordesk")
    verdicts: Counter[str] = Counter()
    started = time.perf_counter()
    for path in sorted(folder.glob("claims-*.csv")):
        npn = path.stem.removeprefix("claims-")
        done = subprocess.run(
            [aordesk, "intake", str(path), "--broker", npn, "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        verdicts[
            json.loads(done.stdout).get("verdict", "?")
            if done.stdout.strip()
            else f"exit {done.returncode}"
        ] += 1
    print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "verdicts": verdicts}))


POSITIVE = ("ON_REPORT", "SENT", "HELD")


def _outcomes(labels: list[dict]) -> list[dict]:
    """Each label with what triage proposed for its claim (None: intake refused the row)."""
    from aordesk.intake.models import Claim

    claims = Claim.objects.select_related("row", "broker", "proposal")
    found = {(c.broker.npn, c.row.row_number): c for c in claims}
    for label in labels:
        claim = found.get((label["npn"], label["row"]))
        proposal = getattr(claim, "proposal", None) if claim else None
        label["accepted"] = claim is not None
        label["proposed"] = proposal.broker_code if proposal else None
        label["proposed_household"] = proposal.household_id if proposal else None
        label["reasons"] = [r["code"] for r in proposal.reasons] if proposal else []
        label["candidates"] = claim.candidates.count() if claim else 0
    return labels


def _correct(label: dict) -> bool:
    if label["proposed"] != label["truth"]:
        return False
    return label["truth"] not in POSITIVE or label["proposed_household"] == label["household"]


def _why(label: dict) -> str:
    doubt = next((r for r in reversed(label["reasons"]) if r in _DOUBTS), "")
    return f"{label['truth']}->{label['proposed']}{' ' + doubt if doubt else ''}"


_DOUBTS = (
    "ambiguous", "dob_not_exact", "weak_names", "address_check", "weak_evidence",
    "no_candidate", "no_aor_any_candidate", "aor_pending", "mixed_scripts_review",
)  # fmt: skip


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score(*, folder: Path, result_file: Path) -> None:
    labels = _outcomes(json.loads((folder / "labels.json").read_text()))
    accepted = [x for x in labels if x["accepted"]]
    codes = {}
    for code in ("ON_REPORT", "SENT", "HELD", "NOT_CURRENT_YEAR", "NO_ASSOCIATION", "NEEDS_INFO"):
        predicted = [x for x in accepted if x["proposed"] == code]
        actual = [x for x in accepted if x["truth"] == code]
        codes[code] = {
            "truth": len(actual), "predicted": len(predicted),
            "correct": sum(map(_correct, predicted)),
            "precision": _share(sum(map(_correct, predicted)), len(predicted)),
            "recall": _share(sum(map(_correct, actual)), len(actual)),
        }  # fmt: skip
    positives = [x for x in accepted if x["truth"] in POSITIVE]
    predicted_pos = [x for x in accepted if x["proposed"] in POSITIVE]
    misses: dict[str, Counter[str]] = defaultdict(Counter)
    for x in accepted:
        if not _correct(x):
            for kind in x["corruptions"] or ["none"]:
                misses[kind][_why(x)] += 1
    result = {
        "claims": len(labels),
        "accepted": len(accepted),
        "refused_by_intake": len(labels) - len(accepted),
        "positive_precision": _share(sum(map(_correct, predicted_pos)), len(predicted_pos)),
        "positive_recall": _share(sum(map(_correct, positives)), len(positives)),
        "needs_info_share": _share(sum(x["proposed"] == "NEEDS_INFO" for x in accepted), len(accepted)),  # noqa: E501
        "no_association_without_candidates": sum(
            x["proposed"] == "NO_ASSOCIATION" and x["candidates"] == 0 for x in accepted
        ),
        "corruptions_per_claim": dict(Counter(len(x["corruptions"]) for x in labels)),
        "codes": codes,
        "misses_by_corruption": {k: dict(v.most_common(6)) for k, v in sorted(misses.items())},
    }  # fmt: skip
    result_file.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.matching_noisy")
    parser.add_argument("step", choices=["evidence", "analyze", "claims", "intake", "score"])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--senders", type=int, default=40, help="brokers sending files")
    parser.add_argument("--seed", type=int, default=20262)
    parser.add_argument("--clean", action="store_true", help="claims without corruptions")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--result", type=Path)
    args = parser.parse_args()
    if args.step == "evidence":
        evidence()
    elif args.step == "analyze":
        # Fresh statistics after the bulk load (the PostgreSQL here runs without autovacuum).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elif args.step == "claims":
        claims(
            count=args.claims,
            out=args.out,
            seed=args.seed,
            senders_count=args.senders,
            clean=args.clean,
        )
    elif args.step == "intake":
        intake(folder=args.dir)
    else:
        score(folder=args.dir, result_file=args.result)
    connection.close()


if __name__ == "__main__":
    main()
