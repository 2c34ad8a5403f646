"""MFA is required: a signed-in user without TOTP can do nothing but set it up."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

# Pages a user without TOTP still needs: setting it up (which may ask for the password
# again), seeing the recovery codes it generates, and signing out.
ALLOWED_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
)

BROWSER_FILES = ("/favicon.ico",)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not self._allowed(request)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _allowed(request: HttpRequest) -> bool:
        path = request.path_info
        # Files the browser fetches by itself: redirecting them would only load the set-up
        # page again behind the user's back.
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")) or path in BROWSER_FILES:
            return True
        return any(path == reverse(name) for name in ALLOWED_URL_NAMES)
