from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running aordesk for real: health, retention, backups."""

    name = "aordesk.ops"
    label = "ops"
