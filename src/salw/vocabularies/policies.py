"""Who may change the vocabularies."""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, holds, require
from salw.core.roles import ADMINISTRATOR


def vocabularies_load(actor) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE), _("only an administrator may load vocabularies"))


def vocabulary_entry_retire(actor) -> None:
    require(holds(actor, [ADMINISTRATOR], scope=CAPTURE), _("only an administrator may retire vocabulary entries"))
