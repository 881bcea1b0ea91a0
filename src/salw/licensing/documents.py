"""Scanned end-user documents: recognised by their content, stored once under their SHA-256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from salw.core.errors import ValidationFailed

DOCUMENT_DIRECTORY = "end-user-documents"
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # a multi-page scan at 300 dpi stays well below this

# Recognised by the first bytes, never by the name or the browser's claim, so that a renamed
# executable is never stored as "certificate.pdf".
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)


@dataclass(frozen=True)
class StoredDocument:
    stored_path: str
    sha256: str
    content_type: str
    size: int


def document_content_type(content: bytes) -> tuple[str, str] | None:
    for signature, content_type, suffix in _SIGNATURES:
        if content.startswith(signature):
            return content_type, suffix
    return None


def document_store(content: bytes, original_name: str) -> StoredDocument:
    """Check and write one scanned document; the same content is stored once."""
    if not content:
        raise ValidationFailed(f"{original_name}: the file is empty")
    if len(content) > DOCUMENT_MAX_BYTES:
        raise ValidationFailed(f"{original_name}: {len(content)} bytes is more than the {DOCUMENT_MAX_BYTES} "
                               f"bytes a document may have")
    kind = document_content_type(content)
    if kind is None:
        raise ValidationFailed(f"{original_name}: not a PDF, JPEG, PNG or TIFF file")
    content_type, suffix = kind
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{DOCUMENT_DIRECTORY}/{digest[:2]}/{digest}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(suffix + ".part")
        partial.write_bytes(content)
        partial.replace(target)  # never leave half a document under the final name
    return StoredDocument(relative, digest, content_type, len(content))


def document_path(stored_path: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored_path
