import datetime as dt

import pytest

from aordesk.aor.models import AorTransmission
from aordesk.aor.services import aor_send
from aordesk.core.audit import Actor
from aordesk.core.demo_carriers import demo_carriers_acknowledge
from tests.aor.factories import pending_line
from tests.carriers.factories import CarrierFactory

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def test_the_demo_carriers_accept_every_file_but_their_latest_and_only_once():
    carrier = CarrierFactory(code="UCARE", x12=True)
    for day in (15, 22, 29):
        pending_line(carrier=carrier)
        aor_send(send_date=dt.date(2026, 10, day), actor=ACTOR)
    assert demo_carriers_acknowledge(actor=ACTOR) == 2
    statuses = AorTransmission.objects.order_by("sent_on").values_list("ack_status", flat=True)
    assert list(statuses) == ["accepted", "accepted", "awaiting"]
    assert demo_carriers_acknowledge(actor=ACTOR) == 0
