"""The staff inbox, the thread page and staff compose, as staff and others reach them."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.messaging.models import Message, Thread
from aordesk.messaging.replies import message_reply
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.messaging.factories import MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def asked():
    report = MessageFactory(subject="AOR report for October 2026")
    broker_user = BrokerUserFactory(broker=report.broker)
    upload = SimpleUploadedFile("list.csv", b"first,last\nAda,Quist\n")
    message_reply(
        message=report, body="Why is Ada missing?", upload=upload, actor=Actor.web(broker_user)
    )
    return {"report": report, "broker_user": broker_user, "thread": Thread.objects.get()}


def signed_in(client, user):
    if not Authenticator.objects.filter(user=user).exists():
        with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def test_the_inbox_lists_the_waiting_thread_with_its_age_against_the_target(client, asked):
    response = signed_in(client, UserFactory()).get(reverse("messaging:inbox"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "AOR report for October 2026" in page
    assert "0 of 2 business days" in page
    assert asked["report"].broker.npn in page


def test_a_broker_is_answered_the_audited_404_on_staff_message_pages(client, asked):
    broker_client = signed_in(client, asked["broker_user"])
    for url in (
        reverse("messaging:inbox"),
        reverse("messaging:thread", args=[asked["thread"].pk]),
        reverse("messaging:compose"),
    ):
        assert broker_client.get(url).status_code == 404
    assert AuditEvent.objects.filter(outcome="denied").count() == 3


def test_the_thread_page_shows_both_sides_and_the_broker_file_and_is_audited(client, asked):
    staff = UserFactory()
    response = signed_in(client, staff).get(reverse("messaging:thread", args=[asked["thread"].pk]))
    page = response.content.decode()
    assert "Why is Ada missing?" in page and "Download list.csv" in page
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="thread.view", actor=staff).count() == 1


def test_staff_answer_with_a_file_and_the_broker_reads_it_in_the_portal(client, asked):
    thread, staff = asked["thread"], UserFactory()
    staff_client = signed_in(client, staff)
    staff_client.post(reverse("messaging:take", args=[thread.pk]))
    response = staff_client.post(
        reverse("messaging:answer", args=[thread.pk]),
        {
            "body": "Ada's AOR was sent on 10/14.",
            "attachments": [SimpleUploadedFile("a.txt", b"x")],
        },
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == "answered" and thread.assignee == staff
    answer = Message.objects.get(direction="outbound", thread=thread, kind="other")
    broker_client = signed_in(client, asked["broker_user"])
    page = broker_client.get(reverse("portal:message", args=[asked["report"].pk])).content
    assert b"Ada&#x27;s AOR was sent on 10/14." in page
    assert b"Broker Team" in page and b"Download a.txt" in page
    assert broker_client.get(reverse("portal:message", args=[answer.pk])).status_code == 200


def test_an_empty_answer_shows_what_to_write(client, asked):
    response = signed_in(client, UserFactory()).post(
        reverse("messaging:answer", args=[asked["thread"].pk]), {"body": ""}
    )
    assert response.status_code == 400
    assert b"Write the answer the broker or agency will read." in response.content


def test_closing_without_a_note_is_refused_and_with_one_closes(client, asked):
    staff_client = signed_in(client, UserFactory())
    url = reverse("messaging:close", args=[asked["thread"].pk])
    response = staff_client.post(url, {"closing": "no_answer_needed", "note": ""})
    assert response.status_code == 400
    staff_client.post(url, {"closing": "answered", "note": "Called the broker."})
    asked["thread"].refresh_from_db()
    assert asked["thread"].status == "closed" and asked["thread"].closing == "answered"


def test_a_second_person_taking_a_taken_thread_is_told_who_has_it(client, asked):
    first, second = UserFactory(), UserFactory()
    signed_in(client, first).post(reverse("messaging:take", args=[asked["thread"].pk]))
    response = signed_in(client, second).post(
        reverse("messaging:take", args=[asked["thread"].pk]), follow=True
    )
    assert f"{first.email} has already taken this thread.".encode() in response.content


def test_compose_from_the_broker_page_fills_in_the_broker_and_starts_a_thread(client):
    broker = BrokerFactory()
    staff_client = signed_in(client, UserFactory())
    form = staff_client.get(reverse("messaging:compose") + f"?broker={broker.pk}")
    assert f'value="{broker.npn}"'.encode() in form.content
    response = staff_client.post(
        reverse("messaging:compose"),
        {"to": "broker", "recipient": broker.npn, "subject": "Hello", "body": "A question."},
    )
    thread = Thread.objects.get()
    assert response.url == reverse("messaging:thread", args=[thread.pk])
    assert thread.broker == broker and thread.root.body == "A question."


def test_compose_to_an_agency_by_code_and_an_unknown_npn_is_refused(client):
    agency = AgencyFactory(code="AGQ")
    staff_client = signed_in(client, UserFactory())
    data = {"to": "agency", "recipient": "agq", "subject": "Hi", "body": "Statement question."}
    staff_client.post(reverse("messaging:compose"), data)
    assert Thread.objects.get().agency == agency
    bad = staff_client.post(reverse("messaging:compose"), {**data, "to": "broker"})
    assert bad.status_code == 400 and b"No broker has that NPN." in bad.content


def test_the_inbox_filters_overdue_and_mine(client, asked):
    staff = UserFactory()
    staff_client = signed_in(client, staff)
    assert b"Why is" not in staff_client.get(reverse("messaging:inbox")).content
    overdue = staff_client.get(reverse("messaging:inbox") + "?show=overdue").content
    assert b"No thread matches these filters." in overdue
    mine = staff_client.get(reverse("messaging:inbox") + "?show=mine").content
    assert b"No thread matches these filters." in mine
    everything = staff_client.get(reverse("messaging:inbox") + "?show=all").content
    assert b"AOR report for October 2026" in everything


def test_the_dashboard_counts_waiting_and_overdue_threads(client, asked):
    response = signed_in(client, UserFactory()).get(reverse("dashboard:home"))
    page = response.content.decode()
    assert '<strong id="inbox-awaiting">1</strong>' in page
    assert '<strong id="inbox-overdue">0</strong>' in page


def test_the_broker_page_lists_the_broker_threads_and_offers_to_write(client, asked):
    broker = asked["report"].broker
    page = signed_in(client, UserFactory()).get(reverse("directory:broker", args=[broker.pk]))
    assert b"Conversations with the Broker Team" in page.content
    assert reverse("messaging:thread", args=[asked["thread"].pk]).encode() in page.content
    assert f"?broker={broker.pk}".encode() in page.content
