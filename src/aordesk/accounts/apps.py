from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aordesk.accounts"
    label = "accounts"
