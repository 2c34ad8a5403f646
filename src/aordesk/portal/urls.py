from django.urls import path

from aordesk.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/<int:pk>/reply/", views.message_reply_view, name="reply"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="download"),
]
