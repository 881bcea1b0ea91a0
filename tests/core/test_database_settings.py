"""How the database option becomes Django's connection settings."""

from __future__ import annotations

import pytest

from salw.settings.database import postgres_database
from salw.settings.options import ConfigurationError


def test_postgresql_sessions_compile_no_queries_and_sort_in_memory_unless_the_url_says_otherwise():
    plain = postgres_database("postgresql://salw:secret@db.example:5433/registry")
    assert (plain["NAME"], plain["USER"], plain["PASSWORD"], plain["HOST"], plain["PORT"]) == (
        "registry", "salw", "secret", "db.example", "5433")
    assert plain["OPTIONS"] == {"options": "-c jit=off -c work_mem=32MB"}
    chosen = postgres_database("postgres://db/registry?sslmode=require&options=-c%20jit%3Don")
    assert chosen["OPTIONS"] == {"sslmode": "require", "options": "-c jit=on"}


def test_a_url_without_a_database_name_is_refused():
    with pytest.raises(ConfigurationError, match="names no database"):
        postgres_database("postgresql://db.example/")
