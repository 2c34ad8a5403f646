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


def _associations(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    rows = AorAssociation.objects.filter(household_id__in=ids).order_by("received_on", "pk")
    by_household: dict[int, list[dict[str, Any]]] = defaultdict(list)
    fields = ("pk", "household_id", "reference", "broker_id", "broker__npn", "method")
    for row in rows.values(*fields, "received_on", "effective_on", "status"):
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


def _reports(broker_ids: Iterable[int], since_year: int) -> dict[int, tuple[ReportFacts, ...]]:
    """The brokers' reports (not withdrawn) by month, dated when the first version went."""
    rows = (
        BrokerReport.objects.filter(broker_id__in=set(broker_ids), month__year__gte=since_year)
        .exclude(status=BrokerReport.Status.WITHDRAWN)
        .values("broker_id", "month")
        .annotate(first=Min("created_at"))
        .order_by("broker_id", "month")
    )
    found: dict[int, list[ReportFacts]] = defaultdict(list)
    for row in rows:
        found[row["broker_id"]].append(
            ReportFacts(month=row["month"], date_sent=business_date(row["first"]))
        )
    return {broker: tuple(reports) for broker, reports in found.items()}


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


def _association_facts(row: dict[str, Any], broker_id: int) -> AssociationFacts:
    return AssociationFacts(
        reference=row["reference"],
        broker_npn=row["broker__npn"],
        method=row["method"],
        received_on=row["received_on"],
        status=row["status"],
        is_this_broker=row["broker_id"] == broker_id,
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


@dataclass(frozen=True)
class _Rows:
    """The tables' rows about some households, read once for a batch of claims."""

    enrollments: dict[int, list[dict[str, Any]]]
    associations: dict[int, list[dict[str, Any]]]
    lines: dict[int, list[dict[str, Any]]]
    sent: set[tuple[int, int]]
    first_sent: dict[int, dt.date]


def _rows(ids: list[int]) -> _Rows:
    """Four queries however many households."""
    lines = _lines(ids)
    by_household: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        by_household[line["association__household_id"]].append(line)
    return _Rows(
        enrollments=_enrollment_rows(ids),
        associations=_associations(ids),
        lines=by_household,
        sent={(line["association_id"], line["enrollment_id"]) for line in lines},
        first_sent=_first_sent(ids),
    )


def _household_evidence(
    rows: _Rows, pk: int, broker_id: int, reports: tuple[ReportFacts, ...], today: dt.date
) -> HouseholdEvidence:
    """One household's AOR evidence seen from one broker's side."""
    associations = rows.associations.get(pk, [])
    return HouseholdEvidence(
        associations=tuple(_association_facts(row, broker_id) for row in associations),
        lines_sent=tuple(_sent_line(row) for row in rows.lines.get(pk, [])),
        held=_held(
            associations, rows.enrollments.get(pk, []), rows.sent, rows.first_sent, today=today
        ),
        reports=reports,
    )


def households_evidence(
    *, household_ids: Iterable[int], broker_id: int, today: dt.date
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, HouseholdEvidence]]:
    """The enrollments (rows by household) and AOR evidence of some households, seen from
    one broker's side: five queries however many households."""
    ids = sorted(set(household_ids))
    if not ids:
        return {}, {}
    rows = _rows(ids)
    reports = _reports([broker_id], today.year - 1).get(broker_id, ())
    evidence = {pk: _household_evidence(rows, pk, broker_id, reports, today) for pk in ids}
    return rows.enrollments, evidence


# Households kept for evidence reads and scoring after the first look: the rest of a
# block scores far below the floor (a name block of a synthetic million can hold hundreds).
MAX_EXAMINED = 20
# Rows the name-blocking query may return: a common name in one decade, at most.
NAME_BLOCK_LIMIT = 400
# Both names and the exact DOB agree (review/weights.py: 6 + 6 + 15 bits, less a typo).
STRONG_BITS = 20.0


def _household_only(household: Household) -> CandidateFacts:
    return _candidate(household, [])


def _strong(claim: ClaimFacts, scored: list[tuple[Score, Household]]) -> bool:
    """A candidate with the exact DOB and both names near (STRONG_BITS of evidence from the
    household row alone): the second pass would add nothing."""
    return any(s.dob == "exact" and s.weight >= STRONG_BITS for s, _ in scored)


def _name_block(claim: ClaimFacts, known: set[int]) -> list[Household]:
    """The second blocking pass (review/name_keys.py): the same last name, or the same
    sounding last name and first initial, born the same year or on a near-miss DOB (a year
    off by one digit included). Both readings of the names (first as last) are tried."""
    year = claim.dob.year
    lasts = {last_name_key(claim.last_name), last_name_key(claim.first_name)} - {""}
    sounds = {
        name_sound_key(claim.first_name, claim.last_name),
        name_sound_key(claim.last_name, claim.first_name),
    } - {""}
    same_year = Q(date_of_birth__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    near = Q(date_of_birth__in=near_dobs(claim.dob))
    # Four index range scans on (key, date_of_birth), in one query: an OR of the dates
    # would make the database read every household with the key.
    parts = [
        Household.objects.filter(key, dates).exclude(pk__in=known)
        for key in (Q(last_name_key__in=lasts), Q(name_sound_key__in=sounds))
        for dates in (same_year, near)
    ]
    return list(parts[0].union(*parts[1:]).order_by("pk")[:NAME_BLOCK_LIMIT])


def _examined(claim: ClaimFacts, households: list[Household]) -> list[Household]:
    """The best MAX_EXAMINED of a DOB block (and of the name block, when the DOB block holds
    no strong candidate), by a first score of what a household row alone tells."""
    scored = [(score_candidate(claim, _household_only(h)), h) for h in households]
    if not _strong(claim, scored):
        more = _name_block(claim, {h.pk for h in households})
        scored += [(score_candidate(claim, _household_only(h)), h) for h in more]
    scored.sort(key=lambda pair: (-pair[0].value, -pair[0].weight, pair[1].pk))
    return [h for _, h in scored[:MAX_EXAMINED]]


def candidate_households(claim: ClaimFacts) -> list[Household]:
    """The households worth a full look for one claim (see `_examined`)."""
    block = Household.objects.filter(date_of_birth__in=_blocking_dobs(claim.dob)).order_by("pk")
    return _examined(claim, list(block))


def _gathered(
    claim: Claim,
    facts: ClaimFacts,
    households: list[Household],
    rows: _Rows,
    reports: tuple[ReportFacts, ...],
    today: dt.date,
) -> ClaimEvidence:
    carrier_enrollment = {}
    for household in households:
        mine = [
            e for e in rows.enrollments.get(household.pk, []) if e["carrier_id"] == claim.carrier_id
        ]
        if mine:
            latest = max(mine, key=lambda e: (e["coverage_year"], e["pk"]))
            carrier_enrollment[household.pk] = latest["pk"]
    evidence: dict[HouseholdRef, HouseholdEvidence] = {
        h.pk: _household_evidence(rows, h.pk, claim.broker_id, reports, today) for h in households
    }
    return ClaimEvidence(
        claim=facts,
        candidates=tuple(_candidate(h, rows.enrollments.get(h.pk, [])) for h in households),
        evidence=evidence,
        carrier_enrollment=carrier_enrollment,
    )


def claims_evidence(*, claims: list[Claim], today: dt.date) -> list[ClaimEvidence]:
    """Several claims' candidates and evidence, in their order: one DOB-block query and
    five evidence queries for the whole batch, plus the name-blocking queries of the claims
    whose DOB block holds no strong candidate."""
    facts = [claim_facts(claim) for claim in claims]
    dobs = {claim.pk: _blocking_dobs(claim.dob) for claim in claims}
    by_dob: dict[dt.date, list[Household]] = defaultdict(list)
    wanted = sorted({day for days in dobs.values() for day in days})
    for household in Household.objects.filter(date_of_birth__in=wanted).order_by("pk"):
        by_dob[household.date_of_birth].append(household)
    chosen = [
        _examined(f, sorted((h for d in dobs[c.pk] for h in by_dob[d]), key=lambda h: h.pk))
        for c, f in zip(claims, facts, strict=True)
    ]
    rows = _rows(sorted({h.pk for households in chosen for h in households}))
    reports = _reports((c.broker_id for c in claims), today.year - 1)
    return [
        _gathered(claim, f, households, rows, reports.get(claim.broker_id, ()), today)
        for claim, f, households in zip(claims, facts, chosen, strict=True)
    ]


def claim_evidence(*, claim: Claim, today: dt.date) -> ClaimEvidence:
    """The claim's candidates (households blocked on date of birth, then on names when no
    candidate is strong) and their evidence: a handful of queries per claim."""
    return claims_evidence(claims=[claim], today=today)[0]
