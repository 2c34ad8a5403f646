from django.apps import AppConfig


class CarriersConfig(AppConfig):
    name = "aordesk.carriers"
    label = "carriers"
