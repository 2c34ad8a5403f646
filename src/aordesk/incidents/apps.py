from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "aordesk.incidents"
    label = "incidents"
    verbose_name = "Privacy incidents"
