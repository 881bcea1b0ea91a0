"""Database triggers that make tables append-only, on SQLite and PostgreSQL."""

from __future__ import annotations

APPEND_ONLY_MESSAGE = "salw: {table} is append-only; corrections are new entries"


def append_only_sql(vendor: str, table: str) -> list[str]:
    message = APPEND_ONLY_MESSAGE.format(table=table)
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ]
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION salw_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'salw: % is append-only; corrections are new entries', "
            "TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END; $$ LANGUAGE plpgsql;",
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION salw_refuse_change();",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION salw_refuse_change();",
        ]
    raise ValueError(f"unsupported database vendor {vendor!r}")


def install_append_only(schema_editor, table: str) -> None:
    """For migrations."""
    for statement in append_only_sql(schema_editor.connection.vendor, table):
        # params=None: the PL/pgSQL body contains a literal '%', not a placeholder.
        schema_editor.execute(statement, params=None)


APPEND_ONLY_TABLES = ("core_auditentry", "registry_event")


def lifting_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"]


def set_append_only(connection, table: str, enabled: bool) -> None:
    """Put the triggers on a table back, or lift them (only for flushing test databases)."""
    sql = append_only_sql if enabled else lifting_sql
    with connection.cursor() as cursor:
        for statement in sql(connection.vendor, table):
            cursor.execute(statement)
