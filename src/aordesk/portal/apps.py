from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "aordesk.portal"
    label = "portal"
