"""Forms of the events app. Errors are in Italian, per field, and linked to their field (aria-describedby)."""

from __future__ import annotations

from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from trama.actors.models import ActorCategory
from trama.actors.privacy import notice_link
from trama.events.models import AttendanceMode, Event, EventMode, EventTable
from trama.events.services import QUESTION_MAX_LENGTH
from trama.territory.models import Comune

REPORT_MAX_BYTES: int = getattr(settings, "EVENT_REPORT_MAX_BYTES", 10 * 1024 * 1024)


class AccessibleErrorsMixin:
    """Bootstrap Italia classes on the widgets; after validation, every field with errors points to its error
    list and says it is invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        for field in form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, (forms.TextInput, forms.EmailInput, forms.NumberInput, forms.Textarea)):
                widget.attrs.setdefault("class", "form-control")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: Any = self
        for name in form.errors:
            if name not in form.fields:
                continue
            bound = form[name]
            described = [f"{bound.auto_id}_errors"]
            if form.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs.update({"aria-describedby": " ".join(described), "aria-invalid": "true"})


class RegistrationForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nome e cognome"),
        max_length=120,
        error_messages={"required": _("Scrivi il tuo nome e cognome.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Ti mandiamo la conferma e il link per annullare l'iscrizione."),
        error_messages={
            "required": _("Scrivi il tuo indirizzo e-mail."),
            "invalid": _("Scrivi un indirizzo e-mail valido, ad esempio nome@esempio.it."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organizzazione o ente (facoltativo)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    category = forms.ChoiceField(
        label=_("Partecipi come"),
        required=False,
        choices=[("", _("— non indicato —")), *ActorCategory.choices],
    )
    comune = forms.ModelChoiceField(
        label=_("Comune (facoltativo)"),
        queryset=Comune.objects.order_by("name"),
        required=False,
        empty_label=_("— non indicato —"),
    )
    attendance_mode = forms.ChoiceField(
        label=_("Come partecipi"),
        choices=AttendanceMode.choices,
        initial=AttendanceMode.PRESENZA,
        widget=forms.RadioSelect,
    )
    tables = forms.ModelMultipleChoiceField(
        label=_("Tavoli tematici di interesse"),
        queryset=EventTable.objects.none(),
        required=False,
        help_text=_("Facoltativo: durante l'incontro potrai spostarti liberamente tra i tavoli."),
        widget=forms.CheckboxSelectMultiple,
    )
    privacy_consent = forms.BooleanField(
        label=_("Ho letto l'informativa sulla privacy e acconsento al trattamento dei miei dati per l'iscrizione."),
        error_messages={"required": _("Per iscriverti devi accettare l'informativa sulla privacy.")},
    )
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = notice_link()
        self.event = event
        tables = list(event.tables.all())
        if tables:
            self.fields["tables"].queryset = EventTable.objects.filter(event=event).order_by("order", "id")  # type: ignore[attr-defined]
        else:
            del self.fields["tables"]
        if event.mode != EventMode.IBRIDO:
            del self.fields["attendance_mode"]

    def cleaned_attendance_mode(self) -> str:
        if self.event.mode == EventMode.ONLINE:
            return AttendanceMode.ONLINE
        return str(self.cleaned_data.get("attendance_mode") or AttendanceMode.PRESENZA)


class QuestionForm(AccessibleErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("La tua domanda"),
        max_length=QUESTION_MAX_LENGTH,
        error_messages={
            "required": _("Scrivi la domanda."),
            "max_length": _("La domanda può avere al massimo %(limit_value)d caratteri."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    author_name = forms.CharField(
        label=_("Il tuo nome (facoltativo)"),
        max_length=80,
        required=False,
        help_text=_("Se lo lasci vuoto la domanda resta anonima."),
        error_messages={"max_length": _("Il nome può avere al massimo %(limit_value)d caratteri.")},
    )
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class CloseOutForm(AccessibleErrorsMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Verbale"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Scrivi il verbale dell'incontro.")},
    )
    attendees_in_person = forms.IntegerField(
        label=_("Partecipanti in presenza"),
        min_value=0,
        max_value=100000,
        required=False,
        error_messages={
            "invalid": _("Scrivi un numero intero."),
            "min_value": _("Il numero non può essere negativo."),
            "max_value": _("Il numero è troppo grande."),
        },
    )
    attendees_online = forms.IntegerField(
        label=_("Partecipanti online"),
        min_value=0,
        max_value=100000,
        required=False,
        error_messages={
            "invalid": _("Scrivi un numero intero."),
            "min_value": _("Il numero non può essere negativo."),
            "max_value": _("Il numero è troppo grande."),
        },
    )
    organisations_present = forms.CharField(
        label=_("Organizzazioni presenti"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Una per riga."),
    )
    contribution_refs = forms.CharField(
        label=_("Contributi collegati"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Codici di ricevuta o riferimenti dei contributi emersi dall'incontro, uno per riga."),
    )
    report = forms.FileField(
        label=_("Report dell'incontro (PDF)"),
        required=False,
        help_text=_("Solo PDF, al massimo %(mb)d MB.") % {"mb": REPORT_MAX_BYTES // (1024 * 1024)},
    )
    remove_report = forms.BooleanField(label=_("Togli il report pubblicato"), required=False)

    def clean_report(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("report")
        if upload is None:
            return None
        if (upload.size or 0) > REPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Il file è troppo grande: il massimo è %(mb)d MB.") % {"mb": REPORT_MAX_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        head = upload.read(2048)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime != "application/pdf":
            raise forms.ValidationError(_("Il file non è un PDF: carica il report in formato PDF."))
        return upload
