from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "aordesk.review"
    label = "review"
