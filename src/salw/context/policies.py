"""Who may read country context and risk, and who may change the data and the model.

Licensing officers, analysts and administrators read; only administrators import data and refit.
Country context is not tied to a jurisdiction: any assignment of a reading role is enough.
"""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, VIEW, holds, require
from salw.core.roles import ADMINISTRATOR, ANALYST, LICENSING_OFFICER

CONTEXT_READERS = (ADMINISTRATOR, LICENSING_OFFICER, ANALYST)
CONTEXT_WRITERS = (ADMINISTRATOR,)


def may_read(actor) -> bool:
    return holds(actor, CONTEXT_READERS, scope=VIEW)


def context_read(actor) -> None:
    require(may_read(actor), _("only licensing officers, analysts and administrators may read country context"))


def context_release_import(actor) -> None:
    require(holds(actor, CONTEXT_WRITERS, scope=CAPTURE), _("only an administrator may import country context data"))


def risk_model_fit(actor) -> None:
    require(holds(actor, CONTEXT_WRITERS, scope=CAPTURE), _("only an administrator may fit the risk model"))
