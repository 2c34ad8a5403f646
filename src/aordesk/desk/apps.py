from django.apps import AppConfig


class DeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aordesk.desk"
    verbose_name = "Broker and agency desk"
