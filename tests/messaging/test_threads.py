"""The conversation: a broker's reply waits for the Broker Team until staff answer or close
it; staff take and release threads, and write first."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from aordesk.accounts.models import User
from aordesk.core.audit import Actor
from aordesk.core.dates import CHICAGO
from aordesk.core.errors import ApplicationError
from aordesk.core.models import AuditEvent
from aordesk.messaging import inbox, threads
from aordesk.messaging.models import Message, Notification, Thread
from aordesk.messaging.replies import message_reply
from tests.accounts.factories import BrokerUserFactory, UserFactory
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.messaging.factories import MessageFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 2)


def user_of(broker):
    return User.objects.filter(broker=broker).first() or BrokerUserFactory(broker=broker)


def asked(*, body: str = "Why is my consumer missing?") -> tuple[Message, Message]:
    report = MessageFactory()
    user = user_of(report.broker)
    reply = message_reply(message=report, body=body, upload=None, actor=Actor.web(user))
    return report, reply


def waited_since(thread: Thread, day: dt.date) -> None:
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=CHICAGO)
    Thread.objects.filter(pk=thread.pk).update(waiting_since=moment)


def test_a_reply_to_a_report_starts_a_thread_that_awaits_the_broker_team():
    report, reply = asked()
    reply.refresh_from_db()
    thread = reply.thread
    assert thread.root == report
    assert thread.status == Thread.Status.AWAITING
    assert thread.waiting_since == reply.created_at
    assert thread.broker == report.broker
    assert list(inbox.thread_messages(thread=thread)) == [report, reply]
    assert AuditEvent.objects.filter(action="thread.receive", object_id=str(thread.pk)).exists()


def test_a_second_reply_keeps_the_thread_waiting_from_the_first():
    report, first = asked()
    user = user_of(report.broker)
    message_reply(message=report, body="Any news?", upload=None, actor=Actor.web(user))
    (thread,) = Thread.objects.all()
    first.refresh_from_db()
    assert thread.waiting_since == first.created_at
    assert Message.objects.filter(thread=thread).count() == 3


def test_a_staff_answer_reaches_the_broker_with_a_notification_and_ends_the_wait():
    _, reply = asked()
    staff = UserFactory()
    thread = Thread.objects.get()
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 synthetic")
    answer = threads.thread_answer(
        thread=thread,
        staff=staff,
        body="It was sent on 11/02.",
        uploads=[upload],
        actor=Actor.web(staff),
    )
    thread.refresh_from_db()
    assert thread.status == Thread.Status.ANSWERED and thread.waiting_since is None
    assert answer.direction == Message.Direction.OUTBOUND
    assert answer.broker == reply.broker and answer.in_reply_to == reply
    assert answer.thread == thread
    assert [a.artifact.filename for a in answer.attachments.all()] == ["guide.pdf"]
    assert Notification.objects.filter(message=answer).count() == 1
    # The broker can reply to the answer; the thread waits again.
    user = user_of(reply.broker)
    message_reply(
        message=answer, body="Thanks, one more question", upload=None, actor=Actor.web(user)
    )
    thread.refresh_from_db()
    assert thread.status == Thread.Status.AWAITING


def test_an_answer_to_an_agency_thread_goes_to_the_agency():
    agency = AgencyFactory()
    statement = MessageFactory(broker=None, agency=agency, kind="statement")
    admin = UserFactory(role="agency_admin", agency=agency, username="admin@agency.example")
    message_reply(message=statement, body="A question", upload=None, actor=Actor.web(admin))
    staff = UserFactory()
    answer = threads.thread_answer(
        thread=Thread.objects.get(), staff=staff, body="Answer", actor=Actor.web(staff)
    )
    assert answer.agency == agency and answer.broker is None


def test_an_empty_answer_is_refused():
    asked()
    staff = UserFactory()
    with pytest.raises(ApplicationError, match="Write the answer"):
        threads.thread_answer(
            thread=Thread.objects.get(), staff=staff, body=" ", actor=Actor.web(staff)
        )


def test_a_broker_cannot_answer_as_the_broker_team():
    _, reply = asked()
    broker_user = user_of(reply.broker)
    with pytest.raises(ApplicationError, match="Broker Team staff"):
        threads.thread_answer(
            thread=Thread.objects.get(), staff=broker_user, body="x", actor=Actor.web(broker_user)
        )


def test_taking_a_taken_thread_names_who_has_it_and_release_gives_it_back():
    asked()
    thread = Thread.objects.get()
    first, second = UserFactory(), UserFactory()
    threads.thread_take(thread=thread, staff=first, actor=Actor.web(first))
    with pytest.raises(ApplicationError, match=f"{first.email} has already taken"):
        threads.thread_take(thread=thread, staff=second, actor=Actor.web(second))
    with pytest.raises(ApplicationError, match="not assigned to you"):
        threads.thread_release(thread=thread, staff=second, actor=Actor.web(second))
    threads.thread_release(thread=thread, staff=first, actor=Actor.web(first))
    threads.thread_take(thread=thread, staff=second, actor=Actor.web(second))
    thread.refresh_from_db()
    assert thread.assignee == second
    actions = AuditEvent.objects.filter(object_type="thread").values_list("action", flat=True)
    assert list(actions).count("thread.take") == 2


def test_closing_needs_a_note_and_a_later_message_opens_the_thread_again():
    report, _ = asked()
    thread, staff = Thread.objects.get(), UserFactory()
    with pytest.raises(ApplicationError, match="note"):
        threads.thread_close(
            thread=thread, staff=staff, closing="no_answer_needed", note="", actor=Actor.web(staff)
        )
    threads.thread_close(
        thread=thread,
        staff=staff,
        closing="no_answer_needed",
        note="A thank-you.",
        actor=Actor.web(staff),
    )
    thread.refresh_from_db()
    assert (thread.status, thread.closing, thread.waiting_since) == (
        "closed",
        "no_answer_needed",
        None,
    )
    user = user_of(report.broker)
    message_reply(message=report, body="Actually...", upload=None, actor=Actor.web(user))
    thread.refresh_from_db()
    assert thread.status == "awaiting" and thread.closing == ""


def test_staff_write_first_to_a_broker_and_the_broker_reply_joins_that_thread():
    broker, staff = BrokerFactory(), UserFactory()
    thread = threads.thread_start(
        staff=staff,
        subject="Your certification",
        body="Please renew.",
        broker=broker,
        actor=Actor.web(staff),
    )
    assert thread.status == Thread.Status.ANSWERED and thread.assignee == staff
    user = user_of(broker)
    reply = message_reply(message=thread.root, body="Done.", upload=None, actor=Actor.web(user))
    reply.refresh_from_db()
    assert reply.thread == thread
    assert Thread.objects.count() == 1


def test_the_overdue_count_moves_once_more_than_two_business_days_have_passed():
    asked()
    thread = Thread.objects.get()
    waited_since(thread, dt.date(2026, 11, 6))  # a Friday
    assert inbox.inbox_counts(today=dt.date(2026, 11, 10)).overdue == 0  # Tuesday: 2 days
    assert inbox.inbox_counts(today=dt.date(2026, 11, 12)).overdue == 1  # Veterans Day skipped
    counts = inbox.inbox_counts(today=dt.date(2026, 11, 12))
    assert counts.awaiting == 1


def test_the_veterans_day_holiday_keeps_a_thread_in_time():
    asked()
    thread = Thread.objects.get()
    waited_since(thread, dt.date(2026, 11, 9))  # Monday; Wednesday is Veterans Day
    thread.refresh_from_db()
    assert inbox.thread_age(thread, dt.date(2026, 11, 12)) == 2
    assert not inbox.thread_overdue(thread, dt.date(2026, 11, 12))


def test_inbox_filters_by_broker_npn_or_name_agency_and_assignee():
    _, reply = asked()
    other_report = MessageFactory(broker=BrokerFactory(last_name="Quist"))
    message_reply(
        message=other_report, body="?", upload=None, actor=Actor.web(user_of(other_report.broker))
    )
    staff = UserFactory()
    mine = Thread.objects.get(broker=reply.broker)
    threads.thread_take(thread=mine, staff=staff, actor=Actor.web(staff))
    today = MONDAY

    def found(**kwargs):
        return set(inbox.inbox_threads(chosen=inbox.InboxFilter(**kwargs), today=today))

    assert len(found()) == 2
    assert found(broker=reply.broker.npn) == {mine}
    assert found(broker="quist") == {Thread.objects.get(broker=other_report.broker)}
    assert found(mine=staff) == {mine}
    if reply.broker.agency:
        assert mine in found(agency=reply.broker.agency.code)


def _race(take):
    start, results = threading.Barrier(2), []

    def work(user):
        try:
            start.wait()
            take(user)
            results.append(("won", user.pk))
        except ApplicationError:
            results.append(("lost", user.pk))
        finally:
            connection.close()

    return start, results, work


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_staff_taking_one_thread_at_once_one_wins_and_the_other_is_told():
    asked()
    thread = Thread.objects.get()
    staff = [UserFactory(), UserFactory()]
    for _ in range(5):
        Thread.objects.filter(pk=thread.pk).update(assignee=None, assigned_at=None)
        _, results, work = _race(
            lambda user: threads.thread_take(thread=thread, staff=user, actor=Actor.web(user))
        )
        workers = [threading.Thread(target=work, args=(u,)) for u in staff]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        outcomes = sorted(r[0] for r in results)
        assert outcomes == ["lost", "won"]
        winner = next(pk for outcome, pk in results if outcome == "won")
        thread.refresh_from_db()
        assert thread.assignee_id == winner


def test_an_answer_about_one_broker_also_notifies_their_agency_administrators():
    from django.utils import timezone

    from aordesk.messaging.outbox import notification_claim

    agency = AgencyFactory(admin_email="admins@agency.example")
    report = MessageFactory(broker=BrokerFactory(agency=agency))
    message_reply(message=report, body="?", upload=None, actor=Actor.web(user_of(report.broker)))
    staff = UserFactory()
    answer = threads.thread_answer(
        thread=Thread.objects.get(), staff=staff, body="Here.", actor=Actor.web(staff)
    )
    Notification.objects.exclude(message=answer).delete()
    addresses = set()
    while claimed := notification_claim(now=timezone.now()):
        addresses.add(claimed.recipient_address)
    assert addresses == {report.broker.email, "admins@agency.example"}


def test_a_message_another_workflow_posts_into_the_thread_shows_in_it():
    from aordesk.messaging.services import message_post

    report, _ = asked()
    thread = Thread.objects.get()
    later = message_post(
        kind="corrected_report",
        subject="Corrected AOR report for October 2026",
        body="Use this one.",
        actor=Actor.system("test"),
        broker=report.broker,
        in_reply_to=report,
    )
    assert later in list(inbox.thread_messages(thread=thread))


def test_showing_all_threads_lists_the_waiting_ones_before_the_answered_ones():
    broker, staff = BrokerFactory(), UserFactory()
    answered = threads.thread_start(
        staff=staff, subject="Earlier", body="Hello.", broker=broker, actor=Actor.web(staff)
    )
    asked()
    waiting = Thread.objects.get(status=Thread.Status.AWAITING)
    found = inbox.inbox_threads(chosen=inbox.InboxFilter(needs_answer=False), today=MONDAY)
    assert list(found) == [waiting, answered]
