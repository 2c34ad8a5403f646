from django.db import models
from django.db.models import F, Q


class AorAssociation(models.Model):
    """A broker named agent of record for a household, received by one method."""

    class Method(models.TextChoices):
        PORTAL = "portal", "Portal"
        ELECTRONIC = "electronic", "Electronic form"
        PAPER = "paper", "Paper/PDF form"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"
        VOIDED = "voided", "Voided (recorded in error)"

    class EndReason(models.TextChoices):
        NEW_BROKER = "new_broker", "Another broker took over"
        CONSUMER_REMOVED = "consumer_removed", "The consumer removed the broker"
        CORRECTION = "correction", "Corrected after a privacy incident"

    reference = models.CharField(max_length=30, unique=True)
    broker = models.ForeignKey(
        "brokers.Broker", on_delete=models.PROTECT, related_name="associations"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="associations"
    )
    method = models.CharField(max_length=12, choices=Method.choices)
    received_on = models.DateField()
    # First of the month after the association was received.
    effective_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        indexes = [
            models.Index(fields=["household", "status"]),
            models.Index(fields=["broker", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="aor_effective_first_of_month", condition=Q(effective_on__day=1)
            ),
            models.CheckConstraint(
                name="aor_effective_after_received", condition=Q(effective_on__gt=F("received_on"))
            ),
            models.CheckConstraint(
                name="aor_active_has_no_end",
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (~Q(status="active") & Q(ended_on__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(status="active"),
                name="aor_one_active_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"AOR {self.reference}"


class AorTransmission(models.Model):
    """One AOR file sent to one carrier: its lines carry the Date Sent of the reports.

    An X12 834 file is one interchange (ISA13 = interchange_control_number) holding one
    functional group (GS06 = group_control_number) of one transaction set per broker. The
    carrier answers with a TA1 and/or a 999 (AorAcknowledgement); `ack_status` is the
    latest word on the whole file."""

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV"
        X12_834 = "x12-834", "X12 834"

    class AckStatus(models.TextChoices):
        # CSV files have no acknowledgement in this exchange.
        NOT_EXPECTED = "not_expected", "No acknowledgement expected"
        AWAITING = "awaiting", "Awaiting acknowledgement"
        ACCEPTED = "accepted", "Accepted"
        ACCEPTED_WITH_ERRORS = "accepted_with_errors", "Accepted with errors"
        REJECTED = "rejected", "Rejected"

    carrier = models.ForeignKey(
        "carriers.Carrier", on_delete=models.PROTECT, related_name="aor_transmissions"
    )
    batch_id = models.CharField(max_length=40, unique=True)
    sent_on = models.DateField()
    final_for_month = models.BooleanField(default=False)
    artifact = models.OneToOneField(
        "artifacts.Artifact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aor_transmission",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_format = models.CharField(
        max_length=10, choices=FileFormat.choices, default=FileFormat.CSV, db_default="csv"
    )
    # ISA13 and GS06, unique per carrier; a rerun after a crash computes the same ones.
    interchange_control_number = models.PositiveIntegerField(null=True, blank=True)
    group_control_number = models.PositiveIntegerField(null=True, blank=True)
    ack_status = models.CharField(
        max_length=24,
        choices=AckStatus.choices,
        default=AckStatus.NOT_EXPECTED,
        db_default="not_expected",
    )
    # The carrier's codes of the acknowledgement that set ack_status (see AorAcknowledgement).
    ack_errors = models.JSONField(default=list, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["carrier", "sent_on"]),
            models.Index(fields=["ack_status", "sent_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "interchange_control_number"],
                condition=Q(interchange_control_number__isnull=False),
                name="aor_interchange_control_unique_per_carrier",
            ),
            models.UniqueConstraint(
                fields=["carrier", "group_control_number"],
                condition=Q(group_control_number__isnull=False),
                name="aor_group_control_unique_per_carrier",
            ),
            # An 834 needs at least one member: an X12 carrier's empty closing file of
            # the month is recorded with no interchange, so with nothing to acknowledge.
            models.CheckConstraint(
                name="aor_x12_has_control_numbers",
                condition=Q(file_format="csv")
                | Q(artifact__isnull=True)
                | (
                    Q(interchange_control_number__isnull=False)
                    & Q(group_control_number__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="aor_ack_status_fits_format",
                condition=(
                    (Q(file_format="csv") | Q(interchange_control_number__isnull=True))
                    & Q(ack_status="not_expected")
                )
                | (
                    ~Q(file_format="csv")
                    & Q(interchange_control_number__isnull=False)
                    & ~Q(ack_status="not_expected")
                ),
            ),
            models.CheckConstraint(
                name="aor_acknowledged_has_when",
                condition=Q(ack_status__in=["not_expected", "awaiting"])
                | Q(acknowledged_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"AOR file {self.batch_id}"


class AorTransmissionLine(models.Model):
    transmission = models.ForeignKey(
        AorTransmission, on_delete=models.PROTECT, related_name="lines"
    )
    association = models.ForeignKey(
        AorAssociation, on_delete=models.PROTECT, related_name="transmission_lines"
    )
    enrollment = models.ForeignKey(
        "households.Enrollment", on_delete=models.PROTECT, related_name="aor_transmission_lines"
    )
    # ST02 of the broker's transaction set in an X12 file; blank in a CSV file.
    transaction_set_control_number = models.CharField(
        max_length=9, blank=True, default="", db_default=""
    )
    # The broker had no appointment with the carrier on the send date (sent all the same).
    broker_not_appointed = models.BooleanField(default=False, db_default=False)
    # Set when the carrier's acknowledgement rejected the set (or file) holding this line.
    rejected_by = models.ForeignKey(
        "AorAcknowledgement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rejected_lines",
    )
    # The rejected line this one sends again (in the carrier's next file).
    resends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="resent_as"
    )

    class Meta:
        constraints = [
            # Sending the same association for the same enrollment twice is never right,
            # except once more for each time the carrier rejected it.
            models.UniqueConstraint(
                fields=["association", "enrollment"],
                condition=Q(resends__isnull=True),
                name="aor_line_sent_once",
            ),
        ]
        indexes = [models.Index(fields=["transmission", "transaction_set_control_number"])]

    def __str__(self) -> str:
        return f"AOR line {self.pk}"


class AorAcknowledgement(models.Model):
    """A carrier's TA1 or 999 as it bears on one transmission. One acknowledgement file
    may answer several transmissions; the original is kept once as an artifact."""

    class Kind(models.TextChoices):
        TA1 = "ta1", "TA1 interchange acknowledgement"
        IMPLEMENTATION = "999", "999 implementation acknowledgement"

    transmission = models.ForeignKey(
        AorTransmission, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    kind = models.CharField(max_length=3, choices=Kind.choices)
    status = models.CharField(
        max_length=24,
        choices=[
            (c.value, c.label)
            for c in AorTransmission.AckStatus
            if c not in (AorTransmission.AckStatus.NOT_EXPECTED, AorTransmission.AckStatus.AWAITING)
        ],
    )
    # [{"segment": ..., "code": ..., "text": ...}, ...] as the carrier wrote them.
    errors = models.JSONField(default=list, blank=True)
    # Transaction sets (ST02) the carrier rejected; empty when the whole file was.
    rejected_sets = models.JSONField(default=list, blank=True)
    ack_interchange_control_number = models.CharField(max_length=9, blank=True)
    sha256 = models.CharField(max_length=64)
    artifact = models.ForeignKey(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="aor_acknowledgements"
    )
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [
            # The same file twice records nothing the second time.
            models.UniqueConstraint(
                fields=["transmission", "kind", "sha256"], name="aor_ack_recorded_once"
            ),
            models.CheckConstraint(
                name="aor_ack_status_known",
                condition=Q(status__in=["accepted", "accepted_with_errors", "rejected"]),
            ),
        ]

    def __str__(self) -> str:
        return f"Acknowledgement {self.pk}"
