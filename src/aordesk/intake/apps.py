from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "aordesk.intake"
    label = "intake"
