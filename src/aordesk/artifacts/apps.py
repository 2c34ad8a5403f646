from django.apps import AppConfig


class ArtifactsConfig(AppConfig):
    name = "aordesk.artifacts"
    label = "artifacts"
