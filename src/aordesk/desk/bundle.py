"""A month's documents as one zip: each file under the name that says whose it is."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from typing import IO, Any

from aordesk.desk.filenames import document_filename

CHUNK = 1 << 20


def month_zip_write(documents: list[Any]) -> IO[bytes]:
    """The zip in an anonymous temporary file (gone when closed), rewound for reading.
    Workbooks are already compressed: stored, not deflated again."""
    from aordesk.desk.reports import artifact_read

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
            with artifact_read(doc.record.artifact) as source, archive.open(name, "w") as out:
                shutil.copyfileobj(source, out, CHUNK)
    handle.seek(0)
    return handle
