import datetime as dt

import factory

from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.core.dates import next_month_start
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.households.factories import EnrollmentFactory, HouseholdFactory


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
