from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "aordesk.dashboard"
    label = "dashboard"
