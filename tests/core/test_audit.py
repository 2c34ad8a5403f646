import pytest

from aordesk.core.audit import Actor, audit_record
from aordesk.core.models import AuditEvent


@pytest.mark.django_db
def test_an_audit_event_names_the_actor_the_action_and_the_object():
    event = audit_record(
        actor=Actor.cli(), action="broker.create", object_type="broker", object_id=7
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_label.startswith("cli:")
    assert (stored.action, stored.object_type, stored.object_id) == ("broker.create", "broker", "7")
    assert stored.source == AuditEvent.Source.CLI
