"""Forms of the plan office and regia pages: field-level Italian errors, never a 500 on bad input."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trama.live.models import Idea, LiveEvent, Theme
from trama.plans.models import Action, Strategy


class StyledForm(forms.Form):
    """Bootstrap Italia classes; invalid fields get `is-invalid` and point to their error with aria-describedby."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput | forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_errors"


class RoundForm(StyledForm):
    question = forms.CharField(
        label=_("Domanda del giro"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Scrivi la domanda su cui lavorano i tavoli.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Durata (minuti)"),
        min_value=1,
        max_value=480,
        initial=30,
        error_messages={
            "required": _("Indica la durata."),
            "invalid": _("Scrivi un numero di minuti."),
            "min_value": _("Almeno un minuto."),
            "max_value": _("Al massimo 480 minuti."),
        },
    )


class ThemeLabelForm(StyledForm):
    label = forms.CharField(
        label=_("Nome del tema"),
        max_length=200,
        error_messages={"required": _("Dai un nome al tema."), "max_length": _("Al massimo 200 caratteri.")},
    )


class EventThemeForm(StyledForm):
    """Base for forms that choose among the active themes and ideas of one event."""

    def __init__(self, *args: Any, event: LiveEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def themes(self) -> Any:
        return Theme.objects.filter(event=self.event, merged_into__isnull=True)


class IdeaThemeForm(EventThemeForm):
    idea = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Idea mancante.")})
    theme = forms.ModelChoiceField(
        label=_("Tema"),
        queryset=Theme.objects.none(),
        error_messages={"required": _("Scegli un tema."), "invalid_choice": _("Tema non disponibile.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = self.themes()

    def clean_idea(self) -> Idea:
        idea = Idea.objects.filter(pk=self.cleaned_data["idea"], event=self.event).first()
        if idea is None:
            raise forms.ValidationError(_("Idea non trovata in questo evento."))
        return idea


class ThemesMergeForm(EventThemeForm):
    others = forms.ModelMultipleChoiceField(
        label=_("Temi da unire a questo"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli almeno un tema da unire.")},
    )

    def __init__(self, *args: Any, target: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["others"]).queryset = (
            self.themes().exclude(pk=target.pk).exclude(is_dissent=True)
        )


class ThemeSplitForm(EventThemeForm):
    label = forms.CharField(
        label=_("Nome del nuovo tema"), max_length=200, error_messages={"required": _("Dai un nome al nuovo tema.")}
    )
    ideas = forms.ModelMultipleChoiceField(
        label=_("Idee da spostare"),
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli le idee da spostare nel nuovo tema.")},
    )

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["ideas"]).queryset = Idea.objects.filter(
            theme_links__theme=theme
        )


class ThemeLinksForm(EventThemeForm):
    strategies = forms.ModelMultipleChoiceField(
        label=_("Strategie"), queryset=Strategy.objects.none(), required=False, widget=forms.SelectMultiple
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Azioni"), queryset=Action.objects.none(), required=False, widget=forms.SelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strategies = cast(forms.ModelMultipleChoiceField, self.fields["strategies"])
        actions = cast(forms.ModelMultipleChoiceField, self.fields["actions"])
        strategies.queryset = Strategy.objects.filter(axis__plan_id=self.event.plan_id)
        actions.queryset = Action.objects.filter(strategy__axis__plan_id=self.event.plan_id)
        for field in (strategies, actions):
            field.widget.attrs["class"] = "form-select"
