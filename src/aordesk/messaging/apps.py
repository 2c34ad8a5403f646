from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "aordesk.messaging"
    label = "messaging"
