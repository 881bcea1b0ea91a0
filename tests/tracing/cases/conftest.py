"""Fixtures of the tracing casework tests: users by role and place, a stand-in matching engine."""

from __future__ import annotations

import types

import pytest

from salw.core.models import Jurisdiction
from tests.tracing.cases.builders import STAND_IN_THRESHOLD


@pytest.fixture
def fake_matching(monkeypatch):
    """The matching engine as the seizure services see it, answering with ``.candidates``.

    Alert routing is tested apart from the engine's scores, which its own tests cover. Only the
    services' view of the engine is replaced: the web and API keep the real one.
    """
    from salw.tracing import services

    stand_in = types.SimpleNamespace(candidates=[], asked=[])

    def identify(description, *, top=10, actor=None):
        stand_in.asked.append((description, top, actor))
        return list(stand_in.candidates)[:top]

    engine = types.SimpleNamespace(identify=identify, OPERATING_THRESHOLD=STAND_IN_THRESHOLD)
    monkeypatch.setattr(services, "matching", engine)
    return stand_in


@pytest.fixture
def kenema(db):
    return Jurisdiction.objects.get(code="SL-E-KENEMA")


@pytest.fixture
def people(make_user, national, eastern, northern, kenema):
    """Users by role and place; the names say which."""
    return types.SimpleNamespace(
        east_officer=make_user("east-officer", ("tracing_officer", eastern, "capture")),
        north_officer=make_user("north-officer", ("tracing_officer", northern, "capture")),
        kenema_officer=make_user("kenema-officer", ("tracing_officer", kenema, "capture")),
        north_registrar=make_user("north-registrar", ("registrar", northern, "capture")),
        north_viewer=make_user("north-viewer", ("registrar", northern, "view")),
        east_analyst=make_user("east-analyst", ("analyst", eastern, "view")),
        national_admin=make_user("national-admin", ("administrator", national, "capture")),
    )
