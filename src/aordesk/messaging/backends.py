"""SMTP with a verified certificate, and never in plaintext when TLS is required."""

from __future__ import annotations

import functools
import ssl
import uuid
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend
from django.utils import timezone

from aordesk.artifacts.storage import seal_to


class TLSRequiredError(ssl.SSLError):
    """Raised instead of sending in plaintext."""


class VerifiedTLSEmailBackend(EmailBackend):
    """Django's SMTP backend with a context that checks the chain and the hostname.

    STARTTLS (EMAIL_USE_TLS) or implicit TLS (EMAIL_USE_SSL); with EMAIL_TLS_REQUIRED a
    connection configured for neither is refused, and a server that does not offer
    STARTTLS fails in smtplib before anything is sent."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tls_required = kwargs.get("tls_required", settings.EMAIL_TLS_REQUIRED)
        self.cafile = kwargs.get("cafile", settings.EMAIL_SSL_CAFILE) or None

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.cafile)
        context.check_hostname = True
        context.verify_mode = ssl.CERT_REQUIRED
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.ssl_certfile:
            context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile)
        return context

    def open(self) -> bool | None:
        if self.tls_required and not (self.use_tls or self.use_ssl):
            raise TLSRequiredError("TLS is required: set EMAIL_USE_TLS or EMAIL_USE_SSL")
        return super().open()


class SealedFileEmailBackend(BaseEmailBackend):
    """The demo's outbox: one sealed .eml file per message under EMAIL_FILE_PATH, like
    Django's file backend but never in plaintext on disk (`aordesk artifacts export
    DIR --kind outbox` writes readable copies)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            content = message.message().as_bytes(linesep="\n")
            seal_to(folder / name, functools.partial(_write, content))
            sent += 1
        return sent


def _write(content: bytes, out: BinaryIO) -> None:
    out.write(content)
