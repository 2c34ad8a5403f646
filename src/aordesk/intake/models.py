from django.conf import settings
from django.db import models
from django.db.models import Q


class QueueTicket(models.Model):
    """One per queued submission: its id is the submission's place in the queue. A table
    of its own gives both databases a gap-tolerant, never-reused, increasing sequence."""

    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Queue ticket {self.pk}"


class Submission(models.Model):
    """A file a broker returned, as received, with the verdict intake reached on it."""

    class Channel(models.TextChoices):
        PORTAL_REPLY = "portal_reply", "Reply to a portal message"
        PORTAL_UPLOAD = "portal_upload", "Portal upload"
        STAFF = "staff", "Entered by staff"

    class Verdict(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
        REJECTED = "rejected", "Rejected"
        DUPLICATE = "duplicate", "Duplicate of an earlier submission"

    class Kind(models.TextChoices):
        # One of our own workbooks, known by its signed identity: a report or an acknowledgement.
        REPORT = "report", "Returned aordesk workbook"
        WORKBOOK = "workbook", "Other workbook"
        CSV = "csv", "CSV file"
        UNREAD = "", "Not read"

    broker = models.ForeignKey(
        "brokers.Broker", on_delete=models.PROTECT, related_name="submissions"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    submitted_by_label = models.CharField(max_length=150)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField()
    # Assigned once, when the submission is queued; never changed afterwards.
    queue_position = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    artifact = models.OneToOneField(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="submission"
    )
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True)
    report_document_id = models.CharField(max_length=200, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    # Issues about the file as a whole: [{code, sheet, row, column, message, severity}].
    issues = models.JSONField(default=list, blank=True)
    rows_accepted = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    acknowledgement = models.OneToOneField(
        "artifacts.Artifact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acknowledged_submission",
    )
    # The portal reply the file came with (channel portal_reply): one submission per reply,
    # so taking a reply again after a crash finds it instead of receiving the file twice.
    reply = models.OneToOneField(
        "messaging.Message",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["broker", "sha256"])]
        constraints = [
            models.CheckConstraint(
                name="submission_queued_iff_rows_accepted",
                condition=(
                    Q(verdict__in=["accepted", "partly_accepted"], queue_position__isnull=False)
                    | Q(verdict__in=["rejected", "duplicate"], queue_position__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="submission_duplicate_names_original",
                condition=Q(verdict="duplicate", duplicate_of__isnull=False)
                | (~Q(verdict="duplicate") & Q(duplicate_of__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.pk}"


class SubmissionRow(models.Model):
    """One row of a submission as read: what the broker wrote, what we understood, why
    it was or was not accepted."""

    class Kind(models.TextChoices):
        CONSUMER = "consumer", "Consumer"
        REPORT_COMMENT = "report_comment", "Comment on a report row"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rows")
    # Order within the submission (sheets in workbook order, then rows).
    ordinal = models.PositiveIntegerField()
    sheet = models.CharField(max_length=100)
    row_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    raw = models.JSONField(default=dict)
    normalised = models.JSONField(default=dict)
    issues = models.JSONField(default=list, blank=True)
    accepted = models.BooleanField()

    class Meta:
        ordering = ["submission", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "ordinal"], name="submission_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row_number}"


class Claim(models.Model):
    """A consumer a broker says they are agent of record for; worked first in, first out:
    by the submission's queue position, then the row's place in the file."""

    class Status(models.TextChoices):
        # Open-ended: the review workflow adds states between new and decided.
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        AWAITING_BROKER = "awaiting_broker", "Awaiting the broker"
        DECIDED = "decided", "Decided"

    class AorMethod(models.TextChoices):
        PORTAL = "portal", "Portal"
        ELECTRONIC = "electronic", "Electronic"
        PAPER = "paper", "PDF"

    class ApplicationMethod(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="claims")
    row = models.OneToOneField(SubmissionRow, on_delete=models.PROTECT, related_name="claim")
    broker = models.ForeignKey("brokers.Broker", on_delete=models.PROTECT, related_name="claims")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    dob = models.DateField("date of birth")
    application_date = models.DateField()
    carrier = models.ForeignKey("carriers.Carrier", on_delete=models.PROTECT, related_name="claims")
    aor_method = models.CharField(max_length=12, choices=AorMethod.choices, blank=True)
    address = models.CharField(max_length=300, blank=True)
    application_method = models.CharField(
        max_length=10, choices=ApplicationMethod.choices, blank=True
    )
    comments = models.TextField(blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NEW)
    # The open claim of the same broker for the same consumer this row repeats.
    linked_claim = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked_claims"
    )
    needs_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["broker", "status"]),
            models.Index(fields=["status", "submission"]),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}"
