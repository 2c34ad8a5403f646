from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "aordesk.directory"
    label = "directory"
    verbose_name = "Broker directory"
