"""Logical backups: every table of the installation in one zip, restorable on SQLite or PostgreSQL.

A backup taken on the laptop restores on a PostgreSQL hub and back, because it holds
values, not database pages. Restore goes into an empty, freshly migrated database
only: history is never merged or overwritten.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from django.apps import apps
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from salw import __version__
from salw.core.bulk import BulkWriter
from salw.tracing import seizure_copies
from salw.tracing.models import SeizedItem, Seizure

FORMAT = "salw-backup"
FORMAT_VERSION = 1
BACKED_UP_APPS = ("auth", "core", "accounts", "vocabularies", "registry", "interchange", "tracing",
                  "licensing", "context", "reporting")
SKIPPED_MODELS = {"auth.permission", "auth.group", "auth.group_permissions"}


class BackupRefused(Exception):
    pass


def backed_up_models() -> list[type[models.Model]]:
    chosen = []
    for app_label in BACKED_UP_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.label_lower in SKIPPED_MODELS or model._meta.proxy:
                continue
            if model._meta.auto_created and "group" in model._meta.db_table:
                continue
            if model._meta.auto_created and "permission" in model._meta.db_table:
                continue
            chosen.append(model)
    return chosen


def _encode(value):
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decoder(field: models.Field) -> Callable:
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.UUIDField):
        return lambda value: uuid.UUID(value) if value else None
    if isinstance(target, models.DateTimeField):
        return lambda value: parse_datetime(value) if value else None
    if isinstance(target, models.DateField):
        return lambda value: parse_date(value) if value else None
    return lambda value: value


def backup_write(path: Path, on_table: Callable[[str, int], None] | None = None) -> dict:
    """Write every backed-up table to ``path``; returns the manifest."""
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "salw_version": __version__,
                "database": connection.vendor, "migrations": _applied_migrations(), "tables": {}}
    with transaction.atomic(), zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model in backed_up_models():
            columns = [field.attname for field in model._meta.concrete_fields]
            digest = hashlib.sha256()
            count = 0
            name = f"tables/{model._meta.db_table}.jsonl"
            with archive.open(name, "w", force_zip64=True) as handle:
                handle.write((json.dumps(columns) + "\n").encode())
                pk = model._meta.pk.attname
                for row in model._base_manager.order_by(pk).values_list(*columns).iterator(chunk_size=5000):
                    line = (json.dumps([_encode(value) for value in row], ensure_ascii=False) + "\n").encode()
                    digest.update(line)
                    handle.write(line)
                    count += 1
            manifest["tables"][model._meta.db_table] = {"rows": count, "sha256": digest.hexdigest()}
            if on_table:
                on_table(model._meta.db_table, count)
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def backup_read_manifest(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, OSError) as error:
        raise BackupRefused(_("%(file)s: not a salw backup (%(error)s)") % {"file": Path(path).name,
                                                                            "error": error}) from None
    if manifest.get("format") != FORMAT:
        raise BackupRefused(_("%(file)s: not a salw backup") % {"file": Path(path).name})
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupRefused(_("%(file)s: made by a newer salw; upgrade first") % {"file": Path(path).name})
    return manifest


def backup_load(path: Path, on_table: Callable[[str, int], None] | None = None) -> dict:
    """Load a backup into this (empty, migrated) database, checking every table's checksum."""
    manifest = backup_read_manifest(path)
    missing = sorted(set(manifest["migrations"]) - set(_applied_migrations()))
    if missing:
        raise BackupRefused(_("the backup needs migrations this installation lacks: %(migrations)s")
                            % {"migrations": ", ".join(missing[:5])})
    models_by_table = {model._meta.db_table: model for model in backed_up_models()}
    with transaction.atomic():
        for model in models_by_table.values():
            if model._base_manager.exists():
                raise BackupRefused(_("the database already holds data (%(table)s); restore into a new, "
                                      "empty data directory") % {"table": model._meta.db_table})
        with zipfile.ZipFile(path) as archive:
            for table, expected in manifest["tables"].items():
                model = models_by_table.get(table)
                if model is None:
                    raise BackupRefused(_("the backup holds table %(table)s, unknown to this version")
                                        % {"table": table})
                with archive.open(f"tables/{table}.jsonl") as handle:
                    columns = json.loads(handle.readline())
                    fields = [model._meta.get_field(_field_name(model, column)) for column in columns]
                    decoders = [_decoder(field) for field in fields]
                    writer = BulkWriter(model, [field.name for field in fields])
                    digest = hashlib.sha256()
                    count = 0
                    for line in handle:
                        digest.update(line)
                        values = json.loads(line)
                        writer.add([decode(value) for decode, value in zip(decoders, values, strict=True)])
                        count += 1
                    writer.flush()
                if count != expected["rows"] or digest.hexdigest() != expected["sha256"]:
                    raise BackupRefused(_("table %(table)s in the backup is damaged (checksum mismatch)")
                                        % {"table": table})
                if on_table:
                    on_table(table, count)
        _reset_sequences(list(models_by_table.values()))
        # A backup taken before seized items carried their seizure's date and place holds no copies.
        seizure_copies.refill(SeizedItem, Seizure)
    return manifest


def _field_name(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise BackupRefused(_("column %(column)s of %(table)s is unknown to this version")
                        % {"column": attname, "table": model._meta.db_table})


def _reset_sequences(model_list) -> None:
    statements = connection.ops.sequence_reset_sql(_NoStyle(), model_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text
