"""Who may move data in and out: one policy per service, same name."""

from salw.core.access import CAPTURE, VIEW, holds, is_system, require
from salw.core.roles import ADMINISTRATOR, REGISTRY_READERS, REGISTRY_WRITERS


def registry_import(actor, *, jurisdiction) -> None:
    require(holds(actor, REGISTRY_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction),
            f"you may not import registry records into {getattr(jurisdiction, 'name', 'this jurisdiction')}")


def registry_export(actor) -> None:
    require(holds(actor, REGISTRY_READERS, scope=VIEW), "you may not export the registry")


def backup_create(actor) -> None:
    require(is_system(actor) or holds(actor, [ADMINISTRATOR], scope=CAPTURE),
            "only an administrator may back up the installation")


def backup_restore(actor) -> None:
    require(is_system(actor), "a backup can only be restored from the command line of the server")
