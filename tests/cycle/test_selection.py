import datetime as dt

import pytest

from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.cycle import selectors, services
from aordesk.cycle.models import CycleUnit
from aordesk.households.models import Enrollment
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.cycle.factories import OCTOBER, CycleFactory, sent_line
from tests.households.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


def report_names(broker, month):
    rows = selectors.broker_rows(broker_id=broker.pk, month=month)
    return [row[1] for row in rows]


def units_of(month, broker=None):
    cycle = CycleFactory(month=month)
    services.cycle_units_create(cycle=cycle, actor=Actor.cli(), broker=broker)
    return set(cycle.units.values_list("kind", "broker_id", "agency_id"))


def test_a_line_sent_on_the_last_day_of_the_month_is_on_that_month_not_the_next():
    broker = BrokerFactory()
    line = sent_line(broker=broker, sent_on=dt.date(2026, 10, 31))
    name = line.enrollment.household.last_name
    assert report_names(broker, OCTOBER) == [name]
    assert report_names(broker, NOVEMBER) == []


def test_a_line_sent_on_the_first_day_of_the_next_month_waits_for_that_month():
    broker = BrokerFactory()
    line = sent_line(broker=broker, sent_on=dt.date(2026, 11, 1))
    assert report_names(broker, OCTOBER) == []
    assert report_names(broker, NOVEMBER) == [line.enrollment.household.last_name]


def test_a_prior_year_enrollment_sent_this_month_is_not_on_the_report():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 5), coverage_year=2025)
    assert report_names(broker, OCTOBER) == []


def test_a_next_year_enrollment_sent_in_open_enrollment_waits_for_january():
    broker = BrokerFactory()
    line = sent_line(broker=broker, sent_on=dt.date(2026, 11, 20), coverage_year=2027)
    assert report_names(broker, NOVEMBER) == []
    assert report_names(broker, dt.date(2027, 1, 1)) == [line.enrollment.household.last_name]
    assert report_names(broker, dt.date(2027, 2, 1)) == []


def test_a_voided_association_never_appears():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 5), voided=True)
    assert report_names(broker, OCTOBER) == []
    assert units_of(OCTOBER) == set()


def test_medical_and_dental_enrollments_are_one_row_each_sorted_by_name_and_dob():
    broker = BrokerFactory()
    zed = HouseholdFactory(last_name="Zed", first_name="Ann")
    first = sent_line(broker=broker, sent_on=dt.date(2026, 10, 9), household=zed)
    sent_line(
        broker=broker,
        sent_on=dt.date(2026, 10, 9),
        association=first.association,
        program=Enrollment.Program.DENTAL,
        carrier=CarrierFactory(code="SMILE", display_name="Smile Dental", kind="dental"),
    )
    older = HouseholdFactory(last_name="Able", first_name="Bo", date_of_birth=dt.date(1950, 1, 1))
    younger = HouseholdFactory(last_name="Able", first_name="Bo", date_of_birth=dt.date(1990, 1, 1))
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 2), household=younger)
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3), household=older)
    rows = list(selectors.broker_rows(broker_id=broker.pk, month=OCTOBER))
    assert [(r[1], r[3].year) for r in rows] == [
        ("Able", 1950),
        ("Able", 1990),
        ("Zed", 1980),
        ("Zed", 1980),
    ]


def test_a_decertified_brokers_lines_that_were_sent_still_appear():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 5))
    Broker.objects.filter(pk=broker.pk).update(
        certification_status=Broker.Certification.DECERTIFIED,
        status_changed_on=dt.date(2026, 10, 20),
    )
    assert len(report_names(broker, OCTOBER)) == 1


def test_a_broker_with_current_year_aors_but_none_this_month_still_gets_its_unit():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 3, 5))
    assert units_of(OCTOBER) == {(CycleUnit.Kind.BROKER, broker.pk, None)}


def test_a_broker_with_no_current_year_aor_gets_no_unit():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2025, 10, 5))
    sent_line(broker=broker, sent_on=dt.date(2026, 11, 5))
    assert units_of(OCTOBER) == set()


def test_an_agency_gets_one_statement_unit_and_one_broker_run_leaves_it_out():
    agency = AgencyFactory()
    broker = BrokerFactory(agency=agency)
    other = BrokerFactory(agency=agency)
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 5))
    sent_line(broker=other, sent_on=dt.date(2026, 10, 6))
    assert (CycleUnit.Kind.AGENCY_STATEMENT, None, agency.pk) in units_of(OCTOBER)
    assert units_of(NOVEMBER, broker=broker) == {(CycleUnit.Kind.BROKER, broker.pk, None)}


def test_creating_units_twice_creates_them_once():
    sent_line(broker=BrokerFactory(agency=AgencyFactory()), sent_on=dt.date(2026, 10, 5))
    cycle = CycleFactory()
    assert services.cycle_units_create(cycle=cycle, actor=Actor.cli()) == 2
    assert services.cycle_units_create(cycle=cycle, actor=Actor.cli()) == 0


def test_the_agency_counts_distinct_households_by_npn_program_and_carrier():
    agency = AgencyFactory()
    broker = BrokerFactory(agency=agency, npn="111")
    other = BrokerFactory(agency=agency, npn="222")
    home = sent_line(broker=broker, sent_on=dt.date(2026, 10, 5))
    # The same household's second enrollment with the carrier counts once.
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 6), association=home.association)
    sent_line(broker=broker, sent_on=dt.date(2026, 4, 6))
    sent_line(
        broker=other, sent_on=dt.date(2026, 10, 7), program=Enrollment.Program.QHP_NO_FINANCIAL_HELP
    )
    sent_line(broker=BrokerFactory(), sent_on=dt.date(2026, 10, 7))
    counts = selectors.statement_counts(month=OCTOBER, agency_id=agency.pk)
    got = [
        (
            c["association__broker__npn"],
            c["enrollment__program"],
            c["sent_in_month"],
            c["year_to_date"],
        )
        for c in counts
    ]
    assert got == [("111", "qhp_aptc", 1, 2), ("222", "qhp", 1, 1)]
