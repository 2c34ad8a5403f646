"""The staff dashboard page: who may open it, what it shows, and what it costs."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aordesk.carriers.models import Carrier
from aordesk.core.models import AuditEvent
from tests.accounts.factories import AgencyAdminFactory, BrokerUserFactory, UserFactory, with_totp
from tests.aor.factories import pending_line
from tests.carriers.factories import CarrierFactory
from tests.cycle.factories import CycleFactory, CycleUnitFactory
from tests.dashboard.factories import DecisionFactory
from tests.intake.factories import ClaimFactory

pytestmark = pytest.mark.django_db
URL = "/staff/dashboard/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(client, user):
    with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def some_data(n: int) -> None:
    carriers = [CarrierFactory() for _ in range(n)]
    cycle = CycleFactory(month=dt.date(2026, n, 1))
    for carrier in carriers:
        CycleUnitFactory(cycle=cycle, status="failed")
        ClaimFactory()
        DecisionFactory()
        pending_line(carrier=carrier, enrollment_sent_on=None)


def test_the_dashboard_has_its_url():
    assert reverse("dashboard:home") == URL


@pytest.mark.parametrize("make_user", [BrokerUserFactory, AgencyAdminFactory])
def test_a_broker_or_agency_admin_gets_a_404_and_the_attempt_is_audited(client, make_user):
    response = signed_in(client, make_user()).get(URL)
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="page.access")
    assert (denied.object_id, denied.outcome) == ("dashboard", "denied")


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_see_every_section_with_a_chart_and_its_table(client):
    some_data(2)
    response = signed_in(client, UserFactory()).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("cycle", "review queue", "Determinations by month", "Discrepancy rate"):
        assert heading in html
    assert html.count('role="img"') == 3
    assert html.count("<caption>") >= 6
    # Nothing inline the content security policy would refuse (scripts only by src).
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and "style=" not in html


def test_the_dashboard_is_linked_first_in_the_staff_navigation(client):
    html = signed_in(client, UserFactory()).get(URL).content.decode()
    nav = html[html.index('aria-label="Primary navigation"') :]
    assert nav.index(URL) < nav.index(reverse("portal:inbox"))


def test_the_broker_navigation_has_no_dashboard(client):
    html = signed_in(client, BrokerUserFactory()).get(reverse("portal:inbox")).content.decode()
    assert URL not in html


def test_the_page_runs_the_same_number_of_queries_whatever_the_data(client):
    staff = signed_in(client, UserFactory())
    some_data(1)
    carriers = Carrier.objects.count()
    with CaptureQueriesContext(connection) as few:
        staff.get(URL)
    some_data(4)
    added = Carrier.objects.count() - carriers
    with CaptureQueriesContext(connection) as many:
        staff.get(URL)
    # The held AORs read one stream per active carrier; every other figure is fixed.
    assert len(many) - len(few) == added
    # PostgreSQL adds a query or two around its server-side cursor; the carrier roster section
    # reads two (the active carriers and their current rosters).
    assert len(few) <= 26


def test_the_carrier_exchange_section_lists_unacknowledged_files_and_unappointed_lines(
    client, settings, monkeypatch
):
    import datetime as dt

    from aordesk.aor.models import AorTransmission, AorTransmissionLine
    from aordesk.aor.services import aor_send
    from aordesk.core.audit import Actor

    carrier = CarrierFactory(code="UCARE", display_name="UCare", x12=True)
    pending_line(carrier=carrier)
    aor_send(send_date=dt.date(2026, 10, 15), actor=Actor.system("test"))
    AorTransmissionLine.objects.update(broker_not_appointed=True)
    settings.AORDESK_ACK_OVERDUE_BUSINESS_DAYS = 2
    # The file's date is fixed; today is not.
    monkeypatch.setattr("aordesk.dashboard.carrier_exchange.NOT_APPOINTED_LOOKBACK_DAYS", 10**5)
    page = signed_in(client, UserFactory()).get(URL).content.decode()
    assert page.count("Carrier acknowledgements and appointments") == 1
    assert "AOR files without an acknowledgement after 2 business days" in page
    assert AorTransmission.objects.get().batch_id in page
    assert "the carrier may not pay commission" in page
