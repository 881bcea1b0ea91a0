"""``salw backup`` and ``salw restore``."""

from __future__ import annotations

from pathlib import Path

import click

from salw.cli.bootstrap import data_dir, require_initialised


@click.command()
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Backup file (default: backups/ in the data directory).")
def backup(output):
    """Write a complete backup of this installation (restorable on SQLite or PostgreSQL)."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.interchange.services import backup_create

    path, manifest = backup_create(actor=SystemActor(), path=output, data_dir=data_dir())
    rows = sum(table["rows"] for table in manifest["tables"].values())
    click.echo(f"Backup written: {path} ({len(manifest['tables'])} tables, {rows} rows)")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file):
    """Restore a backup into this (new, empty) data directory."""
    from salw.cli.bootstrap import migrate
    from salw.core.access import SystemActor
    from salw.interchange.services import backup_restore

    migrate()
    manifest = backup_restore(actor=SystemActor(), path=file)
    rows = sum(table["rows"] for table in manifest["tables"].values())
    click.echo(f"Restored {file.name}: {len(manifest['tables'])} tables, {rows} rows.")


def register(group: click.Group) -> None:
    group.add_command(backup)
    group.add_command(restore)
