"""Request bodies are refused as they stream in: anonymous uploads are not read, and no
file is read past the size limit."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from aordesk.intake.models import Submission
from tests.accounts.conftest import _fast_passwords  # noqa: F401
from tests.accounts.factories import BrokerUserFactory, with_totp

pytestmark = pytest.mark.django_db
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


class CountingStream(io.BytesIO):
    """The request body, remembering how much of it the server read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.taken += len(line)
        return line


def _multipart(size: int, csrf: str = "x") -> tuple[bytes, str]:
    boundary = "BoUnDaRy"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f'{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    return head + b"a" * size + f"\r\n--{boundary}--\r\n".encode(), boundary


def _post(client, url, size, csrf="x"):
    body, boundary = _multipart(size, csrf)
    stream = CountingStream(body)
    response = client.generic(
        "POST",
        url,
        **{
            "wsgi.input": stream,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        },
    )
    return response, stream


def test_an_anonymous_upload_is_refused_before_its_body_is_read():
    response, stream = _post(Client(), reverse("portal:discrepancy"), 5 * 1024 * 1024)
    assert response.status_code in (302, 403)
    assert stream.taken < 1024 * 1024


def test_a_file_over_the_limit_stops_being_read_at_the_limit(settings):
    settings.AORDESK_MAX_UPLOAD_BYTES = 1024 * 1024
    user = BrokerUserFactory()
    with_totp(user)
    client = Client(enforce_csrf_checks=False)
    client.force_login(user, backend=BACKEND)
    response, stream = _post(client, reverse("portal:discrepancy"), 4 * 1024 * 1024)
    assert stream.taken < 2 * 1024 * 1024
    assert response.status_code == 400
    assert "larger than 1 MB" in str(response.context["form"].errors)
    assert not Submission.objects.exists()
