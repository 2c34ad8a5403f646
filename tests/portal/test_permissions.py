"""Who may open what: every portal URL for every kind of user."""

import re

import pytest
from django.urls import reverse

from aordesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OK, HIDDEN, LOGIN = 200, 404, "login"
WHO = ["staff", "broker_a", "broker_b", "admin_x", "admin_y", "anonymous"]

# (url builder, expected per user in WHO order)
MATRIX = {
    "inbox": (lambda w: reverse("portal:inbox"), [OK, OK, OK, OK, OK, LOGIN]),
    "message of broker A": (
        lambda w: reverse("portal:message", args=[w["messages"]["a"].pk]),
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "message of agency X": (
        lambda w: reverse("portal:message", args=[w["messages"]["x"].pk]),
        [OK, HIDDEN, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "message of broker B": (
        lambda w: reverse("portal:message", args=[w["messages"]["b"].pk]),
        [OK, HIDDEN, OK, HIDDEN, OK, LOGIN],
    ),
    "file of broker A": (
        lambda w: reverse("portal:download", args=[w["attachments"]["a"].pk]),
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "file of agency X": (
        lambda w: reverse("portal:download", args=[w["attachments"]["x"].pk]),
        [OK, HIDDEN, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "email of broker A": (
        lambda w: reverse("accounts:broker_email", args=[w["brokers"]["a"].pk]),
        [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "email of agency X": (
        lambda w: reverse("accounts:agency_email", args=[w["messages"]["x"].agency_id]),
        [OK, HIDDEN, HIDDEN, OK, HIDDEN, LOGIN],
    ),
    "registered email index": (
        lambda w: reverse("accounts:my_email"),
        [OK, 302, 302, OK, OK, LOGIN],
    ),
    "staff accounts": (
        lambda w: reverse("accounts:staff_accounts"),
        [OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, LOGIN],
    ),
    # The desk (issue 15): every page for the user's own scope; ?npn= of a broker the user
    # may not see answers 404. Staff without ?npn= get the page that asks for one.
    **{
        f"desk {name}": (lambda w, name=name: reverse(f"desk:{name}"), [OK, OK, OK, OK, OK, LOGIN])
        for name in ("home", "reports", "claims", "changes")
    },
    **{
        f"desk {name} of broker A": (
            lambda w, name=name: reverse(f"desk:{name}") + f"?npn={w['brokers']['a'].npn}",
            [OK, OK, HIDDEN, OK, HIDDEN, LOGIN],
        )
        for name in ("home", "reports", "claims", "changes")
    },
}
CASES = [
    pytest.param(page, who, expected[i], id=f"{page}-{who}")
    for page, (_, expected) in MATRIX.items()
    for i, who in enumerate(WHO)
]


@pytest.mark.parametrize(("page", "who", "expected"), CASES)
def test_each_portal_page_answers_each_user_as_the_matrix_says(
    world, client_as, page, who, expected
):
    url = MATRIX[page][0](world)
    response = client_as(world["users"].get(who)).get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        return
    assert response.status_code == expected
    if expected == HIDDEN:
        assert AuditEvent.objects.filter(outcome="denied", actor=world["users"][who]).exists()


def test_a_hidden_message_looks_exactly_like_one_that_does_not_exist(world, client_as):
    client = client_as(world["users"]["broker_b"])
    hidden = client.get(reverse("portal:message", args=[world["messages"]["a"].pk]))
    missing = client.get(reverse("portal:message", args=[999999]))
    assert hidden.status_code == missing.status_code == 404
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", hidden.content) == token.sub(b"", missing.content)
    assert world["messages"]["a"].subject.encode() not in hidden.content


def test_each_inbox_lists_only_what_its_user_may_see(world, client_as):
    def listed(who):
        page = client_as(world["users"][who]).get(reverse("portal:inbox")).context["page"]
        return {m.pk for m in page.object_list}

    m = {k: v.pk for k, v in world["messages"].items()}
    assert listed("broker_a") == {m["a"]}
    assert listed("admin_x") == {m["a"], m["x"]}
    assert listed("admin_y") == {m["b"]}
    assert listed("staff") == set(m.values())


@pytest.mark.parametrize(
    ("who", "expected"),
    [("broker_a", 302), ("admin_x", 302), ("broker_b", 404), ("admin_y", 404), ("staff", 403)],
)
def test_only_the_owner_side_may_reply_to_a_message(world, client_as, who, expected):
    url = reverse("portal:reply", args=[world["messages"]["a"].pk])
    response = client_as(world["users"][who]).post(url, {"body": "We disagree with row 3."})
    assert response.status_code == expected


def test_an_anonymous_reply_is_sent_to_sign_in(world, client):
    response = client.post(reverse("portal:reply", args=[world["messages"]["a"].pk]), {"body": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["broker_a", "admin_x"])
def test_only_staff_may_disable_an_account(world, client_as, who):
    target = world["users"]["broker_b"]
    response = client_as(world["users"][who]).post(
        reverse("accounts:staff_toggle", args=[target.pk])
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.parametrize("who", WHO)
def test_the_home_page_sends_staff_to_messages_brokers_to_their_desk_strangers_to_sign_in(
    world, client_as, who
):
    response = client_as(world["users"].get(who)).get(reverse("portal:home"))
    expected = {"anonymous": reverse("account_login"), "staff": reverse("portal:inbox")}.get(
        who, reverse("desk:home")
    )
    assert response.status_code == 302
    assert response["Location"].startswith(expected)


def test_an_agency_inbox_filters_by_broker_month_and_kind(world, client_as):
    client = client_as(world["users"]["admin_x"])

    def listed(**params):
        return {m.pk for m in client.get(reverse("portal:inbox"), params).context["page"]}

    m = {k: v.pk for k, v in world["messages"].items()}
    assert listed(npn=world["brokers"]["a"].npn) == {m["a"]}
    assert listed(kind="statement") == {m["x"]}
    month = world["messages"]["a"].created_at
    assert listed(month=f"{month:%Y-%m}") == {m["a"], m["x"]}
    assert listed(month="2001-01") == set()


def test_the_inbox_filter_for_another_agencys_broker_answers_404(world, client_as):
    response = client_as(world["users"]["admin_x"]).get(
        reverse("portal:inbox"), {"npn": world["brokers"]["b"].npn}
    )
    assert response.status_code == 404
