from django.urls import path

from aordesk.directory import views

app_name = "directory"

urlpatterns = [
    path("staff/brokers/", views.directory, name="search"),
    path("staff/brokers/<int:pk>/", views.broker_page, name="broker"),
]
