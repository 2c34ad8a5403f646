"""The two questions of audit search, answered from the audit log."""

import datetime as dt

import pytest

from aordesk.audit.rules import business_range, report_month_of
from aordesk.audit.selectors import (
    actor_activity,
    actor_label_for,
    consumer_trail,
    households_matching,
)
from aordesk.core.dates import CHICAGO
from aordesk.core.models import AuditEvent
from aordesk.cycle.models import Statement
from tests.accounts.factories import BrokerUserFactory, UserFactory
from tests.audit.factories import consumer_with_reports, downloaded, other_report
from tests.brokers.factories import AgencyFactory
from tests.intake.factories import ArtifactFactory
from tests.review.factories import DOB, consumer

pytestmark = pytest.mark.django_db


def test_a_line_sent_in_its_coverage_year_is_reported_in_its_send_month():
    assert report_month_of(coverage_year=2026, sent_on=dt.date(2026, 10, 14)) == dt.date(
        2026, 10, 1
    )


def test_an_open_enrollment_send_is_reported_in_january_of_its_coverage_year():
    assert report_month_of(coverage_year=2027, sent_on=dt.date(2026, 11, 3)) == dt.date(2027, 1, 1)


def test_a_line_sent_after_its_coverage_year_is_never_reported():
    assert report_month_of(coverage_year=2025, sent_on=dt.date(2026, 1, 5)) is None


def test_the_trail_lists_every_report_version_that_carried_the_consumer_and_its_downloads():
    scene = consumer_with_reports()
    second = scene["reports"][1]
    other_report(scene["broker"])
    broker_user = BrokerUserFactory(broker=scene["broker"])
    downloaded(second, broker_user)
    downloaded(second, broker_user, remote_addr="192.0.2.11")

    trail = consumer_trail(household=scene["household"])

    assert [(d.kind, d.version) for d in trail.documents] == [("AOR report", 1), ("AOR report", 2)]
    assert all(d.recipient == f"NPN {scene['broker'].npn}" for d in trail.documents)
    assert all(d.posted_at is not None for d in trail.documents)
    assert trail.documents[0].downloads == []
    assert [e.remote_addr for e in trail.documents[1].downloads] == ["192.0.2.10", "192.0.2.11"]


def test_the_trail_includes_the_broker_and_agency_statements_of_the_month():
    scene = consumer_with_reports()
    broker = scene["broker"]
    broker.agency = AgencyFactory(code="AGQ")
    broker.save()
    month = dt.date(2026, 10, 1)
    for kind, owner in (("broker", {"broker": broker}), ("agency", {"agency": broker.agency})):
        Statement.objects.create(
            kind=kind,
            month=month,
            version=1,
            artifact=ArtifactFactory(),
            rows=1,
            created_by="cli:test",
            **owner,
        )

    kinds = [(d.kind, d.recipient) for d in consumer_trail(household=scene["household"]).documents]

    assert ("Broker statement", f"NPN {broker.npn}") in kinds
    assert ("Agency statement", "Agency AGQ") in kinds


def test_a_household_without_aor_lines_has_an_empty_trail():
    consumer_with_reports()

    assert consumer_trail(household=consumer(last="Lindqvist")).documents == []


def test_households_are_found_by_case_number_or_by_last_name_and_birth_date():
    household = consumer_with_reports()["household"]

    assert households_matching(case_number=household.case_number) == [household]
    assert households_matching(last_name="quintanilla", date_of_birth=DOB) == [household]
    assert households_matching(last_name="Quintanilla", date_of_birth=dt.date(1990, 1, 1)) == []


def _event_at(label: str, moment: dt.datetime) -> AuditEvent:
    event = AuditEvent.objects.create(
        actor_label=label, action="thing.do", object_type="thing", object_id="1", source="cli"
    )
    AuditEvent.objects.filter(pk=event.pk).update(occurred_at=moment)
    return event


def test_a_business_date_range_runs_from_midnight_to_midnight_in_chicago():
    start, end = business_range(dt.date(2026, 10, 5), dt.date(2026, 10, 6))
    assert start == dt.datetime(2026, 10, 5, tzinfo=CHICAGO)
    assert end == dt.datetime(2026, 10, 7, tzinfo=CHICAGO)


def test_activity_includes_both_boundary_dates_in_chicago_and_nothing_outside():
    inside_first = _event_at("cli:ops", dt.datetime(2026, 10, 5, 0, 0, tzinfo=CHICAGO))
    # 23:30 in Chicago on the last day is already the next day in UTC: still inside.
    inside_last = _event_at("cli:ops", dt.datetime(2026, 10, 6, 23, 30, tzinfo=CHICAGO))
    _event_at("cli:ops", dt.datetime(2026, 10, 4, 23, 59, tzinfo=CHICAGO))
    _event_at("cli:ops", dt.datetime(2026, 10, 7, 0, 0, tzinfo=CHICAGO))
    _event_at("cli:other", dt.datetime(2026, 10, 5, 12, 0, tzinfo=CHICAGO))

    page = actor_activity(
        actor_label="cli:ops", first=dt.date(2026, 10, 5), last=dt.date(2026, 10, 6)
    )

    assert [e.pk for e in page.events] == [inside_last.pk, inside_first.pk]
    assert page.next_cursor is None


def test_activity_pages_newest_first_without_repeating_or_skipping_events():
    moment = dt.datetime(2026, 10, 5, 9, 0, tzinfo=CHICAGO)
    # Two events share a moment: the id breaks the tie across a page boundary.
    events = [_event_at("cli:ops", moment + dt.timedelta(minutes=i // 2)) for i in range(7)]
    seen, cursor = [], None
    while True:
        page = actor_activity(
            actor_label="cli:ops",
            first=dt.date(2026, 10, 5),
            last=dt.date(2026, 10, 5),
            cursor=cursor,
            per_page=3,
        )
        seen += [e.pk for e in page.events]
        cursor = page.next_cursor
        if cursor is None:
            break

    newest_first = sorted(events, key=lambda e: (events.index(e) // 2, e.pk), reverse=True)
    assert seen == [e.pk for e in newest_first]


def test_a_malformed_cursor_is_refused():
    with pytest.raises(ValueError):
        actor_activity(
            actor_label="cli:ops",
            first=dt.date(2026, 10, 5),
            last=dt.date(2026, 10, 5),
            cursor="nope",
        )


def test_a_user_is_searched_by_username_or_email_and_anything_else_is_a_label():
    user = UserFactory(username="auditor@exchange.example")

    assert actor_label_for("Auditor@Exchange.example") == f"user:{user.pk}"
    assert actor_label_for("system:cycle") == "system:cycle"
