"""Proposing a determination for a claim from scored candidates and the AOR evidence. Pure.

Precision comes first: a broker told ON_REPORT, SENT or HELD for the wrong person has been
shown someone else's consumer. So a positive needs an unambiguous best candidate (exact DOB,
strong names, a clear margin over the runner-up, no mixed scripts) AND an active association
from this broker; anything less is NEEDS_INFO, which a person resolves.

Privacy: the broker-facing code NO_ASSOCIATION covers three internal causes (enrolled without
this broker's association, AOR with another broker, no matching enrollment). Their broker text
is one constant, so a broker can neither tell them apart nor learn whether someone is enrolled.
See docs/adr/0007-matching.md.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from aordesk.review.facts import (
    AssociationFacts,
    Evidence,
    HeldLine,
    HouseholdEvidence,
    ReportFacts,
    SentLine,
)
from aordesk.review.matching import (
    ACCEPT,
    CONFIDENT,
    MARGIN,
    CarrierRef,
    ClaimFacts,
    EnrollmentFacts,
    HouseholdRef,
    Reason,
    Score,
    ScoredCandidate,
    plausible,
)

MAX_LISTED = 5  # households named in a staff reason about several candidates

__all__ = [
    "AssociationFacts",
    "BrokerCode",
    "Evidence",
    "HeldLine",
    "HouseholdEvidence",
    "InternalCode",
    "Particulars",
    "Proposal",
    "ReportFacts",
    "SentLine",
    "broker_code_for",
    "broker_explanation",
    "propose",
    "staff_explanation",
]


class InternalCode(StrEnum):
    ON_REPORT = "ON_REPORT"
    SENT = "SENT"
    HELD = "HELD"
    ENROLLED_NO_ASSOCIATION = "ENROLLED_NO_ASSOCIATION"
    AOR_WITH_OTHER_BROKER = "AOR_WITH_OTHER_BROKER"
    NO_MATCHING_ENROLLMENT = "NO_MATCHING_ENROLLMENT"
    NOT_CURRENT_YEAR = "NOT_CURRENT_YEAR"
    NEEDS_INFO = "NEEDS_INFO"


class BrokerCode(StrEnum):
    ON_REPORT = "ON_REPORT"
    SENT = "SENT"
    HELD = "HELD"
    NOT_CURRENT_YEAR = "NOT_CURRENT_YEAR"
    NO_ASSOCIATION = "NO_ASSOCIATION"
    NEEDS_INFO = "NEEDS_INFO"


def broker_code_for(code: InternalCode) -> BrokerCode:
    """The code the broker sees. Every internal code without a broker code of the same name
    (the three causes of NO_ASSOCIATION, and any added later) shows as NO_ASSOCIATION: the
    default that tells the broker least."""
    return BrokerCode.__members__.get(code.value, BrokerCode.NO_ASSOCIATION)


_NO_EVIDENCE = HouseholdEvidence()


@dataclass(frozen=True, slots=True, kw_only=True)
class Particulars:
    """The facts a broker or staff explanation quotes."""

    method: str | None = None
    received_on: date | None = None
    sent_on: date | None = None
    report_month: date | None = None
    enrollment_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Proposal:
    internal_code: InternalCode
    broker_code: BrokerCode
    confidence: float
    reasons: tuple[Reason, ...]
    needs: str | None = None
    confident: bool = False  # may be resolved without a person looking
    household_id: HouseholdRef | None = None
    particulars: Particulars = field(default_factory=Particulars)


NEEDS_TO_TELL_APART = "the consumer's case number, or full legal name, address and application date"
NEEDS_NAME = "the consumer's full legal name as on the application, and any previous last name"
NEEDS_SCRIPT = "the consumer's name retyped in plain letters (it mixes letters of two alphabets)"
NEEDS_DOB = "the consumer's date of birth, checked against the application"
NEEDS_ADDRESS = "the consumer's home address as on the application"

# The match weight (review/weights.py, in bits) settles what the thresholds above cannot:
# a name wholly replaced, or a mistyped DOB. A candidate is plausible from PLAUSIBLE_BITS;
# a positive needs ACCEPT_BITS and a lead of MARGIN_BITS (2^8 = 256 times likelier) over
# every other plausible candidate. See ADR 0007, "Evidence combined".
PLAUSIBLE_BITS = 12.0
ACCEPT_BITS = 24.0
MARGIN_BITS = 8.0


@dataclass(frozen=True, slots=True)
class _Context:
    """What every decision about the chosen candidate needs to hand."""

    claim: ClaimFacts
    best: ScoredCandidate
    evidence: HouseholdEvidence
    current_year: int
    single: bool  # no other plausible candidate


def _proposal(
    code: InternalCode, ctx: _Context, reasons: list[Reason], particulars: Particulars | None = None
) -> Proposal:
    score = ctx.best.score
    confident = (
        code != InternalCode.NEEDS_INFO
        and ctx.single
        and score.value >= CONFIDENT
        and score.dob == "exact"
        and score.names_strong
        and not score.mixed_scripts
    )
    return Proposal(
        internal_code=code,
        broker_code=broker_code_for(code),
        confidence=score.value,
        reasons=(*score.reasons, *reasons),
        confident=confident,
        household_id=ctx.best.candidate.household_id,
        particulars=particulars or Particulars(),
    )


def _undecided(
    code: InternalCode,
    reasons: Sequence[Reason],
    *,
    confidence: float = 0.0,
    needs: str | None = None,
    household_id: HouseholdRef | None = None,
) -> Proposal:
    """A proposal not tied to one sure candidate: never auto-resolved."""
    return Proposal(
        internal_code=code,
        broker_code=broker_code_for(code),
        confidence=confidence,
        reasons=tuple(reasons),
        needs=needs,
        household_id=household_id,
    )


def _doubt(live: Sequence[ScoredCandidate]) -> tuple[Reason, str] | None:
    """Why the best candidate cannot be taken as the claimed person, and what would settle it."""
    best = live[0].score
    if len(live) > 1 and best.value - live[1].score.value < MARGIN:
        ids = ", ".join(str(s.candidate.household_id) for s in live)
        text = f"several candidates within {MARGIN:.2f}: households {ids}"
        return Reason("ambiguous", text), NEEDS_TO_TELL_APART
    if best.mixed_scripts:
        return Reason("mixed_scripts_review", "mixed scripts: a person must check"), NEEDS_SCRIPT
    if best.dob != "exact":
        return Reason("dob_not_exact", "DOB is not an exact match"), NEEDS_DOB
    if not best.names_strong or best.value < ACCEPT:
        return Reason("weak_names", f"names match only weakly ({best.value:.2f})"), NEEDS_NAME
    return None


def _carrier_ok(claim: ClaimFacts, carrier_id: CarrierRef | None) -> bool:
    return claim.carrier_id is None or carrier_id is None or carrier_id == claim.carrier_id


def _enrollments(ctx: _Context, *, any_carrier: bool = False) -> list[EnrollmentFacts]:
    """The household's live current-year enrollments (with the claimed carrier, unless asked)."""
    return [
        e
        for e in ctx.best.candidate.enrollments
        if e.status != "cancelled"
        and (any_carrier or _carrier_ok(ctx.claim, e.carrier_id))
        and e.coverage_year == ctx.current_year
    ]


def _current_lines(ctx: _Context, association: AssociationFacts) -> list[SentLine]:
    """This association's lines for current-year enrollments, claimed carrier first."""
    years = {e.enrollment_id: e.coverage_year for e in ctx.best.candidate.enrollments}
    lines = [
        line
        for line in ctx.evidence.lines_sent
        if line.association_reference == association.reference
        and years.get(line.enrollment_id) == ctx.current_year
    ]
    # AOR is per household: a line to another carrier still shows this broker is AOR.
    lines.sort(key=lambda line: (_carrier_ok(ctx.claim, line.carrier_id), line.sent_on))
    return lines


def _sent_or_reported(ctx: _Context, association: AssociationFacts) -> Proposal | None:
    lines = _current_lines(ctx, association)
    if not lines:
        return None
    reported = {report.month for report in ctx.evidence.reports}
    on_report = [line for line in lines if line.month in reported]
    line = on_report[-1] if on_report else lines[-1]
    particulars = Particulars(
        method=association.method,
        received_on=association.received_on,
        sent_on=line.sent_on,
        report_month=line.month,
        enrollment_id=line.enrollment_id,
    )
    reasons = [Reason("aor_sent", f"association {association.reference} sent on {line.sent_on}")]
    if not _carrier_ok(ctx.claim, line.carrier_id):
        reasons.append(Reason("other_carrier", "sent to a different carrier than claimed"))
    if on_report:
        reasons.append(Reason("on_report", f"on the report for {line.month:%B %Y}"))
        return _proposal(InternalCode.ON_REPORT, ctx, reasons, particulars)
    return _proposal(InternalCode.SENT, ctx, reasons, particulars)


def _with_association(ctx: _Context, association: AssociationFacts) -> Proposal:
    """This broker holds the household's active association: sent, held or out of year."""
    sent = _sent_or_reported(ctx, association)
    if sent:
        return sent
    particulars = Particulars(method=association.method, received_on=association.received_on)
    mine = Reason("aor_this_broker", f"active association {association.reference} from broker")
    # A line held for next year's enrollment says nothing about this year's coverage.
    years = {e.enrollment_id: e.coverage_year for e in ctx.best.candidate.enrollments}
    held = [
        h
        for h in ctx.evidence.held
        if h.association_reference == association.reference
        and (h.enrollment_id is None or years.get(h.enrollment_id) == ctx.current_year)
    ]
    if held:
        reason = Reason("aor_held", "held until the enrollment is sent to the carrier")
        return _proposal(InternalCode.HELD, ctx, [mine, reason], particulars)
    # The broker is AOR for the whole household, so any carrier's enrollment counts here.
    if _enrollments(ctx, any_carrier=True):
        # Received but in no carrier file and not held: the next file is still to be built.
        pending = Reason("aor_pending", "received but neither sent nor held yet: staff check")
        return _proposal(InternalCode.NEEDS_INFO, ctx, [mine, pending], particulars)
    if any(e.status != "cancelled" for e in ctx.best.candidate.enrollments):
        reason = Reason("not_current_year", f"no enrollment for {ctx.current_year}")
        return _proposal(InternalCode.NOT_CURRENT_YEAR, ctx, [mine, reason], particulars)
    # The association's facts stay with the proposal: the page lists it, and a reviewer who
    # knows better may still choose HELD or SENT from them.
    reason = _no_live_enrollment(ctx, "no enrollment at all")
    return _proposal(InternalCode.NO_MATCHING_ENROLLMENT, ctx, [mine, reason], particulars)


def _no_live_enrollment(ctx: _Context, otherwise: str) -> Reason:
    """Why no enrollment counts, as the case page's list of enrollments shows it: a
    cancelled enrollment is listed there, so the reason names it rather than deny it."""
    cancelled = [
        e
        for e in ctx.best.candidate.enrollments
        if e.status == "cancelled" and _carrier_ok(ctx.claim, e.carrier_id)
    ]
    if cancelled:
        ids = ", ".join(e.enrollment_id for e in cancelled)
        return Reason("only_cancelled", f"only cancelled enrollment(s): {ids}")
    return Reason("no_enrollment", otherwise)


def _without_association(ctx: _Context) -> Proposal:
    active = [a for a in ctx.evidence.associations if a.status == "active"]
    reasons = []
    if any(a.is_this_broker for a in ctx.evidence.associations):
        reasons.append(Reason("aor_this_broker_inactive", "broker's earlier association ended"))
    if active:
        other = active[0]
        reasons.append(Reason("aor_other_broker", f"active AOR is NPN {other.broker_npn}"))
        return _proposal(InternalCode.AOR_WITH_OTHER_BROKER, ctx, reasons)
    current = _enrollments(ctx)
    if current:
        ids = ", ".join(e.enrollment_id for e in current)
        reasons.append(Reason("enrolled_no_aor", f"enrolled ({ids}) with no association"))
        return _proposal(InternalCode.ENROLLED_NO_ASSOCIATION, ctx, reasons)
    reasons.append(_no_live_enrollment(ctx, "no current-year enrollment with the claimed carrier"))
    return _proposal(InternalCode.NO_MATCHING_ENROLLMENT, ctx, reasons)


def _mine(evidence: HouseholdEvidence) -> list[AssociationFacts]:
    return [a for a in evidence.associations if a.is_this_broker and a.status == "active"]


def _despite_doubt(
    claim: ClaimFacts,
    live: Sequence[ScoredCandidate],
    doubt: Reason,
    evidence: Evidence,
    current_year: int,
) -> Proposal | None:
    """The two doubts that the evidence settles safely (ADR 0007, "Settled doubts").

    1. No plausible candidate holds an active association from this broker: whoever is
       meant, the broker's answer is NO_ASSOCIATION, so asking who it is adds nothing.
    2. One plausible candidate, exact DOB, holding this broker's active association, with
       names near (both strong but the score lowered by address or application date; or one
       strong and one a single typing slip, with the claimed carrier enrolled): the broker
       named their own consumer. Ties, mixed scripts and inexact DOBs still go to a person.
    """
    if doubt.code in {"ambiguous", "mixed_scripts_review"}:
        return None
    best = live[0]
    household = evidence.get(best.candidate.household_id, _NO_EVIDENCE)
    ctx = _Context(claim, best, household, current_year, single=len(live) == 1)
    if not any(_mine(evidence.get(s.candidate.household_id, _NO_EVIDENCE)) for s in live):
        proposal = _without_association(ctx)
        unsure = Reason("no_aor_any_candidate", "no plausible candidate has this broker's AOR")
        return replace(proposal, reasons=(*proposal.reasons, doubt, unsure), confident=False)
    score, mine = best.score, _mine(household)
    carrier_ok = score.names_strong or bool(score.carrier_enrollment_ids)
    if not (ctx.single and mine and score.dob == "exact" and score.names_near and carrier_ok):
        return None
    if doubt.code != "weak_names":
        return None
    proposal = _with_association(ctx, mine[0])
    near = Reason("names_near_own_consumer", "single candidate, exact DOB, broker's own AOR")
    return replace(proposal, reasons=(*proposal.reasons, doubt, near), confident=False)


def _contenders(ranked: Sequence[ScoredCandidate]) -> list[ScoredCandidate]:
    """Candidates whose combined evidence makes them plausible, heaviest first: at least
    one name must agree (a DOB and a date alone name nobody)."""
    found = [
        s
        for s in ranked
        if s.score.weight >= PLAUSIBLE_BITS and s.score.one_name and not s.score.mixed_scripts
    ]
    return sorted(found, key=lambda s: (-s.score.weight, str(s.candidate.household_id)))


def _what_to_check(score: Score) -> tuple[Reason, str]:
    """What would settle a doubt about the best candidate: the field that disagrees."""
    codes = set(score.codes())
    if score.dob != "exact":
        return Reason("dob_not_exact", "DOB is not an exact match"), NEEDS_DOB
    if not score.names_strong:
        return Reason("weak_names", f"names match only weakly ({score.value:.2f})"), NEEDS_NAME
    if "address_differs" in codes or "address_locality" in codes:
        return Reason("address_check", "address differs from the household's"), NEEDS_ADDRESS
    return Reason("weak_evidence", f"evidence not enough ({score.weight:.1f} bits)"), NEEDS_NAME


def _by_weight(
    claim: ClaimFacts, ranked: Sequence[ScoredCandidate], evidence: Evidence, current_year: int
) -> Proposal | None:
    """Decide on the combined evidence when the scorer's thresholds give up (ADR 0007,
    "Evidence combined"). A positive only for one best candidate, far ahead of the rest,
    holding this broker's active association; NEEDS_INFO saying what to check when the
    broker's association is there but the evidence is not enough; the best candidate's
    NO_ASSOCIATION cause when no plausible candidate holds it. None: nobody plausible."""
    contenders = _contenders(ranked)
    if not contenders:
        return None
    best = contenders[0]
    household = evidence.get(best.candidate.household_id, _NO_EVIDENCE)
    alone = len(contenders) == 1 or best.score.weight - contenders[1].score.weight >= MARGIN_BITS
    ctx = _Context(claim, best, household, current_year, single=alone)
    weighed = Reason("evidence_weight", f"evidence combined: {best.score.weight:.1f} bits")
    holders = [s for s in contenders if _mine(evidence.get(s.candidate.household_id, _NO_EVIDENCE))]
    if not holders:
        proposal = _without_association(ctx)
        unsure = Reason("no_aor_any_candidate", "no plausible candidate has this broker's AOR")
        return replace(proposal, reasons=(*proposal.reasons, weighed, unsure), confident=False)
    mine = _mine(household)
    if mine and alone and best.score.weight >= ACCEPT_BITS:
        proposal = _with_association(ctx, mine[0])
        return replace(proposal, reasons=(*proposal.reasons, weighed), confident=False)
    if mine and alone:
        reason, needs = _what_to_check(best.score)
    else:
        ids = ", ".join(str(s.candidate.household_id) for s in contenders[:MAX_LISTED])
        reason = Reason("ambiguous", f"several plausible candidates: households {ids}")
        needs = NEEDS_TO_TELL_APART
    return _undecided(
        InternalCode.NEEDS_INFO,
        [*best.score.reasons, weighed, reason],
        confidence=best.score.value,
        needs=needs,
        household_id=best.candidate.household_id if alone else None,
    )


# What the broker's own association shows, once the evidence says who it is.
_SETTLED_BY_WEIGHT = {
    BrokerCode.ON_REPORT,
    BrokerCode.SENT,
    BrokerCode.HELD,
    BrokerCode.NOT_CURRENT_YEAR,
}


def _weighed_doubt(
    claim: ClaimFacts,
    ranked: Sequence[ScoredCandidate],
    doubt: Reason,
    evidence: Evidence,
    current_year: int,
) -> Proposal | None:
    """A doubt about names or DOB that the combined evidence settles as a positive. Ties
    and mixed scripts still go to a person; so does anything short of a positive (the
    scorer's own NEEDS_INFO names what to check)."""
    if doubt.code not in {"weak_names", "dob_not_exact"}:
        return None
    weighed = _by_weight(claim, ranked, evidence, current_year)
    if weighed and weighed.broker_code in _SETTLED_BY_WEIGHT:
        return weighed
    return None


def propose(
    claim: ClaimFacts,
    candidates: Sequence[ScoredCandidate],
    evidence: Evidence,
    *,
    current_year: int,
) -> Proposal:
    """Propose a determination for one claim. Never raises for odd input: doubts become
    NEEDS_INFO, and no plausible candidate becomes NO_MATCHING_ENROLLMENT."""
    ranked = sorted(candidates, key=lambda s: (-s.score.value, str(s.candidate.household_id)))
    live = plausible(ranked)
    if not live:
        weighed = _by_weight(claim, ranked, evidence, current_year)
        if weighed:
            return weighed
        reason = Reason("no_candidate", "no household matches the claim's name and DOB")
        return _undecided(InternalCode.NO_MATCHING_ENROLLMENT, [reason])
    best = live[0]
    doubt = _doubt(live)
    if doubt:
        reason, needs = doubt
        settled = _despite_doubt(claim, live, reason, evidence, current_year)
        if settled:
            return settled
        weighed = _weighed_doubt(claim, ranked, reason, evidence, current_year)
        if weighed:
            return weighed
        household_id = None if reason.code == "ambiguous" else best.candidate.household_id
        proposal = _undecided(
            InternalCode.NEEDS_INFO,
            [*best.score.reasons, reason],
            confidence=best.score.value,
            needs=needs,
            household_id=household_id,
        )
        if household_id is None:
            return proposal
        return replace(proposal, particulars=_facts_of(claim, best, evidence, current_year))
    household_evidence = evidence.get(best.candidate.household_id, _NO_EVIDENCE)
    ctx = _Context(claim, best, household_evidence, current_year, single=len(live) == 1)
    mine = _mine(household_evidence)
    return _with_association(ctx, mine[0]) if mine else _without_association(ctx)


def _facts_of(
    claim: ClaimFacts, best: ScoredCandidate, evidence: Evidence, current_year: int
) -> Particulars:
    """The facts of the best candidate's association with this broker, when it has one: a
    reviewer who settles the doubt may choose a determination that quotes them (the case
    page lists that association)."""
    household = evidence.get(best.candidate.household_id, _NO_EVIDENCE)
    mine = _mine(household)
    if not mine:
        return Particulars()
    ctx = _Context(claim, best, household, current_year, single=False)
    return _with_association(ctx, mine[0]).particulars


_METHODS = {"portal": "the broker portal", "electronic": "electronic form", "paper": "paper form"}

# One text for every internal cause of NO_ASSOCIATION, true of each of them: it must not hint
# at which cause applies, nor whether the consumer is enrolled.
NO_ASSOCIATION_TEXT = (
    "We could not confirm that you are the agent of record for this consumer's current-year "
    "coverage. If the consumer wants you as their agent of record, submit an AOR association "
    "in one of three ways: through the broker portal, with the electronic AOR form, or with "
    "the paper AOR form sent to the Broker Team."
)
_NOT_CURRENT_YEAR_TEXT = (
    "Your AOR association for this consumer concerns coverage outside the current year. "
    "AOR reports list current-year enrollments only."
)
_NEEDS_TEXT = "We could not decide this claim from the details given. Please send {needs}."
_STILL_CHECKING_TEXT = "We are still checking this claim and will answer it in a later file."


def _day(day: date | None) -> str:
    return f"{day:%m/%d/%Y}" if day else "an unknown date"


def _received(p: Particulars) -> str:
    method = _METHODS.get(p.method or "", p.method or "an unknown method")
    return f"Your AOR association was received by {method} on {_day(p.received_on)}"


def broker_explanation(proposal: Proposal) -> str:
    """Plain text for the broker. Depends on the broker code and the broker's own facts only."""
    p, code = proposal.particulars, proposal.broker_code
    if code == BrokerCode.NO_ASSOCIATION:
        return NO_ASSOCIATION_TEXT
    if code == BrokerCode.NOT_CURRENT_YEAR:
        return _NOT_CURRENT_YEAR_TEXT
    if code == BrokerCode.NEEDS_INFO:
        return _NEEDS_TEXT.format(needs=proposal.needs) if proposal.needs else _STILL_CHECKING_TEXT
    month = f"{p.report_month:%B %Y}" if p.report_month else "its month"
    if code == BrokerCode.ON_REPORT:
        return f"This consumer is on your AOR report for {month}, Date Sent {_day(p.sent_on)}."
    if code == BrokerCode.SENT:
        return (
            f"{_received(p)} and sent to the carrier on {_day(p.sent_on)}. "
            f"It will be on your AOR report for {month}."
        )
    return (
        f"{_received(p)}. It is held until the consumer's enrollment is sent to the "
        "carrier, and then goes in that carrier's next AOR file."
    )


def staff_explanation(proposal: Proposal) -> str:
    """Everything staff need to check a proposal: the internal cause, the figures, the reasons."""
    lines = [
        f"{proposal.internal_code} (broker sees {proposal.broker_code}); "
        f"confidence {proposal.confidence:.2f}; "
        + ("may auto-resolve" if proposal.confident else "needs a person"),
        f"household: {proposal.household_id if proposal.household_id is not None else 'none'}",
        *(f"- {reason.text}" for reason in proposal.reasons),
    ]
    if proposal.needs:
        lines.append(f"needs from broker: {proposal.needs}")
    return "\n".join(lines)
