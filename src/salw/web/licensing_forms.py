"""Forms of the licensing pages: they parse and check input; the licensing services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.licensing import domain
from salw.licensing.models import (
    CHECK_METHOD_LABELS,
    CHECK_STATUS_LABELS,
    DECISION_LABELS,
    DIRECTION_LABELS,
    DOCUMENT_TYPE_LABELS,
    DOCUMENT_VERIFICATION_LABELS,
    PARTY_ROLE_LABELS,
    REASSESSMENT_RESOLUTION_LABELS,
    RISK_LEVEL_LABELS,
    SCOPE_LABELS,
)
from salw.web.forms import ANY, NONE_CHOSEN, DateInput, weapon_type_choices

NOT_YET = [("", _("not yet answered"))]


def _choices(labels: dict) -> list[tuple[str, str]]:
    return list(labels.items())


def _country(label, required=True):
    return forms.CharField(label=label, max_length=3, required=required,
                           help_text=_("ISO 3166-1 alpha-3 code, e.g. GHA"))


class ApplicationForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    direction = forms.ChoiceField(label=_("Kind of transfer"), choices=_choices(DIRECTION_LABELS))
    applicant = forms.CharField(label=_("Applicant"), max_length=300)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False,
                                help_text=_("Leave empty to have one assigned."))
    end_use = forms.CharField(label=_("Stated end use"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, jurisdictions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(str(j.id), j.name) for j in jurisdictions]


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=_choices(PARTY_ROLE_LABELS))
    name = forms.CharField(label=_("Name"), max_length=300)
    country = _country(_("Country"))
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    identifiers = forms.CharField(label=_("Registration or licence numbers"), required=False, max_length=300)
    registry_actor = forms.ChoiceField(label=_("Registry holder"), required=False,
                                       help_text=_("The registry's record of this party, when there is one."))

    def __init__(self, *args, actors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry_actor"].choices = NONE_CHOSEN + [(str(a.id), f"{a.name} ({a.country or '—'})")
                                                               for a in actors]


class ItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=500)
    weapon_type = forms.ChoiceField(label=_("Weapon type"), required=False,
                                    help_text=_("Gives the UNROCA sub-category the reports count it in."))
    calibre = forms.CharField(label=_("Calibre"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    value = forms.DecimalField(label=_("Value"), required=False, min_value=0, decimal_places=2, max_digits=16)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False, help_text=_("ISO 4217, e.g. USD"))
    control_list_entry = forms.CharField(label=_("Control-list entry"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weapon_type"].choices = NONE_CHOSEN + weapon_type_choices()


class DocumentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Document"), choices=_choices(DOCUMENT_TYPE_LABELS))
    number = forms.CharField(label=_("Number"), max_length=200)
    issuing_authority = forms.CharField(label=_("Issuing authority"), max_length=300)
    issuing_country = _country(_("Issuing country"))
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput, required=False)
    scan = forms.FileField(label=_("Scanned document"), required=False,
                           help_text=_("PDF, JPEG, PNG or TIFF, at most 20 MB."))


class DocumentVerifyForm(forms.Form):
    status = forms.ChoiceField(label=_("Result"), choices=_choices(DOCUMENT_VERIFICATION_LABELS))
    verified_on = forms.DateField(label=_("Checked on"), widget=DateInput)
    note = forms.CharField(label=_("How it was checked"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssessmentForm(forms.Form):
    """One answer and one note per Article 6 prohibition, one level and the evidence per Article 7 risk."""

    def __init__(self, *args, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        six = (assessment.article_6 if assessment else {}) or {}
        seven = (assessment.article_7 if assessment else {}) or {}
        for criterion in domain.ARTICLE_6:
            entry = six.get(criterion.code, {})
            self.fields[f"a6_{criterion.code}"] = forms.ChoiceField(
                label=f"{criterion.article}: {criterion.text}", required=False, initial=entry.get("answer", ""),
                choices=NOT_YET + [(domain.NO, _("no")), (domain.YES, _("yes: the transfer is prohibited"))])
            self.fields[f"a6_{criterion.code}_note"] = forms.CharField(
                label=_("What was checked (%(article)s)") % {"article": criterion.article}, required=False,
                initial=entry.get("note", ""), widget=forms.Textarea(attrs={"rows": 2}))
        for criterion in domain.ARTICLE_7:
            entry = seven.get(criterion.code, {})
            self.fields[f"a7_{criterion.code}"] = forms.ChoiceField(
                label=f"{criterion.article}: {criterion.text}", required=False, initial=entry.get("risk", ""),
                choices=NOT_YET + _choices(RISK_LEVEL_LABELS))
            self.fields[f"a7_{criterion.code}_evidence"] = forms.CharField(
                label=_("Evidence (%(article)s)") % {"article": criterion.article}, required=False,
                initial=entry.get("evidence", ""), widget=forms.Textarea(attrs={"rows": 2}))
        initial = assessment or None
        self.fields["mitigation_measures"] = forms.CharField(
            label=_("Mitigation measures (Art 7(2))"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            initial=getattr(initial, "mitigation_measures", ""))
        overriding = getattr(initial, "overriding_risk", None)
        self.fields["overriding_risk"] = forms.ChoiceField(
            label=_("After mitigation, is there an overriding risk? (Art 7(3))"), required=False,
            choices=NOT_YET + [("no", _("no")), ("yes", _("yes: the export must be refused"))],
            initial="" if overriding is None else ("yes" if overriding else "no"))
        self.fields["overriding_risk_rationale"] = forms.CharField(
            label=_("Rationale of that conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            initial=getattr(initial, "overriding_risk_rationale", ""))
        self.fields["diversion_risk"] = forms.ChoiceField(
            label=_("Risk of diversion (Art 11)"), required=False, choices=NOT_YET + _choices(RISK_LEVEL_LABELS),
            initial=getattr(initial, "diversion_risk", ""))
        self.fields["diversion_measures"] = forms.CharField(
            label=_("Measures against diversion"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            initial=getattr(initial, "diversion_measures", ""),
            help_text=_("Documents, assurances, post-shipment checks, conditions on re-export."))
        self.fields["diversion_notes"] = forms.CharField(
            label=_("Notes on the diversion evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
            initial=getattr(initial, "diversion_notes", ""))

    def article_6_fields(self):
        return [(self[f"a6_{c.code}"], self[f"a6_{c.code}_note"]) for c in domain.ARTICLE_6]

    def article_7_fields(self):
        return [(self[f"a7_{c.code}"], self[f"a7_{c.code}_evidence"]) for c in domain.ARTICLE_7]

    def other_fields(self):
        names = ("mitigation_measures", "overriding_risk", "overriding_risk_rationale", "diversion_risk",
                 "diversion_measures", "diversion_notes")
        return [self[name] for name in names]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        overriding = {"yes": True, "no": False}.get(data["overriding_risk"])
        return {
            "article_6": {c.code: {"answer": data[f"a6_{c.code}"], "note": data[f"a6_{c.code}_note"]}
                          for c in domain.ARTICLE_6},
            "article_7": {c.code: {"risk": data[f"a7_{c.code}"], "evidence": data[f"a7_{c.code}_evidence"]}
                          for c in domain.ARTICLE_7},
            "mitigation_measures": data["mitigation_measures"], "overriding_risk": overriding,
            "overriding_risk_rationale": data["overriding_risk_rationale"], "diversion_risk": data["diversion_risk"],
            "diversion_measures": data["diversion_measures"], "diversion_notes": data["diversion_notes"],
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=_choices(DECISION_LABELS))
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Required when approving with conditions."))


class LicenceForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput)
    number = forms.CharField(label=_("Licence number"), max_length=100, required=False,
                             help_text=_("Leave empty to have one assigned."))
    conditions = forms.CharField(label=_("Further conditions"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"quantity_{item.line}"] = forms.IntegerField(
                label=_("Licensed quantity, item %(line)s: %(description)s") % {"line": item.line,
                                                                               "description": item.description},
                min_value=0, max_value=item.quantity, initial=item.quantity)

    def quantities(self) -> dict[int, int]:
        return {int(name.split("_")[1]): value for name, value in self.cleaned_data.items()
                if name.startswith("quantity_")}


class DeliveryForm(forms.Form):
    shipped_on = forms.DateField(label=_("Shipped on"), widget=DateInput)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput, required=False)
    reference = forms.CharField(label=_("Shipment document reference"), max_length=200, required=False,
                                help_text=_("Leave empty to have one assigned."))
    transit_countries = forms.CharField(label=_("Transit States"), max_length=200, required=False,
                                        help_text=_("ISO3 codes separated by spaces, e.g. CIV GIN"))

    def __init__(self, *args, quantities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line.line for line in quantities]
        for line in quantities:
            self.fields[f"quantity_{line.line}"] = forms.IntegerField(
                label=_("Quantity shipped, item %(line)s: %(description)s (%(remaining)s remaining)") % {
                    "line": line.line, "description": line.description, "remaining": line.remaining},
                min_value=0, initial=0)
            self.fields[f"value_{line.line}"] = forms.DecimalField(
                label=_("Value, item %(line)s") % {"line": line.line}, required=False, min_value=0,
                decimal_places=2, max_digits=16)
            self.fields[f"serials_{line.line}"] = forms.CharField(
                label=_("Serial numbers, item %(line)s") % {"line": line.line}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line."))

    def service_lines(self) -> list[dict]:
        data = self.cleaned_data
        return [{"line": line, "quantity": data[f"quantity_{line}"], "value": data[f"value_{line}"],
                 "serials": [s.strip() for s in data[f"serials_{line}"].splitlines() if s.strip()]}
                for line in self.lines if data.get(f"quantity_{line}")]


class DeliveryCheckForm(forms.Form):
    status = forms.ChoiceField(label=_("Result"), choices=_choices(CHECK_STATUS_LABELS))
    method = forms.ChoiceField(label=_("How it was checked"), required=False,
                               choices=NONE_CHOSEN + _choices(CHECK_METHOD_LABELS))
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput)
    note = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    """A step on a licence that only needs its reason (revoke, suspend, reinstate)."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label


# --- arms embargoes (Article 6(1)) and reassessment (Article 7(7)) ------------------------------

IN_FORCE = "in_force"
EVERY_ENTRY = "all"


class EmbargoFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Entries"), required=False, choices=[
        (IN_FORCE, _("in force on the day below")), (EVERY_ENTRY, _("every entry, ended ones too"))])
    on = forms.DateField(label=_("In force on"), required=False, widget=DateInput)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = ANY + [(code, f"{name} ({code})") for code, name in countries]


class EmbargoForm(forms.Form):
    country = _country(_("Embargoed country"))
    regime = forms.CharField(label=_("Sanctions regime"), max_length=300,
                             help_text=_("As the Security Council names it, e.g. South Sudan sanctions"))
    resolution = forms.CharField(label=_("Resolution that imposed it"), max_length=200,
                                 help_text=_("e.g. S/RES/2428 (2018)"))
    scope = forms.ChoiceField(label=_("What it prohibits"), choices=_choices(SCOPE_LABELS))
    starts_on = forms.DateField(label=_("In force from"), widget=DateInput,
                                help_text=_("The day the resolution was adopted."))
    ends_on = forms.DateField(label=_("Lifted on"), widget=DateInput, required=False,
                              help_text=_("Leave empty while the embargo is in force."))
    ended_by = forms.CharField(label=_("Resolution that lifted it"), max_length=200, required=False)
    covers_exports_from = forms.BooleanField(label=_("Two-way: also bans procurement from the country"),
                                             required=False)
    source_url = forms.URLField(label=_("Official source"), required=False, max_length=200, assume_scheme="https",
                                help_text=_("The Security Council's page for the regime."))
    verified_on = forms.DateField(label=_("Checked against the official list on"), widget=DateInput,
                                  required=False, help_text=_("Leave empty until someone has checked it."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EmbargoEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Lifted on"), widget=DateInput)
    ended_by = forms.CharField(label=_("Resolution that lifted it"), max_length=200,
                               help_text=_("e.g. S/RES/1903 (2009)"))


class EmbargoVerifyForm(forms.Form):
    verified_on = forms.DateField(label=_("Checked against the official list on"), widget=DateInput)
    source_url = forms.URLField(label=_("Official source"), required=False, max_length=200, assume_scheme="https",
                                help_text=_("Leave empty to keep the one recorded."))


class EmbargoVoidForm(forms.Form):
    reason = forms.CharField(label=_("Why the entry is withdrawn"), widget=forms.Textarea(attrs={"rows": 3}))


class ReassessmentResolveForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Conclusion of the reassessment"),
                                   choices=_choices(REASSESSMENT_RESOLUTION_LABELS))
    note = forms.CharField(label=_("What the reassessment found"), widget=forms.Textarea(attrs={"rows": 4}))
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DateInput, required=False,
                                 help_text=_("Only when the licence is revoked; today when left empty."))
