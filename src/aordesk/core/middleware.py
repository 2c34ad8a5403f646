"""Security headers Django does not send itself: a content security policy (Django 5.2 has
none) and a permissions policy. SecurityMiddleware sends the rest (referrer, opener, nosniff)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


class SecurityHeadersMiddleware:
    """Sends the policies on every response, allauth's and errors included; a view that
    sets its own header keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": _policy(settings.AORDESK_CONTENT_SECURITY_POLICY),
            "Permissions-Policy": ", ".join(
                f"{feature}=()" for feature in settings.AORDESK_PERMISSIONS_POLICY_DENY
            ),
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
