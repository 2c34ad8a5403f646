import factory

from aordesk.carriers.models import Carrier


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CAR{n:03d}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.code} Health Plan, Inc.")
    display_name = factory.LazyAttribute(lambda o: f"{o.code} Health")
    kind = Carrier.Kind.MEDICAL
    active = True
