"""Uploaded files kept as evidence: recognised by their content, stored once under their SHA-256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from salw.core.errors import ValidationFailed


@dataclass(frozen=True)
class FileKind:
    signature: bytes  # the file's first bytes
    content_type: str
    suffix: str


PDF = FileKind(b"%PDF-", "application/pdf", ".pdf")
JPEG = FileKind(b"\xff\xd8\xff", "image/jpeg", ".jpg")
PNG = FileKind(b"\x89PNG\r\n\x1a\n", "image/png", ".png")
TIFF_LITTLE_ENDIAN = FileKind(b"II*\x00", "image/tiff", ".tif")
TIFF_BIG_ENDIAN = FileKind(b"MM\x00*", "image/tiff", ".tif")
WEBP = FileKind(b"RIFF", "image/webp", ".webp")  # and "WEBP" at byte 8


@dataclass(frozen=True)
class StoredFile:
    stored_path: str  # relative to the media directory
    sha256: str
    content_type: str
    size: int


def kind_of(content: bytes, kinds: tuple[FileKind, ...]) -> FileKind | None:
    """Which of ``kinds`` the content is, by its first bytes.

    Never by the name or the browser's claim, so that a renamed executable is never stored as
    "photo.jpg" or "certificate.pdf".
    """
    for kind in kinds:
        if content.startswith(kind.signature) and (kind is not WEBP or content[8:12] == b"WEBP"):
            return kind
    return None


def store_by_hash(content: bytes, original_name: str, *, directory: str, kinds: tuple[FileKind, ...],
                  max_bytes: int, unit: str, accepted: str) -> StoredFile:
    """Check and write one file; the same content is stored once, under its SHA-256.

    ``unit`` names one such file in messages ("a photograph"), ``accepted`` the kinds allowed
    ("a PDF, JPEG, PNG or TIFF file").
    """
    if not content:
        raise ValidationFailed(_("%(file)s: the file is empty") % {"file": original_name})
    if len(content) > max_bytes:
        raise ValidationFailed(_("%(file)s: %(size)s bytes is more than the %(limit)s bytes %(unit)s may have")
                               % {"file": original_name, "size": len(content), "limit": max_bytes, "unit": unit})
    kind = kind_of(content, kinds)
    if kind is None:
        raise ValidationFailed(_("%(file)s: not %(accepted)s") % {"file": original_name, "accepted": accepted})
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{directory}/{digest[:2]}/{digest}{kind.suffix}"
    target = stored_file_path(relative)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(kind.suffix + ".part")
        partial.write_bytes(content)
        partial.replace(target)  # never leave half a file under the final name
    return StoredFile(relative, digest, kind.content_type, len(content))


def stored_file_path(stored_path: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored_path
