from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A person who signs in: Broker Team staff, a broker (one login per NPN), or an
    agency administrator (acts for every broker of the agency)."""

    class Role(models.TextChoices):
        STAFF = "staff", "Broker Team staff"
        BROKER = "broker", "Broker"
        AGENCY_ADMIN = "agency_admin", "Agency administrator"

    class DisabledReason(models.TextChoices):
        STAFF = "staff", "Disabled by staff"
        INACTIVE = "inactive", "No sign-in for 60 days"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    broker = models.OneToOneField(
        "brokers.Broker", null=True, blank=True, on_delete=models.PROTECT, related_name="user"
    )
    agency = models.ForeignKey(
        "brokers.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="administrators",
    )
    # Start of the current active spell (invitation or re-enabling): 60 idle days count
    # from the later of this and the last sign-in.
    active_since = models.DateTimeField(null=True, blank=True)
    # Why and when an account was switched off; cleared when staff re-enable it.
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=20, choices=DisabledReason.choices, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="user_broker_role_has_broker",
                condition=~Q(role="broker") | Q(broker__isnull=False),
            ),
            models.CheckConstraint(
                name="user_agency_admin_role_has_agency",
                condition=~Q(role="agency_admin") | Q(agency__isnull=False),
            ),
        ]


class AgencyEmailChange(models.Model):
    """History of an agency's registered (administrator) email, like BrokerEmailChange."""

    agency = models.ForeignKey(
        "brokers.Agency", on_delete=models.CASCADE, related_name="email_changes"
    )
    old_email = models.EmailField(blank=True)
    new_email = models.EmailField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by_label = models.CharField(max_length=150)

    class Meta:
        ordering = ["agency", "changed_at", "id"]

    def __str__(self) -> str:
        return f"Agency email change {self.pk}"
