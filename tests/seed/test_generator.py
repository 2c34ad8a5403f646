import datetime as dt
from collections import Counter

import pytest

from aordesk.core.dates import month_end, next_month_start
from aordesk.seed import timeline
from aordesk.seed.generator import (
    CHUNK_SIZE,
    SeedPlan,
    default_through,
    default_year,
    generate_households,
    generate_roster,
)
from aordesk.seed.names import CARRIERS

THROUGH = dt.date(2026, 10, 1)


def _plan(seed=7, households=800, **overrides):
    fields = dict(seed=seed, year=2026, through=THROUGH, brokers=30, agencies=3)
    return SeedPlan(households=households, **{**fields, **overrides})


def _market(plan):
    roster = generate_roster(plan)
    return roster, [row for chunk in generate_households(plan, roster) for row in chunk]


@pytest.fixture(scope="module")
def market():
    return _market(_plan())


@pytest.fixture(scope="module")
def households(market):
    return market[1]


def _by_scenario(households, scenario):
    return next(h for h in households if h.scenario == scenario)


def test_the_same_seed_generates_the_same_rows():
    assert _market(_plan(seed=3, households=300)) == _market(_plan(seed=3, households=300))


def test_a_different_seed_generates_different_rows():
    assert _market(_plan(seed=3, households=300)) != _market(_plan(seed=4, households=300))


def test_a_smaller_seed_is_a_prefix_of_a_larger_one():
    _, small = _market(_plan(households=120))
    _, large = _market(_plan(households=300))
    assert large[:120] == small


def test_households_come_in_chunks_of_fixed_size():
    plan = _plan(households=CHUNK_SIZE + 5, brokers=3, agencies=0)
    sizes = [len(chunk) for chunk in generate_households(plan, generate_roster(plan))]
    assert sizes == [CHUNK_SIZE, 5]


def test_case_numbers_enrollment_ids_and_references_are_unique(households):
    cases = [h.case_number for h in households]
    enrollments = [e.enrollment_id for h in households for e in h.enrollments]
    references = [a.reference for h in households for a in h.associations]
    for keys in (cases, enrollments, references):
        assert len(keys) == len(set(keys))


def test_npns_are_unique_digits_and_emails_are_on_example_domains(market):
    roster, _ = market
    npns = [b.npn for b in roster.brokers]
    assert len(set(npns)) == len(npns)
    assert all(n.isdigit() and 1 <= len(n) <= 10 for n in npns)
    assert all(b.email.endswith(".example") for b in roster.brokers)
    assert all(a.admin_email.endswith(".example") for a in roster.agencies)


def test_agencies_have_several_brokers_and_some_brokers_are_independent(market):
    roster, _ = market
    sizes = Counter(b.agency_code for b in roster.brokers)
    assert sizes[""] > 0
    assert all(sizes[a.code] >= 2 for a in roster.agencies)


def test_one_broker_is_decertified_mid_year_and_one_is_suspended(market):
    roster, households = market
    statuses = Counter(b.certification_status for b in roster.brokers)
    assert statuses["decertified"] == 1 and statuses["suspended"] == 1
    decertified = next(b for b in roster.brokers if b.certification_status == "decertified")
    assert decertified.status_changed_on.year == 2026
    assert decertified.certified_on < decertified.status_changed_on < month_end(THROUGH)
    named = {a.broker_npn for h in households for a in h.associations}
    assert decertified.npn in named


def test_the_decertified_broker_has_associations_before_and_after_decertification(market):
    roster, households = market
    decertified = next(b for b in roster.brokers if b.certification_status == "decertified")
    before = _by_scenario(households, timeline.DECERTIFIED_BEFORE).associations[0]
    after = _by_scenario(households, timeline.DECERTIFIED_AFTER).associations[0]
    assert before.broker_npn == after.broker_npn == decertified.npn
    assert before.received_on < decertified.status_changed_on <= after.received_on


def test_every_carrier_has_a_fixed_code_and_blue_cross_has_its_aliases(households):
    codes = {c.code for c in CARRIERS}
    assert {"BCBSMN", "HP", "MEDICA", "QUARTZ", "UCARE", "DELTA"} <= codes
    assert len([c for c in CARRIERS if c.kind == "dental"]) >= 2
    blue = next(c for c in CARRIERS if c.code == "BCBSMN")
    assert {"BCBS", "Blue Cross", "Blue Cross Blue Shield", "BCBS MN"} <= set(blue.aliases)
    used = {e.carrier_code for h in households for e in h.enrollments}
    assert used == codes


def test_enrollments_span_two_coverage_years_and_every_program(households):
    enrollments = [e for h in households for e in h.enrollments]
    assert {e.coverage_year for e in enrollments} == {2025, 2026}
    assert {e.program for e in enrollments} == {"qhp_aptc", "qhp", "dental"}
    assert all(e.effective_on.year == e.coverage_year for e in enrollments)
    assert all((e.program == "dental") == (e.coverage_kind == "dental") for e in enrollments)
    assert all(e.end_on is None or e.end_on >= e.effective_on for e in enrollments)


def test_households_apply_online_and_on_paper_before_enrolling(households):
    assert {h.application_method for h in households} == {"online", "paper"}
    for h in households:
        assert h.application_submitted_on <= min(e.completed_on for e in h.enrollments)


def test_some_current_year_enrollments_are_not_yet_transmitted(households):
    untransmitted = _by_scenario(households, timeline.UNTRANSMITTED)
    current = [e for e in untransmitted.enrollments if e.coverage_year == 2026]
    assert current and all(not e.transmissions for e in current)
    assert untransmitted.associations[0].status == "active"
    prior = [e for h in households for e in h.enrollments if e.coverage_year == 2025]
    assert all(e.transmissions for e in prior)


def test_some_associations_are_received_before_their_enrollment_was_transmitted(households):
    held = _by_scenario(households, timeline.HELD)
    medical = next(e for e in held.enrollments if e.coverage_kind == "medical")
    assert held.associations[0].received_on < min(t.sent_on for t in medical.transmissions)
    assert sum(1 for h in households if _is_held(h)) > 10


def _is_held(household):
    current = [e for e in household.enrollments if e.coverage_year == 2026]
    sent = [t.sent_on for e in current for t in e.transmissions]
    active = [a for a in household.associations if a.status == "active"]
    return bool(current and active) and (not sent or active[0].received_on < min(sent))


def test_transmissions_and_received_dates_never_pass_the_demo_month(households):
    end = month_end(THROUGH)
    assert all(t.sent_on <= end for h in households for e in h.enrollments for t in e.transmissions)
    assert all(a.received_on <= end for h in households for a in h.associations)


def test_the_demo_month_has_many_associations_to_send(households):
    received = Counter(a.received_on.replace(day=1) for h in households for a in h.associations)
    assert received[THROUGH] >= 0.1 * sum(received.values())
    assert len([m for m in received if m.year == 2026]) == 10


def test_associations_take_effect_the_first_of_the_month_after_receipt(households):
    for a in (a for h in households for a in h.associations):
        assert a.effective_on == next_month_start(a.received_on)
        assert (a.status == "active") == (a.ended_on is None)


def test_every_method_of_receipt_is_used(households):
    assert {a.method for h in households for a in h.associations} == {
        "portal",
        "electronic",
        "paper",
    }


def test_a_household_has_at_most_one_active_association(households):
    for h in households:
        assert sum(1 for a in h.associations if a.status == "active") <= 1


def test_a_broker_change_ends_the_old_association_before_the_new_one_starts(households):
    changed = _by_scenario(households, timeline.BROKER_CHANGE)
    old, new = changed.associations
    assert (old.status, old.end_reason, new.status) == ("ended", "new_broker", "active")
    assert old.broker_npn != new.broker_npn
    assert old.effective_on <= old.ended_on < new.effective_on
    assert old.ended_on == new.effective_on - dt.timedelta(days=1)


def test_a_consumer_can_remove_their_broker(households):
    removed = _by_scenario(households, timeline.CONSUMER_REMOVED)
    (only,) = removed.associations
    assert (only.status, only.end_reason) == ("ended", "consumer_removed")
    assert only.ended_on >= only.effective_on


def test_the_demo_month_is_the_month_before_today_inside_the_coverage_year():
    assert default_year(dt.date(2026, 11, 27)) == 2026
    assert default_year(dt.date(2027, 1, 5)) == 2026
    assert default_through(year=2026, today=dt.date(2026, 11, 27)) == dt.date(2026, 10, 1)
    assert default_through(year=2025, today=dt.date(2026, 11, 27)) == dt.date(2025, 12, 1)
    assert default_through(year=2027, today=dt.date(2026, 11, 27)) == dt.date(2027, 1, 1)


def test_a_plan_refuses_a_demo_month_outside_its_year():
    with pytest.raises(ValueError, match="through"):
        _plan(through=dt.date(2025, 10, 1))
