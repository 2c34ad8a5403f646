"""The monthly cycle, its units of work, and the versioned documents it produces.

A unit is one broker's report and statement together, or one agency's statement, for one
month: small, independent, claimable by one worker at a time (see ADR 0004)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from aordesk.core.errors import TransitionError


class Cycle(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        COMPLETED_WITH_FAILURES = "completed_with_failures", "Completed with failures"

    # A completed cycle runs again to retry its failed units or add late ones.
    TRANSITIONS = {
        Status.PENDING: {Status.RUNNING},
        Status.RUNNING: {Status.RUNNING, Status.COMPLETED, Status.COMPLETED_WITH_FAILURES},
        Status.COMPLETED: {Status.RUNNING},
        Status.COMPLETED_WITH_FAILURES: {Status.RUNNING},
    }

    month = models.DateField(unique=True)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PENDING)
    gate_override_reason = models.TextField(blank=True)
    started_by = models.CharField(max_length=150)
    started_at = models.DateTimeField(null=True, blank=True)
    # Set once every unit of the month exists; a one-broker run alone never completes a cycle.
    units_planned_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(name="cycle_month_first_day", condition=Q(month__day=1)),
        ]

    def __str__(self) -> str:
        return f"Cycle {self.month:%Y-%m}"

    def transition_to(self, status: str) -> None:
        if status not in self.TRANSITIONS[self.Status(self.status)]:
            raise TransitionError(f"A {self.status} cycle cannot become {status}.")
        self.status = status


class CycleUnit(models.Model):
    class Kind(models.TextChoices):
        # A broker's AOR report and statement: built, recorded and posted together.
        BROKER = "broker", "Broker AOR report and statement"
        AGENCY_STATEMENT = "agency_statement", "Agency statement"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        BUILDING = "building", "Building"
        BUILT = "built", "Built"
        FAILED = "failed", "Failed"

    # building -> pending is the reclaim of a unit whose worker died.
    TRANSITIONS = {
        Status.PENDING: {Status.BUILDING},
        Status.BUILDING: {Status.BUILT, Status.FAILED, Status.PENDING},
        Status.FAILED: {Status.PENDING},
        Status.BUILT: set(),
    }

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    broker = models.ForeignKey(
        "brokers.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # An error code and exception class only: never a row's content.
    last_error = models.CharField(max_length=300, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    # The month's lines the plan counted for the unit's broker: sizes a worker's claim batch
    # (small units are claimed and read together; a big one alone, streamed).
    expected_rows = models.PositiveIntegerField(default=0)
    # What the unit built: a broker unit both documents, an agency unit its statement.
    report = models.OneToOneField(
        "BrokerReport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.OneToOneField(
        "Statement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["cycle", "status"])]
        constraints = [
            models.CheckConstraint(
                name="cycle_unit_owner_matches_kind",
                condition=(Q(kind="broker") & Q(broker__isnull=False) & Q(agency__isnull=True))
                | (
                    Q(kind="agency_statement")
                    & Q(broker__isnull=True)
                    & Q(agency__isnull=False)
                    & Q(report__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="cycle_unit_built_has_documents",
                condition=~Q(status="built")
                | (
                    Q(statement__isnull=False)
                    & (Q(kind="agency_statement") | Q(report__isnull=False))
                ),
            ),
            models.CheckConstraint(
                name="cycle_unit_building_is_claimed",
                condition=~Q(status="building") | (~Q(claimed_by="") & Q(claimed_at__isnull=False)),
            ),
            # NULLs are distinct in a unique index, so one constraint per owner column; the
            # owner column fixes the kind.
            models.UniqueConstraint(
                fields=["cycle", "broker"],
                condition=Q(broker__isnull=False),
                name="cycle_unit_one_per_broker",
            ),
            models.UniqueConstraint(
                fields=["cycle", "agency"],
                condition=Q(agency__isnull=False),
                name="cycle_unit_one_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"Unit {self.pk} {self.kind}"

    def transition_to(self, status: str) -> None:
        if status not in self.TRANSITIONS[self.Status(self.status)]:
            raise TransitionError(f"A {self.status} unit cannot become {status}.")
        self.status = status


class DocumentStatus(models.TextChoices):
    CURRENT = "current", "Current"
    SUPERSEDED = "superseded", "Superseded by a later version"
    WITHDRAWN = "withdrawn", "Withdrawn"


class BrokerReport(models.Model):
    """One version of a broker's AOR report for a month; a correction is a new version."""

    Status = DocumentStatus

    broker = models.ForeignKey("brokers.Broker", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    version = models.PositiveSmallIntegerField()
    document_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    artifact = models.OneToOneField(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="broker_report"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    rows = models.PositiveIntegerField()
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["broker", "month", "version"]
        constraints = [
            models.CheckConstraint(name="report_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(name="report_version_from_one", condition=Q(version__gte=1)),
            models.UniqueConstraint(
                fields=["broker", "month", "version"], name="report_one_per_version"
            ),
            models.UniqueConstraint(
                fields=["broker", "month"],
                condition=Q(status="current"),
                name="report_one_current_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"AOR report {self.month:%Y-%m} v{self.version}"


class Statement(models.Model):
    """One version of a broker's or an agency's statement for a month."""

    class Kind(models.TextChoices):
        BROKER = "broker", "Broker statement"
        AGENCY = "agency", "Agency statement"

    Status = DocumentStatus

    kind = models.CharField(max_length=10, choices=Kind.choices)
    broker = models.ForeignKey(
        "brokers.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "brokers.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField()
    version = models.PositiveSmallIntegerField()
    document_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    artifact = models.OneToOneField(
        "artifacts.Artifact", on_delete=models.PROTECT, related_name="statement"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    rows = models.PositiveIntegerField()
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "month", "version"]
        constraints = [
            models.CheckConstraint(name="statement_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(name="statement_version_from_one", condition=Q(version__gte=1)),
            models.CheckConstraint(
                name="statement_owner_matches_kind",
                condition=(Q(kind="broker") & Q(broker__isnull=False) & Q(agency__isnull=True))
                | (Q(kind="agency") & Q(broker__isnull=True) & Q(agency__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["broker", "month", "version"],
                condition=Q(kind="broker"),
                name="statement_broker_one_per_version",
            ),
            models.UniqueConstraint(
                fields=["agency", "month", "version"],
                condition=Q(kind="agency"),
                name="statement_agency_one_per_version",
            ),
            models.UniqueConstraint(
                fields=["broker", "month"],
                condition=Q(kind="broker", status="current"),
                name="statement_broker_one_current",
            ),
            models.UniqueConstraint(
                fields=["agency", "month"],
                condition=Q(kind="agency", status="current"),
                name="statement_agency_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} statement {self.month:%Y-%m} v{self.version}"
