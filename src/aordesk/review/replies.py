"""A broker's answer to an information request, through the portal: kept in the message's
thread (file and all) and handed to the review queue, never to intake. The claim goes back
to the queue in its original place (services.claim_info_received)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from aordesk.accounts.models import User
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.intake.models import Claim
from aordesk.messaging.models import Message
from aordesk.messaging.replies import message_reply
from aordesk.messaging.threads import thread_receive
from aordesk.review.models import InfoRequest
from aordesk.review.selectors import info_request_of_thread
from aordesk.review.services import claim_info_received

ACKNOWLEDGEMENT = (
    "Thank you: we received your information. The consumer is back in the review queue in "
    "its original place, and you will get a determination file once it is decided."
)
ALREADY_ANSWERED = (
    "Your reply was added to this message. This request was already answered, so the "
    "consumer is already back in the review queue."
)


@dataclass(frozen=True)
class InfoAnswer:
    reply: Message
    # The request this reply answered; None when it had been answered before.
    request: InfoRequest | None

    @property
    def acknowledgement(self) -> str:
        return ACKNOWLEDGEMENT if self.request is not None else ALREADY_ANSWERED


def may_answer(user: User | None, claim: Claim) -> bool:
    """The broker who listed the consumer, or their agency's administrator."""
    if user is None or not user.is_active:
        return False
    if user.role == User.Role.BROKER:
        return user.broker_id is not None and user.broker_id == claim.broker_id
    if user.role == User.Role.AGENCY_ADMIN:
        return user.agency_id is not None and user.agency_id == claim.broker.agency_id
    return False


@transaction.atomic
def info_request_answer(
    *, message: Message, body: str, upload: UploadedFile | None, actor: Actor
) -> InfoAnswer:
    """The broker's reply to a request for information (or to its reminder)."""
    request = info_request_of_thread(message_id=message.pk)
    if message.kind != Message.Kind.REQUEST_FOR_INFORMATION or request is None:
        raise ApplicationError("This message does not ask for information about a claim.")
    claim = Claim.objects.select_for_update().get(pk=request.claim_id)
    if not may_answer(actor.user, request.claim):
        raise ApplicationError(
            "Only the broker who listed this consumer, or their agency's administrator, can answer."
        )
    reply = message_reply(message=message, body=body, upload=upload, actor=actor, for_intake=False)
    request.refresh_from_db()
    if request.answered_at is not None or claim.status != Claim.Status.AWAITING_BROKER:
        # Nothing for the queue to take: a person at the Broker Team reads it in the inbox.
        thread_receive(message=reply, actor=actor)
        return InfoAnswer(reply=reply, request=None)
    attachment = reply.attachments.select_related("artifact").first()
    answered = claim_info_received(
        claim=claim,
        text=body.strip(),
        actor=actor,
        artifact=attachment.artifact if attachment else None,
    )
    return InfoAnswer(reply=reply, request=answered)
