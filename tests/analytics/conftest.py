"""Analytics fixtures: the hand-counted picture (see picture.py) and analysts of each region."""

from __future__ import annotations

import pytest

from tests.analytics.picture import build_picture


@pytest.fixture
def picture(system_actor, eastern, northern):
    return build_picture(system_actor, eastern, northern)


@pytest.fixture
def national_analyst(make_user, national):
    return make_user("national-analyst", ("analyst", national, "view"))


@pytest.fixture
def east_analyst(make_user, eastern):
    return make_user("east-analyst", ("analyst", eastern, "view"))


@pytest.fixture
def north_analyst(make_user, northern):
    return make_user("north-analyst", ("analyst", northern, "view"))


@pytest.fixture
def north_registrar(make_user, northern):
    return make_user("north-registrar", ("registrar", northern, "capture"))
