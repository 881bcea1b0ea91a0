"""Uploaded files kept between the steps of the import wizard.

Each upload lives in the data directory under media/uploads/<opaque id>/, next to a small
record of who uploaded it and for which jurisdiction. The id is random, so it cannot be
guessed; the owner is checked as well, so a leaked link is still useless to anyone else.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_RECORD = "upload.json"


class UploadMissing(Exception):
    """No such upload, or it belongs to someone else."""


@dataclass
class Upload:
    id: str
    path: Path
    original_name: str
    owner_id: str
    jurisdiction_id: str


def _uploads_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads"


def upload_save(*, user, uploaded_file, jurisdiction_id: str) -> Upload:
    upload_id = secrets.token_urlsafe(24)
    directory = _uploads_dir() / upload_id
    directory.mkdir(parents=True)
    # The importer names the file in every problem it reports, so keep the officer's name for it.
    name = get_valid_filename(Path(uploaded_file.name).name) or "upload.csv"
    path = directory / name
    with open(path, "wb") as handle:
        for chunk in uploaded_file.chunks():
            handle.write(chunk)
    record = {"original_name": uploaded_file.name, "file": name, "owner_id": str(user.pk),
              "jurisdiction_id": str(jurisdiction_id)}
    (directory / _RECORD).write_text(json.dumps(record), encoding="utf-8")
    return Upload(upload_id, path, uploaded_file.name, str(user.pk), str(jurisdiction_id))


def upload_for(user, upload_id: str) -> Upload:
    if not _ID.match(upload_id or ""):
        raise UploadMissing(upload_id)
    directory = _uploads_dir() / upload_id
    try:
        record = json.loads((directory / _RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UploadMissing(upload_id) from None
    if record.get("owner_id") != str(user.pk):
        raise UploadMissing(upload_id)
    return Upload(upload_id, directory / record["file"], record["original_name"], record["owner_id"],
                  record["jurisdiction_id"])


def upload_discard(upload: Upload) -> None:
    shutil.rmtree(upload.path.parent, ignore_errors=True)
