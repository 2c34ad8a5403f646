"""The message center and its outbox.

A message is a pickup: the notification email only says something is waiting; the
message and its files are read after signing in."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Message(models.Model):
    class Kind(models.TextChoices):
        AOR_REPORT = "aor_report", "AOR report"
        STATEMENT = "statement", "Statement"
        DETERMINATION = "determination", "Determination file"
        CORRECTED_REPORT = "corrected_report", "Corrected AOR report"
        # An agency's corrected statement is not a report: its label says what it is.
        CORRECTED_STATEMENT = "corrected_statement", "Corrected AOR statement"
        REQUEST_FOR_INFORMATION = "request_for_information", "Request for information"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        OTHER = "other", "Other"

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", "From the Broker Team"
        INBOUND = "inbound", "Reply from a broker or agency"

    class IntakeStatus(models.TextChoices):
        # Outbound messages never enter intake; inbound replies wait as "received"
        # until the intake engineer's code takes them.
        NOT_APPLICABLE = "", "Not applicable"
        RECEIVED = "received", "Received, waiting for intake"
        TAKEN = "taken", "Taken into intake"

    broker = models.ForeignKey(
        "brokers.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.OUTBOUND
    )
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    intake_status = models.CharField(
        max_length=10, choices=IntakeStatus.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The conversation this message is part of, set once a broker or agency writes back
    # (or staff write first); a message nobody answered has none.
    thread = models.ForeignKey(
        "messaging.Thread",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="thread_messages",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["broker", "created_at"]),
            models.Index(fields=["agency", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="message_exactly_one_owner",
                condition=(Q(broker__isnull=False) & Q(agency__isnull=True))
                | (Q(broker__isnull=True) & Q(agency__isnull=False)),
            ),
            models.CheckConstraint(
                name="message_intake_status_only_inbound",
                condition=Q(direction="inbound") | Q(intake_status=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk}"


class MessageRead(models.Model):
    """The first time one person opened one message (agency administrators read apart)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="message_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"Read {self.message_id} by {self.user_id}"


class Attachment(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", "Available"
        SUPERSEDED = "superseded", "Superseded"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    artifact = models.ForeignKey(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="attachments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AVAILABLE)
    superseded_reason = models.CharField(max_length=300, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "artifact"], name="attachment_once"),
            models.CheckConstraint(
                name="attachment_superseded_has_reason",
                condition=Q(status="available") | ~Q(superseded_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"


class Notification(models.Model):
    """One email telling one recipient that a message is waiting (the outbox row)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED_TRANSIENT = "failed_transient", "Failed, will retry"
        FAILED_PERMANENT = "failed_permanent", "Failed, needs staff"

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="notifications")
    # Set when this notice goes to the administrators of the broker's agency, beside the
    # broker's own (a staff answer about one broker reaches both).
    copy_to_agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # message + recipient; a second post of the same notification is a no-op.
    idempotency_key = models.CharField(max_length=100, unique=True)
    # The registered address as it was when the last attempt was made.
    recipient_address = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    # Generated once, stored before the first SMTP attempt, reused by every resend.
    # (Named rfc_message_id because `message_id` is the foreign key's column.)
    rfc_message_id = models.CharField("Message-ID", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Notification {self.pk} ({self.status})"


class Thread(models.Model):
    """A conversation between the Broker Team and one broker or one agency: the first
    message and every reply after it. It awaits the Broker Team from the first unanswered
    broker or agency message (`waiting_since`) until staff answer or close it."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", "Needs an answer"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    class Closing(models.TextChoices):
        NOT_CLOSED = "", "Not closed"
        ANSWERED = "answered", "Answered"
        NO_ANSWER_NEEDED = "no_answer_needed", "No answer needed"

    root = models.OneToOneField(Message, on_delete=models.PROTECT, related_name="root_of")
    broker = models.ForeignKey(
        "brokers.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="threads"
    )
    subject = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices)
    waiting_since = models.DateTimeField(null=True, blank=True, db_index=True)
    last_message_at = models.DateTimeField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    closing = models.CharField(max_length=20, choices=Closing.choices, blank=True, default="")
    closing_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["waiting_since", "id"]
        indexes = [models.Index(fields=["status", "waiting_since"])]
        constraints = [
            models.CheckConstraint(
                name="thread_exactly_one_owner",
                condition=(Q(broker__isnull=False) & Q(agency__isnull=True))
                | (Q(broker__isnull=True) & Q(agency__isnull=False)),
            ),
            models.CheckConstraint(
                name="thread_awaiting_has_waiting_since",
                condition=Q(status="awaiting", waiting_since__isnull=False)
                | (~Q(status="awaiting") & Q(waiting_since__isnull=True)),
            ),
            models.CheckConstraint(
                name="thread_closed_has_closing_and_note",
                condition=(Q(status="closed") & ~Q(closing="") & ~Q(closing_note=""))
                | (~Q(status="closed") & Q(closing="")),
            ),
            models.CheckConstraint(
                name="thread_assignee_has_assigned_at",
                condition=Q(assignee__isnull=True, assigned_at__isnull=True)
                | Q(assignee__isnull=False, assigned_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Thread {self.pk}"
