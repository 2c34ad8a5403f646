from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from aordesk.accounts.urls import closed_allauth_patterns

# The admin signs in through allauth too, so it gets the same TOTP step and lockout.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(closed_allauth_patterns)),
    path("accounts/", include("allauth.urls")),
    path("account/", include("aordesk.accounts.urls")),
    path("", include("aordesk.portal.urls")),
    path("", include("aordesk.incidents.urls")),
    path("", include("aordesk.review.urls")),
    path("", include("aordesk.cycle.urls")),
    path("", include("aordesk.directory.urls")),
    path("", include("aordesk.audit.urls")),
    path("", include("aordesk.dashboard.urls")),
    path("", include("aordesk.reconciliation.urls")),
    path("", include("aordesk.carriers.urls")),
    path("", include("aordesk.desk.urls")),
    path("", include("aordesk.ops.urls")),
    path("", include("aordesk.messaging.urls")),
]
