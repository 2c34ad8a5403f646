"""The words of the review's messages to a broker: information requests and their reminders.
The broker and the administrators of their agency read them in their inboxes, so they name
the broker they are about ("Pat Lee (NPN 1000003)"), never "you listed" or "your file". They
carry what the broker wrote and what we need, never our records nor the file's name (a broker
may have named it after a consumer); dates are Minnesota business dates."""

from __future__ import annotations

from aordesk.brokers.models import Broker
from aordesk.core.dates import business_date_text
from aordesk.intake.models import Claim
from aordesk.review.models import InfoRequest


def broker_named(broker: Broker) -> str:
    """Whose message it is: the broker's name and NPN (an agency's inbox holds one such
    message per broker). Only ever the broker the message is posted to."""
    return f"{broker.full_name} (NPN {broker.npn})"


def info_subject(claim: Claim, *, reminder: bool = False) -> str:
    """Tells one request from another: the broker, the submission, its received date and
    the row."""
    submission = claim.submission
    head = "Reminder: more information needed" if reminder else "More information needed"
    return (
        f"{head} for {broker_named(claim.broker)}: submission {submission.pk} received "
        f"{business_date_text(submission.received_at)}, row {claim.row.row_number}"
    )


def _listed(claim: Claim) -> str:
    submission, row = claim.submission, claim.row
    return (
        f"a consumer listed in the file of {broker_named(claim.broker)} received "
        f"{business_date_text(submission.received_at)} (submission {submission.pk}; sheet "
        f"{row.sheet}, row {row.row_number})"
    )


def info_body(claim: Claim, needed: str) -> str:
    """Only what the broker wrote, and what we need."""
    return (
        f"We need more information to decide {_listed(claim)}:\n"
        f"{claim.first_name} {claim.last_name}, date of birth {claim.dob:%m/%d/%Y}.\n\n"
        f"What we need: {needed}\n\n"
        "Reply to this message with the information; you may attach a file. The claim keeps "
        "its place in the queue."
    )


def reminder_body(request: InfoRequest) -> str:
    return (
        f"On {business_date_text(request.requested_at)} we asked for more information about "
        f"{_listed(request.claim)}, and have not received an answer yet. Please reply to this "
        "message (or to the first one) with the information; you may attach a file. The "
        "consumer stays open and keeps its place in the queue until we receive the answer."
        f"\n\nWhat we need: {request.needed}"
    )
