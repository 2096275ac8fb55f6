"""Forms of the interview pages: Italian field-level errors linked to their fields, never a 500 on bad input."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trama.core.forms import AccessibleFormMixin
from trama.interviews.models import Interview, Judgement
from trama.interviews.selectors import judged_strategies, strategy_actions
from trama.plans.models import Action, Strategy
from trama.process.models import Phase, Process
from trama.territory.models import ZonaOmogenea

TEXT_MAX = 20000
MAX_LENGTH_MESSAGE = _("Al massimo %(limit_value)d caratteri (ora %(show_value)d).")


class InterviewForm(AccessibleFormMixin, forms.ModelForm):
    # Generated when the form is drawn: a second submit of the same form returns the interview stored first.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Interview
        fields = [
            "interviewee_name",
            "interviewee_role",
            "organisation_name",
            "organisation",
            "zona",
            "is_cabina_member",
            "interviewee_email",
            "held_on",
            "interviewer_name",
            "notes",
            "proposals",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 8}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "organisation_name": _(
                "Il nome come lo dice la persona intervistata; oppure scegli un'organizzazione registrata."
            ),
            "interviewer_name": _("Se vuoto, chi registra l'intervista."),
            "notes": _("Le note entrano nell'analisi tematica con gli altri testi del processo."),
        }
        error_messages = {
            "interviewee_name": {
                "required": _("Scrivi il nome della persona intervistata."),
                "max_length": MAX_LENGTH_MESSAGE,
            },
            "interviewee_role": {"max_length": MAX_LENGTH_MESSAGE},
            "organisation_name": {"max_length": MAX_LENGTH_MESSAGE},
            "interviewer_name": {"max_length": MAX_LENGTH_MESSAGE},
            "interviewee_email": {"invalid": _("Scrivi un indirizzo e-mail valido, es. nome@esempio.it.")},
            "held_on": {"required": _("Indica la data dell'intervista."), "invalid": _("Scrivi una data valida.")},
            "organisation": {"invalid_choice": _("Scegli un'organizzazione dall'elenco.")},
            "zona": {"invalid_choice": _("Scegli una zona omogenea dall'elenco.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("notes", "proposals"):
            field = cast(forms.CharField, self.fields[name])
            field.max_length = TEXT_MAX
            field.validators.append(MaxLengthValidator(TEXT_MAX))
            field.error_messages["max_length"] = MAX_LENGTH_MESSAGE
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("client_key", uuid.uuid4())
        self.style_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()


class JudgementForm(AccessibleFormMixin, forms.Form):
    """One coded judgement: choose the strategy, then (optionally) one of its actions (htmx dependent select)."""

    strategy = forms.ModelChoiceField(
        label=_("Strategia del PSM 2021-2023"),
        queryset=Strategy.objects.none(),
        error_messages={
            "required": _("Scegli la strategia."),
            "invalid_choice": _("Scegli una strategia dall'elenco."),
        },
    )
    action = forms.ModelChoiceField(
        label=_("Azione (facoltativa)"),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("— tutta la strategia —"),
        error_messages={"invalid_choice": _("Scegli un'azione della strategia scelta.")},
    )
    judgement = forms.ChoiceField(
        label=_("Giudizio"),
        choices=[("", "—"), *Judgement.choices],
        error_messages={"required": _("Scegli il giudizio."), "invalid_choice": _("Scegli un giudizio dall'elenco.")},
    )
    note = forms.CharField(
        label=_("Nota"),
        required=False,
        max_length=2000,
        widget=forms.TextInput,
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )

    def __init__(self, *args: Any, strategies: list[Strategy] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strategy_field = cast(forms.ModelChoiceField, self.fields["strategy"])
        strategy_field.queryset = judged_strategies()
        if strategies is not None:
            # One query for the whole formset: the choices are the same for every row.
            strategy_field.choices = [("", "—"), *((s.pk, f"{s.code} {s.title}") for s in strategies)]
        action_field = cast(forms.ModelChoiceField, self.fields["action"])
        action_field.queryset = strategy_actions(self._chosen_strategy_id())
        action_id = self["action"].auto_id
        strategy_field.widget.attrs.update(
            {
                "hx-get": reverse("interviews:action_options"),
                "hx-target": f"#{action_id}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
                "aria-controls": action_id,
            }
        )
        self.style_widgets()

    def _chosen_strategy_id(self) -> int | None:
        raw = self.data.get(self.add_prefix("strategy")) if self.is_bound else self.initial.get("strategy")
        if isinstance(raw, Strategy):
            return raw.pk
        try:
            return int(str(raw)) if raw not in (None, "") else None
        except ValueError:
            return None

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()


class BaseJudgementFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        seen: set[tuple[int, int | None]] = set()
        for form in self.forms:
            if not form.is_valid() or not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            strategy, action = form.cleaned_data["strategy"], form.cleaned_data.get("action")
            key = (strategy.pk, action.pk if action else None)
            if key in seen:
                form.add_error("strategy", _("Questa strategia (o azione) ha già un giudizio in questa intervista."))
            seen.add(key)


JudgementFormSet = forms.formset_factory(
    JudgementForm, formset=BaseJudgementFormSet, extra=3, can_delete=True, max_num=60, validate_max=True
)


class InterviewFilterForm(forms.Form):
    """The filters of the list and the summary; bad values are ignored (a filter never gives an error page)."""

    fase = forms.ModelChoiceField(
        label=_("Fase"), queryset=Phase.objects.none(), required=False, empty_label=_("Tutte")
    )
    zona = forms.ModelChoiceField(
        label=_("Zona omogenea"),
        queryset=ZonaOmogenea.objects.order_by("number"),
        required=False,
        empty_label=_("Tutte"),
    )
    cabina = forms.ChoiceField(
        label=_("Cabina di regia"),
        required=False,
        choices=[("", _("Tutte le persone")), ("si", _("Solo componenti")), ("no", _("Solo non componenti"))],
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fase = cast(forms.ModelChoiceField, self.fields["fase"])
        fase.queryset = Phase.objects.filter(process=process).order_by("order", "starts_on")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"phase": None, "zona": None, "cabina": None}
        cabina = {"si": True, "no": False}.get(self.cleaned_data.get("cabina") or "")
        return {"phase": self.cleaned_data.get("fase"), "zona": self.cleaned_data.get("zona"), "cabina": cabina}
