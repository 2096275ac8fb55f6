"""Forms of the modulo online, the receipt lookup, the public filters and the moderation actions.

``ContributionForm`` is the one validation of a contribution: the web form renders it, and the service
(``services.contribution_submit``) binds it to whatever arrived (the web POST or the API's multipart), so
both give the same field-level Italian messages.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from trama.actors.privacy import notice_link
from trama.participation import limits
from trama.participation.models import ContributionKind, ContributionStatus, SenderCategory
from trama.participation.uploads import ACCEPTED_EXTENSIONS
from trama.plans.models import Axis, PlanVersion, Strategy
from trama.process.models import Process
from trama.territory.models import Comune, ZonaOmogenea

REQUIRED = _("Questo campo è obbligatorio.")


class AccessibleForm(forms.Form):
    """Bootstrap Italia classes on every widget; a field with errors gets `is-invalid`, `aria-invalid` and
    `aria-describedby` pointing to its error message (rendered by `participation/_field.html`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.mark_invalid(name)

    def mark_invalid(self, name: str) -> None:
        bound: BoundField = self[name]
        widget = self.fields[name].widget
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        widget.attrs["aria-invalid"] = "true"
        described = [f"{bound.auto_id}_error"]
        if self.fields[name].help_text:
            described.append(f"{bound.auto_id}_helptext")
        widget.attrs["aria-describedby"] = " ".join(described)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        if field and field in self.fields:
            self.mark_invalid(field)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ComuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        zona = obj.zona
        return f"{obj.name} (ZO {zona.number} – {zona.name})" if zona else f"{obj.name}"


class StrategyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


def plan_for(process: Process | None) -> PlanVersion | None:
    if process is not None and process.plan_id:
        return process.plan
    return PlanVersion.objects.filter(is_current=True).first()


def strategy_groups(strategies: QuerySet[Strategy] | list[Strategy]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Strategies grouped by axis for a <select> with <optgroup>s."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for s in strategies:
        axis = s.axis
        label = f"{_('Asse')} {axis.number} – {axis.title}"
        groups.setdefault(axis.pk, (label, []))[1].append((s.code, f"{s.code} {s.title}"))
    return list(groups.values())


class ContributionForm(AccessibleForm):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Tipo di contributo"),
        choices=ContributionKind.choices,
        initial=ContributionKind.WRITTEN,
        required=False,
        error_messages={"invalid_choice": _("Scegli il tipo di contributo dall'elenco.")},
    )
    title = forms.CharField(
        label=_("Titolo"),
        max_length=limits.TITLE_MAX,
        error_messages={
            "required": _("Scrivi un titolo per il contributo."),
            "max_length": _("Il titolo è troppo lungo: al massimo %(limit_value)d caratteri (ora %(show_value)d)."),
        },
    )
    text = forms.CharField(
        label=_("Testo del contributo"),
        min_length=limits.TEXT_MIN,
        max_length=limits.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Scrivi il testo del contributo."),
            "min_length": _("Il testo è troppo breve: almeno %(limit_value)d caratteri."),
            "max_length": _("Il testo è troppo lungo: al massimo %(limit_value)d caratteri (ora %(show_value)d)."),
        },
    )
    axis = forms.ModelChoiceField(
        label=_("Asse del piano (facoltativo)"),
        queryset=Axis.objects.none(),
        to_field_name="number",
        required=False,
        empty_label=_("— nessun asse in particolare —"),
        error_messages={"invalid_choice": _("Scegli un asse dall'elenco.")},
    )
    strategy = StrategyChoiceField(
        label=_("Strategia (facoltativa)"),
        queryset=Strategy.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("— nessuna strategia in particolare —"),
        error_messages={"invalid_choice": _("Scegli una strategia dall'elenco (codice come 1.1).")},
    )
    actor_category = forms.ChoiceField(
        label=_("Chi invia il contributo"),
        choices=[("", _("— scegli —")), *SenderCategory.choices],
        error_messages={
            "required": _("Indica se scrivi per un'istituzione, uno stakeholder o come cittadino/a."),
            "invalid_choice": _("Valori ammessi: istituzione, stakeholder, cittadino."),
        },
    )
    organisation = forms.CharField(
        label=_("Organizzazione o ente (facoltativo)"),
        max_length=200,
        required=False,
        help_text=_("es. «Comune di Pinerolo», «Associazione …». Non viene pubblicata per i cittadini."),
        error_messages={"max_length": _("Al massimo %(limit_value)d caratteri.")},
    )
    comune = ComuneChoiceField(
        label=_("Comune"),
        queryset=Comune.objects.select_related("zona").order_by("name"),
        to_field_name="istat_code",
        empty_label=_("— scegli il comune —"),
        help_text=_("La zona omogenea segue dal comune."),
        error_messages={
            "required": _("Scegli il comune."),
            "invalid_choice": _(
                "Comune sconosciuto: serve il codice ISTAT di 6 cifre di un comune della Città metropolitana "
                "(es. 001272)."
            ),
        },
    )
    name = forms.CharField(
        label=_("Nome e cognome"),
        max_length=120,
        error_messages={
            "required": _("Scrivi il tuo nome e cognome."),
            "max_length": _("Al massimo %(limit_value)d caratteri."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Ti mandiamo la ricevuta con il codice per ritrovare il contributo."),
        error_messages={
            "required": _("Scrivi il tuo indirizzo e-mail: serve per la ricevuta."),
            "invalid": _("Indirizzo e-mail non valido (es. nome@esempio.it)."),
            "max_length": _("Indirizzo e-mail troppo lungo."),
        },
    )
    privacy_consent = forms.BooleanField(
        label=_("Ho letto l'informativa e acconsento al trattamento dei miei dati per il processo partecipativo."),
        error_messages={"required": _("Per inviare il contributo serve il consenso al trattamento dei dati.")},
    )
    publish_consent = forms.BooleanField(
        label=_("Acconsento alla pubblicazione del contributo sul sito (senza nome né e-mail)."),
        required=False,
    )

    def __init__(self, *args: Any, process: Process | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = notice_link()
        # Interpolated here, in the request's language and with the limits of the current settings.
        self.fields["text"].help_text = _("Proposte, osservazioni, esperienze: al massimo %(n)d caratteri.") % {
            "n": limits.TEXT_MAX
        }
        self.fields["files"].help_text = _(
            "PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG, WebP o GIF; al massimo %(n)d file da %(mb)d MB ciascuno."
        ) % {"n": limits.max_files(), "mb": limits.max_file_bytes() // limits.MB}
        plan = plan_for(process)
        axis_field: Any = self.fields["axis"]
        strategy_field: Any = self.fields["strategy"]
        if plan is not None:
            axis_field.queryset = Axis.objects.filter(plan=plan).order_by("number")
            strategy_field.queryset = (
                Strategy.objects.filter(axis__plan=plan).select_related("axis").order_by("axis__number", "code")
            )

    def strategy_optgroups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return strategy_groups(self.fields["strategy"].queryset)  # type: ignore[attr-defined]

    def selected_strategy(self) -> str:
        return str(self["strategy"].value() or "")

    def clean_title(self) -> str:
        return _single_line(self.cleaned_data["title"])

    def clean_name(self) -> str:
        return _single_line(self.cleaned_data["name"])

    def clean_organisation(self) -> str:
        return _single_line(self.cleaned_data["organisation"])

    def clean_text(self) -> str:
        text = _multiline(self.cleaned_data["text"])
        if len(text) < limits.TEXT_MIN:
            raise forms.ValidationError(
                self.fields["text"].error_messages["min_length"] % {"limit_value": limits.TEXT_MIN}
            )
        return text

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or ContributionKind.WRITTEN

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        axis, strategy = data.get("axis"), data.get("strategy")
        if axis is not None and strategy is not None and strategy.axis_id != axis.pk:
            self.add_error("strategy", _("La strategia scelta non appartiene all'asse scelto."))
        elif strategy is not None:
            data["axis"] = strategy.axis
        return data


# Named «files» as in the API; declared here because a class attribute `files` would shadow BaseForm.files.
# The service checks the uploads themselves (uploads.check_files); the field renders the input and its errors.
_files_field = forms.FileField(
    label=_("Allegati (facoltativi)"),
    required=False,
    widget=MultipleFileInput(attrs={"accept": ",".join(f".{e}" for e in ACCEPTED_EXTENSIONS)}),
)
ContributionForm.base_fields["files"] = _files_field


_NUL_AND_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _single_line(value: str) -> str:
    return re.sub(r"\s+", " ", _NUL_AND_CONTROLS.sub("", value)).strip()


def _multiline(value: str) -> str:
    """Control characters (NUL breaks PostgreSQL) removed, newlines kept."""
    return _NUL_AND_CONTROLS.sub("", value).replace("\r\n", "\n").strip()


RECEIPT_RE = re.compile(r"^[A-Z]{2,5}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


def normalise_receipt(value: str) -> str:
    """«psm 7k3q 9xwd», «PSM-7K3Q-9XWD» → «PSM-7K3Q-9XWD»."""
    compact = re.sub(r"[^0-9A-Za-z]", "", value).upper()
    if len(compact) < 10:
        return value.strip().upper()
    return f"{compact[:-8]}-{compact[-8:-4]}-{compact[-4:]}"


class ReceiptLookupForm(AccessibleForm):
    code = forms.CharField(
        label=_("Codice di ricevuta"),
        max_length=20,
        help_text=_("Come nella ricevuta per e-mail, es. PSM-7K3Q-9XWD."),
        error_messages={"required": _("Scrivi il codice della ricevuta.")},
    )
    email = forms.EmailField(
        label=_("E-mail usata per l'invio"),
        error_messages={
            "required": _("Scrivi l'e-mail usata per l'invio."),
            "invalid": _("Indirizzo e-mail non valido."),
        },
    )

    def clean_code(self) -> str:
        code = normalise_receipt(self.cleaned_data["code"])
        if not RECEIPT_RE.match(code):
            raise forms.ValidationError(_("Il codice ha la forma PSM-XXXX-XXXX."))
        return code

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class PublicFilterForm(forms.Form):
    """The public list's filters; a value that matches nothing is ignored, never an error page."""

    asse = forms.IntegerField(required=False, min_value=1, max_value=99)
    strategia = forms.RegexField(regex=r"^[0-9]{1,2}\.[0-9]{1,2}$", required=False)
    zona = forms.IntegerField(required=False, min_value=1, max_value=99)
    categoria = forms.ChoiceField(choices=[("", ""), *SenderCategory.choices], required=False)
    processo = forms.SlugField(required=False, max_length=60)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {name: self.cleaned_data.get(name) or None for name in self.fields if name not in self.errors}
        return {name: value or None for name, value in self.cleaned_data.items()}


class ModerationFilterForm(forms.Form):
    stato = forms.ChoiceField(choices=[("", ""), *ContributionStatus.choices], required=False)

    def status(self) -> str:
        return self.cleaned_data.get("stato", "") if self.is_valid() else ContributionStatus.RECEIVED


class RejectForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Motivo (inviato a chi ha scritto)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Scrivi il motivo del rifiuto.")},
    )


class ExcerptForm(AccessibleForm):
    public_excerpt = forms.CharField(
        label=_("Testo pubblicato"),
        max_length=limits.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Togli dal testo nomi, recapiti o altro che identifichi chi scrive."),
        error_messages={"required": _("Il testo pubblicato non può essere vuoto.")},
    )


class StrategiesForm(forms.Form):
    strategies = forms.ModelMultipleChoiceField(
        queryset=Strategy.objects.none(),
        to_field_name="code",
        required=False,
        error_messages={"invalid_choice": _("Strategia sconosciuta: %(value)s.")},
    )

    def __init__(self, *args: Any, plan: PlanVersion | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["strategies"]
        if plan is not None:
            field.queryset = Strategy.objects.filter(axis__plan=plan)


def zone_choices() -> QuerySet[ZonaOmogenea]:
    return ZonaOmogenea.objects.order_by("number")
