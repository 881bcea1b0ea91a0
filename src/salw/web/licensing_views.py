"""Licensing pages: applications from receipt to delivery check, the assessment with its risk panel,
the arms embargo list (Article 6(1)) and the applications flagged for reassessment (Article 7(7))."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from salw.core.errors import NotFound, PermissionRefused, ValidationFailed
from salw.core.translation import translated
from salw.licensing import domain, policies, selectors, services
from salw.licensing.models import Application
from salw.registry.models import Actor
from salw.vocabularies.selectors import names_in_language
from salw.web import permissions
from salw.web.licensing_forms import (
    EVERY_ENTRY,
    IN_FORCE,
    ApplicationForm,
    AssessmentForm,
    DecisionForm,
    DeliveryCheckForm,
    DeliveryForm,
    DocumentForm,
    DocumentVerifyForm,
    EmbargoEndForm,
    EmbargoFilterForm,
    EmbargoForm,
    EmbargoVerifyForm,
    EmbargoVoidForm,
    ItemForm,
    LicenceForm,
    PartyForm,
    ReasonForm,
    ReassessmentResolveForm,
)
from salw.web.permissions import _within

# Words in a service's refusal (as written, in English) that point at the form field it is about.
_FIELD_OF_PROBLEM = (("country", "country"), ("quantity", "quantity"), ("currency", "currency"),
                     ("valid", "valid_until"), ("shipped", "shipped_on"), ("reasons", "reasons"),
                     ("conditions", "conditions"), ("number", "number"), ("transit", "transit_countries"))


def may_read(user) -> bool:
    return policies.may_view(user)


def may_capture(user) -> bool:
    return policies.may_capture(user)


# The same for the embargo and reassessment forms, whose refusals use other words (first match wins:
# "the day the embargo was imposed (the resolution's adoption)" is about the start, not the resolution).
_FIELD_OF_EMBARGO_PROBLEM = (("country", "country"), ("scope", "scope"), ("imposed", "starts_on"),
                             ("would end", "ends_on"), ("lifted", "ended_by"), ("ended", "ends_on"),
                             ("withdrawn", "reason"), ("resolution", "resolution"), ("found", "note"),
                             ("revoked", "resolution"))


def _add_service_problem(form, problem: ValidationFailed, fields=_FIELD_OF_PROBLEM) -> None:
    for item in problem.problems:
        words = item.english or item.describe()
        field = next((name for word, name in fields if word in words and name in form.fields), None)
        form.add_error(field, item.describe())


def _application_or_404(user, reference) -> Application:
    try:
        return selectors.application_by_reference(user, reference)
    except NotFound:
        raise Http404("no such application") from None


def _licence_or_404(user, number):
    try:
        return selectors.licence_by_number(user, number)
    except NotFound:
        raise Http404("no such licence") from None


def _require_capture(user, application) -> None:
    if not policies.may_capture(user, application.jurisdiction):
        raise PermissionDenied


def _attempt(request, form, write, success: str, target, fields=_FIELD_OF_PROBLEM):
    """Run a service write for a valid form; its refusals land next to the fields they are about."""
    try:
        write()
    except ValidationFailed as problem:
        _add_service_problem(form, problem, fields)
        return None
    except PermissionRefused:
        raise PermissionDenied from None
    messages.success(request, success)
    return redirect(*target)


# --- applications -----------------------------------------------------------------------------

@permissions.requires(may_read)
def application_list(request):
    applications = selectors.applications_visible_to(request.user).select_related("licence")
    status = request.GET.get("status", "")
    if status in domain.STATUSES:
        applications = applications.filter(status=status)
    return render(request, "licensing/application_list.html", {
        "applications": applications[:500], "status": status, "statuses": Application._meta.get_field(
            "status").choices, "may_capture": may_capture(request.user),
        "open_flags": selectors.reassessment_flags_visible_to(request.user).count()})


def _capturable_jurisdictions(user):
    if getattr(user, "is_system", False):
        return _within(None)
    paths = [a.jurisdiction.path for a in user.role_assignments.select_related("jurisdiction")
             if a.role in policies.LICENSING_WRITERS and a.scope == "capture"]
    return _within(paths)


@permissions.requires(may_capture)
def application_create(request):
    jurisdictions = _capturable_jurisdictions(request.user)
    form = ApplicationForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_create(
                actor=request.user, jurisdiction=jurisdictions.get(id=data["jurisdiction"]),
                direction=data["direction"], applicant=data["applicant"], received_on=data["received_on"],
                reference=data["reference"], end_use=data["end_use"])
        except ValidationFailed as problem:
            _add_service_problem(form, problem)
        except PermissionRefused:
            raise PermissionDenied from None
        else:
            messages.success(request, _("Application %(reference)s received.") % {"reference": application.reference})
            return redirect("licensing_application", reference=application.reference)
    return render(request, "licensing/form.html", {"form": form, "title": _("Receive an application"),
                                                   "button": _("Save as draft")})


@permissions.requires(may_read)
def application_page(request, reference):
    application = _application_or_404(request.user, reference)
    return render(request, "licensing/application.html", {
        "application": application, "parties": selectors.current_parties(application),
        "items": selectors.current_items(application), "documents": selectors.current_documents(application),
        "history": application.status_changes.all(), "decision": getattr(application, "decision", None),
        "licence": getattr(application, "licence", None),
        "may_capture": policies.may_capture(request.user, application.jurisdiction),
        "editable": application.status in (domain.DRAFT, domain.SUBMITTED, domain.UNDER_ASSESSMENT),
        "open_flags": selectors.reassessment_flags_visible_to(request.user).filter(application=application),
        **_embargo_context(application),
    })


def _embargo_context(application) -> dict:
    """The embargoes in force today that cover a party of the application (ATT Article 6(1))."""
    today = timezone.localdate()
    findings = [{"prohibits": finding.prohibits, "message": translated(finding.message)}
                for finding in selectors.application_embargo_findings(application, today)]
    return {"embargo_findings": findings, "embargo_day": today}


def _application_form(request, reference, form_class, write, *, title, button, success, multipart=False,
                      form_kwargs=None):
    application = _application_or_404(request.user, reference)
    _require_capture(request.user, application)
    form = form_class(request.POST or None, request.FILES or None, **(form_kwargs or {}))
    if request.method == "POST" and form.is_valid():
        response = _attempt(request, form, lambda: write(application, form.cleaned_data), success,
                            ("licensing_application", application.reference))
        if response:
            return response
    return render(request, "licensing/form.html", {
        "form": form, "title": f"{title} · {application.reference}", "application": application,
        "back_label": _("Back to the application"), "button": button, "multipart": multipart})


@permissions.requires(may_capture)
def party_add(request, reference):
    def write(application, data):
        actor = Actor.objects.filter(id=data["registry_actor"]).first() if data["registry_actor"] else None
        services.party_add(actor=request.user, application=application, role=data["role"], name=data["name"],
                           country=data["country"], address=data["address"], identifiers=data["identifiers"],
                           registry_actor=actor)
    actors = Actor.objects.filter(voided_at__isnull=True).exclude(holder_type__in=("non_state_armed_group",
                                                                                   "criminal_group")).order_by("name")
    return _application_form(request, reference, PartyForm, write, title=_("Add a party"), button=_("Add"),
                             success=_("Party added."), form_kwargs={"actors": actors[:500]})


@permissions.requires(may_capture)
def item_add(request, reference):
    def write(application, data):
        services.application_item_add(actor=request.user, application=application, **{
            **data, "weapon_type": data["weapon_type"] or None})
    return _application_form(request, reference, ItemForm, write, title=_("Add an item"), button=_("Add"),
                             success=_("Item added."))


@permissions.requires(may_capture)
def document_add(request, reference):
    def write(application, data):
        scan = data.pop("scan")
        services.end_user_document_add(actor=request.user, application=application, **data,
                                       content=scan.read() if scan else None, file_name=scan.name if scan else "")
    return _application_form(request, reference, DocumentForm, write, title=_("Add an end-user document"),
                             button=_("Add"), success=_("Document added."), multipart=True)


@permissions.requires(may_capture)
def document_verify(request, reference, document_id):
    def write(application, data):
        try:
            document = selectors.document_for(request.user, document_id)
        except NotFound:
            raise Http404("no such document") from None
        services.end_user_document_verify(actor=request.user, document=document, **data)
    return _application_form(request, reference, DocumentVerifyForm, write, title=_("Record a verification"),
                             button=_("Record"), success=_("Verification recorded."))


@permissions.requires(may_capture)
def workflow_step(request, reference, step):
    application = _application_or_404(request.user, reference)
    _require_capture(request.user, application)
    if request.method != "POST":
        return redirect("licensing_application", reference=reference)
    steps = {"submit": services.application_submit, "assess": services.assessment_start}
    if step not in steps:
        raise Http404("no such step")
    try:
        steps[step](actor=request.user, application=application)
    except ValidationFailed as problem:
        for item in problem.problems:
            messages.error(request, item.describe())
    except PermissionRefused:
        raise PermissionDenied from None
    if step == "assess" and application.status == domain.UNDER_ASSESSMENT:
        return redirect("licensing_assessment", reference=reference)
    return redirect("licensing_application", reference=reference)


# --- assessment and decision ------------------------------------------------------------------

@permissions.requires(may_read)
def assessment_page(request, reference):
    application = _application_or_404(request.user, reference)
    assessment = getattr(application, "assessment", None)
    editable = application.status == domain.UNDER_ASSESSMENT and policies.may_capture(request.user,
                                                                                     application.jurisdiction)
    panel = selectors.application_risk_panel(request.user, application)
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            response = _attempt(request, form, lambda: services.assessment_save(
                actor=request.user, application=application, risk_snapshot=panel, **form.service_arguments()),
                _("Assessment saved, with the risk panel as it stands today."),
                ("licensing_assessment", application.reference))
            if response:
                return response
    facts = assessment.facts() if assessment else None
    return render(request, "licensing/assessment.html", {
        "application": application, "assessment": assessment, "form": form, "panel": panel, "editable": editable,
        "required_outcome": domain.required_outcome(facts) if facts else None,
        "problems": domain.decision_problems(domain.APPROVE, facts, reasons="-") if facts else [],
        **_embargo_context(application),
    })


@permissions.requires(may_capture)
def decision_page(request, reference):
    def write(application, data):
        services.application_decide(actor=request.user, application=application, **data)
    return _application_form(request, reference, DecisionForm, write, title=_("Decide"), button=_("Record the decision"),
                             success=_("Decision recorded."))


# --- licences and deliveries ------------------------------------------------------------------

@permissions.requires(may_capture)
def licence_issue(request, reference):
    application = _application_or_404(request.user, reference)
    _require_capture(request.user, application)
    form = LicenceForm(request.POST or None, items=selectors.current_items(application))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            licence = services.licence_issue(
                actor=request.user, application=application, valid_from=data["valid_from"],
                valid_until=data["valid_until"], number=data["number"], conditions=data["conditions"],
                quantities=form.quantities())
        except ValidationFailed as problem:
            _add_service_problem(form, problem)
        except PermissionRefused:
            raise PermissionDenied from None
        else:
            messages.success(request, _("Licence %(number)s issued.") % {"number": licence.number})
            return redirect("licensing_licence", number=licence.number)
    return render(request, "licensing/form.html", {
        "form": form, "title": _("Issue the licence") + f" · {application.reference}", "application": application,
        "back_label": _("Back to the application"), "button": _("Issue")})


@permissions.requires(may_read)
def licence_page(request, number):
    licence = _licence_or_404(request.user, number)
    application = licence.application
    return render(request, "licensing/licence.html", {
        "licence": licence, "application": application, "quantities": selectors.licence_quantities(licence),
        "deliveries": selectors.licence_deliveries(licence),
        "in_force": application.status in domain.LICENCE_IN_FORCE,
        "suspended": application.status == domain.SUSPENDED,
        "may_capture": policies.may_capture(request.user, application.jurisdiction),
    })


@permissions.requires(may_capture)
def delivery_record(request, number):
    licence = _licence_or_404(request.user, number)
    _require_capture(request.user, licence.application)
    form = DeliveryForm(request.POST or None, quantities=selectors.licence_quantities(licence))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _attempt(request, form, lambda: services.delivery_record(
            actor=request.user, licence=licence, shipped_on=data["shipped_on"], delivered_on=data["delivered_on"],
            reference=data["reference"], transit_countries=data["transit_countries"].split(),
            lines=form.service_lines()), _("Delivery recorded."), ("licensing_licence", licence.number))
        if response:
            return response
    return render(request, "licensing/form.html", {
        "form": form, "title": _("Record a delivery") + f" · {licence.number}", "licence": licence,
        "back_label": _("Back to the licence"), "button": _("Record")})


@permissions.requires(may_capture)
def delivery_check(request, delivery_id):
    try:
        delivery = selectors.delivery_for(request.user, delivery_id)
    except NotFound:
        raise Http404("no such delivery") from None
    licence = delivery.licence
    _require_capture(request.user, licence.application)
    form = DeliveryCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _attempt(request, form, lambda: services.delivery_check(
            actor=request.user, delivery=delivery, **form.cleaned_data), _("Delivery check recorded."),
            ("licensing_licence", licence.number))
        if response:
            return response
    return render(request, "licensing/form.html", {
        "form": form, "title": _("Delivery check") + f" · {delivery.reference}", "licence": licence,
        "back_label": _("Back to the licence"), "button": _("Record")})


def _licence_steps() -> dict:
    """Revoke, suspend or reinstate: a reason, then the service (labels read in the user's language)."""
    return {
        "revoke": (services.licence_revoke, _("Why the licence is revoked"), _("Revoke"), _("Licence revoked.")),
        "suspend": (services.licence_suspend, _("Why deliveries must stop"), _("Suspend"),
                    _("Licence suspended: no delivery can be recorded until it is reinstated.")),
        "reinstate": (services.licence_reinstate, _("Why deliveries may resume"), _("Reinstate"),
                      _("Licence reinstated.")),
    }


def _licence_step(request, number, step: str):
    licence = _licence_or_404(request.user, number)
    _require_capture(request.user, licence.application)
    service, label, button, done = _licence_steps()[step]
    form = ReasonForm(request.POST or None, label=label)
    if request.method == "POST" and form.is_valid():
        response = _attempt(request, form, lambda: service(
            actor=request.user, licence=licence, reason=form.cleaned_data["reason"]), done,
            ("licensing_licence", licence.number))
        if response:
            return response
    return render(request, "licensing/form.html", {
        "form": form, "title": f"{button} · {licence.number}", "licence": licence,
        "back_label": _("Back to the licence"), "button": button})


@permissions.requires(may_capture)
def licence_revoke(request, number):
    return _licence_step(request, number, "revoke")


@permissions.requires(may_capture)
def licence_suspend(request, number):
    return _licence_step(request, number, "suspend")


@permissions.requires(may_capture)
def licence_reinstate(request, number):
    return _licence_step(request, number, "reinstate")


# --- arms embargoes (ATT Article 6(1)) --------------------------------------------------------

def may_read_embargoes(user) -> bool:
    return policies.may_read_embargoes(user)


def may_keep_embargoes(user) -> bool:
    """Only administrators keep the national embargo list; asked of the policy the services ask again."""
    try:
        policies.embargo_record(user)
    except PermissionRefused:
        return False
    return True


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


def _country_names() -> dict[str, str]:
    return names_in_language("country", get_language() or "en")


@permissions.requires(may_read_embargoes)
def embargo_list(request):
    today = timezone.localdate()
    names = _country_names()
    listed = sorted({entry.country for entry in selectors.embargo_list(request.user)},
                    key=lambda code: names.get(code, code))
    form = EmbargoFilterForm(request.GET or None, countries=[(code, names.get(code, code)) for code in listed],
                             initial={"show": IN_FORCE, "on": today})
    show, day, country = IN_FORCE, today, ""
    if form.is_bound and form.is_valid():
        show = form.cleaned_data["show"] or IN_FORCE
        day = form.cleaned_data["on"] or today
        country = form.cleaned_data["country"]
    entries = selectors.embargo_list(request.user, in_force_on=None if show == EVERY_ENTRY else day,
                                     country=country)
    rows = [{"entry": entry, "country_name": names.get(entry.country, ""),
             "in_force_today": entry.as_rule().in_force_on(today),
             # Entries also come from files and the API: only a web address becomes a link.
             "source_link": entry.source_url if entry.source_url.lower().startswith(("https://", "http://")) else ""}
            for entry in entries]
    template = "licensing/embargo_list.html#results" if _is_htmx(request) else "licensing/embargo_list.html"
    return render(request, template, {"form": form, "rows": rows, "every_entry": show == EVERY_ENTRY, "day": day,
                                      "may_keep": may_keep_embargoes(request.user)})


def _embargo_or_404(user, embargo_id):
    try:
        return selectors.embargo_for(user, embargo_id)
    except NotFound:
        raise Http404("no such arms embargo entry") from None


def _embargo_form(request, form, write, success: str, *, title: str, button: str, intro: str = ""):
    """An administrator's form on the embargo list: a valid post makes the write (``write(data)``),
    then back to the list; the service's refusals land next to their fields."""
    if request.method == "POST" and form.is_valid():
        response = _attempt(request, form, lambda: write(form.cleaned_data), success, ("licensing_embargoes",),
                            _FIELD_OF_EMBARGO_PROBLEM)
        if response:
            return response
    return render(request, "licensing/form.html", {
        "form": form, "title": title, "button": button, "intro": intro,
        "back_url": reverse("licensing_embargoes"), "back_label": _("Back to the arms embargo list")})


def _embargo_title(action: str, embargo) -> str:
    return f"{action} · {embargo.country} {embargo.resolution}"


@permissions.requires(may_keep_embargoes)
def embargo_create(request):
    return _embargo_form(
        request, EmbargoForm(request.POST or None),
        lambda data: services.embargo_record(actor=request.user, **data), _("Arms embargo added."),
        title=_("Add an arms embargo"), button=_("Add"), intro=_(
            "Applications it covers today are flagged for reassessment, and assessments started from now on "
            "see it."))


@permissions.requires(may_keep_embargoes)
def embargo_end(request, embargo_id):
    embargo = _embargo_or_404(request.user, embargo_id)
    return _embargo_form(
        request, EmbargoEndForm(request.POST or None, initial={"ends_on": embargo.ends_on,
                                                               "ended_by": embargo.ended_by}),
        lambda data: services.embargo_end(actor=request.user, embargo=embargo, **data),
        _("End of the arms embargo recorded."), title=_embargo_title(_("End the embargo"), embargo),
        button=_("Record the end"))


@permissions.requires(may_keep_embargoes)
def embargo_verify(request, embargo_id):
    embargo = _embargo_or_404(request.user, embargo_id)
    return _embargo_form(
        request, EmbargoVerifyForm(request.POST or None, initial={"verified_on": timezone.localdate()}),
        lambda data: services.embargo_verify(actor=request.user, embargo=embargo, **data),
        _("Arms embargo marked as verified."), title=_embargo_title(_("Mark as verified"), embargo),
        button=_("Mark as verified"), intro=_(
            "Say so only after checking the entry against the Security Council's official list of sanctions "
            "regimes."))


@permissions.requires(may_keep_embargoes)
def embargo_void(request, embargo_id):
    embargo = _embargo_or_404(request.user, embargo_id)
    return _embargo_form(
        request, EmbargoVoidForm(request.POST or None),
        lambda data: services.embargo_void(actor=request.user, embargo=embargo, reason=data["reason"]),
        _("Arms embargo entry withdrawn."), title=_embargo_title(_("Withdraw the entry"), embargo),
        button=_("Withdraw"), intro=_(
            "Withdraw only an entry made in error: an embargo that was lifted is ended, so that the transfers "
            "made while it was in force are still checked against it."))


# --- reassessment (ATT Article 7(7)) ----------------------------------------------------------

@permissions.requires(may_read)
def reassessment_list(request):
    show_resolved = request.GET.get("resolved") == "1"
    flags = selectors.reassessment_flags_visible_to(request.user, open_only=not show_resolved)
    rows = [{"flag": flag, "may_resolve": flag.is_open and policies.may_capture(request.user,
                                                                                 flag.application.jurisdiction)}
            for flag in flags[:500]]
    return render(request, "licensing/reassessment_list.html", {"rows": rows, "show_resolved": show_resolved})


@permissions.requires(may_capture)
def reassessment_resolve(request, flag_id):
    try:
        flag = selectors.reassessment_flag_for(request.user, flag_id)
    except NotFound:
        raise Http404("no such reassessment flag") from None
    application = flag.application
    _require_capture(request.user, application)
    form = ReassessmentResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        revoking = data["resolution"] == domain.REASSESSED_REVOKED
        response = _attempt(request, form, lambda: services.reassessment_resolve(
            actor=request.user, flag=flag, resolution=data["resolution"], note=data["note"],
            revoked_on=data["revoked_on"] if revoking else None), _("Reassessment recorded."),
            ("licensing_application", application.reference), _FIELD_OF_EMBARGO_PROBLEM)
        if response:
            return response
    return render(request, "licensing/reassessment_resolve.html", {
        "flag": flag, "application": application, "form": form, "licence": getattr(application, "licence", None)})


urlpatterns = [
    path("", application_list, name="licensing_applications"),
    path("new/", application_create, name="licensing_application_create"),
    # Before "<str:reference>/": these words are not application references.
    path("embargoes/", embargo_list, name="licensing_embargoes"),
    path("embargoes/new/", embargo_create, name="licensing_embargo_create"),
    path("embargoes/<uuid:embargo_id>/end/", embargo_end, name="licensing_embargo_end"),
    path("embargoes/<uuid:embargo_id>/verify/", embargo_verify, name="licensing_embargo_verify"),
    path("embargoes/<uuid:embargo_id>/withdraw/", embargo_void, name="licensing_embargo_void"),
    path("reassessments/", reassessment_list, name="licensing_reassessments"),
    path("reassessments/<uuid:flag_id>/resolve/", reassessment_resolve, name="licensing_reassessment_resolve"),
    path("licences/<str:number>/", licence_page, name="licensing_licence"),
    path("licences/<str:number>/deliveries/new/", delivery_record, name="licensing_delivery_record"),
    path("licences/<str:number>/revoke/", licence_revoke, name="licensing_licence_revoke"),
    path("licences/<str:number>/suspend/", licence_suspend, name="licensing_licence_suspend"),
    path("licences/<str:number>/reinstate/", licence_reinstate, name="licensing_licence_reinstate"),
    path("deliveries/<uuid:delivery_id>/check/", delivery_check, name="licensing_delivery_check"),
    path("<str:reference>/", application_page, name="licensing_application"),
    path("<str:reference>/parties/new/", party_add, name="licensing_party_add"),
    path("<str:reference>/items/new/", item_add, name="licensing_item_add"),
    path("<str:reference>/documents/new/", document_add, name="licensing_document_add"),
    path("<str:reference>/documents/<uuid:document_id>/verify/", document_verify, name="licensing_document_verify"),
    path("<str:reference>/step/<str:step>/", workflow_step, name="licensing_step"),
    path("<str:reference>/assessment/", assessment_page, name="licensing_assessment"),
    path("<str:reference>/decision/", decision_page, name="licensing_decision"),
    path("<str:reference>/licence/new/", licence_issue, name="licensing_licence_issue"),
]
