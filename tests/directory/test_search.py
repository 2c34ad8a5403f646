import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aordesk.brokers.folding import fold
from aordesk.brokers.models import Broker
from aordesk.core.models import AuditEvent
from aordesk.directory.search import DirectorySearch, brokers_search, certification_on
from tests.brokers.factories import AgencyFactory, BrokerFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("directory:search")


def npns(**fields):
    return [b.npn for b in brokers_search(search=DirectorySearch(**fields))]


def test_folding_drops_accents_and_case():
    assert fold("Zoë NÚÑEZ-Łaska") == "zoe nunez-laska"


def test_npn_search_matches_the_whole_number_or_its_beginning():
    BrokerFactory(npn="5551234")
    BrokerFactory(npn="5559999")
    BrokerFactory(npn="1555000")
    assert npns(npn="5551234") == ["5551234"]
    assert sorted(npns(npn="555")) == ["5551234", "5559999"]


def test_name_search_ignores_case_and_accents_and_matches_parts():
    BrokerFactory(npn="11", first_name="Zoë", last_name="Núñez")
    BrokerFactory(npn="12", first_name="Zoe", last_name="Baker")
    assert npns(name="nunez") == ["11"]
    assert npns(name="ZOE NÚÑ") == ["11"]
    assert sorted(npns(name="zoë")) == ["11", "12"]


def test_agency_search_matches_its_code_or_part_of_its_name():
    north = AgencyFactory(code="NSB", name="North Star Benefits")
    BrokerFactory(npn="21", agency=north)
    BrokerFactory(npn="22", agency=AgencyFactory(code="LAKE", name="Lakes Insurance"))
    BrokerFactory(npn="23")
    assert npns(agency="nsb") == ["21"]
    assert npns(agency="star ben") == ["21"]


def test_email_search_matches_the_registered_address_or_its_beginning_in_any_case():
    BrokerFactory(npn="31", email="pat.jones@broker.example")
    BrokerFactory(npn="32", email="pat.smith@broker.example")
    assert npns(email="PAT.JONES@broker.example") == ["31"]
    assert sorted(npns(email="pat.")) == ["31", "32"]


def test_filled_fields_all_narrow_the_search():
    agency = AgencyFactory(code="NSB")
    BrokerFactory(npn="41", first_name="Ana", agency=agency)
    BrokerFactory(npn="42", first_name="Ana")
    assert npns(name="ana", agency="NSB") == ["41"]


def test_certification_today_reads_the_status_and_its_dates():
    day = dt.date(2026, 6, 1)
    suspended = BrokerFactory.build(
        certification_status=Broker.Certification.SUSPENDED,
        certified_on=dt.date(2020, 1, 1),
        status_changed_on=dt.date(2026, 7, 1),
    )
    assert certification_on(suspended, day) == "Certified"
    assert certification_on(suspended, dt.date(2026, 7, 1)) == "Suspended"
    assert certification_on(suspended, dt.date(2019, 1, 1)) == "Not yet certified"


def test_the_directory_page_lists_matches_with_their_agency_status_and_email(staff_client):
    broker = BrokerFactory(npn="777001", last_name="Quist", agency=AgencyFactory(code="NSB"))
    page = staff_client.get(SEARCH, {"npn": "777"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Quist" in body and "NSB" in body and broker.email in body and "Certified" in body
    assert reverse("directory:broker", args=[broker.pk]) in body


def test_the_directory_shows_no_list_before_a_search(staff_client):
    BrokerFactory(last_name="Quist")
    page = staff_client.get(SEARCH)
    assert page.status_code == 200 and b"Quist" not in page.content


def test_an_npn_with_letters_is_refused_with_a_message(staff_client):
    page = staff_client.get(SEARCH, {"npn": "12a"})
    assert b"digits only" in page.content


def test_results_come_in_pages_of_twenty_five(staff_client):
    for n in range(30):
        BrokerFactory(npn=f"88{n:03d}", last_name=f"Pager{n:02d}")
    first = staff_client.get(SEARCH, {"npn": "88"}).content.decode()
    second = staff_client.get(SEARCH, {"npn": "88", "page": "2"}).content.decode()
    assert "30 brokers found" in first and "Page 1 of 2" in first
    assert "Pager00" in first and "Pager24" in first and "Pager25" not in first
    assert "Pager25" in second and "Pager29" in second and "Pager00" not in second
    assert "?npn=88&amp;page=2" in first


def test_a_page_of_results_costs_the_same_queries_for_one_or_many_brokers(staff_client):
    BrokerFactory(npn="99000", agency=AgencyFactory())
    with CaptureQueriesContext(connection) as one:
        staff_client.get(SEARCH, {"npn": "99"})
    for n in range(1, 30):
        BrokerFactory(npn=f"99{n:03d}", agency=AgencyFactory())
    with CaptureQueriesContext(connection) as many:
        staff_client.get(SEARCH, {"npn": "99"})
    assert len(many) == len(one)


@pytest.mark.parametrize("who", ["broker_client", "anonymous"])
def test_only_staff_see_the_directory(request, client, who):
    client = client if who == "anonymous" else request.getfixturevalue(who)
    page = client.get(SEARCH, {"npn": "1"})
    if who == "anonymous":
        assert page.status_code == 302
    else:
        assert page.status_code == 404
        assert AuditEvent.objects.filter(outcome="denied", object_id="broker_directory").exists()
