"""The desk's one write: the monthly notice that a broker's AOR changes page has news.

The message says how many consumers ended their association and where to look; never who
(the page, after sign-in, says that), and never who the other broker is. Its email, like
every notification, carries only a notice and a link. One notice per broker and month: a
second run posts nothing twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count

from aordesk.aor.models import AorAssociation
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import format_month, month_label
from aordesk.desk.changes import ENDED_TEXT
from aordesk.messaging.models import Message
from aordesk.messaging.services import Post, messages_post

SUBJECT = "AOR changes since {label}"


def changes_notice_text(*, month: dt.date, ended: int) -> tuple[str, str]:
    label = month_label(month)
    body = (
        f"Since {month:%B} 1, {month.year}, {ended} consumer(s) ended their agent-of-record "
        "association with you: they chose another broker or removed you. Sign in and open "
        "'AOR changes' on your desk to see who and when.\n\n"
        "The desk also lists your associations held until the consumer's enrollment is sent "
        "to the carrier."
    )
    return SUBJECT.format(label=label), body


@transaction.atomic
def changes_notices_post(*, month: dt.date, actor: Actor) -> int:
    """Post the notice of `month` to every broker with consumers who left on or after its
    first day and no notice of that month yet; returns how many were posted."""
    counts = dict(
        AorAssociation.objects.filter(
            status=AorAssociation.Status.ENDED,
            end_reason__in=list(ENDED_TEXT),
            ended_on__gte=month,
        )
        .values("broker_id")
        .annotate(n=Count("pk"))
        .values_list("broker_id", "n")
    )
    subject, _ = changes_notice_text(month=month, ended=0)
    already = set(
        Message.objects.filter(
            kind=Message.Kind.OTHER, subject=subject, broker_id__in=list(counts)
        ).values_list("broker_id", flat=True)
    )
    brokers = Broker.objects.filter(pk__in=[pk for pk in counts if pk not in already])
    posts = []
    for broker in brokers.order_by("pk"):
        subject, body = changes_notice_text(month=month, ended=counts[broker.pk])
        posts.append(Post(kind=Message.Kind.OTHER, subject=subject, body=body, broker=broker))
    if posts:
        messages_post(posts=posts, actor=actor)
    audit_record(
        actor=actor,
        action="desk.changes_notice.post",
        object_type="month",
        object_id=format_month(month),
        detail={"posted": len(posts), "already": len(already)},
    )
    return len(posts)
