"""SMTP with a verified certificate, and never in plaintext when TLS is required; and the
demo's one-file-per-message backend."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import ssl
import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend

from aordesk.artifacts.storage import ensure_private_dir, seal_to


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


class EmlFileBackend(BaseEmailBackend):
    """The demo's mail: one `.eml` file (RFC 5322) per message under EMAIL_FILE_PATH, however
    many messages share a connection, sealed at rest like every kept file (`aordesk artifacts
    export DIR --kind outbox` writes the readable copies a mail program opens).

    Django's file backend appends every message of a connection to one `.log`, and the outbox
    keeps one connection for a whole drain, so the demo's notices ended up in one file. Names
    sort by time: the UTC moment to the microsecond, then a per-process sequence that keeps
    two messages of the same microsecond in the order they were sent. `seal_to` writes under
    a temporary name and renames, so a reader never sees half a message."""

    def __init__(
        self, *args: Any, file_path: str | None = None, fail_silently: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(fail_silently=fail_silently)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH).resolve()
        ensure_private_dir(self.file_path)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                self._write(message)
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent

    def _write(self, message: EmailMessage) -> Path:
        with _SEQUENCE_LOCK:
            number = next(_SEQUENCE)
        moment = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        final = self.file_path / f"{moment}-{number:06d}-{os.getpid()}.eml"
        content = message.message().as_bytes(linesep="\r\n")
        seal_to(final, functools.partial(_write, content))
        return final


def _write(content: bytes, out: BinaryIO) -> None:
    out.write(content)


_SEQUENCE = itertools.count(1)
_SEQUENCE_LOCK = threading.Lock()
