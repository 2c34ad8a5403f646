from django.urls import path

from aordesk.review import views

app_name = "review"

urlpatterns = [
    path("staff/review/", views.queue, name="queue"),
    path("staff/review/take-next/", views.take_next, name="take_next"),
    path("staff/review/bulk-confirm/", views.bulk_confirm, name="bulk_confirm"),
    path("staff/review/claims/<int:pk>/", views.case, name="case"),
    path("staff/review/claims/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("staff/review/claims/<int:pk>/decide/", views.override, name="override"),
    path("staff/review/claims/<int:pk>/request-info/", views.request_info, name="request_info"),
    path("staff/review/claims/<int:pk>/release/", views.release, name="release"),
    path("staff/review/claims/<int:pk>/reopen/", views.reopen, name="reopen"),
]
