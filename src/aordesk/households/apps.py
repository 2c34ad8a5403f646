from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "aordesk.households"
    label = "households"
