from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "aordesk.cycle"
    label = "cycle"
