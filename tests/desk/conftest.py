"""A desk scene: agency X with brokers A and A2, agency Y with broker B; October 2026's
cycle run for real (so the reports are workbooks on disk); a consumer who left broker A,
one held until the enrollment is sent, and a returned file with claims. Synthetic names."""

import datetime as dt

import pytest

from aordesk.aor.models import AorAssociation
from aordesk.core.audit import Actor
from aordesk.cycle import runner
from tests.accounts.factories import AgencyAdminFactory, BrokerUserFactory, UserFactory, with_totp
from tests.aor.factories import AorAssociationFactory
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line
from tests.households.factories import EnrollmentFactory, HouseholdFactory
from tests.review.factories import claim_about

NAMES = [("Olsen", "Kari"), ("Berg", "Anders"), ("=Peña", "Lucía"), ("Nguyen", "Linh")]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def desk(db):
    agency_x = AgencyFactory(code="AGX", name="North Star Benefits")
    agency_y = AgencyFactory(code="AGY", name="Lakes Insurance")
    a = BrokerFactory(agency=agency_x, npn="1000003", first_name="Pat", last_name="Lee")
    a2 = BrokerFactory(agency=agency_x, npn="1000004", first_name="Sam", last_name="Ode")
    b = BrokerFactory(agency=agency_y, npn="2000001", first_name="Jo", last_name="Kim")
    blue = CarrierFactory(code="BLUE", display_name="Blue Plan")
    ucare = CarrierFactory(code="UCARE", display_name="UCare")
    for i, (last, first) in enumerate(NAMES):
        sent_line(
            broker=a,
            carrier=blue if i % 2 == 0 else ucare,
            sent_on=dt.date(2026, 10, 9 if i < 2 else 23),
            household=HouseholdFactory(last_name=last, first_name=first),
        )
    sent_line(broker=a2, carrier=blue, sent_on=dt.date(2026, 10, 9))
    sent_line(
        broker=b,
        carrier=blue,
        sent_on=dt.date(2026, 10, 9),
        household=HouseholdFactory(last_name="Secret", first_name="Other"),
    )
    close_month(OCTOBER)
    runner.cycle_run(month=OCTOBER, actor=Actor.cli())
    left = AorAssociationFactory(
        broker=a,
        household=HouseholdFactory(last_name="Leftwich", first_name="Dana"),
        received_on=dt.date(2026, 3, 2),
        status=AorAssociation.Status.ENDED,
        ended_on=dt.date(2026, 11, 4),
        end_reason=AorAssociation.EndReason.NEW_BROKER,
    )
    held_household = HouseholdFactory(last_name="Waits", first_name="Robin")
    EnrollmentFactory(household=held_household, carrier=blue, coverage_year=2026)
    AorAssociationFactory(broker=a, household=held_household, received_on=dt.date(2026, 11, 2))
    claim = claim_about(broker=a, carrier=blue, first="Marisol", last="Quintanilla")
    users = {
        "staff": UserFactory(),
        "broker_a": BrokerUserFactory(broker=a),
        "broker_b": BrokerUserFactory(broker=b),
        "admin_x": AgencyAdminFactory(agency=agency_x),
        "admin_y": AgencyAdminFactory(agency=agency_y),
    }
    secrets = {who: with_totp(user) for who, user in users.items()}
    return {
        "secrets": secrets,
        "brokers": {"a": a, "a2": a2, "b": b},
        "agencies": {"x": agency_x, "y": agency_y},
        "users": users,
        "left": left,
        "claim": claim,
    }


@pytest.fixture
def client_as(client):
    def login(user):
        if user is not None:
            client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return login
