import datetime as dt
import threading

import pytest
from django.db import connection

from aordesk.aor.models import AorTransmission, AorTransmissionLine
from aordesk.aor.services import aor_send
from aordesk.core.audit import Actor
from tests.aor.factories import pending_line
from tests.carriers.factories import CarrierFactory


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_sends_to_one_carrier_at_once_send_each_line_once():
    carrier = CarrierFactory(code="BCBS")
    for _ in range(20):
        pending_line(carrier=carrier)
    errors = []

    def run():
        try:
            aor_send(send_date=dt.date(2026, 10, 15), actor=Actor.system("test"))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AorTransmission.objects.count() == 1
    assert AorTransmissionLine.objects.count() == 20
