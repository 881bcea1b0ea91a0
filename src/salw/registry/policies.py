"""Who may change the registry: one policy per service, same name."""

from salw.core.access import CAPTURE, holds, require
from salw.core.roles import LICENSING_OFFICER, REGISTRY_WRITERS


def _capture(actor, jurisdiction, what: str) -> None:
    require(holds(actor, REGISTRY_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction),
            f"you may not {what} in {getattr(jurisdiction, 'name', 'this jurisdiction')}")


def weapon_register(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, "register weapons")


def weapon_import_record(actor, *, jurisdiction) -> None:
    """Registrars, and the licensing officers who record the deliveries of an import licence."""
    require(holds(actor, (*REGISTRY_WRITERS, LICENSING_OFFICER), scope=CAPTURE, jurisdiction=jurisdiction),
            f"you may not record imported weapons in {getattr(jurisdiction, 'name', 'this jurisdiction')}")


def weapon_correct(actor, *, weapon) -> None:
    _capture(actor, weapon.jurisdiction, "correct weapon records")


def event_record(actor, *, weapon) -> None:
    _capture(actor, weapon.jurisdiction, "record events")


def event_void(actor, *, event) -> None:
    _capture(actor, event.weapon.jurisdiction if event.weapon_id else event.ammunition_lot.jurisdiction,
             "void events")


def marking_add(actor, *, weapon) -> None:
    _capture(actor, weapon.jurisdiction, "add markings")


def actor_create(actor, *, jurisdiction=None) -> None:
    _capture(actor, jurisdiction, "add holders")


def ammunition_lot_register(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, "register ammunition")


def registry_import(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, "import registry records")
