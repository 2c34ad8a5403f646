from django.apps import AppConfig


class ReconciliationConfig(AppConfig):
    name = "aordesk.reconciliation"
    label = "reconciliation"
