"""Photographs of markings: recognised by their content, stored once under the data directory."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from salw.core.errors import ValidationFailed

PHOTO_DIRECTORY = "marking-photos"

# Recognised by the first bytes, not by the name or the browser's claim, so that a renamed
# executable is never stored as "photo.jpg".
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)


@dataclass(frozen=True)
class StoredPhoto:
    stored_path: str
    sha256: str
    content_type: str
    size: int


def photo_content_type(content: bytes) -> tuple[str, str] | None:
    """(content type, file suffix) of a supported image, None for anything else."""
    for signature, content_type, suffix in _SIGNATURES:
        if content.startswith(signature):
            return content_type, suffix
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def photo_limit_bytes() -> int:
    return int(float(settings.SALW_OPTIONS["photo_max_mb"]) * 1024 * 1024)


def photo_store(content: bytes, original_name: str) -> StoredPhoto:
    """Check and write one photograph; the same content is stored once, under its SHA-256."""
    limit = photo_limit_bytes()
    if len(content) > limit:
        raise ValidationFailed(f"{original_name}: {len(content)} bytes is more than the "
                               f"{limit} bytes a photograph may have")
    if not content:
        raise ValidationFailed(f"{original_name}: the file is empty")
    kind = photo_content_type(content)
    if kind is None:
        raise ValidationFailed(f"{original_name}: not a JPEG, PNG, TIFF or WebP image")
    content_type, suffix = kind
    digest = hashlib.sha256(content).hexdigest()
    relative = f"{PHOTO_DIRECTORY}/{digest[:2]}/{digest}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(suffix + ".part")
        partial.write_bytes(content)
        partial.replace(target)  # never leave half a photograph under the final name
    return StoredPhoto(relative, digest, content_type, len(content))
