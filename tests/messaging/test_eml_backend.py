"""The demo's mail backend: one .eml file per message, whatever the connection reuse."""

import email
import email.policy
from pathlib import Path

import pytest
from django.core.mail import EmailMessage, get_connection

from aordesk.artifacts.storage import open_sealed
from aordesk.core.audit import Actor
from aordesk.messaging import outbox
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post
from tests.brokers.factories import BrokerFactory
from tests.messaging.factories import make_artifact

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def unsealed(path: Path) -> bytes:
    # Kept files are sealed at rest; the demo's mail too.
    with open_sealed(path) as handle:
        return handle.read()


@pytest.fixture
def eml_settings(settings, tmp_path):
    # The demo's settings, as `make demo` runs them (no EMAIL_BACKEND in the environment).
    from aordesk import settings as project_settings

    settings.EMAIL_BACKEND = project_settings.EMAIL_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return settings


def test_a_drain_over_one_connection_writes_each_notice_as_its_own_eml_file(eml_settings):
    brokers = [BrokerFactory() for _ in range(3)]
    for broker in brokers:
        message_post(
            kind=Message.Kind.AOR_REPORT,
            subject="AOR report for October 2026",
            body="Your report is attached.",
            broker=broker,
            artifacts=[make_artifact()],
            actor=SYSTEM,
        )
    assert outbox.outbox_drain(actor=SYSTEM).sent == 3
    folder = eml_settings.EMAIL_FILE_PATH
    files = sorted(Path(folder).iterdir())
    assert [path.suffix for path in files] == [".eml"] * 3
    parsed = [
        email.message_from_bytes(unsealed(path), policy=email.policy.default) for path in files
    ]
    # Sorted by name is sorted by time: the files come in the order the outbox sent them.
    assert [mail["To"] for mail in parsed] == [broker.email for broker in brokers]
    assert all(mail["Subject"] and mail["Message-ID"] for mail in parsed)


def test_a_message_without_recipients_writes_no_file(eml_settings):
    connection = get_connection()
    assert connection.send_messages([EmailMessage("s", "b", to=[])]) == 0
    assert list(Path(eml_settings.EMAIL_FILE_PATH).iterdir()) == []
