"""Gathering a claim's evidence from the database into the pure core's facts: its candidate
households (blocked on date of birth), their enrollments, every broker's associations with
method and received date, the carrier AOR lines sent, the lines held by the hold rule, and the
claiming broker's reports. A constant handful of queries per claim, whatever the number of
candidates (bulk reads keyed by household)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min

from aordesk.aor.models import AorAssociation, AorTransmissionLine
from aordesk.aor.rules import enrollment_sent_before
from aordesk.core.dates import business_date, month_start
from aordesk.cycle.models import BrokerReport
from aordesk.households.models import Enrollment, EnrollmentTransmission, Household
from aordesk.intake.models import Claim
from aordesk.review.determination import (
    AssociationFacts,
    HeldLine,
    HouseholdEvidence,
    ReportFacts,
    SentLine,
)
from aordesk.review.matching import (
    Address,
    CandidateFacts,
    ClaimFacts,
    EnrollmentFacts,
    HouseholdRef,
)
from aordesk.review.workflow import address_parse


@dataclass(frozen=True)
class ClaimEvidence:
    """Everything triage needs about one claim, as the pure core's facts."""

    claim: ClaimFacts
    candidates: tuple[CandidateFacts, ...]
    evidence: Mapping[HouseholdRef, HouseholdEvidence]
    # The household's enrollment with the claimed carrier (pk), for the candidate record.
    carrier_enrollment: dict[int, int] = field(default_factory=dict)


def claim_facts(claim: Claim) -> ClaimFacts:
    return ClaimFacts(
        first_name=claim.first_name,
        last_name=claim.last_name,
        dob=claim.dob,
        carrier_id=claim.carrier_id,
        application_date=claim.application_date,
        address=address_parse(claim.address),
    )


def _blocking_dobs(dob: dt.date) -> list[dt.date]:
    """The claim's DOB and, when it is a date, the same with day and month swapped."""
    dobs = [dob]
    if dob.day <= 12 and dob.day != dob.month:
        dobs.append(dob.replace(month=dob.day, day=dob.month))
    return dobs


def _candidate(household: Household, enrollments: list[dict[str, Any]]) -> CandidateFacts:
    previous = tuple(name for name in household.previous_last_names.split("|") if name.strip())
    address = Address(
        line1=household.address_line1,
        line2=household.address_line2,
        city=household.city,
        zip_code=household.zip_code,
    )
    return CandidateFacts(
        household_id=household.pk,
        first_name=household.first_name,
        last_name=household.last_name,
        dob=household.date_of_birth,
        application_submitted_on=household.application_submitted_on,
        alt_last_names=previous,
        address=address if household.address_line1 else None,
        enrollments=tuple(
            EnrollmentFacts(
                enrollment_id=row["enrollment_id"],
                carrier_id=row["carrier_id"],
                coverage_year=row["coverage_year"],
                completed_on=row["completed_on"],
                effective_on=row["effective_on"],
                status=row["status"],
            )
            for row in enrollments
        ),
    )


def report_month(*, coverage_year: int, sent_on: dt.date) -> dt.date:
    """The month whose report lists a line (cycle.rules.month_window): open-enrollment sends
    for next year wait for that year's January report."""
    if sent_on.year < coverage_year:
        return dt.date(coverage_year, 1, 1)
    return month_start(sent_on)


def _enrollment_rows(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = Enrollment.objects.filter(household_id__in=ids).order_by("pk")
    fields = ("pk", "household_id", "enrollment_id", "carrier_id", "coverage_year")
    by_household: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.values(*fields, "completed_on", "effective_on", "end_on", "status"):
        by_household[row["household_id"]].append(row)
    return by_household


def _associations(ids: list[int], broker_id: int) -> dict[int, list[dict[str, Any]]]:
    rows = AorAssociation.objects.filter(household_id__in=ids).order_by("received_on", "pk")
    by_household: dict[int, list[dict[str, Any]]] = defaultdict(list)
    fields = ("pk", "household_id", "reference", "broker_id", "broker__npn", "method")
    for row in rows.values(*fields, "received_on", "effective_on", "status"):
        row["is_this_broker"] = row["broker_id"] == broker_id
        by_household[row["household_id"]].append(row)
    return by_household


def _lines(ids: list[int]) -> list[dict[str, Any]]:
    lines = AorTransmissionLine.objects.filter(association__household_id__in=ids)
    return [
        dict(row)
        for row in lines.order_by("transmission__sent_on", "pk").values(
            "association_id",
            "association__reference",
            "association__household_id",
            "enrollment_id",
            "enrollment__enrollment_id",
            "enrollment__coverage_year",
            "enrollment__effective_on",
            "association__effective_on",
            "transmission__carrier_id",
            "transmission__sent_on",
        )
    ]


def _first_sent(ids: list[int]) -> dict[int, dt.date]:
    rows = EnrollmentTransmission.objects.filter(enrollment__household_id__in=ids)
    grouped = rows.values("enrollment_id").annotate(first=Min("sent_on")).order_by()
    return {row["enrollment_id"]: row["first"] for row in grouped}


def _reports(broker_id: int, since_year: int) -> tuple[ReportFacts, ...]:
    """The broker's reports (not withdrawn) by month, dated when the first version went."""
    rows = (
        BrokerReport.objects.filter(broker_id=broker_id, month__year__gte=since_year)
        .exclude(status=BrokerReport.Status.WITHDRAWN)
        .values("month")
        .annotate(first=Min("created_at"))
        .order_by("month")
    )
    return tuple(
        ReportFacts(month=row["month"], date_sent=business_date(row["first"])) for row in rows
    )


def _held(
    associations: list[dict[str, Any]],
    enrollments: list[dict[str, Any]],
    sent: set[tuple[int, int]],
    first_sent: dict[int, dt.date],
    *,
    today: dt.date,
) -> tuple[HeldLine, ...]:
    """Lines not sent yet whose enrollment has not gone to the carrier (aor.rules hold)."""
    held = []
    for association in associations:
        if association["status"] != AorAssociation.Status.ACTIVE:
            continue
        for enrollment in enrollments:
            if (
                enrollment["status"] == Enrollment.Status.CANCELLED
                or enrollment["coverage_year"] < today.year
                or (association["pk"], enrollment["pk"]) in sent
                or association["received_on"] > today
                or (enrollment["end_on"] and enrollment["end_on"] < association["effective_on"])
                or enrollment_sent_before(
                    enrollment_first_sent_on=first_sent.get(enrollment["pk"]), day=today
                )
            ):
                continue
            held.append(
                HeldLine(
                    association_reference=association["reference"],
                    enrollment_id=enrollment["enrollment_id"],
                    carrier_id=enrollment["carrier_id"],
                )
            )
    return tuple(held)


def _association_facts(row: dict[str, Any]) -> AssociationFacts:
    return AssociationFacts(
        reference=row["reference"],
        broker_npn=row["broker__npn"],
        method=row["method"],
        received_on=row["received_on"],
        status=row["status"],
        is_this_broker=row["is_this_broker"],
    )


def _sent_line(row: dict[str, Any]) -> SentLine:
    sent_on = row["transmission__sent_on"]
    return SentLine(
        association_reference=row["association__reference"],
        enrollment_id=row["enrollment__enrollment_id"],
        carrier_id=row["transmission__carrier_id"],
        sent_on=sent_on,
        report_month=report_month(coverage_year=row["enrollment__coverage_year"], sent_on=sent_on),
        plan_effective_on=row["enrollment__effective_on"],
        aor_effective_on=row["association__effective_on"],
    )


def households_evidence(
    *, household_ids: Iterable[int], broker_id: int, today: dt.date
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, HouseholdEvidence]]:
    """The enrollments (rows by household) and AOR evidence of some households, seen from
    one broker's side: five queries however many households."""
    ids = sorted(set(household_ids))
    if not ids:
        return {}, {}
    enrollments = _enrollment_rows(ids)
    associations = _associations(ids, broker_id)
    lines = _lines(ids)
    first_sent = _first_sent(ids)
    reports = _reports(broker_id, today.year - 1)
    lines_by_household: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        lines_by_household[line["association__household_id"]].append(line)
    sent = {(line["association_id"], line["enrollment_id"]) for line in lines}
    evidence = {
        pk: HouseholdEvidence(
            associations=tuple(_association_facts(row) for row in associations[pk]),
            lines_sent=tuple(_sent_line(row) for row in lines_by_household[pk]),
            held=_held(associations[pk], enrollments[pk], sent, first_sent, today=today),
            reports=reports,
        )
        for pk in ids
    }
    return enrollments, evidence


def claim_evidence(*, claim: Claim, today: dt.date) -> ClaimEvidence:
    """The claim's candidates (households blocked on date of birth, day/month swap
    included) and their evidence: six queries per claim."""
    households = list(
        Household.objects.filter(date_of_birth__in=_blocking_dobs(claim.dob)).order_by("pk")
    )
    enrollments, evidence = households_evidence(
        household_ids=[h.pk for h in households], broker_id=claim.broker_id, today=today
    )
    by_ref: dict[HouseholdRef, HouseholdEvidence] = {pk: facts for pk, facts in evidence.items()}
    carrier_enrollment = {}
    for household in households:
        mine = [e for e in enrollments.get(household.pk, []) if e["carrier_id"] == claim.carrier_id]
        if mine:
            latest = max(mine, key=lambda e: (e["coverage_year"], e["pk"]))
            carrier_enrollment[household.pk] = latest["pk"]
    return ClaimEvidence(
        claim=claim_facts(claim),
        candidates=tuple(_candidate(h, enrollments.get(h.pk, [])) for h in households),
        evidence=by_ref,
        carrier_enrollment=carrier_enrollment,
    )
