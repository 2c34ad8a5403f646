from django.apps import AppConfig


class AuditSearchConfig(AppConfig):
    name = "aordesk.audit"
    label = "audit_search"
    verbose_name = "Audit search"
