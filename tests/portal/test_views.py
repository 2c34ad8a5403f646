import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.messaging.models import Message, MessageRead
from aordesk.messaging.services import attachment_supersede
from tests.messaging.factories import WORKBOOK_BYTES, MessageFactory

pytestmark = pytest.mark.django_db


def test_the_inbox_lists_newest_first_and_marks_unread_messages(world, client_as):
    broker_a = world["brokers"]["a"]
    older = world["messages"]["a"]
    Message.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    newer = MessageFactory(broker=broker_a, subject="Statement for October 2026")
    client = client_as(world["users"]["broker_a"])
    client.get(reverse("portal:message", args=[older.pk]))
    response = client.get(reverse("portal:inbox"))
    rows = list(response.context["page"].object_list)
    assert [m.pk for m in rows] == [newer.pk, older.pk]
    assert [m.is_read for m in rows] == [False, True]
    assert response.content.count(b'class="unread"') == 1


def test_opening_a_message_records_the_read_for_that_person_only(world, client_as):
    message = world["messages"]["a"]
    client_as(world["users"]["admin_x"]).get(reverse("portal:message", args=[message.pk]))
    assert list(MessageRead.objects.values_list("user", flat=True)) == [
        world["users"]["admin_x"].pk
    ]


def test_a_download_streams_the_file_as_an_attachment_and_audits_who_what_where(world, client_as):
    attachment = world["attachments"]["a"]
    user = world["users"]["broker_a"]
    response = client_as(user).get(
        reverse("portal:download", args=[attachment.pk]), REMOTE_ADDR="192.0.2.7"
    )
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == attachment.artifact.sha256
    assert body == WORKBOOK_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert attachment.artifact.filename in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="attachment.download")
    assert (event.actor, event.remote_addr, event.object_id) == (
        user,
        "192.0.2.7",
        str(attachment.artifact.pk),
    )
    assert event.detail["attachment_id"] == attachment.pk


def test_a_superseded_file_cannot_be_downloaded_and_says_why(world, client_as):
    attachment = world["attachments"]["a"]
    attachment_supersede(
        artifact=attachment.artifact,
        reason="Replaced by the corrected report",
        actor=Actor.system("tests"),
    )
    client = client_as(world["users"]["broker_a"])
    response = client.get(reverse("portal:download", args=[attachment.pk]))
    assert response.status_code == 410
    assert b"Replaced by the corrected report" in response.content
    page = client.get(reverse("portal:message", args=[attachment.message_id]))
    assert b"Replaced by the corrected report" in page.content
    assert reverse("portal:download", args=[attachment.pk]).encode() not in page.content
    assert not AuditEvent.objects.filter(action="attachment.download").exists()


def test_a_broker_replies_with_text_and_a_file_from_the_message_page(world, client_as):
    message = world["messages"]["a"]
    client = client_as(world["users"]["broker_a"])
    response = client.post(
        reverse("portal:reply", args=[message.pk]),
        {
            "body": "Three consumers are missing.",
            "file": SimpleUploadedFile("discrepancies.xlsx", b"returned workbook"),
        },
    )
    assert response.status_code == 302
    reply = Message.objects.get(direction="inbound")
    assert reply.intake_status == "received"
    assert reply.attachments.get().artifact.size == len(b"returned workbook")
    page = client.get(reverse("portal:message", args=[message.pk]))
    assert b"Three consumers are missing." in page.content
    assert b"discrepancies.xlsx" in page.content


def test_an_empty_reply_shows_the_form_again_with_an_error(world, client_as):
    message = world["messages"]["a"]
    response = client_as(world["users"]["broker_a"]).post(
        reverse("portal:reply", args=[message.pk]), {"body": ""}
    )
    assert response.status_code == 400
    assert b"Write a reply or attach a file." in response.content


def test_every_form_field_has_a_label_and_the_page_has_a_skip_link(world, client_as):
    page = client_as(world["users"]["broker_a"]).get(
        reverse("portal:message", args=[world["messages"]["a"].pk])
    )
    html = page.content.decode()
    assert 'href="#main-content"' in html and 'id="main-content"' in html
    for field_id in ("id_body", "id_file"):
        assert f'for="{field_id}"' in html and f'id="{field_id}"' in html


def test_an_altered_file_is_refused_never_served_and_the_refusal_is_audited(world, client_as):
    from aordesk.artifacts.storage import absolute

    attachment = world["attachments"]["a"]
    path = absolute(attachment.artifact.relative_path)
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01
    path.write_bytes(bytes(blob))
    response = client_as(world["users"]["broker_a"]).get(
        reverse("portal:download", args=[attachment.pk])
    )
    assert response.status_code == 500 and WORKBOOK_BYTES[:20] not in response.content
    event = AuditEvent.objects.get(action="attachment.download")
    assert event.outcome == AuditEvent.Outcome.FAILURE


def test_a_message_page_is_never_cached_and_its_viewing_is_audited(world, client_as):
    user, message = world["users"]["broker_a"], world["messages"]["a"]
    response = client_as(user).get(reverse("portal:message", args=[message.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(
        action="message.view", actor=user, object_id=str(message.pk)
    ).exists()
