from django.urls import path

from aordesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("email/", views.my_email, name="my_email"),
    path("brokers/<int:pk>/email/", views.broker_email, name="broker_email"),
    path("agencies/<int:pk>/email/", views.agency_email, name="agency_email"),
    path("staff/accounts/", views.staff_accounts, name="staff_accounts"),
    path("staff/accounts/<int:pk>/toggle/", views.staff_account_toggle, name="staff_toggle"),
]
