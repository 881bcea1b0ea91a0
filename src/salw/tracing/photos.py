"""Photographs of markings, stored once under the data directory (see core.files)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from salw.core.files import (
    JPEG,
    PNG,
    TIFF_BIG_ENDIAN,
    TIFF_LITTLE_ENDIAN,
    WEBP,
    StoredFile,
    store_by_hash,
)

PHOTO_DIRECTORY = "marking-photos"
PHOTO_KINDS = (JPEG, PNG, TIFF_LITTLE_ENDIAN, TIFF_BIG_ENDIAN, WEBP)


def photo_store(content: bytes, original_name: str) -> StoredFile:
    """Check and write one photograph; the same content is stored once, under its SHA-256."""
    limit = int(float(settings.SALW_OPTIONS["photo_max_mb"]) * 1024 * 1024)
    return store_by_hash(content, original_name, directory=PHOTO_DIRECTORY, kinds=PHOTO_KINDS,
                         max_bytes=limit, unit=_("a photograph"), accepted=_("a JPEG, PNG, TIFF or WebP image"))
