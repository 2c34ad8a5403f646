import datetime as dt

import factory

from aordesk.brokers.models import Agency, Broker


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"AG{n:04d}")
    name = factory.Sequence(lambda n: f"North Star Benefits {n}")
    admin_name = "Agency Administrator"
    admin_email = factory.Sequence(lambda n: f"admin{n}@agency.example")


class BrokerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Broker

    npn = factory.Sequence(lambda n: str(1000000 + n))
    first_name = factory.Sequence(lambda n: f"Brokerfirst{n}")
    last_name = factory.Sequence(lambda n: f"Brokerlast{n}")
    email = factory.Sequence(lambda n: f"broker{n}@broker.example")
    agency = None
    certification_status = Broker.Certification.CERTIFIED
    certified_on = dt.date(2020, 1, 1)
    status_changed_on = factory.SelfAttribute("certified_on")
