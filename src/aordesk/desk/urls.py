from django.urls import path, register_converter

from aordesk.desk import downloads, views


class MonthConverter:
    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MonthConverter, "month")

app_name = "desk"

urlpatterns = [
    path("desk/", views.home, name="home"),
    path("desk/reports/", views.reports, name="reports"),
    path("desk/reports/<month:month>/", views.report_rows, name="report"),
    path("desk/reports/<month:month>.csv", downloads.report_csv, name="report_csv"),
    path("desk/reports/<month:month>.zip", downloads.month_zip, name="month_zip"),
    path(
        "desk/documents/<str:kind>/<int:pk>/download/",
        downloads.document_download,
        name="document",
    ),
    path("desk/claims/", views.claims, name="claims"),
    path("desk/changes/", views.changes, name="changes"),
]
