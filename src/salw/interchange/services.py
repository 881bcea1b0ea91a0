"""Every write (and export) of the interchange area, each checked by its policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.audit import audit_record
from salw.core.errors import ValidationFailed
from salw.core.selectors import national_jurisdiction
from salw.interchange import policies
from salw.interchange.backup import BackupRefused, backup_load, backup_write
from salw.interchange.export import registry_rows, write_csv, write_xlsx
from salw.interchange.registry_importer import ImportReport, import_registry_file
from salw.registry.selectors import weapons_visible_to


def registry_import(*, actor, path: Path, jurisdiction=None, **options) -> ImportReport:
    """Validate and import a registry file; all or nothing (see registry_importer)."""
    jurisdiction = jurisdiction or national_jurisdiction()
    policies.registry_import(actor, jurisdiction=jurisdiction)
    return import_registry_file(actor=actor, path=path, jurisdiction=jurisdiction, **options)


def registry_export(*, actor, path: Path, file_format: str = "csv",
                    on_row: Callable[[], None] | None = None) -> int:
    policies.registry_export(actor)
    if file_format not in ("csv", "xlsx"):
        raise ValidationFailed(_("unknown export format %(format)r; use csv or xlsx") % {"format": file_format})
    rows = registry_rows(weapons_visible_to(actor))
    count = (write_csv if file_format == "csv" else write_xlsx)(Path(path), rows, on_row)
    audit_record(actor=actor, action="registry_export", object_type="registry",
                 changes={"file": Path(path).name, "format": file_format, "rows": count})
    return count


def backup_create(*, actor, path: Path | None = None, data_dir: Path | None = None,
                  on_table: Callable[[str, int], None] | None = None) -> tuple[Path, dict]:
    policies.backup_create(actor)
    if path is None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        path = Path(data_dir) / "backups" / f"salw-backup-{stamp}.zip"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    audit_record(actor=actor, action="backup_create", object_type="installation", changes={"file": path.name})
    manifest = backup_write(path, on_table)
    return path, manifest


def backup_restore(*, actor, path: Path, on_table: Callable[[str, int], None] | None = None) -> dict:
    policies.backup_restore(actor)
    try:
        manifest = backup_load(Path(path), on_table)
    except BackupRefused as error:
        raise ValidationFailed(str(error)) from None
    audit_record(actor=actor, action="backup_restore", object_type="installation",
                 changes={"file": Path(path).name, "taken_on": manifest.get("database")})
    return manifest
