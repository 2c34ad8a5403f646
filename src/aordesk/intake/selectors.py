"""Reads for intake: the plain data the pure checks need, and the claim queue."""

from __future__ import annotations

import dataclasses

from django.db.models import QuerySet

from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier, CarrierAlias
from aordesk.intake.checks.context import CarrierDirectory, CarrierEntry, ConsumerKey, names_key
from aordesk.intake.models import Claim, Submission, SubmissionRow

_directories: dict[tuple, CarrierDirectory] = {}


def carrier_directory() -> CarrierDirectory:
    """Built once per process for as long as the carriers and aliases read the same: the
    two plain reads are cheap, building the alias keys is not (a few ms a file)."""
    carriers = tuple(
        Carrier.objects.order_by("pk").values_list("pk", "display_name", "legal_name", "code")
    )
    aliases = tuple(CarrierAlias.objects.order_by("pk").values_list("carrier_id", "alias"))
    state = (carriers, aliases)
    directory = _directories.get(state)
    if directory is None:
        _directories.clear()
        directory = _directories[state] = _directory_build(carriers, aliases)
    # A fresh memo of resolved texts per file: a file of random carrier names must not
    # grow the process's copy.
    return dataclasses.replace(directory, _resolved={})


def _directory_build(carriers: tuple, aliases: tuple) -> CarrierDirectory:
    by_carrier: dict[int, list[str]] = {}
    for carrier_id, alias in aliases:
        by_carrier.setdefault(carrier_id, []).append(alias)
    return CarrierDirectory.build(
        CarrierEntry(
            id=pk,
            display_name=display_name,
            names=(display_name, legal_name, code, *by_carrier.get(pk, ())),
        )
        for pk, display_name, legal_name, code in carriers
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
