"""Who may read the analytics: analysts and administrators, within their jurisdictions.

Analytics only reads; the figures a user sees are counted over the jurisdictions where they
hold one of these roles, never over the whole installation.
"""

from django.utils.translation import gettext as _

from salw.core.access import VIEW, holds, require
from salw.core.roles import ADMINISTRATOR, ANALYST

ANALYTICS_READERS = (ADMINISTRATOR, ANALYST)


def may_read(actor) -> bool:
    return holds(actor, ANALYTICS_READERS, scope=VIEW)


def analytics_read(actor) -> None:
    require(may_read(actor), _("only analysts and administrators may read the analytics"))
