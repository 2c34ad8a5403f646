"""The staff carrier pages: format and ids shown, files with their acknowledgements,
rejected lines with why, and the upload of an acknowledgement."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aordesk.aor.models import AorTransmission
from aordesk.aor.services import aor_send
from aordesk.artifacts.storage import read_plaintext
from aordesk.core.audit import Actor
from aordesk.x12.validation import pyx12_999
from tests.aor.factories import pending_line
from tests.carriers.factories import CarrierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    carrier = CarrierFactory(code="UCARE", display_name="UCare", x12=True)
    pending_line(carrier=carrier)
    aor_send(send_date=dt.date(2026, 10, 15), actor=Actor.system("test"))
    return AorTransmission.objects.get()


def test_staff_see_each_carriers_file_format_and_receiver_id(staff_client, sent):
    CarrierFactory(code="BCBS", display_name="Blue Cross")
    page = staff_client.get("/staff/carriers/").content.decode()
    assert "X12 834 (005010X220A1)" in page
    assert "ZZ:UCAREEDI" in page
    assert "CSV (the desk&#x27;s own layout)" in page


def test_a_broker_gets_a_404_on_the_carrier_pages(broker_client, sent):
    assert broker_client.get("/staff/carriers/").status_code == 404
    assert broker_client.get("/staff/carriers/UCARE/").status_code == 404


def test_uploading_pyx12s_999_records_the_file_as_accepted(staff_client, sent):
    answer = pyx12_999(read_plaintext(sent.artifact.relative_path).decode("ascii"))
    upload = SimpleUploadedFile("answer.999", answer.encode("ascii"))
    response = staff_client.post("/staff/carriers/UCARE/acknowledgements/", {"file": upload})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.ack_status == "accepted"
    page = staff_client.get("/staff/carriers/UCARE/").content.decode()
    assert "AOR-UCARE-20261015-1: accepted." in page
    assert "ISA13 000000001, GS06 1" in page


def test_a_rejected_line_shows_why_and_that_it_goes_out_again(staff_client, sent):
    text = read_plaintext(sent.artifact.relative_path).decode("ascii")
    answer = pyx12_999(text.replace("DMG*D8*", "DMG*D8*1", 1))
    upload = SimpleUploadedFile("answer.999", answer.encode("ascii"))
    staff_client.post("/staff/carriers/UCARE/acknowledgements/", {"file": upload})
    page = staff_client.get("/staff/carriers/UCARE/").content.decode()
    assert "Lines the carrier rejected" in page
    assert "999: DMG" in page
    assert "in the next file" in page


def test_an_upload_that_matches_nothing_is_refused_on_the_page(staff_client, sent):
    upload = SimpleUploadedFile("notes.txt", b"not x12 at all")
    response = staff_client.post("/staff/carriers/UCARE/acknowledgements/", {"file": upload})
    assert response.status_code == 400
    assert "is not a TA1 or 999 acknowledgement" in response.content.decode()
    sent.refresh_from_db()
    assert sent.ack_status == "awaiting"
