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
    # Set when `aordesk retention purge` destroyed the file; the row stays (what refers to
    # it keeps its history) and an ArtifactTombstone says what it was and who received it.
    destroyed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.filename


class ArtifactTombstone(models.Model):
    """What a destroyed file was, whose it was and who received it, so the audit trail
    still answers "who received this consumer's data" after the bytes are gone."""

    artifact = models.OneToOneField(Artifact, on_delete=models.PROTECT, related_name="tombstone")
    kind = models.CharField(max_length=20)
    relative_path = models.CharField(max_length=300)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    made_at = models.DateTimeField()
    destroyed_at = models.DateTimeField()
    # The retention rule that applied: the kind's period and its stated reason.
    reason = models.CharField(max_length=300)
    # Broker NPNs, agency codes and carrier codes the file was sent to or came from,
    # and the messages that carried it: ids and codes only, never names.
    recipients = models.JSONField(default=dict)
    destroyed_by = models.CharField(max_length=150)

    def __str__(self) -> str:
        return f"Tombstone of artifact {self.artifact_id}"
