import datetime as dt

import factory

from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.core.dates import next_month_start
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.households.factories import (
    EnrollmentFactory,
    EnrollmentTransmissionFactory,
    HouseholdFactory,
)


class AorAssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AorAssociation

    reference = factory.Sequence(lambda n: f"A{n:08d}")
    broker = factory.SubFactory(BrokerFactory)
    household = factory.SubFactory(HouseholdFactory)
    method = AorAssociation.Method.PORTAL
    received_on = dt.date(2026, 1, 10)
    effective_on = factory.LazyAttribute(lambda o: next_month_start(o.received_on))
    status = AorAssociation.Status.ACTIVE


class AorTransmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AorTransmission

    carrier = factory.SubFactory(CarrierFactory)
    batch_id = factory.Sequence(lambda n: f"AOR-{n:06d}")
    sent_on = dt.date(2026, 10, 15)


class AorTransmissionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AorTransmissionLine

    transmission = factory.SubFactory(AorTransmissionFactory)
    association = factory.SubFactory(AorAssociationFactory)
    enrollment = factory.SubFactory(
        EnrollmentFactory, household=factory.SelfAttribute("..association.household")
    )


def pending_line(
    *,
    carrier=None,
    broker=None,
    household=None,
    received_on=dt.date(2026, 10, 5),
    enrollment_sent_on: dt.date | None = dt.date(2026, 10, 1),
    **enrollment_fields,
):
    """An active association and one enrollment of its household with `carrier`, whose
    enrollment file went on `enrollment_sent_on` (None: not sent yet)."""
    association_fields = {"received_on": received_on}
    if broker is not None:
        association_fields["broker"] = broker
    if household is not None:
        association_fields["household"] = household
    association = AorAssociationFactory(**association_fields)
    enrollment = EnrollmentFactory(
        household=association.household,
        carrier=carrier if carrier is not None else CarrierFactory(),
        **enrollment_fields,
    )
    if enrollment_sent_on is not None:
        EnrollmentTransmissionFactory(enrollment=enrollment, sent_on=enrollment_sent_on)
    return association, enrollment
