from django.apps import AppConfig


class SeedConfig(AppConfig):
    name = "aordesk.seed"
    label = "seed"
