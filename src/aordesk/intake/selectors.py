"""Reads for intake: the plain data the pure checks need, and the claim queue."""

from __future__ import annotations

from django.db.models import QuerySet

from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier
from aordesk.intake.checks.context import CarrierDirectory, CarrierEntry, ConsumerKey, names_key
from aordesk.intake.models import Claim, Submission, SubmissionRow


def carrier_directory() -> CarrierDirectory:
    carriers = Carrier.objects.prefetch_related("aliases").order_by("pk")
    return CarrierDirectory.build(
        CarrierEntry(
            id=carrier.pk,
            display_name=carrier.display_name,
            names=(
                carrier.display_name,
                carrier.legal_name,
                carrier.code,
                *(alias.alias for alias in carrier.aliases.all()),
            ),
        )
        for carrier in carriers
    )


def open_claim_keys(*, broker: Broker) -> dict[ConsumerKey, int]:
    """The broker's claims not yet decided, by consumer key; the oldest claim wins."""
    rows = (
        Claim.objects.filter(broker=broker)
        .exclude(status=Claim.Status.DECIDED)
        .order_by("-pk")
        .values_list("pk", "first_name", "last_name", "dob", "carrier_id")
    )
    return {names_key(first, last, dob, carrier): pk for pk, first, last, dob, carrier in rows}


def claims_queue() -> QuerySet[Claim]:
    """Claims first in, first out: by submission queue position, then place in the file."""
    return (
        Claim.objects.select_related("submission", "row", "carrier", "broker")
        .exclude(status=Claim.Status.DECIDED)
        .order_by("submission__queue_position", "row__ordinal")
    )


def submission_rows_to_fix(*, submission: Submission) -> QuerySet[SubmissionRow]:
    return submission.rows.filter(accepted=False).order_by("ordinal")
