from django.urls import path

from aordesk.messaging import views

app_name = "messaging"

urlpatterns = [
    path("staff/messages/", views.staff_inbox, name="inbox"),
    path("staff/messages/new/", views.compose, name="compose"),
    path("staff/messages/<int:pk>/", views.thread_page, name="thread"),
    path("staff/messages/<int:pk>/answer/", views.thread_answer, name="answer"),
    path("staff/messages/<int:pk>/take/", views.thread_take, name="take"),
    path("staff/messages/<int:pk>/release/", views.thread_release, name="release"),
    path("staff/messages/<int:pk>/close/", views.thread_close, name="close"),
]
