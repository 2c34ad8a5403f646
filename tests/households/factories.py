import datetime as dt

import factory

from aordesk.households.models import Enrollment, EnrollmentTransmission, Household
from aordesk.review.name_keys import last_name_key, name_sound_key
from tests.carriers.factories import CarrierFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    case_number = factory.Sequence(lambda n: f"{30000000 + n}")
    first_name = factory.Sequence(lambda n: f"Enrolleefirst{n}")
    last_name = factory.Sequence(lambda n: f"Enrolleelast{n}")
    date_of_birth = dt.date(1980, 1, 2)
    address_line1 = factory.Sequence(lambda n: f"{100 + n} Lake Street")
    city = "Duluth"
    state = "MN"
    zip_code = "55802"
    application_method = Household.ApplicationMethod.ONLINE
    application_submitted_on = dt.date(2026, 1, 5)
    last_name_key = factory.LazyAttribute(lambda h: last_name_key(h.last_name))
    name_sound_key = factory.LazyAttribute(lambda h: name_sound_key(h.first_name, h.last_name))


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    enrollment_id = factory.Sequence(lambda n: f"E{n:08d}")
    household = factory.SubFactory(HouseholdFactory)
    carrier = factory.SubFactory(CarrierFactory)
    coverage_kind = Enrollment.CoverageKind.MEDICAL
    program = Enrollment.Program.QHP_FINANCIAL_HELP
    coverage_year = 2026
    effective_on = factory.LazyAttribute(lambda o: dt.date(o.coverage_year, 1, 1))
    status = Enrollment.Status.ACTIVE
    completed_on = factory.LazyAttribute(lambda o: dt.date(o.coverage_year - 1, 12, 10))


class EnrollmentTransmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrollmentTransmission

    enrollment = factory.SubFactory(EnrollmentFactory)
    batch_id = factory.Sequence(lambda n: f"ENR-{n:06d}")
    sent_on = dt.date(2026, 1, 2)
