from django.urls import path, re_path

from aordesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("email/", views.my_email, name="my_email"),
    path("authenticator/replace/", views.authenticator_replace_page, name="replace_authenticator"),
    path("brokers/<int:pk>/email/", views.broker_email, name="broker_email"),
    path("agencies/<int:pk>/email/", views.agency_email, name="agency_email"),
    path("staff/accounts/", views.staff_accounts, name="staff_accounts"),
    path("staff/accounts/<int:pk>/toggle/", views.staff_account_toggle, name="staff_toggle"),
    path("staff/accounts/<int:pk>/resend/", views.staff_invitation_resend, name="staff_resend"),
    path(
        "staff/accounts/<int:pk>/reset-authenticator/",
        views.staff_authenticator_reset,
        name="staff_authenticator_reset",
    ),
]

# allauth's own pages that would change an account outside the audited flows here: the
# registered email changes only through accounts:my_email. Mounted before allauth's URLs.
closed_allauth_patterns = [
    path("email/", views.closed, name="closed_email"),
    path("confirm-email/", views.closed),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", views.closed),
    path("password/set/", views.closed),
]
