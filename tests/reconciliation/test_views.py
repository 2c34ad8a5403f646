"""The staff pages: upload, roster, work list and its actions; brokers never see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aordesk.core.models import AuditEvent
from aordesk.reconciliation.models import Mismatch, Reconciliation
from aordesk.reconciliation.services import reconciliation_receive
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.reconciliation.rosters import ACTOR, roster_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_in(client, user):
    with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def staff(client):
    return signed_in(client, UserFactory())


def test_staff_upload_a_roster_and_land_on_its_counts(staff, world, tmp_path):
    content = roster_csv(tmp_path).read_bytes()
    upload = SimpleUploadedFile("blue.csv", content, content_type="text/csv")
    response = staff.post(
        "/staff/reconciliation/", {"carrier": world["carrier"].pk, "file": upload}, follow=True
    )
    recon = Reconciliation.objects.get()
    assert response.status_code == 200
    assert recon.original_name == "blue.csv" and recon.received_by_label.startswith("user:")
    assert b"Carrier lacks the AOR we sent" in response.content


def test_a_refused_upload_shows_each_issue_with_its_row(staff, world):
    upload = SimpleUploadedFile("bad.csv", b"Enrollment ID,NPN\nE1,=1+1\n", content_type="text/csv")
    response = staff.post(
        "/staff/reconciliation/", {"carrier": world["carrier"].pk, "file": upload}, follow=True
    )
    assert b"The roster was refused" in response.content
    assert b"spreadsheet formula" in response.content


def test_the_work_list_shows_the_evidence_is_audited_and_not_cached(staff, world, tmp_path):
    path = roster_csv(tmp_path)
    reconciliation_receive(carrier=world["carrier"], path=path, original_name="r.csv", actor=ACTOR)
    response = staff.get("/staff/reconciliation/mismatches/", {"carrier": "BLUE"})
    line = world["lines"]["E-LACKS"]
    assert response["Cache-Control"] == "no-store"
    assert line.transmission.batch_id.encode() in response.content
    assert b"No acknowledgement expected" in response.content
    assert AuditEvent.objects.filter(
        action="consumer.view", object_type="roster_work_list"
    ).exists()


def test_staff_resend_from_the_work_list(staff, world, tmp_path):
    path = roster_csv(tmp_path)
    recon = reconciliation_receive(
        carrier=world["carrier"], path=path, original_name="r.csv", actor=ACTOR
    ).reconciliation
    mismatch = recon.mismatches.get(kind=Mismatch.Kind.LACKS_AOR)
    staff.post(f"/staff/reconciliation/mismatches/{mismatch.pk}/resend/", {"note": ""})
    mismatch.refresh_from_db()
    assert mismatch.status == Mismatch.Status.RESEND
    assert mismatch.acted_by_label.startswith("user:")


def test_a_broker_cannot_open_the_roster_pages(client, world):
    broker = signed_in(client, BrokerUserFactory(broker=world["ours"]))
    for url in ("/staff/reconciliation/", "/staff/reconciliation/mismatches/"):
        assert broker.get(url).status_code == 404


def _resend_two(world, tmp_path):
    from aordesk.reconciliation.actions import mismatch_resend

    path = roster_csv(tmp_path)
    recon = reconciliation_receive(
        carrier=world["carrier"], path=path, original_name="r.csv", actor=ACTOR
    ).reconciliation
    for kind in (Mismatch.Kind.LACKS_AOR, Mismatch.Kind.OTHER_BROKER):
        mismatch_resend(mismatch=recon.mismatches.get(kind=kind), actor=ACTOR)


def test_the_brokers_desk_says_the_carrier_does_not_show_them_and_lists_their_consumers(
    client, world, tmp_path
):
    _resend_two(world, tmp_path)
    desk = signed_in(client, BrokerUserFactory(broker=world["ours"]))
    page = desk.get("/desk/").content.decode()
    name = world["carrier"].display_name
    assert f"{name} does not show you as agent of record for 2 consumers whose AOR we sent" in page
    for key in ("E-LACKS", "E-OTHER"):
        household = world["lines"][key].enrollment.household
        assert household.case_number in page and household.last_name in page
    # Never who the carrier shows instead: not the other broker's NPN, nor their name.
    other = world["other"]
    assert other.npn not in page and other.full_name not in page


def test_another_brokers_desk_shows_no_notice(client, world, tmp_path):
    _resend_two(world, tmp_path)
    desk = signed_in(client, BrokerUserFactory(broker=world["other"]))
    page = desk.get("/desk/").content.decode()
    assert "does not show you as agent of record" not in page
    assert world["lines"]["E-OTHER"].enrollment.household.case_number not in page


def test_the_case_page_of_a_claim_shows_the_current_rosters_view_of_the_consumer(
    staff, world, tmp_path
):
    from aordesk.intake.models import Claim
    from aordesk.reconciliation.actions import mismatch_claim_open
    from aordesk.review.services import claim_triage

    path = roster_csv(tmp_path)
    recon = reconciliation_receive(
        carrier=world["carrier"], path=path, original_name="r.csv", actor=ACTOR
    ).reconciliation
    opened = mismatch_claim_open(
        mismatch=recon.mismatches.get(kind=Mismatch.Kind.OTHER_BROKER), actor=ACTOR
    )
    claim = Claim.objects.get(pk=opened.claim_id)
    claim_triage(claim=claim, actor=ACTOR)
    page = staff.get(f"/staff/review/claims/{claim.pk}/").content.decode()
    assert "Carrier roster" in page
    assert "E-OTHER on the " in page and "Carrier shows another broker, NPN 2222, B Two" in page
