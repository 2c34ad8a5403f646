from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what to which object, when, from where. Free text never holds personal
    data: objects are named by type and id, details are counts and codes."""

    class Source(models.TextChoices):
        CLI = "cli", "Command line"
        WEB = "web", "Web"
        TASK = "task", "Background task"
        SYSTEM = "system", "System"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        FAILURE = "failure", "Failure"
        DENIED = "denied", "Denied"

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    source = models.CharField(max_length=10, choices=Source.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
            # Audit search: one actor's events between two dates, newest first, keyset pages.
            models.Index(
                fields=["actor_label", "occurred_at", "id"], name="audit_actor_label_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
