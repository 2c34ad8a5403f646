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
