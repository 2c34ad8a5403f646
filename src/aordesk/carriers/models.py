from django.db import models
from django.db.models import F, Q


class Carrier(models.Model):
    class Kind(models.TextChoices):
        MEDICAL = "medical", "Medical"
        DENTAL = "dental", "Dental"

    code = models.CharField(max_length=20, unique=True)
    legal_name = models.CharField(max_length=200)
    display_name = models.CharField(max_length=120)

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV (the desk's own layout)"
        X12_834 = "x12-834", "X12 834 (005010X220A1)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    active = models.BooleanField(default=True)
    # How the carrier takes its AOR files; the trading partner ids below matter for X12 only.
    file_format = models.CharField(
        max_length=10, choices=FileFormat.choices, default=FileFormat.CSV, db_default="csv"
    )
    # ISA05/ISA06 and ISA07/ISA08: the exchange as sender, the carrier as receiver.
    isa_sender_qualifier = models.CharField(max_length=2, blank=True, default="")
    isa_sender_id = models.CharField(max_length=15, blank=True, default="")
    isa_receiver_qualifier = models.CharField(max_length=2, blank=True, default="")
    isa_receiver_id = models.CharField(max_length=15, blank=True, default="")
    # GS02/GS03: application sender and receiver codes.
    gs_sender_code = models.CharField(max_length=15, blank=True, default="")
    gs_receiver_code = models.CharField(max_length=15, blank=True, default="")
    # The carrier's federal tax id, sent as the payer's id (N1*IN*...*FI*<id>).
    payer_tax_id = models.CharField(max_length=9, blank=True, default="")

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(name="carrier_code_not_blank", condition=~Q(code="")),
            models.CheckConstraint(
                name="carrier_file_format_known", condition=Q(file_format__in=["csv", "x12-834"])
            ),
            # An X12 carrier can be sent to only with both ends of the envelope named.
            models.CheckConstraint(
                name="carrier_x12_has_partner_ids",
                condition=Q(file_format="csv")
                | (
                    ~Q(isa_sender_qualifier="")
                    & ~Q(isa_sender_id="")
                    & ~Q(isa_receiver_qualifier="")
                    & ~Q(isa_receiver_id="")
                    & ~Q(gs_sender_code="")
                    & ~Q(gs_receiver_code="")
                    & ~Q(payer_tax_id="")
                ),
            ),
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


class CarrierAppointment(models.Model):
    """A carrier's appointment of a broker (reference data, loader kind `appointments`): a
    broker is paid commission only by carriers that appointed them on the coverage date."""

    broker = models.ForeignKey(
        "brokers.Broker", on_delete=models.PROTECT, related_name="carrier_appointments"
    )
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="appointments")
    appointed_from = models.DateField()
    # Open-ended when blank; otherwise the last day the appointment holds.
    appointed_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["broker", "carrier", "appointed_from"], name="appointment_once"
            ),
            models.CheckConstraint(
                name="appointment_until_after_from",
                condition=Q(appointed_until__isnull=True)
                | Q(appointed_until__gte=F("appointed_from")),
            ),
        ]
        indexes = [models.Index(fields=["carrier", "broker"])]

    def __str__(self) -> str:
        return f"Appointment {self.pk}"
