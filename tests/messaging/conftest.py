import pytest
import trustme

from tests.messaging.smtp import Recorder, server_context, start_server


@pytest.fixture(scope="session")
def test_ca():
    return trustme.CA()


@pytest.fixture
def ca_file(test_ca, tmp_path):
    path = tmp_path / "ca.pem"
    test_ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def smtp_settings(settings, ca_file):
    """Our client as production runs it: verified STARTTLS, plaintext refused."""
    settings.EMAIL_BACKEND = "aordesk.messaging.backends.VerifiedTLSEmailBackend"
    settings.EMAIL_HOST = "localhost"
    settings.EMAIL_USE_TLS = True
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TLS_REQUIRED = True
    settings.EMAIL_SSL_CAFILE = ca_file
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    return settings


@pytest.fixture
def tls_server(test_ca, recorder, smtp_settings):
    """A STARTTLS server whose certificate our test CA signed for 'localhost'."""
    controller = start_server(recorder, starttls=server_context(test_ca.issue_cert("localhost")))
    smtp_settings.EMAIL_PORT = controller.port
    yield controller
    controller.stop()
