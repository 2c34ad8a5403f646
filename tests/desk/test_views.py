"""The desk's pages, as a broker and an agency administrator see them."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from aordesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def get(client, name, *args, **params):
    return client.get(reverse(f"desk:{name}", args=args), params)


def test_a_broker_lands_on_the_desk_with_this_months_report_and_changes(desk, client_as):
    page = get(client_as(desk["users"]["broker_a"]), "home")
    text = page.content.decode()
    assert page.status_code == 200
    assert "AOR report for <strong>October 2026</strong>, version 1: 4 consumers" in text
    assert "1 consumer ended their association with you" in text
    assert "1 association held until the enrollment is sent" in text
    assert "Received: 1" in text
    assert page["Cache-Control"] == "no-store"


def test_the_report_rows_search_by_name_folding_accents(desk, client_as):
    page = get(client_as(desk["users"]["broker_a"]), "report", "2026-10", q="pena")
    rows = page.context["page"].object_list
    assert [row[1] for row in rows] == ["=Peña"]
    assert page.context["total"] == 4


def test_the_report_rows_filter_by_carrier_and_date_sent_and_sort(desk, client_as):
    client = client_as(desk["users"]["broker_a"])
    ucare = get(client, "report", "2026-10", carrier="UCare").context["page"].object_list
    assert sorted(row[1] for row in ucare) == ["Berg", "Nguyen"]
    late = get(client, "report", "2026-10", sent="2026-10-23", sort="-sent")
    assert {row[1] for row in late.context["page"].object_list} == {"=Peña", "Nguyen"}


def test_the_report_page_is_audited_and_not_cached(desk, client_as):
    page = get(client_as(desk["users"]["broker_a"]), "report", "2026-10")
    assert page["Cache-Control"] == "no-store"
    event = AuditEvent.objects.filter(action="desk.report.view").get()
    assert event.detail["rows"] == 4
    assert "Olsen" not in str(event.detail)


def test_the_csv_has_the_policys_eight_columns_first_a_bom_and_no_formulas(desk, client_as):
    response = get(client_as(desk["users"]["broker_a"]), "report_csv", "2026-10")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "Date Sent",
        "Enrollee Last Name",
        "Enrollee First Name",
        "Enrollee DOB",
        "Medical Carrier Name",
        "Medical EA Eff Date",
        "Broker Name",
        "Assister ID",
    ]
    assert "Comments" not in rows[0]
    assert len(rows) == 5
    # Sorted by name as the page is; the name that starts like a formula stays text.
    assert [r[1] for r in rows[1:]] == ["'=Peña", "Berg", "Nguyen", "Olsen"]
    assert rows[1][7] == "1000003"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="aor-report-2026-10-1000003-v1.csv"'
    )
    assert response["Cache-Control"] == "no-store"


def test_the_csv_exports_exactly_the_filtered_rows(desk, client_as):
    response = get(client_as(desk["users"]["broker_a"]), "report_csv", "2026-10", carrier="UCare")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {r[1] for r in rows[1:]} == {"Berg", "Nguyen"}


def test_the_workbook_downloads_under_a_name_that_says_whose_it_is(desk, client_as):
    client = client_as(desk["users"]["broker_a"])
    listing = get(client, "reports")
    doc = next(d for d in listing.context["months"][0].documents if d.kind == "aor_report")
    response = get(client, "document", "report", doc.record.pk)
    assert response.status_code == 200
    assert 'filename="aor-report-2026-10-1000003-v1.xlsx"' in response["Content-Disposition"]


def test_the_claims_page_shows_each_claim_in_plain_words_with_an_expected_range(desk, client_as):
    page = get(client_as(desk["users"]["broker_a"]), "claims")
    (item,) = page.context["page"].object_list
    (claim,) = item.claims
    assert claim.status_text == "Received"
    assert claim.ahead == 0
    assert "Marisol Quintanilla" in page.content.decode()


def test_the_changes_page_lists_who_left_without_naming_the_other_broker(desk, client_as):
    page = get(client_as(desk["users"]["broker_a"]), "changes")
    text = page.content.decode()
    assert "Dana Leftwich" in text and "The consumer chose another broker" in text
    assert "Robin Waits" in text
    assert "Jo Kim" not in text and "2000001" not in text


def test_an_agency_administrator_filters_by_broker_and_gets_the_months_zip(desk, client_as):
    client = client_as(desk["users"]["admin_x"])
    page = get(client, "home")
    assert "Lee, Pat (NPN 1000003)" in page.content.decode()
    one = get(client, "report", "2026-10", npn="1000003")
    assert one.context["total"] == 4
    response = get(client, "month_zip", "2026-10")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "aor-agency-statement-2026-10-AGX-v1.xlsx",
        "aor-report-2026-10-1000003-v1.xlsx",
        "aor-report-2026-10-1000004-v1.xlsx",
        "aor-statement-2026-10-1000003-v1.xlsx",
        "aor-statement-2026-10-1000004-v1.xlsx",
    ]
    assert response["Content-Disposition"].endswith('filename="aor-documents-2026-10-AGX.zip"')


def test_another_agencys_broker_answers_404_and_is_audited_as_denied(desk, client_as):
    client = client_as(desk["users"]["admin_x"])
    for name, args in [("home", ()), ("report", ("2026-10",)), ("report_csv", ("2026-10",))]:
        assert get(client, name, *args, npn="2000001").status_code == 404
    assert AuditEvent.objects.filter(outcome="denied", action="desk.access").count() == 3


def test_staff_open_a_brokers_desk_by_npn(desk, client_as):
    client = client_as(desk["users"]["staff"])
    assert "Broker's NPN" in get(client, "home").content.decode()
    assert get(client, "report", "2026-10", npn="2000001").context["total"] == 1


def test_a_report_from_the_inbox_downloads_under_a_name_that_says_whose_it_is(desk, client_as):
    from aordesk.messaging.models import Attachment

    client = client_as(desk["users"]["admin_x"])
    attachment = Attachment.objects.get(
        artifact__kind="aor_report", message__broker=desk["brokers"]["a"]
    )
    page = client.get(reverse("portal:message", args=[attachment.message_id]))
    assert "Download aor-report-2026-10-1000003-v1.xlsx" in page.content.decode()
    response = client.get(reverse("portal:download", args=[attachment.pk]))
    assert 'filename="aor-report-2026-10-1000003-v1.xlsx"' in response["Content-Disposition"]
