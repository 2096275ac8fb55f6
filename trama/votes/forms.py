"""Forms of the votes pages. They parse; the rules of each poll kind are checked in `services` and their
Italian messages come back to the fields they concern (linked with aria-describedby)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trama.actors.models import ActorCategory
from trama.live.models import LiveTable, LiveVenue
from trama.plans.models import Strategy
from trama.territory.models import ZonaOmogenea
from trama.votes.models import Poll, PollKind, PollOption
from trama.votes.services import MAX_TOKENS_PER_CALL, POINTS_TOTAL, option_field

NUMBER_ERRORS = {
    "invalid": _("Scrivi un numero intero."),
    "min_value": _("Il valore minimo è %(limit_value)s."),
    "max_value": _("Il valore massimo è %(limit_value)s."),
    "required": _("Scrivi un numero."),
}


class StyledForm(forms.Form):
    """Bootstrap Italia classes; an invalid field gets `is-invalid` and points to its error message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def _style(self) -> None:
        """Idempotent: forms that add fields after __init__ call it again."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput | forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def _mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_errors"

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid()

    def errors_from(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the form: known fields get theirs, the rest is non-field."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error.messages)
        self._mark_invalid()


class ProfileForm(StyledForm):
    """The optional first question. Both answers only feed aggregate breakdowns of the results."""

    zona = forms.ModelChoiceField(
        label=_("In quale zona omogenea vivi o lavori?"),
        queryset=ZonaOmogenea.objects.order_by("number"),
        required=False,
        empty_label=_("Preferisco non rispondere"),
        error_messages={"invalid_choice": _("Scegli una zona dall'elenco.")},
    )
    category = forms.ChoiceField(
        label=_("Partecipi come…"),
        choices=[("", _("Preferisco non rispondere")), *ActorCategory.choices],
        required=False,
        error_messages={"invalid_choice": _("Scegli una categoria dall'elenco.")},
    )


class BallotForm(StyledForm):
    """One field per option, shaped by the poll kind: a checkbox (approval), a number of dots or points,
    or a position (ranking). Field names are ``opt_<option id>``."""

    def __init__(self, *args: Any, poll: Poll, options: list[PollOption], initial_values: dict[int, int], **kw: Any):
        self.poll = poll
        self.options = options
        super().__init__(*args, **kw)
        k = min(poll.top_k, len(options))
        for option in options:
            name = option_field(option.pk)
            start = initial_values.get(option.pk)
            field: forms.Field
            if poll.kind == PollKind.APPROVAL:
                field = forms.BooleanField(label=option.label, required=False, initial=bool(start))
            elif poll.kind == PollKind.RANKING:
                choices = [("0", _("Non in classifica")), *((str(i), f"{i}°") for i in range(1, k + 1))]
                field = forms.TypedChoiceField(
                    label=option.label,
                    choices=choices,
                    coerce=int,
                    required=False,
                    empty_value="0",
                    initial=str(start or 0),
                    error_messages={"invalid_choice": _("Scegli una posizione dall'elenco.")},
                )
            else:
                top = poll.max_per_option if poll.kind == PollKind.DOTS else POINTS_TOTAL
                field = forms.IntegerField(
                    label=option.label,
                    min_value=0,
                    max_value=top,
                    required=False,
                    initial=start or 0,
                    error_messages=NUMBER_ERRORS,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
                )
            self.fields[name] = field
        self.order_fields([option_field(o.pk) for o in options])
        self._style()

    def choices(self) -> dict[int, int]:
        """What the person gave each option, as the service expects it (call after is_valid())."""
        out: dict[int, int] = {}
        for option in self.options:
            value = self.cleaned_data.get(option_field(option.pk))
            if self.poll.kind == PollKind.APPROVAL:
                out[option.pk] = 1 if value else 0
            else:
                out[option.pk] = int(value or 0)
        return out


class PollCreateForm(StyledForm):
    SOURCE_THEMES = "themes"
    SOURCE_STRATEGIES = "strategies"
    SOURCE_TOP = "top"

    title = forms.CharField(
        label=_("Titolo"), max_length=200, error_messages={"required": _("Dai un titolo alla votazione.")}
    )
    question = forms.CharField(
        label=_("Domanda (facoltativa)"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(
        label=_("Tipo di voto"),
        choices=PollKind.choices,
        error_messages={"invalid_choice": _("Scegli un tipo di voto dall'elenco.")},
    )
    source = forms.ChoiceField(
        label=_("Opzioni"),
        choices=[
            (SOURCE_THEMES, _("I temi pubblicati")),
            (SOURCE_STRATEGIES, _("Le strategie scelte qui sotto")),
            (SOURCE_TOP, _("Le prime 5 di una votazione chiusa")),
        ],
        initial=SOURCE_THEMES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Scegli da dove vengono le opzioni.")},
    )
    strategies = forms.ModelMultipleChoiceField(
        label=_("Strategie"),
        queryset=Strategy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Scegli strategie dall'elenco.")},
    )
    source_poll = forms.ModelChoiceField(
        label=_("Votazione di partenza"),
        queryset=Poll.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Scegli una votazione chiusa dall'elenco.")},
    )
    dots = forms.IntegerField(
        label=_("Bollini per persona"), min_value=1, max_value=20, initial=5, error_messages=NUMBER_ERRORS
    )
    max_per_option = forms.IntegerField(
        label=_("Bollini massimi per opzione"), min_value=1, max_value=20, initial=3, error_messages=NUMBER_ERRORS
    )
    top_k = forms.IntegerField(
        label=_("Opzioni da ordinare (classifica)"), min_value=1, max_value=20, initial=5, error_messages=NUMBER_ERRORS
    )
    max_choices = forms.IntegerField(
        label=_("Scelte massime (approvazione, 0 = nessun limite)"),
        min_value=0,
        max_value=20,
        initial=0,
        error_messages=NUMBER_ERRORS,
    )

    def __init__(self, *args: Any, strategies: QuerySet[Strategy], closed_polls: QuerySet[Poll], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["strategies"].queryset = strategies  # type: ignore[attr-defined]
        self.fields["source_poll"].queryset = closed_polls  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source == self.SOURCE_STRATEGIES and not data.get("strategies"):
            self.add_error("strategies", _("Scegli le strategie su cui votare."))
        if source == self.SOURCE_TOP:
            if not data.get("source_poll"):
                self.add_error("source_poll", _("Scegli la votazione chiusa da cui prendere le prime 5."))
            if data.get("kind") not in (PollKind.RANKING, PollKind.POINTS):
                self.add_error(
                    "kind", _("Il voto finale sulle prime 5 è una classifica o una ripartizione di 100 punti.")
                )
        return data


class TokensIssueForm(StyledForm):
    venue = forms.ModelChoiceField(
        label=_("Sede"), queryset=LiveVenue.objects.none(), error_messages={"required": _("Scegli la sede.")}
    )
    count = forms.IntegerField(
        label=_("Quanti badge"), min_value=1, max_value=MAX_TOKENS_PER_CALL, initial=50, error_messages=NUMBER_ERRORS
    )

    def __init__(self, *args: Any, venues: QuerySet[LiveVenue], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["venue"].queryset = venues  # type: ignore[attr-defined]


class PaperTallyForm(StyledForm):
    """A table's paper ballots: how many, and each option's total."""

    table = forms.ModelChoiceField(
        label=_("Tavolo"), queryset=LiveTable.objects.none(), error_messages={"required": _("Scegli il tavolo.")}
    )
    ballots = forms.IntegerField(
        label=_("Schede cartacee contate"), min_value=1, max_value=500, error_messages=NUMBER_ERRORS
    )

    def __init__(self, *args: Any, tables: QuerySet[LiveTable], options: list[PollOption], **kw: Any) -> None:
        self.options = options
        super().__init__(*args, **kw)
        self.fields["table"].queryset = tables  # type: ignore[attr-defined]
        self.fields["table"].label_from_instance = lambda t: f"{t.code} {t.label}".strip()  # type: ignore[attr-defined]
        for option in options:
            self.fields[option_field(option.pk)] = forms.IntegerField(
                label=option.label, min_value=0, required=False, initial=0, error_messages=NUMBER_ERRORS
            )
        self._style()

    def values(self) -> dict[int, int]:
        return {o.pk: int(self.cleaned_data.get(option_field(o.pk)) or 0) for o in self.options}
