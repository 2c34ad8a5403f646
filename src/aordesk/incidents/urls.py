from django.urls import path

from aordesk.incidents import views

app_name = "incidents"

urlpatterns = [
    path("reports/<int:pk>/not-on-my-list/", views.not_on_my_list, name="not_on_my_list"),
    path("staff/incidents/", views.staff_list, name="list"),
    path("staff/incidents/new/", views.staff_record, name="record"),
    path("staff/incidents/<int:pk>/", views.staff_detail, name="detail"),
]
