from django.urls import path

from aordesk.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("staff/dashboard/", views.dashboard, name="home"),
]
