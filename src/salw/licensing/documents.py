"""Scanned end-user documents, stored once under their SHA-256 (see core.files)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from salw.core.files import (
    JPEG,
    PDF,
    PNG,
    TIFF_BIG_ENDIAN,
    TIFF_LITTLE_ENDIAN,
    StoredFile,
    store_by_hash,
)

DOCUMENT_DIRECTORY = "end-user-documents"
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # a multi-page scan at 300 dpi stays well below this
DOCUMENT_KINDS = (PDF, JPEG, PNG, TIFF_LITTLE_ENDIAN, TIFF_BIG_ENDIAN)


def document_store(content: bytes, original_name: str) -> StoredFile:
    """Check and write one scanned document; the same content is stored once."""
    return store_by_hash(content, original_name, directory=DOCUMENT_DIRECTORY, kinds=DOCUMENT_KINDS,
                         max_bytes=DOCUMENT_MAX_BYTES, unit=_("a document"),
                         accepted=_("a PDF, JPEG, PNG or TIFF file"))
