"""The review queue's records: what triage found and proposed for a claim, who holds the
claim, what was asked of the broker, and what was decided. The claim itself (and its status)
lives in intake; the rules live in the pure modules matching.py and determination.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from aordesk.review.determination import BrokerCode, InternalCode

INTERNAL_CODES = [(code.value, code.value.replace("_", " ").capitalize()) for code in InternalCode]
BROKER_CODES = [(code.value, code.value.replace("_", " ").capitalize()) for code in BrokerCode]
# The internal causes a broker sees only as NO_ASSOCIATION (determination.broker_code_for).
NO_ASSOCIATION_CAUSES = [
    InternalCode.ENROLLED_NO_ASSOCIATION,
    InternalCode.AOR_WITH_OTHER_BROKER,
    InternalCode.NO_MATCHING_ENROLLMENT,
]
# Same rule as determination.broker_code_for, kept by the database too: a row can never tell
# a broker more than its internal code allows.
_CODES_AGREE = Q(broker_code="NO_ASSOCIATION", internal_code__in=NO_ASSOCIATION_CAUSES) | Q(
    broker_code=models.F("internal_code")
)


class Candidate(models.Model):
    """A household a claim may mean, as triage scored it; replaced when the claim is triaged
    again."""

    claim = models.ForeignKey("intake.Claim", on_delete=models.CASCADE, related_name="candidates")
    household = models.ForeignKey(
        "households.Household", on_delete=models.PROTECT, related_name="+"
    )
    # The household's enrollment with the claimed carrier, when it has one.
    enrollment = models.ForeignKey(
        "households.Enrollment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField()
    # [{code, text}] from matching.score_candidate: what matched and what did not.
    reasons = models.JSONField(default=list)
    rank = models.PositiveSmallIntegerField()  # 1 is the best

    class Meta:
        ordering = ["claim", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "rank"], name="candidate_rank_once"),
            models.UniqueConstraint(fields=["claim", "household"], name="candidate_household_once"),
            models.CheckConstraint(name="candidate_rank_from_one", condition=Q(rank__gte=1)),
        ]

    def __str__(self) -> str:
        return f"Candidate {self.rank} of claim {self.claim_id}"


class Proposal(models.Model):
    """The determination triage proposes for a claim: one per claim, replaced by re-triage
    until the claim is decided."""

    claim = models.OneToOneField("intake.Claim", on_delete=models.CASCADE, related_name="proposal")
    internal_code = models.CharField(max_length=30, choices=INTERNAL_CODES)
    broker_code = models.CharField(max_length=20, choices=BROKER_CODES)
    confidence = models.FloatField()
    # May be decided without a person (determination.Proposal.confident).
    confident = models.BooleanField(default=False)
    household = models.ForeignKey(
        "households.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff_reason = models.TextField()
    broker_explanation = models.TextField()
    needs = models.CharField(max_length=300, blank=True)
    # The facts the explanations quote: method, received_on, sent_on, report_month, enrollment_id.
    particulars = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    proposed_by = models.CharField(max_length=150)
    proposed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(name="proposal_codes_agree", condition=_CODES_AGREE),
        ]

    def __str__(self) -> str:
        return f"Proposal for claim {self.claim_id}"


class Decision(models.Model):
    """A determination made on a claim, by a reviewer or by the system. A reopened claim's
    earlier decisions stay, no longer current."""

    claim = models.ForeignKey("intake.Claim", on_delete=models.PROTECT, related_name="decisions")
    internal_code = models.CharField(max_length=30, choices=INTERNAL_CODES)
    broker_code = models.CharField(max_length=20, choices=BROKER_CODES)
    # Frozen when decided: the determination file quotes what the broker was told.
    broker_explanation = models.TextField()
    staff_reason = models.TextField(blank=True)
    particulars = models.JSONField(default=dict)
    followed_proposal = models.BooleanField()
    # Null for the system's own (automatic) decision.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.CharField(max_length=150)
    automatic = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)
    # Set when the claim is reopened: why, and when this decision stopped being current.
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["claim", "decided_at", "id"]
        constraints = [
            models.CheckConstraint(name="decision_codes_agree", condition=_CODES_AGREE),
            models.CheckConstraint(
                name="decision_by_reviewer_or_system",
                condition=Q(automatic=True, reviewer__isnull=True)
                | Q(automatic=False, reviewer__isnull=False),
            ),
            models.CheckConstraint(
                name="decision_not_needs_info", condition=~Q(internal_code="NEEDS_INFO")
            ),
            models.UniqueConstraint(
                fields=["claim"], condition=Q(is_current=True), name="decision_one_current"
            ),
            models.CheckConstraint(
                name="decision_reopened_not_current",
                condition=Q(is_current=True, reopened_at__isnull=True)
                | Q(is_current=False, reopened_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk} on claim {self.claim_id}"


class Assignment(models.Model):
    """A reviewer holds a claim from `assigned_at` until the claim is decided, sent to the
    broker for more information, or released."""

    class Outcome(models.TextChoices):
        DECIDED = "decided", "Decided"
        INFO_REQUESTED = "info_requested", "More information requested"
        RELEASED = "released", "Released to the queue"

    claim = models.ForeignKey("intake.Claim", on_delete=models.PROTECT, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["claim", "assigned_at", "id"]
        indexes = [models.Index(fields=["reviewer", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(ended_at__isnull=True), name="assignment_one_open"
            ),
            models.CheckConstraint(
                name="assignment_ended_has_outcome",
                condition=Q(ended_at__isnull=True, outcome="")
                | (Q(ended_at__isnull=False) & ~Q(outcome="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Assignment of claim {self.claim_id}"


class InfoRequest(models.Model):
    """What a reviewer asked the broker for, the message that asked, and the broker's answer."""

    claim = models.ForeignKey(
        "intake.Claim", on_delete=models.PROTECT, related_name="info_requests"
    )
    needed = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    message = models.OneToOneField(
        "messaging.Message", on_delete=models.PROTECT, related_name="info_request"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answer_artifact = models.ForeignKey(
        "artifacts.Artifact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(answered_at__isnull=True),
                name="info_request_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Information request {self.pk}"


class DeterminationFile(models.Model):
    """A determination workbook sent to the broker for a submission whose claims are all
    decided: one version per set of current decisions (a reopened claim decided again makes
    the next version). `decisions_key` names that set, so a retry never sends it twice."""

    submission = models.ForeignKey(
        "intake.Submission", on_delete=models.PROTECT, related_name="determination_files"
    )
    version = models.PositiveIntegerField()
    # SHA-256 of the sorted ids of the decisions the file reports (decision_ids).
    decisions_key = models.CharField(max_length=64)
    decision_ids = models.JSONField(default=list)
    rows = models.PositiveIntegerField()
    artifact = models.OneToOneField(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="determination_file"
    )
    message = models.OneToOneField(
        "messaging.Message", on_delete=models.PROTECT, related_name="determination_file"
    )
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "version"], name="determination_file_version_once"
            ),
            models.UniqueConstraint(
                fields=["submission", "decisions_key"], name="determination_file_decisions_once"
            ),
            models.CheckConstraint(
                name="determination_file_version_from_one", condition=Q(version__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"Determination file {self.version} of submission {self.submission_id}"
