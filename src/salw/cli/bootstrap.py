"""Point Django at the chosen data directory and start it, once per process."""

from __future__ import annotations

import os
from pathlib import Path

import click

_started = False


def start_django(data_dir: Path | None = None) -> None:
    global _started
    if data_dir is not None:
        os.environ["SALW_DATA_DIR"] = str(Path(data_dir).expanduser().resolve())
    if _started:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salw.settings.runtime")
    import django

    from salw.settings.options import ConfigurationError

    try:
        django.setup()
    except ConfigurationError as error:
        raise click.ClickException(str(error)) from None
    _started = True


def data_dir() -> Path:
    from django.conf import settings

    return Path(settings.SALW_DATA_DIR)


def pending_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def installation_has_data() -> bool:
    from django.db import connection

    tables = connection.introspection.table_names()
    if "registry_weapon" not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM registry_weapon LIMIT 1")
        return cursor.fetchone() is not None


def migrate(verbose: bool = False) -> Path | None:
    """Apply pending migrations; back the data up first when there is data to lose."""
    from django.core.management import call_command

    pending = pending_migrations()
    if not pending:
        return None
    backup_path = None
    if installation_has_data():
        from salw.core.access import SystemActor
        from salw.interchange.services import backup_create

        backup_path, _ = backup_create(actor=SystemActor(), data_dir=data_dir())
        click.echo(f"Backed up to {backup_path} before upgrading the database.", err=True)
    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)
    return backup_path


def require_initialised() -> None:
    """Refuse clearly (exit 1) when the data directory has not been prepared with `salw init`."""
    from salw.cli.output import refuse

    try:
        pending = pending_migrations()
    except Exception as error:  # noqa: BLE001 - an unreachable database, shown as a message
        refuse(f"cannot open the database: {error}")
        return
    if pending:
        refuse(f"{data_dir()} is not initialised (or needs upgrading): run `salw init` first")
