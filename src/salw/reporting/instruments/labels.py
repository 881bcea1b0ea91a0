"""Display names of the codes reports group by, in the language the report is made in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salw.reporting.domain import IAFQ_TYPES, UNROCA_ROWS, order_of

UNROCA_NAMES = {
    "SA1": _("Revolvers and self-loading pistols"),
    "SA2": _("Rifles and carbines"),
    "SA3": _("Sub-machine guns"),
    "SA4": _("Assault rifles"),
    "SA5": _("Light machine guns"),
    "SA6": _("Others (small arms)"),
    "LW1": _("Heavy machine guns"),
    "LW2": _("Hand-held under-barrel and mounted grenade launchers"),
    "LW3": _("Portable anti-tank guns"),
    "LW4": _("Recoilless rifles"),
    "LW5": _("Portable anti-tank missile launchers and rocket systems"),
    "LW6": _("Mortars of calibres less than 75 mm"),
    "LW7": _("Others (light weapons)"),
}

IAFQ_NAMES = {
    "pistol": _("Pistols"),
    "revolver": _("Revolvers"),
    "pistol_or_revolver": _("Pistols or revolvers, not specified"),
    "rifle": _("Rifles and carbines"),
    "assault_rifle": _("Assault rifles"),
    "shotgun": _("Shotguns"),
    "submachine_gun": _("Sub-machine guns"),
    "machine_gun": _("Machine guns"),
    "light_weapon": _("Light weapons"),
    "other": _("Other firearms"),
    "unknown": _("Type not recorded"),
}

NOT_RECORDED = _("Not recorded")


def unroca_label(code: str, context) -> str:
    if not code:
        return ""
    return f"{code} {UNROCA_NAMES[code]}" if code in UNROCA_NAMES else code


def unroca_order(codes: tuple[str, ...], context) -> tuple:
    return (order_of(codes[0], UNROCA_ROWS), *(country_label(code, context) for code in codes[1:]))


def iafq_label(code: str, context) -> str:
    return str(IAFQ_NAMES.get(code, code))


def iafq_order(codes: tuple[str, ...], context) -> tuple:
    return (order_of(codes[0], IAFQ_TYPES),)


def country_label(code: str, context) -> str:
    if not code:
        return ""
    names = context.facts("country_names")
    name = names.get(code)
    return f"{name} ({code})" if name else code


def code_or_not_recorded(code: str, context) -> str:
    return code.replace("_", " ") if code else str(NOT_RECORDED)
