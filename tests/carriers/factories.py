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

    class Params:
        # A carrier that takes X12 834 files, with trading partner ids of its own.
        x12 = factory.Trait(
            file_format=Carrier.FileFormat.X12_834,
            isa_sender_qualifier="ZZ",
            isa_sender_id="MNSURE",
            isa_receiver_qualifier="ZZ",
            isa_receiver_id=factory.LazyAttribute(lambda o: f"{o.code[:11]}EDI"),
            gs_sender_code="MNSURE",
            gs_receiver_code=factory.LazyAttribute(lambda o: f"{o.code[:11]}EDI"),
            payer_tax_id="410000001",
        )
