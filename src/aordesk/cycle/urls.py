from django.urls import path

from aordesk.cycle import views

app_name = "cycle"

urlpatterns = [
    path("staff/cycle/", views.cycle_operations, name="operations"),
    path("staff/cycle/<str:month>/start/", views.cycle_start, name="start"),
    path(
        "staff/notifications/<int:pk>/resend/",
        views.notification_resend,
        name="notification_resend",
    ),
]
