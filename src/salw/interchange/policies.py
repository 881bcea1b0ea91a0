"""Who may move data in and out: one policy per service, same name."""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, VIEW, holds, is_system, require
from salw.core.roles import ADMINISTRATOR, REGISTRY_READERS, REGISTRY_WRITERS


def registry_import(actor, *, jurisdiction) -> None:
    if hasattr(jurisdiction, "name"):
        refusal = _("you may not import registry records into %(jurisdiction)s") % {"jurisdiction": jurisdiction.name}
    else:
        refusal = _("you may not import registry records into this jurisdiction")
    require(holds(actor, REGISTRY_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction), refusal)


def registry_export(actor) -> None:
    require(holds(actor, REGISTRY_READERS, scope=VIEW), _("you may not export the registry"))


def backup_create(actor) -> None:
    require(is_system(actor) or holds(actor, [ADMINISTRATOR], scope=CAPTURE),
            _("only an administrator may back up the installation"))


def backup_restore(actor) -> None:
    require(is_system(actor), _("a backup can only be restored from the command line of the server"))
