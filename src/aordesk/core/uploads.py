"""Request bodies refused as they stream in: an anonymous upload is not read at all, and
no file is read past the largest size any form accepts (FILE_UPLOAD_HANDLERS)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

REFUSED_ATTRIBUTE = "aordesk_upload_refused"
# The largest form anyone signed out sends (sign-in, password reset, invitation): no file.
ANONYMOUS_MAX_BYTES = 64 * 1024


class RefusingUploadHandler(FileUploadHandler):
    """First of the handlers: it only counts and refuses, Django's own handlers store."""

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, *args: Any, **kwargs: Any
    ) -> tuple[QueryDict, MultiValueDict] | None:
        user = getattr(self.request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if anonymous and content_length > ANONYMOUS_MAX_BYTES:
            # Nothing of the body is read: CSRF then refuses the empty form, and the
            # sign-in redirect costs no disk. Signing in needs no more than a few fields.
            return QueryDict(), MultiValueDict()
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.AORDESK_MAX_UPLOAD_BYTES:
            setattr(self.request, REFUSED_ATTRIBUTE, True)
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def upload_was_refused(request: HttpRequest) -> bool:
    return bool(getattr(request, REFUSED_ATTRIBUTE, False))


def refused_message() -> str:
    megabytes = settings.AORDESK_MAX_UPLOAD_BYTES // (1024 * 1024)
    return f"The file is larger than {megabytes} MB, so it was not received."
