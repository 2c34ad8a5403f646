"""Audit search pages: staff only, and every search is itself audited, by ids only."""

import pytest
from django.urls import reverse

from aordesk.core.models import AuditEvent
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.audit.factories import consumer_with_reports, downloaded
from tests.review.factories import DOB

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_user(client):
    def login(user):
        with_totp(user)
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return login


@pytest.mark.parametrize("name", ["audit:consumer", "audit:activity"])
def test_a_broker_gets_the_audited_not_found(as_user, name):
    broker_user = BrokerUserFactory()

    response = as_user(broker_user).get(reverse(name))

    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=broker_user, outcome="denied").exists()


@pytest.mark.parametrize("name", ["audit:consumer", "audit:activity"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302


def test_staff_see_the_trail_and_the_search_is_audited_without_names(as_user):
    scene = consumer_with_reports()
    downloaded(scene["reports"][1], BrokerUserFactory(broker=scene["broker"]))
    staff = UserFactory()

    query = {"last_name": "Quintanilla", "date_of_birth": DOB.isoformat()}
    response = as_user(staff).get(reverse("audit:consumer"), query)

    assert response.status_code == 200
    assert b"192.0.2.10" in response.content
    event = AuditEvent.objects.get(actor=staff, action="audit_search.consumer_trail")
    assert (event.object_type, event.object_id) == ("household", str(scene["household"].pk))
    assert "Quintanilla" not in str(event.detail) and "1984" not in str(event.detail)


def test_a_search_matching_no_household_is_audited_too(as_user):
    staff = UserFactory()

    response = as_user(staff).get(reverse("audit:consumer"), {"case_number": "NOPE"})

    assert response.status_code == 200
    event = AuditEvent.objects.get(actor=staff, action="audit_search.consumer_lookup")
    assert event.detail == {"household_ids": []}


def test_the_household_trail_shows_earlier_searches_of_it(as_user):
    household = consumer_with_reports()["household"]
    staff = UserFactory()
    client = as_user(staff)
    client.get(reverse("audit:consumer"), {"case_number": household.case_number})

    response = client.get(reverse("audit:consumer"), {"household": household.pk})

    assert b"audit_search.consumer_trail" in response.content


def test_staff_page_through_a_users_activity_and_each_page_is_audited(as_user):
    staff, other = UserFactory(), UserFactory(username="clerk@exchange.example")
    for i in range(60):
        AuditEvent.objects.create(
            actor=other,
            actor_label=f"user:{other.pk}",
            action="thing.do",
            object_type="thing",
            object_id=str(i),
            source="web",
        )
    client = as_user(staff)
    query = {"who": "clerk@exchange.example", "first": "2020-01-01", "last": "2099-12-31"}

    first = client.get(reverse("audit:activity"), query)
    second = client.get(
        reverse("audit:activity"), {**query, "cursor": first.context["page"].next_cursor}
    )

    assert len(first.context["page"].events) == 50
    assert len(second.context["page"].events) == 10
    assert second.context["page"].next_cursor is None
    searches = AuditEvent.objects.filter(actor=staff, action="audit_search.user_activity")
    assert searches.count() == 2
    assert searches.first().object_id == f"user:{other.pk}"


def test_a_forged_page_cursor_is_refused(as_user):
    query = {"who": "cli:ops", "first": "2026-10-01", "last": "2026-10-31", "cursor": "x_y"}
    response = as_user(UserFactory()).get(reverse("audit:activity"), query)
    assert response.status_code == 400


def test_the_staff_navigation_links_to_audit_search(as_user):
    response = as_user(UserFactory()).get(reverse("audit:activity"))
    assert reverse("audit:consumer").encode() in response.content
