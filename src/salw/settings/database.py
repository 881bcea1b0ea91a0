"""Turn the database option into Django's DATABASES entry."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from salw.settings.options import ConfigurationError

SQLITE_FILE_NAME = "salw.sqlite3"


def sqlite_database(data_dir: Path, busy_timeout: float) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data_dir / SQLITE_FILE_NAME),
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers
            # queue on the busy timeout instead of failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": busy_timeout,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                # 128 MB of page cache: above a million weapons the indexes no longer fit in the
                # default, and an import slows by a tenth; memory stays well under 500 MB.
                "PRAGMA cache_size=-131072;"
                # temp_store stays at its default (a temporary file the operating system keeps in
                # memory): with temp_store=MEMORY, the GROUP BY of an analytics count over a hundred
                # thousand seizures took twice as long, and imports were no faster.
            ),
        },
        "TEST": {"NAME": str(data_dir / ("test_" + SQLITE_FILE_NAME))},
    }


def postgres_database(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ConfigurationError(
            f"SALW_DATABASE_URL must start with postgres:// or postgresql://, got {parts.scheme or url!r}"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ConfigurationError("SALW_DATABASE_URL names no database (postgres://host/NAME)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": {
            # Unless the URL says otherwise (?options=...): no just-in-time compilation, which cost
            # the analytics counts more (about 50 ms each) than it saved, and enough memory for their
            # sorts of a hundred thousand rows not to spill to disk.
            "options": "-c jit=off -c work_mem=32MB",
            **dict(parse_qsl(parts.query)),
        },
        "CONN_MAX_AGE": 60,
    }


def database_from_options(values: dict) -> dict:
    if values["database_url"]:
        return postgres_database(values["database_url"])
    return sqlite_database(values["data_dir"], values["sqlite_busy_timeout"])
