from django.urls import path

from aordesk.portal import submissions, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/<int:pk>/reply/", views.message_reply_view, name="reply"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="download"),
    path("discrepancies/new/", submissions.discrepancy_report, name="discrepancy"),
    path("staff/submissions/new/", submissions.staff_submission, name="staff_submission"),
]
