from django.apps import AppConfig


class LoadersConfig(AppConfig):
    name = "aordesk.loaders"
    label = "loaders"
