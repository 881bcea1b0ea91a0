"""Forms of the report pages: a row's note and withholding, a narrative part's text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salw.reporting.domain import WITHHOLDING_REASONS
from salw.reporting.renderers.tables import withholding_label

NOTE_MAX_LENGTH = 2000
NARRATIVE_MAX_LENGTH = 20000


def _unix_lines(text: str) -> str:
    """Browsers send a textarea's lines ended by CR LF; the report keeps plain LF, as the CLI and API send."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class RowAnnotationForm(forms.Form):
    note = forms.CharField(label=_("Note (the comments column)"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))
    withheld = forms.ChoiceField(
        label=_("Withhold the figures of this row"), required=False,
        help_text=_("ATT Article 13(3): the row keeps its labels, its figures are left out of the files "
                    "and the report says why."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels made now, in the reader's language.
        self.fields["withheld"].choices = [("", _("Not withheld"))] + [
            (reason, withholding_label(reason)) for reason in WITHHOLDING_REASONS]

    def clean_note(self):
        return _unix_lines(self.cleaned_data["note"])


class NarrativeForm(forms.Form):
    text = forms.CharField(
        required=False, max_length=NARRATIVE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text; leave an empty line between paragraphs. "
                    "Left empty, the report says \u201cTo be completed.\u201d"))

    def __init__(self, *args, title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = title or _("Text")

    def clean_text(self):
        return _unix_lines(self.cleaned_data["text"])
