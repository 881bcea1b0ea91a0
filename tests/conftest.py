"""Shared fixtures: vocabularies loaded once per session, a national tree, actors with roles."""

from __future__ import annotations

import pytest

from salw.core.access import SystemActor


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped vocabularies and a small jurisdiction tree, once for the whole session."""
    from tests.seed import seed_reference_data

    with django_db_blocker.unblock():
        seed_reference_data()


@pytest.fixture(autouse=True)
def fresh_marking_index():
    """Each test's database is rolled back afterwards, so the in-memory search index goes too."""
    yield
    from salw.tracing.matching import forget_index

    forget_index()


@pytest.fixture(autouse=True)
def forgotten_cache():
    """Answers remembered per state of the data: a rolled-back test can leave a later one in the same
    state (the same newest audit entry and event) with other records, so nothing is carried over."""
    yield
    from salw.analytics import together
    from salw.analytics.memo import forget_all

    forget_all()
    # The analytics counting threads keep their connections, and PostgreSQL cannot drop the test
    # database while any is open.
    together.stop()


@pytest.fixture
def system_actor(db):
    return SystemActor(name="cli:test")


@pytest.fixture
def national(db):
    from salw.core.models import Jurisdiction

    return Jurisdiction.objects.get(code="SLE")


@pytest.fixture
def eastern(db):
    from salw.core.models import Jurisdiction

    return Jurisdiction.objects.get(code="SL-E")


@pytest.fixture
def northern(db):
    from salw.core.models import Jurisdiction

    return Jurisdiction.objects.get(code="SL-N")


@pytest.fixture
def make_user(db):
    """make_user("name", ("registrar", jurisdiction, "capture"), ...) -> user."""
    from salw.accounts.services import user_create

    def make(username: str, *roles):
        return user_create(actor=SystemActor(), username=username, password="correct-horse-battery",
                           roles=list(roles))

    return make
