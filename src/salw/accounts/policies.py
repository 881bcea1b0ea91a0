"""Who may manage accounts."""

from salw.core.access import CAPTURE, holds, require
from salw.core.roles import ADMINISTRATOR


def user_create(actor) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE), "only an administrator may create users")


def user_disable(actor) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE), "only an administrator may disable users")
