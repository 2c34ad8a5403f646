from django.db import models


class Artifact(models.Model):
    """A file aordesk produced or received, under the data directory, with its hash."""

    class Kind(models.TextChoices):
        AOR_FILE = "aor_file", "Carrier AOR file"
        AOR_REPORT = "aor_report", "Broker AOR report"
        BROKER_STATEMENT = "broker_statement", "Broker statement"
        AGENCY_STATEMENT = "agency_statement", "Agency statement"
        DETERMINATION = "determination", "Determination file"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement workbook"
        SUBMISSION = "submission", "Returned file as received"
        CARRIER_ACK = "carrier_ack", "Carrier acknowledgement (TA1/999) as received"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    relative_path = models.CharField(max_length=300, unique=True)
    filename = models.CharField("download name", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
