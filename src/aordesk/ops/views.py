"""Probes for the load balancer and the operators' monitoring: unauthenticated, no data."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from aordesk.ops.health import readiness


def _answer(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering: nothing else is touched."""
    return _answer({"status": "ok"}, 200)


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 503 when the database, the cache or the artifacts location fails."""
    body = readiness()
    return _answer(body, 200 if body["status"] == "ok" else 503)
