from django.apps import AppConfig


class AorConfig(AppConfig):
    name = "aordesk.aor"
    label = "aor"
