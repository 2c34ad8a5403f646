"""A month's documents as one zip: each file under the name that says whose it is."""

from __future__ import annotations

import tempfile
import zipfile
from typing import IO, Any

from aordesk.desk.filenames import document_filename


def month_zip_write(documents: list[Any]) -> IO[bytes]:
    """The zip in an anonymous temporary file (gone when closed), rewound for reading.
    Workbooks are already compressed: stored, not deflated again."""
    from aordesk.desk.reports import artifact_path

    handle = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for doc in documents:
            name = document_filename(
                kind=doc.kind,
                month=doc.record.month,
                owner=doc.owner,
                version=doc.record.version,
                ext="xlsx",
            )
            archive.write(artifact_path(doc.record.artifact), arcname=name)
    handle.seek(0)
    return handle
