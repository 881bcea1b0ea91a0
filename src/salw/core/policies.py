"""Who may change the shared kernel."""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, holds, require
from salw.core.roles import ADMINISTRATOR


def jurisdiction_create(actor, *, parent=None) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE, jurisdiction=parent),
            _("only an administrator of the parent jurisdiction may add jurisdictions"))
