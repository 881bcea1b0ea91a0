"""Country-context fixtures: the shipped data loaded once per module, small files, readers by role."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.db import transaction

from salw.context.loader import data_path
from salw.core.access import SystemActor


@pytest.fixture(scope="module")
def shipped_context(django_db_setup, django_db_blocker):
    """The data `salw init` loads, once per module; every test's own changes roll back inside it."""
    from salw.interchange.context_files import context_shipped_load

    with django_db_blocker.unblock(), transaction.atomic():
        context_shipped_load(actor=SystemActor(name="cli:test"))
        yield
        transaction.set_rollback(True)


def write_csv(path: Path, header: list[str], rows: list[dict | list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header] if isinstance(row, dict) else row)
    return path


def shipped_rows(name: str, keep) -> tuple[list[str], list[dict]]:
    """The header and the rows of a shipped file that ``keep(row)`` accepts."""
    with data_path(name).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), [row for row in reader if keep(row)]


@pytest.fixture
def licensing_officer(make_user, national):
    return make_user("licensing-officer", ("licensing_officer", national, "view"))


@pytest.fixture
def analyst(make_user, national):
    return make_user("analyst", ("analyst", national, "view"))


@pytest.fixture
def registrar(make_user, national):
    return make_user("registrar", ("registrar", national, "capture"))


@pytest.fixture
def administrator(make_user, national):
    return make_user("administrator", ("administrator", national, "capture"))


from tests.cli.conftest import salw_cli, salw_installation  # noqa: E402, F401 - the real command's fixtures
