"""Who may change the registry: one policy per service, same name."""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, holds, refusal, require
from salw.core.roles import LICENSING_OFFICER, REGISTRY_WRITERS


def _capture(actor, jurisdiction, named: str, unnamed: str) -> None:
    require(holds(actor, REGISTRY_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction),
            refusal(jurisdiction, named, unnamed))


def weapon_register(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, _("you may not register weapons in %(jurisdiction)s"),
             _("you may not register weapons in this jurisdiction"))


def weapon_import_record(actor, *, jurisdiction) -> None:
    """Registrars, and the licensing officers who record the deliveries of an import licence."""
    require(holds(actor, (*REGISTRY_WRITERS, LICENSING_OFFICER), scope=CAPTURE, jurisdiction=jurisdiction),
            refusal(jurisdiction, _("you may not record imported weapons in %(jurisdiction)s"),
                     _("you may not record imported weapons in this jurisdiction")))


def weapon_correct(actor, *, weapon) -> None:
    _capture(actor, weapon.jurisdiction, _("you may not correct weapon records in %(jurisdiction)s"),
             _("you may not correct weapon records in this jurisdiction"))


def event_record(actor, *, weapon) -> None:
    _capture(actor, weapon.jurisdiction, _("you may not record events in %(jurisdiction)s"),
             _("you may not record events in this jurisdiction"))


def event_void(actor, *, event) -> None:
    _capture(actor, event.weapon.jurisdiction if event.weapon_id else event.ammunition_lot.jurisdiction,
             _("you may not void events in %(jurisdiction)s"), _("you may not void events in this jurisdiction"))


def marking_add(actor, *, weapon) -> None:
    _capture(actor, weapon.jurisdiction, _("you may not add markings in %(jurisdiction)s"),
             _("you may not add markings in this jurisdiction"))


def actor_create(actor, *, jurisdiction=None) -> None:
    _capture(actor, jurisdiction, _("you may not add holders in %(jurisdiction)s"),
             _("you may not add holders in this jurisdiction"))


def ammunition_lot_register(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, _("you may not register ammunition in %(jurisdiction)s"),
             _("you may not register ammunition in this jurisdiction"))


def registry_import(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, _("you may not import registry records in %(jurisdiction)s"),
             _("you may not import registry records in this jurisdiction"))
