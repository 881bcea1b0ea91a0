"""Forms of the web pages: they parse and check input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from salw.registry import domain
from salw.registry.models import (
    EVENT_TYPE_CHOICES,
    HOLDER_TYPE_CHOICES,
    MARKING_STATUS_CHOICES,
    STATUS_CHOICES,
)
from salw.vocabularies.models import WeaponType
from salw.vocabularies.selectors import names_in_language

# Written by their own services (registration, correction, voiding), never picked by hand.
_NOT_RECORDABLE = {"registered", "record_corrected", "voided"}
RECORDABLE_EVENT_CHOICES = [choice for choice in EVENT_TYPE_CHOICES if choice[0] not in _NOT_RECORDABLE]
ANY = [("", _("Any"))]
NONE_CHOSEN = [("", "—")]


def weapon_type_choices() -> list[tuple[str, str]]:
    """Weapon types still offered, named and sorted in the reader's language."""
    names = names_in_language("weapon_type", translation.get_language())
    codes = WeaponType.objects.filter(retired_at__isnull=True).values_list("code", flat=True)
    return sorted(((code, names[code]) for code in codes), key=lambda choice: choice[1].casefold())


class DateInput(forms.DateInput):
    input_type = "date"


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class RegistryFilterForm(forms.Form):
    serial = forms.CharField(label=_("Serial number starts with"), required=False, max_length=300)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ANY + STATUS_CHOICES)
    weapon_type = forms.ChoiceField(label=_("Weapon type"), required=False)
    holder_type = forms.ChoiceField(label=_("Holder type"), required=False, choices=ANY + HOLDER_TYPE_CHOICES)
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), required=False)

    def __init__(self, *args, jurisdictions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weapon_type"].choices = ANY + weapon_type_choices()
        self.fields["jurisdiction"].choices = ANY + [(str(j.id), j.name) for j in jurisdictions]


class HolderFields(forms.Form):
    """Who holds the weapon after the event; both empty means "not stated"."""

    holder_type = forms.ChoiceField(label=_("Holder type"), required=False, choices=NONE_CHOSEN + HOLDER_TYPE_CHOICES)
    holder_name = forms.CharField(label=_("Holder name"), required=False, max_length=300,
                                  help_text=_("Unit, person, dealer or group, as on the documents."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("holder_name") and not cleaned.get("holder_type"):
            self.add_error("holder_type", _("Say what kind of holder this is."))
        if cleaned.get("holder_type") and not cleaned.get("holder_name"):
            self.add_error("holder_name", _("Give the holder's name."))
        return cleaned


class WeaponRegisterForm(HolderFields):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    record_id = forms.CharField(label=_("Record number"), required=False, max_length=200,
                                help_text=_("Leave empty to have one assigned."))
    serial_number = forms.CharField(label=_("Serial number"), required=False, max_length=300,
                                    help_text=_("Exactly as marked, including letters and separators."))
    marking_status = forms.ChoiceField(label=_("Marking"), choices=MARKING_STATUS_CHOICES, initial="legible")
    manufacturer = forms.CharField(label=_("Manufacturer"), required=False, max_length=300)
    model = forms.CharField(label=_("Model"), required=False, max_length=200)
    calibre = forms.CharField(label=_("Calibre"), required=False, max_length=200)
    weapon_type = forms.ChoiceField(label=_("Weapon type"), required=False)
    country_of_manufacture = forms.CharField(label=_("Country of manufacture (ISO code)"), required=False,
                                             max_length=3)
    year_of_manufacture = forms.IntegerField(label=_("Year of manufacture"), required=False,
                                             min_value=1800, max_value=2100)
    status = forms.ChoiceField(label=_("Current status"), required=False, choices=NONE_CHOSEN + STATUS_CHOICES)
    status_date = forms.DateField(label=_("Since"), required=False, widget=DateInput,
                                  validators=[_not_in_future])
    location_admin1 = forms.CharField(label=_("Region or district where it is"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["jurisdiction", "record_id", "serial_number", "marking_status", "manufacturer", "model",
                   "calibre", "weapon_type", "country_of_manufacture", "year_of_manufacture", "status",
                   "status_date", "holder_type", "holder_name", "location_admin1", "note"]

    def __init__(self, *args, jurisdictions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(str(j.id), j.name) for j in jurisdictions]
        self.fields["weapon_type"].choices = NONE_CHOSEN + weapon_type_choices()

    def clean_country_of_manufacture(self):
        return self.cleaned_data["country_of_manufacture"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("serial_number", "").strip() and cleaned.get("marking_status") != "obliterated":
            self.add_error("serial_number", _("Give the serial number, or mark the marking as obliterated."))
        if cleaned.get("status_date") and not cleaned.get("status"):
            self.add_error("status", _("Say which status the weapon has had since that date."))
        return cleaned


class EventRecordForm(HolderFields):
    event_type = forms.ChoiceField(label=_("What happened"), choices=NONE_CHOSEN + RECORDABLE_EVENT_CHOICES)
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=DateInput,
                                  validators=[_not_in_future])
    location_admin1 = forms.CharField(label=_("Where (region or district)"), required=False, max_length=200)
    document_ref = forms.CharField(label=_("Document reference"), required=False, max_length=300,
                                   help_text=_("Police report, transfer order or receipt number."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["event_type", "occurred_on", "holder_type", "holder_name", "location_admin1",
                   "document_ref", "note"]

    def __init__(self, *args, weapon=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.weapon = weapon

    def clean(self):
        cleaned = super().clean()
        event_type = cleaned.get("event_type")
        if event_type and self.weapon is not None:
            if domain.transition_problem(self.weapon.status or None, event_type):
                self.add_error("event_type", _(
                    "The weapon is recorded as %(status)s; void that event first if it was recorded in error."
                ) % {"status": self.weapon.get_status_display()})
        if event_type in ("issued", "transferred") and not cleaned.get("holder_name"):
            self.add_error("holder_name", _("Say who received the weapon."))
        return cleaned


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Registry file (CSV or Excel)"),
                           help_text=_("One weapon per row, with the columns of the registry import format."))
    jurisdiction = forms.ChoiceField(label=_("Import into"))

    ACCEPTED_SUFFIXES = (".csv", ".txt", ".xlsx")

    def __init__(self, *args, jurisdictions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(str(j.id), j.name) for j in jurisdictions]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.ACCEPTED_SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class MarkingSearchForm(forms.Form):
    serial = forms.CharField(label=_("Serial number as read"), required=False, max_length=300,
                             help_text=_("Type what you see; use ? for one unreadable character, * for several."))
    manufacturer = forms.CharField(label=_("Manufacturer"), required=False, max_length=300)
    model = forms.CharField(label=_("Model"), required=False, max_length=200)
    calibre = forms.CharField(label=_("Calibre"), required=False, max_length=200)
    weapon_type = forms.ChoiceField(label=_("Weapon type"), required=False)
    country = forms.CharField(label=_("Country of manufacture"), required=False, max_length=60)
    year = forms.IntegerField(label=_("Year of manufacture"), required=False, min_value=1800, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weapon_type"].choices = ANY + weapon_type_choices()

    def has_something_to_search(self) -> bool:
        return any(value not in (None, "") for value in self.cleaned_data.values())


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    user = forms.CharField(label=_("User name"), required=False, max_length=200)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = ANY + [(action, action.replace("_", " ")) for action in actions]
