"""Privacy incidents: a consumer disclosed to a broker who should not have had them, and
the facts a Minnesota data-breach investigation needs (ADR 0010).

What went to whom and when is one `IncidentDisclosure` per withdrawn document; who was
affected is one `IncidentConsumer` per enrollment, by foreign key only: names and dates of
birth stay in the household tables, never copied here or into the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from aordesk.core.errors import TransitionError


class PrivacyIncident(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        # The documents are withdrawn, the associations voided and the corrections sent.
        CONTAINED = "contained", "Contained, under review"
        CLOSED = "closed", "Closed"

    TRANSITIONS = {
        Status.OPEN: {Status.CONTAINED},
        Status.CONTAINED: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    class Source(models.TextChoices):
        BROKER = "broker", "Reported by the broker or agency"
        STAFF = "staff", "Recorded by staff"

    class ConsumerNotice(models.TextChoices):
        UNDECIDED = "undecided", "Not decided yet"
        NOT_REQUIRED = "not_required", "Not required"
        NOTIFIED = "notified", "Consumers notified"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # A hash of the report and the consumers reported: the same report again is a retry.
    key = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_by_label = models.CharField(max_length=150)
    # The recipient: the broker the report went to (and their agency at the time).
    broker = models.ForeignKey("brokers.Broker", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report = models.OneToOneField(
        "cycle.BrokerReport", on_delete=models.PROTECT, related_name="privacy_incident"
    )
    corrected_report = models.OneToOneField(
        "cycle.BrokerReport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data_elements = models.JSONField(default=list)
    people_affected = models.PositiveIntegerField(default=0)
    associations_voided = models.PositiveIntegerField(default=0)
    # When the first disclosed document was posted to the recipient.
    disclosed_at = models.DateTimeField(null=True, blank=True)
    discovered_at = models.DateTimeField()
    # The correction message, which tells the recipient to delete the old files.
    correction_message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_told_at = models.DateTimeField(null=True, blank=True)
    consumer_notice = models.CharField(
        max_length=12, choices=ConsumerNotice.choices, default=ConsumerNotice.UNDECIDED
    )
    consumer_notice_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="incident_contained_has_correction",
                condition=Q(status="open")
                | (Q(corrected_report__isnull=False) & Q(correction_message__isnull=False)),
            ),
            models.CheckConstraint(
                name="incident_closed_has_notice_decision",
                condition=~Q(status="closed")
                | (~Q(consumer_notice="undecided") & Q(closed_at__isnull=False)),
            ),
            models.CheckConstraint(
                name="incident_notified_has_date",
                condition=~Q(consumer_notice="notified") | Q(consumer_notice_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Privacy incident {self.pk}"

    def transition_to(self, status: str) -> None:
        if status not in self.TRANSITIONS[self.Status(self.status)]:
            raise TransitionError(f"A {self.status} incident cannot become {status}.")
        self.status = status


class IncidentConsumer(models.Model):
    """One disclosed enrollment: the consumer is reached through the foreign keys."""

    incident = models.ForeignKey(
        PrivacyIncident, on_delete=models.CASCADE, related_name="consumers"
    )
    enrollment = models.ForeignKey(
        "households.Enrollment", on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="+"
    )
    association = models.ForeignKey(
        "aor.AorAssociation", on_delete=models.PROTECT, related_name="+"
    )
    carrier = models.ForeignKey("carriers.Carrier", on_delete=models.PROTECT, related_name="+")
    # The report's Date Sent of the row.
    date_sent = models.DateField()
    # Chosen by the reporter; the others share a voided association with a chosen one.
    reported = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "enrollment"], name="incident_consumer_once"
            )
        ]

    def __str__(self) -> str:
        return f"Incident {self.incident_id} enrollment {self.enrollment_id}"


class IncidentDisclosure(models.Model):
    """One withdrawn document: what went to whom, when, whether it was downloaded, and
    what replaced it."""

    class Kind(models.TextChoices):
        AOR_REPORT = "aor_report", "AOR report"
        BROKER_STATEMENT = "broker_statement", "Broker statement"
        AGENCY_STATEMENT = "agency_statement", "Agency statement"

    incident = models.ForeignKey(
        PrivacyIncident, on_delete=models.CASCADE, related_name="disclosures"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.PositiveSmallIntegerField()
    broker = models.ForeignKey(
        "brokers.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    artifact = models.ForeignKey("artifacts.Artifact", on_delete=models.PROTECT, related_name="+")
    replacement = models.ForeignKey(
        "artifacts.Artifact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    downloads = models.PositiveIntegerField(default=0)
    first_downloaded_at = models.DateTimeField(null=True, blank=True)
    attachments_withdrawn = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="disclosure_exactly_one_recipient",
                condition=(Q(broker__isnull=False) & Q(agency__isnull=True))
                | (Q(broker__isnull=True) & Q(agency__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["incident", "artifact"], name="disclosure_once_per_artifact"
            ),
        ]

    def __str__(self) -> str:
        return f"Incident {self.incident_id} {self.kind} v{self.version}"


class IncidentNote(models.Model):
    """A staff note: what was learned, who was told, the notification decision's why."""

    incident = models.ForeignKey(PrivacyIncident, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_label = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on incident {self.incident_id}"
