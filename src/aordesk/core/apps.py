from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "aordesk.core"
    label = "core"
