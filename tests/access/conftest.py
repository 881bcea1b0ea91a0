"""One world per module: built once inside a transaction that is rolled back when the module ends.

Each test runs in a savepoint inside it (pytest-django's per-test transaction), so a write one
test makes is gone before the next test starts.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from salw.core.access import SystemActor


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from salw.interchange.context_files import context_shipped_load
    from tests.access.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        # Country context is read by several roles; without it their pages would have nothing to show.
        context_shipped_load(actor=SystemActor(name="cli:test"))
        yield build_world()
        transaction.set_rollback(True)
