"""Gathering a claim's evidence from the database into the pure core's facts: its candidate
households (blocked on date of birth, then on names), their enrollments, every broker's
associations with method and received date, the carrier AOR lines sent, the lines held by
the hold rule, and the claiming broker's reports. A constant handful of queries per claim,
whatever the number of candidates (bulk reads keyed by household)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, Q

from aordesk.aor.models import AorAssociation, AorTransmissionLine
from aordesk.aor.rules import enrollment_sent_before
from aordesk.core.dates import business_date, month_start
from aordesk.cycle.models import BrokerReport
from aordesk.households.models import Enrollment, EnrollmentTransmission, Household
from aordesk.intake.models import Claim
from aordesk.review.addresses import Address, address_parse
from aordesk.review.determination import (
    AssociationFacts,
    HeldLine,
    HouseholdEvidence,
    ReportFacts,
    SentLine,
)
from aordesk.review.dobs import near_dobs
from aordesk.review.matching import (
    ACCEPT,
    CandidateFacts,
    ClaimFacts,
    EnrollmentFacts,
    HouseholdRef,
    Score,
    score_candidate,
)
from aordesk.review.name_keys import last_name_key, name_sound_key


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


# Households kept for evidence reads and scoring after the first look: the rest of a
# block scores far below the floor (a name block of a synthetic million can hold hundreds).
MAX_EXAMINED = 20
# Rows one name-blocking query may return: a common name in one decade, at most.
NAME_BLOCK_LIMIT = 300


def _household_only(household: Household) -> CandidateFacts:
    return _candidate(household, [])


def _strong(claim: ClaimFacts, scored: list[tuple[Score, Household]]) -> bool:
    """A candidate with the exact DOB and strong names: the second pass would add nothing."""
    return any(s.dob == "exact" and s.names_strong and s.value >= ACCEPT for s, _ in scored)


def _name_block(claim: ClaimFacts, known: set[int]) -> list[Household]:
    """The second blocking pass (review/name_keys.py): same last name born the same year or
    on a near-miss DOB; or the same sounding last name and first initial born within ten
    years (a year off by one digit). Both readings of the names (first as last) are tried."""
    year = claim.dob.year
    lasts = {last_name_key(claim.last_name), last_name_key(claim.first_name)} - {""}
    sounds = {
        name_sound_key(claim.first_name, claim.last_name),
        name_sound_key(claim.last_name, claim.first_name),
    } - {""}
    same_year = Q(date_of_birth__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    by_last = Q(last_name_key__in=lasts) & (same_year | Q(date_of_birth__in=near_dobs(claim.dob)))
    decade = (dt.date(max(1, year - 10), 1, 1), dt.date(min(9999, year + 10), 12, 31))
    by_sound = Q(name_sound_key__in=sounds, date_of_birth__range=decade)
    found: dict[int, Household] = {}
    for query in (by_last, by_sound):
        rows = Household.objects.filter(query).exclude(pk__in=known).order_by("pk")
        for household in rows[:NAME_BLOCK_LIMIT]:
            found.setdefault(household.pk, household)
    return list(found.values())


def candidate_households(claim: ClaimFacts) -> list[Household]:
    """The households worth a full look: the DOB block (day/month swap included) and, when
    it holds no strong candidate, the name block; the best MAX_EXAMINED by a first score
    (names, DOB, address: what a household row alone tells)."""
    households = list(
        Household.objects.filter(date_of_birth__in=_blocking_dobs(claim.dob)).order_by("pk")
    )
    scored = [(score_candidate(claim, _household_only(h)), h) for h in households]
    if not _strong(claim, scored):
        more = _name_block(claim, {h.pk for h in households})
        scored += [(score_candidate(claim, _household_only(h)), h) for h in more]
    scored.sort(key=lambda pair: (-pair[0].value, -pair[0].weight, pair[1].pk))
    return [h for _, h in scored[:MAX_EXAMINED]]


def claim_evidence(*, claim: Claim, today: dt.date) -> ClaimEvidence:
    """The claim's candidates (households blocked on date of birth, then on names when no
    candidate is strong) and their evidence: a handful of queries per claim."""
    facts = claim_facts(claim)
    households = candidate_households(facts)
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
        claim=facts,
        candidates=tuple(_candidate(h, enrollments.get(h.pk, [])) for h in households),
        evidence=by_ref,
        carrier_enrollment=carrier_enrollment,
    )
