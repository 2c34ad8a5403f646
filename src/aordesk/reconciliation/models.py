from django.db import models
from django.db.models import Q


class Reconciliation(models.Model):
    """One carrier roster compared with what aordesk last sent that carrier. The latest
    completed one per carrier is current; a later roster supersedes it (the carrier's row
    is locked while a roster is compared, so two never complete at once)."""

    class Status(models.TextChoices):
        COMPLETED = "completed", "Compared"
        REFUSED = "refused", "Refused (the roster has errors)"
        SUPERSEDED = "superseded", "Superseded by a later roster"

    class Source(models.TextChoices):
        CSV = "csv", "CSV roster"
        X12 = "x12", "834 audit file"

    carrier = models.ForeignKey(
        "carriers.Carrier", on_delete=models.PROTECT, related_name="reconciliations"
    )
    month = models.DateField()  # first of the month the roster was received in
    status = models.CharField(max_length=12, choices=Status.choices)
    source = models.CharField(max_length=4, choices=Source.choices, blank=True)
    artifact = models.OneToOneField(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="reconciliation"
    )
    original_name = models.CharField(max_length=255)
    received_at = models.DateTimeField()
    received_by_label = models.CharField(max_length=150)
    roster_rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    carrier_has_other_broker = models.PositiveIntegerField(default=0)
    carrier_lacks_aor = models.PositiveIntegerField(default=0)
    carrier_has_unsent = models.PositiveIntegerField(default=0)
    # The first errors of a refused roster: [{code, row, column, message, ...}].
    issues = models.JSONField(default=list, blank=True)
    issue_count = models.PositiveIntegerField(default=0)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    class Meta:
        indexes = [models.Index(fields=["carrier", "status", "received_at"])]
        constraints = [
            models.CheckConstraint(name="reconciliation_month_first", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="reconciliation_superseded_names_successor",
                condition=Q(status="superseded", superseded_by__isnull=False)
                | (~Q(status="superseded") & Q(superseded_by__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"Reconciliation {self.pk}"

    @property
    def mismatches_total(self) -> int:
        return self.carrier_has_other_broker + self.carrier_lacks_aor + self.carrier_has_unsent

    @property
    def match_rate(self) -> float | None:
        """Matched over every enrollment compared (sent and active, or on the roster)."""
        compared = self.matched + self.mismatches_total
        return self.matched / compared if compared else None

    @property
    def match_percent(self) -> str:
        rate = self.match_rate
        return "-" if rate is None else f"{100 * rate:.1f}%"


class Mismatch(models.Model):
    """One discrepancy between a roster and what aordesk sent: a staff work item."""

    class Kind(models.TextChoices):
        OTHER_BROKER = "carrier_has_other_broker", "Carrier shows another broker"
        LACKS_AOR = "carrier_lacks_aor", "Carrier lacks the AOR we sent"
        UNSENT = "carrier_has_unsent", "Carrier shows an AOR we never sent"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESEND = "resend", "Resend in the next file"
        RESOLVED = "resolved", "Resolved with a note"
        CLAIM_OPENED = "claim_opened", "Claim opened for the broker"
        SUPERSEDED = "superseded", "Superseded by a later roster"

    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.PROTECT, related_name="mismatches"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    # The enrollment as the roster named it; `enrollment` is null for an unknown id.
    roster_enrollment_id = models.CharField(max_length=30)
    enrollment = models.ForeignKey(
        "households.Enrollment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roster_mismatches",
    )
    # What the carrier's roster says (staff only): blank for carrier_lacks_aor.
    roster_row = models.PositiveIntegerField(null=True, blank=True)
    roster_npn = models.CharField(max_length=10, blank=True)
    roster_member_name = models.CharField(max_length=200, blank=True)
    roster_date_of_birth = models.DateField(null=True, blank=True)
    roster_effective_on = models.DateField(null=True, blank=True)
    roster_carrier_member_id = models.CharField(max_length=200, blank=True)
    # The most recent AOR line aordesk sent the carrier for the enrollment, and its broker.
    line = models.ForeignKey(
        "aor.AorTransmissionLine",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roster_mismatches",
    )
    sent_broker = models.ForeignKey(
        "brokers.Broker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roster_mismatches",
    )
    note = models.TextField(blank=True)
    acted_by_label = models.CharField(max_length=150, blank=True)
    acted_at = models.DateTimeField(null=True, blank=True)
    # Once the next file carries the resend, it is `line.resent_as` (aor: resends once).
    claim = models.ForeignKey(
        "intake.Claim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roster_mismatches",
    )

    class Meta:
        ordering = ["reconciliation", "kind", "roster_enrollment_id"]
        indexes = [
            models.Index(fields=["reconciliation", "kind", "status"]),
            models.Index(fields=["sent_broker", "status"]),
            models.Index(fields=["enrollment", "reconciliation"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="mismatch_sent_kinds_have_line",
                condition=Q(kind="carrier_has_unsent", line__isnull=True)
                | (~Q(kind="carrier_has_unsent") & Q(line__isnull=False)),
            ),
            models.CheckConstraint(
                name="mismatch_resend_needs_line",
                condition=~Q(status="resend") | Q(line__isnull=False),
            ),
            models.CheckConstraint(
                name="mismatch_claim_opened_names_claim",
                condition=~Q(status="claim_opened") | Q(claim__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["reconciliation", "roster_enrollment_id"],
                name="mismatch_once_per_enrollment",
            ),
        ]

    def __str__(self) -> str:
        return f"Mismatch {self.pk}"
