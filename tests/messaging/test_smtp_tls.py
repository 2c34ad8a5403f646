"""Our SMTP client against a real server: verified TLS or nothing."""

import smtplib
import ssl

import pytest
import trustme
from django.core.mail import EmailMessage, get_connection

from aordesk.messaging.backends import TLSRequiredError
from tests.messaging.smtp import server_context, start_server


def _send() -> int:
    email = EmailMessage("Hello", "A message is waiting.", to=["broker1@broker.example"])
    return get_connection(fail_silently=False).send_messages([email])


def test_a_server_with_a_certificate_from_the_trusted_ca_receives_the_message(tls_server, recorder):
    assert _send() == 1
    assert len(recorder.received) == 1
    assert recorder.received[0]["Subject"] == "Hello"


def test_implicit_tls_with_a_trusted_certificate_delivers(test_ca, recorder, smtp_settings):
    controller = start_server(recorder, implicit=server_context(test_ca.issue_cert("localhost")))
    smtp_settings.EMAIL_PORT = controller.port
    smtp_settings.EMAIL_USE_TLS, smtp_settings.EMAIL_USE_SSL = False, True
    try:
        assert _send() == 1
    finally:
        controller.stop()
    assert len(recorder.received) == 1


def test_a_client_that_requires_tls_refuses_a_plaintext_configuration(smtp_settings, recorder):
    controller = start_server(recorder)
    smtp_settings.EMAIL_PORT = controller.port
    smtp_settings.EMAIL_USE_TLS = False
    try:
        with pytest.raises(TLSRequiredError):
            _send()
    finally:
        controller.stop()
    assert recorder.received == []


def test_a_server_that_does_not_offer_starttls_gets_nothing(smtp_settings, recorder):
    controller = start_server(recorder)
    smtp_settings.EMAIL_PORT = controller.port
    try:
        with pytest.raises(smtplib.SMTPNotSupportedError):
            _send()
    finally:
        controller.stop()
    assert recorder.received == []


def test_a_certificate_from_an_untrusted_ca_is_refused(smtp_settings, recorder):
    stranger = trustme.CA()
    controller = start_server(recorder, starttls=server_context(stranger.issue_cert("localhost")))
    smtp_settings.EMAIL_PORT = controller.port
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            _send()
    finally:
        controller.stop()
    assert recorder.received == []


def test_a_certificate_for_another_hostname_is_refused(test_ca, smtp_settings, recorder):
    controller = start_server(
        recorder, starttls=server_context(test_ca.issue_cert("mail.elsewhere.example"))
    )
    smtp_settings.EMAIL_PORT = controller.port
    try:
        with pytest.raises(ssl.SSLCertVerificationError, match=r"(?i)hostname|match"):
            _send()
    finally:
        controller.stop()
    assert recorder.received == []


def test_the_backend_checks_hostnames_and_certificates():
    from aordesk.messaging.backends import VerifiedTLSEmailBackend

    context = VerifiedTLSEmailBackend(cafile=None).ssl_context
    assert context.check_hostname is True
    assert context.verify_mode == ssl.CERT_REQUIRED
