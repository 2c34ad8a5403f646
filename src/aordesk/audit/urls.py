from django.urls import path

from aordesk.audit import views

app_name = "audit"

urlpatterns = [
    path("staff/audit/consumer/", views.consumer, name="consumer"),
    path("staff/audit/activity/", views.activity, name="activity"),
]
