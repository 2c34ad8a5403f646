"""Who may open which desk URL: a broker their own, an administrator the agency's brokers,
staff any broker by NPN; everything else answers 404 like something that does not exist."""

import pytest
from django.urls import reverse

from aordesk.cycle.models import BrokerReport, Statement

pytestmark = pytest.mark.django_db

OK, HIDDEN, LOGIN = 200, 404, "login"
WHO = ["staff", "broker_a", "broker_b", "admin_x", "admin_y", "anonymous"]


def _report(w, who="a"):
    return BrokerReport.objects.get(broker=w["brokers"][who])


def _agency_statement(w):
    return Statement.objects.get(kind="agency", agency=w["agencies"]["x"])


A = "?npn=1000003"
MATRIX = {
    "report rows of A": (
        lambda w: reverse("desk:report", args=["2026-10"]) + A,
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "report CSV of A": (
        lambda w: reverse("desk:report_csv", args=["2026-10"]) + A,
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "own report CSV": (
        lambda w: reverse("desk:report_csv", args=["2026-10"]),
        [HIDDEN, OK, OK, HIDDEN, HIDDEN, LOGIN],
    ),
    "workbook of A": (
        lambda w: reverse("desk:document", args=["report", _report(w).pk]) + A,
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "workbook of A, asked without NPN": (
        lambda w: reverse("desk:document", args=["report", _report(w).pk]),
        [HIDDEN, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "agency X statement": (
        lambda w: reverse("desk:document", args=["statement", _agency_statement(w).pk]),
        [HIDDEN, HIDDEN, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "month zip": (
        lambda w: reverse("desk:month_zip", args=["2026-10"]),
        [HIDDEN, OK, OK, OK, OK, LOGIN],
    ),
    "month zip of A": (
        lambda w: reverse("desk:month_zip", args=["2026-10"]) + A,
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "a month with nothing": (
        lambda w: reverse("desk:report", args=["2026-13"]) + A,
        [HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
    ),
}
CASES = [
    pytest.param(page, who, expected[i], id=f"{page}-{who}")
    for page, (_, expected) in MATRIX.items()
    for i, who in enumerate(WHO)
]


@pytest.mark.parametrize(("page", "who", "expected"), CASES)
def test_each_desk_url_answers_each_user_as_the_matrix_says(desk, client_as, page, who, expected):
    response = client_as(desk["users"].get(who)).get(MATRIX[page][0](desk))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        return
    assert response.status_code == expected
    if expected == OK:
        assert response["Cache-Control"] == "no-store"


def test_a_broker_never_sees_another_brokers_consumer_on_any_desk_page(desk, client_as):
    client = client_as(desk["users"]["broker_a"])
    for name in ("home", "reports", "claims", "changes"):
        assert b"Secret" not in client.get(reverse(f"desk:{name}")).content
    rows = client.get(reverse("desk:report", args=["2026-10"]))
    assert b"Secret" not in rows.content
