"""Registry pages: the filtered list, a weapon's page, registering a weapon, recording an event."""

from __future__ import annotations

import secrets
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.core.errors import NotFound, PermissionRefused, ValidationFailed
from salw.registry import selectors, services
from salw.web import permissions
from salw.web.forms import EventRecordForm, RegistryFilterForm, WeaponRegisterForm
from salw.web.keyset import keyset_page, parse_key

# The service's parameter a refusal is about -> the form field that holds it.
_FORM_FIELD_OF = {"record_id": "record_id", "serial_number": "serial_number", "status": "status",
                  "holder": "holder_name", "event_type": "event_type"}


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def _add_service_problem(form, refusal: ValidationFailed) -> None:
    for problem in refusal.problems:
        field = _FORM_FIELD_OF.get(problem.field)
        form.add_error(field if field in form.fields else None, problem.describe())


def _weapon_or_404(user, weapon_id):
    try:
        return selectors.weapon_for(user, weapon_id)
    except NotFound:
        raise Http404("no such weapon") from None


def _filtered_weapons(user, filters: dict):
    serial = filters.get("serial", "").strip()
    if serial:
        # No limit: the page below takes its own slice, and a sliced queryset cannot be filtered.
        weapons = selectors.weapons_by_serial(user, serial, limit=None)
    else:
        weapons = selectors.weapons_visible_to(user)
    if filters.get("status"):
        weapons = weapons.filter(status=filters["status"])
    if filters.get("weapon_type"):
        weapons = weapons.filter(weapon_type_id=filters["weapon_type"])
    if filters.get("holder_type"):
        weapons = weapons.filter(holder_type=filters["holder_type"])
    if filters.get("jurisdiction"):
        chosen = permissions.jurisdictions_visible_to(user).filter(id=filters["jurisdiction"]).first()
        weapons = weapons.filter(jurisdiction__path__startswith=chosen.path) if chosen else weapons.none()
    return weapons.select_related("weapon_type", "jurisdiction")


@permissions.requires(permissions.may_read_registry)
def weapon_list(request):
    form = RegistryFilterForm(request.GET, jurisdictions=permissions.jurisdictions_visible_to(request.user))
    form.is_valid()  # an invalid filter is dropped; the valid ones still apply
    page = keyset_page(_filtered_weapons(request.user, form.cleaned_data), key="id",
                       after=parse_key(request.GET.get("after"), uuid.UUID),
                       before=parse_key(request.GET.get("before"), uuid.UUID))
    template = "web/weapon_list.html#results" if _is_htmx(request) else "web/weapon_list.html"
    return render(request, template, {"form": form, "page": page,
                                      "may_register": permissions.may_capture(request.user)})


@permissions.requires(permissions.may_read_registry)
def weapon_detail(request, weapon_id):
    weapon = _weapon_or_404(request.user, weapon_id)
    return render(request, "web/weapon_detail.html", {
        "weapon": weapon,
        "markings": weapon.markings.filter(voided_at__isnull=True).order_by("created_at"),
        "timeline": selectors.weapon_timeline(weapon),
        "may_record": permissions.may_capture_in(request.user, weapon.jurisdiction),
    })


def _holder(user, cleaned: dict, jurisdiction):
    if not cleaned.get("holder_name"):
        return None
    return services.actor_create(actor=user, holder_type=cleaned["holder_type"], name=cleaned["holder_name"],
                                 jurisdiction=jurisdiction)


def _new_record_id() -> str:
    return f"WEB-{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}"


@permissions.requires(permissions.may_capture)
def weapon_register(request):
    jurisdictions = permissions.jurisdictions_capturable_by(request.user)
    form = WeaponRegisterForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        jurisdiction = jurisdictions.get(id=data["jurisdiction"])
        try:
            weapon = services.weapon_register(
                actor=request.user, jurisdiction=jurisdiction, record_id=data["record_id"] or _new_record_id(),
                serial_number=data["serial_number"], marking_status=data["marking_status"],
                manufacturer=data["manufacturer"], model=data["model"], calibre=data["calibre"],
                weapon_type=data["weapon_type"] or None, country_of_manufacture=data["country_of_manufacture"],
                year_of_manufacture=data["year_of_manufacture"], status=data["status"] or None,
                status_date=data["status_date"], holder=_holder(request.user, data, jurisdiction),
                location_admin1=data["location_admin1"], note=data["note"])
        except ValidationFailed as problem:
            _add_service_problem(form, problem)
        except PermissionRefused:
            raise PermissionDenied from None
        else:
            messages.success(request, _("Weapon %(serial)s registered.") % {
                "serial": weapon.serial_number or weapon.record_id})
            return redirect("weapon_detail", weapon_id=weapon.id)
    return render(request, "web/weapon_register.html", {"form": form})


@permissions.requires(permissions.may_capture)
def event_record(request, weapon_id):
    weapon = _weapon_or_404(request.user, weapon_id)
    if not permissions.may_capture_in(request.user, weapon.jurisdiction):
        raise PermissionDenied
    form = EventRecordForm(request.POST or None, weapon=weapon)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_record(
                actor=request.user, weapon=weapon, event_type=data["event_type"],
                occurred_on=data["occurred_on"], holder=_holder(request.user, data, weapon.jurisdiction),
                location_admin1=data["location_admin1"], document_ref=data["document_ref"], note=data["note"])
        except ValidationFailed as problem:
            _add_service_problem(form, problem)
        except PermissionRefused:
            raise PermissionDenied from None
        else:
            messages.success(request, _("Recorded: %(event)s.") % {"event": event.get_event_type_display()})
            return redirect("weapon_detail", weapon_id=weapon.id)
    return render(request, "web/event_record.html", {"form": form, "weapon": weapon})
