from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Replace

from aordesk.brokers.folding import ACCENT_PAIRS, SQLITE_PAIRS


class Folded(models.Func):
    """The database side of brokers.folding.fold: one TRANSLATE on PostgreSQL, nested
    REPLACE calls (the frequent letters only) on SQLite."""

    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        accented = "".join(a for a, _ in ACCENT_PAIRS)
        plain = "".join(p for _, p in ACCENT_PAIRS)
        translated = models.Func(
            *self.source_expressions, Value(accented), Value(plain), function="TRANSLATE"
        )
        return Lower(translated).as_sql(compiler, connection, **extra_context)

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        expression = self.source_expressions[0]
        for accented, plain in SQLITE_PAIRS:
            expression = Replace(expression, Value(accented), Value(plain))
        return Lower(expression).as_sql(compiler, connection, **extra_context)


class Agency(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    admin_name = models.CharField(max_length=150, blank=True)
    admin_email = models.EmailField(blank=True)
    admin_phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Broker(models.Model):
    class Certification(models.TextChoices):
        CERTIFIED = "certified", "Certified"
        SUSPENDED = "suspended", "Suspended"
        DECERTIFIED = "decertified", "Decertified"

    npn = models.CharField("NPN", max_length=10, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField("registered email", db_index=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="brokers"
    )
    certification_status = models.CharField(
        max_length=12, choices=Certification.choices, default=Certification.CERTIFIED
    )
    certified_on = models.DateField()
    # The day the current status took effect (equal to certified_on while certified).
    status_changed_on = models.DateField()
    # "first last" folded (brokers.folding), stored so the directory's name search reads
    # one column instead of folding every name on every search.
    name_key = models.GeneratedField(
        expression=Folded(Concat("first_name", Value(" "), "last_name")),
        output_field=models.CharField(max_length=201),
        db_persist=True,
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                name="broker_npn_digits", condition=Q(npn__regex=r"^[0-9]{1,10}$")
            ),
            models.CheckConstraint(
                name="broker_status_after_certification",
                condition=Q(status_changed_on__gte=models.F("certified_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} (NPN {self.npn})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class BrokerCertificationChange(models.Model):
    broker = models.ForeignKey(
        Broker, on_delete=models.CASCADE, related_name="certification_changes"
    )
    status = models.CharField(max_length=12, choices=Broker.Certification.choices)
    effective_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["broker", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.status} from {self.effective_on}"


class BrokerEmailChange(models.Model):
    """History of a broker's registered email: who changed it, when, old and new value."""

    broker = models.ForeignKey(Broker, on_delete=models.CASCADE, related_name="email_changes")
    old_email = models.EmailField(blank=True)
    new_email = models.EmailField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    changed_by_label = models.CharField(max_length=150)

    class Meta:
        ordering = ["broker", "changed_at", "id"]

    def __str__(self) -> str:
        return f"Email change {self.pk}"
