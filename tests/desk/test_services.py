"""The monthly AOR changes notice: counts, never names, once per broker and month."""

import datetime as dt

import pytest
from django.core.management import call_command

from aordesk.core.audit import Actor
from aordesk.desk.services import changes_notices_post
from aordesk.messaging.models import Message

pytestmark = pytest.mark.django_db
NOVEMBER = dt.date(2026, 11, 1)


def test_a_broker_whose_consumer_left_gets_one_notice_without_consumer_data(desk):
    assert changes_notices_post(month=NOVEMBER, actor=Actor.cli()) == 1
    notice = Message.objects.get(kind="other")
    assert notice.broker == desk["brokers"]["a"]
    assert "1 consumer(s) ended" in notice.body
    assert "Leftwich" not in notice.body + notice.subject
    assert notice.notifications.count() == 1
    assert changes_notices_post(month=NOVEMBER, actor=Actor.cli()) == 0


def test_the_command_posts_the_notices(desk, capsys):
    call_command("desk", "changes-notice", "--month", "2026-11", "--json")
    assert capsys.readouterr().out.strip() == '{"notices": 1}'
