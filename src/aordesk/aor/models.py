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
    """One AOR file sent to one carrier: its lines carry the Date Sent of the reports."""

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

    class Meta:
        indexes = [models.Index(fields=["carrier", "sent_on"])]

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

    class Meta:
        constraints = [
            # Sending the same association for the same enrollment twice is never right.
            models.UniqueConstraint(fields=["association", "enrollment"], name="aor_line_sent_once")
        ]

    def __str__(self) -> str:
        return f"AOR line {self.pk}"
