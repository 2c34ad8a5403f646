from django.apps import AppConfig


class BrokersConfig(AppConfig):
    name = "aordesk.brokers"
    label = "brokers"
