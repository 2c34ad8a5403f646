from django.db import models
from django.db.models import F, Q


class Household(models.Model):
    """The consumer case, known by its primary enrollee."""

    class ApplicationMethod(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper"

    case_number = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    # Earlier last names (maiden names, former married names), "|"-separated: matching
    # must still find a consumer a broker knew under an earlier name.
    previous_last_names = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField()
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, default="MN")
    zip_code = models.CharField(max_length=10, blank=True)
    application_method = models.CharField(max_length=10, choices=ApplicationMethod.choices)
    application_submitted_on = models.DateField()
    # Blocking keys for finding a household by name when a claim's DOB is mistyped
    # (review/name_keys.py fills them; every writer of households calls it).
    last_name_key = models.CharField(max_length=100, blank=True, default="")
    name_sound_key = models.CharField(max_length=60, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["last_name_key", "date_of_birth"], name="household_last_key_dob"),
            models.Index(fields=["name_sound_key", "date_of_birth"], name="household_sound_dob"),
        ]

    def __str__(self) -> str:
        return f"Case {self.case_number}"


class Enrollment(models.Model):
    class CoverageKind(models.TextChoices):
        MEDICAL = "medical", "Medical QHP"
        DENTAL = "dental", "Dental"

    class Program(models.TextChoices):
        QHP_FINANCIAL_HELP = "qhp_aptc", "QHP with financial help"
        QHP_NO_FINANCIAL_HELP = "qhp", "QHP without financial help"
        DENTAL = "dental", "Dental"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        TERMINATED = "terminated", "Terminated"
        CANCELLED = "cancelled", "Cancelled"

    enrollment_id = models.CharField(max_length=30, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="enrollments")
    carrier = models.ForeignKey(
        "carriers.Carrier", on_delete=models.PROTECT, related_name="enrollments"
    )
    coverage_kind = models.CharField(max_length=10, choices=CoverageKind.choices)
    program = models.CharField("program determination", max_length=10, choices=Program.choices)
    coverage_year = models.PositiveSmallIntegerField()
    effective_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    completed_on = models.DateField("enrollment completed date")

    class Meta:
        indexes = [models.Index(fields=["household", "carrier"])]
        constraints = [
            models.CheckConstraint(
                name="enrollment_effective_in_coverage_year",
                condition=Q(effective_on__year=F("coverage_year")),
            ),
            models.CheckConstraint(
                name="enrollment_end_after_start",
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("effective_on")),
            ),
            models.CheckConstraint(
                name="enrollment_dental_program_matches_kind",
                condition=(Q(coverage_kind="dental") & Q(program="dental"))
                | (Q(coverage_kind="medical") & ~Q(program="dental")),
            ),
        ]

    def __str__(self) -> str:
        return f"Enrollment {self.enrollment_id}"


class EnrollmentTransmission(models.Model):
    """The enrollment file for an enrollment went to its carrier in this batch."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="transmissions"
    )
    batch_id = models.CharField(max_length=40)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "batch_id"], name="enrollment_sent_once_per_batch"
            )
        ]
        indexes = [models.Index(fields=["enrollment", "sent_on"])]

    def __str__(self) -> str:
        return f"Enrollment file {self.batch_id}"
