from django.db import models
from django.db.models import Q


class Carrier(models.Model):
    class Kind(models.TextChoices):
        MEDICAL = "medical", "Medical"
        DENTAL = "dental", "Dental"

    code = models.CharField(max_length=20, unique=True)
    legal_name = models.CharField(max_length=200)
    display_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(name="carrier_code_not_blank", condition=~Q(code="")),
        ]

    def __str__(self) -> str:
        return self.display_name


class CarrierAlias(models.Model):
    """Another way brokers write a carrier's name ("BCBS", "Blue Cross"). `key` is the
    normalised form (see carriers.names.alias_key): one key names one carrier."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.alias
