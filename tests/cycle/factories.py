import datetime as dt

import factory

from aordesk.aor.models import AorAssociation, AorTransmissionLine
from aordesk.cycle.models import Cycle, CycleUnit
from aordesk.households.models import Enrollment
from tests.aor.factories import (
    AorAssociationFactory,
    AorTransmissionFactory,
    AorTransmissionLineFactory,
)
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.households.factories import EnrollmentFactory, HouseholdFactory

OCTOBER = dt.date(2026, 10, 1)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    month = OCTOBER
    status = Cycle.Status.RUNNING
    started_by = "cli:test"


class CycleUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleUnit

    cycle = factory.SubFactory(CycleFactory)
    kind = CycleUnit.Kind.BROKER
    broker = factory.SubFactory(BrokerFactory)


def sent_line(
    *,
    broker,
    sent_on: dt.date,
    carrier=None,
    household=None,
    coverage_year: int | None = None,
    program: str = Enrollment.Program.QHP_FINANCIAL_HELP,
    voided: bool = False,
    final_for_month: bool = False,
    received_on: dt.date = dt.date(2025, 9, 10),
    association=None,
) -> AorTransmissionLine:
    """An AOR line of `broker` for a new household's enrollment, sent on `sent_on`."""
    carrier = carrier or CarrierFactory(code="BLUE", display_name="Blue Plan")
    household = household or (association.household if association else HouseholdFactory())
    year = coverage_year or sent_on.year
    kind = "dental" if program == Enrollment.Program.DENTAL else "medical"
    enrollment = EnrollmentFactory(
        household=household,
        carrier=carrier,
        coverage_year=year,
        program=program,
        coverage_kind=kind,
    )
    association = association or AorAssociationFactory(
        broker=broker,
        household=household,
        received_on=received_on,
        status=AorAssociation.Status.VOIDED if voided else AorAssociation.Status.ACTIVE,
        ended_on=sent_on if voided else None,
    )
    transmission = AorTransmissionFactory(
        carrier=carrier, sent_on=sent_on, final_for_month=final_for_month
    )
    return AorTransmissionLineFactory(
        transmission=transmission, association=association, enrollment=enrollment
    )


def close_month(month: dt.date) -> None:
    """Every active carrier's final AOR file of `month` is out: the gate is closed."""
    from aordesk.carriers.models import Carrier
    from aordesk.core.dates import month_end

    for carrier in Carrier.objects.filter(active=True):
        AorTransmissionFactory(carrier=carrier, sent_on=month_end(month), final_for_month=True)


def read_sheet(path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_name(sheet).to_python()
