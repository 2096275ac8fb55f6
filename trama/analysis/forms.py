"""Forms of the staff analysis pages: field-level errors in Italian, never a 500 on bad input."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trama.analysis.models import LinkState, TextKind
from trama.plans.models import Strategy

BODY_MAX_LENGTH = 5000
# Below this many characters a text says too little to compare (the «simili» area stays empty).
SIMILAR_MIN_LENGTH = 15


class StyledForm(forms.Form):
    """Bootstrap Italia classes on every widget, `is-invalid` on the fields with errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class TextAddForm(StyledForm):
    body = forms.CharField(
        label=_("Testo"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Scrivi il testo."),
            "max_length": _("Il testo è troppo lungo: al massimo %(limit_value)d caratteri (ora %(show_value)d)."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Tipo di testo"),
        choices=TextKind.choices,
        initial=TextKind.CONTRIBUTION,
        error_messages={"invalid_choice": _("Scegli un tipo di testo dall'elenco.")},
    )
    author_label = forms.CharField(
        label=_("Autore (facoltativo)"),
        max_length=200,
        required=False,
        help_text=_("es. «Comune di Pinerolo», «tavolo 3»"),
        error_messages={"max_length": _("Al massimo %(limit_value)d caratteri.")},
    )
    # Generated when the form is drawn: a second submit of the same form returns the text stored by the first.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, similar_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_key", uuid.uuid4())
        if similar_url:
            # «Contributi simili già inviati» refreshes under the textarea while the person types.
            self.fields["body"].widget.attrs.update(
                {
                    "hx-get": similar_url,
                    "hx-trigger": "input changed delay:500ms",
                    "hx-target": "#simili",
                    "hx-swap": "innerHTML",
                    "aria-controls": "simili",
                }
            )

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"]).strip()
        if not body:
            raise forms.ValidationError(_("Scrivi il testo."), code="required")
        return body


class CorpusStartForm(TextAddForm):
    corpus = forms.SlugField(
        label=_("Nome breve del corpus"),
        max_length=60,
        help_text=_("Lettere minuscole, cifre e trattini, es. «processo-psm-2024» o «evento-12»."),
        error_messages={
            "required": _("Dai un nome breve al corpus."),
            "invalid": _("Usa solo lettere, cifre, trattini e trattini bassi, senza spazi."),
            "max_length": _("Al massimo %(limit_value)d caratteri."),
        },
    )
    field_order = ["corpus", "body", "kind", "author_label", "client_key"]

    def clean_corpus(self) -> str:
        return str(self.cleaned_data["corpus"]).lower()


class LinkStateFilterForm(forms.Form):
    stato = forms.ChoiceField(
        label=_("Collegamento al piano"),
        choices=[("", _("Tutti i testi")), *LinkState.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def state(self) -> str:
        return str(self.cleaned_data.get("stato") or "") if self.is_valid() else ""


class StrategyChoiceForm(StyledForm):
    strategy = forms.ModelChoiceField(
        label=_("Collega a un'altra strategia"),
        queryset=Strategy.objects.none(),
        empty_label=_("Scegli una strategia…"),
        error_messages={
            "required": _("Scegli una strategia."),
            "invalid_choice": _("Questa strategia non è nel piano vigente: scegline una dall'elenco."),
        },
    )

    def __init__(self, *args: Any, strategies: QuerySet[Strategy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["strategy"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        field.queryset = strategies


class DuplicateMergeForm(forms.Form):
    duplicate = forms.IntegerField(min_value=1)


class ThemeRenameForm(StyledForm):
    label = forms.CharField(
        label=_("Nuovo nome del tema"),
        max_length=200,
        error_messages={
            "required": _("Scrivi il nuovo nome del tema."),
            "max_length": _("Al massimo %(limit_value)d caratteri."),
        },
    )

    def clean_label(self) -> str:
        label = str(self.cleaned_data["label"]).strip()
        if not label:
            raise forms.ValidationError(_("Scrivi il nuovo nome del tema."), code="required")
        return label


class IdListField(forms.Field):
    """Several database ids from checkboxes of the same name, in the order they were sent."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        if not all(str(v).isdigit() for v in values):
            raise forms.ValidationError(_("Selezione non valida: ricarica la pagina."), code="invalid")
        return list(dict.fromkeys(int(v) for v in values))


class ThemesMergeForm(forms.Form):
    """The ids of the themes to merge, in page order: the first ticked keeps its name.

    Any id is accepted here; the view resolves them inside the corpus (404 for a theme of another one).
    """

    themes = IdListField(error_messages={"required": _("Seleziona almeno due temi da unire.")})

    def clean_themes(self) -> list[int]:
        ids: list[int] = self.cleaned_data["themes"]
        if len(ids) < 2:
            raise forms.ValidationError(_("Seleziona almeno due temi da unire."), code="too_few")
        return ids
