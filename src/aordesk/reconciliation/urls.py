from django.urls import path

from aordesk.reconciliation import views

app_name = "reconciliation"

urlpatterns = [
    path("staff/reconciliation/", views.rosters, name="rosters"),
    path("staff/reconciliation/rosters/<int:pk>/", views.roster, name="roster"),
    path("staff/reconciliation/mismatches/", views.work_list, name="work_list"),
    path("staff/reconciliation/mismatches/<int:pk>/<slug:action>/", views.act, name="act"),
]
