import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from aordesk.aor.models import AorAssociation
from aordesk.brokers.models import Agency, Broker, BrokerCertificationChange
from aordesk.carriers.models import Carrier, CarrierAlias
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.households.models import Enrollment, EnrollmentTransmission, Household
from aordesk.seed.generator import SeedPlan, generate_chunk, generate_roster
from aordesk.seed.hardcases import hard_cases
from aordesk.seed.services import seed_market

pytestmark = pytest.mark.django_db
THROUGH = dt.date(2026, 10, 1)
SMALL = dict(brokers=12, households=60, year=2026, seed=5, through=THROUGH)


def _seed(**overrides):
    return seed_market(actor=Actor.system("test"), **{**SMALL, **overrides})


def _table_counts():
    models = (Carrier, CarrierAlias, Agency, Broker, Household, Enrollment)
    more = (EnrollmentTransmission, AorAssociation, BrokerCertificationChange)
    return {m.__name__: m.objects.count() for m in models + more}


def test_a_small_seed_writes_exactly_the_generated_rows():
    summary = _seed()
    plan = SeedPlan(seed=5, year=2026, through=THROUGH, brokers=12, agencies=1, households=60)
    rows = generate_chunk(plan, generate_roster(plan), 0)
    counts = _table_counts()
    assert counts["Household"] == summary.created["households"] == 60
    assert counts["Enrollment"] == sum(len(h.enrollments) for h in rows)
    assert counts["AorAssociation"] == sum(len(h.associations) for h in rows)
    expected = sum(len(e.transmissions) for h in rows for e in h.enrollments)
    assert counts["EnrollmentTransmission"] == expected
    assert (counts["Carrier"], counts["Broker"], counts["Agency"]) == (7, 12, 1)
    assert counts["BrokerCertificationChange"] == 4


def test_every_hard_case_is_in_the_database_under_its_case_number():
    _seed()
    stored = {h.case_number: h for h in Household.objects.all()}
    for case in hard_cases():
        household = stored[case.case_number]
        assert (household.first_name, household.last_name) == (case.first_name, case.last_name)
        assert household.date_of_birth == case.date_of_birth


def test_the_database_holds_at_most_one_active_association_per_household():
    _seed()
    per_household = AorAssociation.objects.values("household").annotate(
        active=Count("pk", filter=Q(status="active"))
    )
    assert max(row["active"] for row in per_household) == 1


def test_a_held_association_and_an_untransmitted_enrollment_reach_the_database():
    _seed()
    untransmitted = Enrollment.objects.filter(coverage_year=2026, transmissions__isnull=True)
    assert untransmitted.exists()
    held = [
        a
        for a in AorAssociation.objects.filter(status="active").prefetch_related(
            "household__enrollments__transmissions"
        )
        if any(
            t.sent_on > a.received_on
            for e in a.household.enrollments.all()
            if e.coverage_year == 2026
            for t in e.transmissions.all()
        )
    ]
    assert held


def test_the_decertified_broker_is_recorded_with_its_history():
    _seed()
    broker = Broker.objects.get(certification_status="decertified")
    assert broker.status_changed_on.year == 2026
    assert [c.status for c in broker.certification_changes.all()] == [
        "certified",
        "decertified",
    ]
    assert broker.associations.exists()


def test_seeding_again_with_the_same_arguments_adds_nothing():
    _seed()
    before = _table_counts()
    again = _seed()
    assert again.already_seeded
    assert again.households_skipped == 60
    assert _table_counts() == before


def test_a_larger_seed_adds_only_the_missing_households():
    _seed()
    grown = _seed(households=90)
    assert (grown.households_skipped, grown.created["households"]) == (60, 30)
    assert grown.created["brokers"] == 0
    assert Household.objects.count() == 90


def test_seeding_leaves_one_audit_event_with_counts_and_no_names():
    _seed()
    event = AuditEvent.objects.get(action="seed.market")
    assert event.detail["created"]["households"] == 60
    text = json.dumps(event.detail)
    assert not any(case.last_name in text for case in hard_cases())


def test_the_command_prints_a_json_summary_and_then_reports_already_seeded():
    out = StringIO()
    args = ["--brokers", "10", "--households", "30", "--year", "2026", "--through", "2026-10"]
    call_command("seed", *args, "--json", stdout=out)
    assert json.loads(out.getvalue())["created"]["households"] == 30
    out = StringIO()
    call_command("seed", *args, stdout=out)
    assert out.getvalue().startswith("Already seeded")


def test_the_command_prints_the_hard_cases_without_touching_the_database():
    out = StringIO()
    call_command("seed", "--hard-cases", stdout=out)
    assert len(json.loads(out.getvalue())) == len(hard_cases())
    assert not Household.objects.exists()


def test_rows_added_after_seeding_get_fresh_ids():
    _seed(households=25)
    highest = Household.objects.order_by("-pk").values_list("pk", flat=True).first()
    added = Household.objects.create(
        case_number="C-after-seed",
        first_name="Added",
        last_name="Later",
        date_of_birth=dt.date(1990, 1, 1),
        application_method="online",
        application_submitted_on=dt.date(2026, 10, 1),
    )
    assert added.pk > highest
