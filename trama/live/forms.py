"""Forms of the plan office and regia pages: field-level Italian errors, never a 500 on bad input."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trama.accounts.models import User
from trama.core.forms import AccessibleForm
from trama.live.models import Idea, LiveEvent, LiveVenue, Theme
from trama.live.permissions import REGIA_ROLES
from trama.live.services import SEED_VENUES
from trama.plans.models import Action, Axis, Strategy


class StyledForm(AccessibleForm):
    """The live pages' forms (drawn with includes/field.html)."""


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


# ---------------------------------------------------------------- set-up by the plan office


class LiveEventForm(StyledForm):
    """A new co-planning day: its venues of seed 000 and how many tables each, on the plan's axes in turn."""

    title = forms.CharField(
        label=_("Titolo"),
        max_length=200,
        error_messages={"required": _("Dai un titolo all'evento."), "max_length": _("Al massimo 200 caratteri.")},
    )
    starts_on = forms.DateField(
        label=_("Data"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Scrivi una data valida.")},
    )
    letters = forms.MultipleChoiceField(
        label=_("Sedi"),
        choices=[(letter, f"{letter}. {name}") for letter, name in SEED_VENUES.items()],
        initial=list(SEED_VENUES),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli almeno una sede."), "invalid_choice": _("Sede non prevista.")},
    )
    tables_per_venue = forms.IntegerField(
        label=_("Tavoli per sede"),
        min_value=1,
        max_value=99,
        initial=8,
        error_messages={
            "required": _("Indica quanti tavoli per sede."),
            "invalid": _("Scrivi un numero di tavoli."),
            "min_value": _("Almeno un tavolo per sede."),
            "max_value": _("Al massimo 99 tavoli per sede."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        title = (data.get("title") or "").strip()
        # A retried submission (double click, resent form) does not make a second event.
        if title and LiveEvent.objects.filter(title__iexact=title, starts_on=data.get("starts_on")).exists():
            self.add_error("title", _("Esiste già un evento con questo titolo e questa data."))
        return data


class TableForm(StyledForm):
    label = forms.CharField(label=_("Nome del tavolo"), max_length=200, required=False)
    axis = forms.ModelChoiceField(
        label=_("Asse tematico"),
        queryset=Axis.objects.none(),
        required=False,
        empty_label=_("Nessun asse"),
        error_messages={"invalid_choice": _("Asse non disponibile per questo evento.")},
    )
    facilitator_name = forms.CharField(label=_("Facilitatore/facilitatrice"), max_length=200, required=False)

    def __init__(self, *args: Any, event: LiveEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        cast(forms.ModelChoiceField, self.fields["axis"]).queryset = Axis.objects.filter(
            plan_id=event.plan_id
        ).order_by("number")


class TableAddForm(TableForm):
    venue = forms.ModelChoiceField(
        label=_("Sede"),
        queryset=LiveVenue.objects.none(),
        empty_label=_("Scegli la sede"),
        error_messages={"required": _("Scegli la sede."), "invalid_choice": _("Sede non di questo evento.")},
    )
    field_order = ["venue", "label", "axis", "facilitator_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["venue"]).queryset = self.event.venues.all()


class TableEditForm(TableForm):
    is_active = forms.BooleanField(
        label=_("Attivo (un tavolo disattivato non invia idee)"), required=False, initial=True
    )


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else str(obj.username)


class RegiaMemberForm(StyledForm):
    """An existing account of the regia or the plan office joins this event's regia."""

    user = AccountChoiceField(
        label=_("Account"),
        queryset=User.objects.none(),
        empty_label=_("Scegli un account della regia o dell'Ufficio di Piano"),
        error_messages={"required": _("Scegli un account."), "invalid_choice": _("Account non disponibile.")},
    )
    is_lead = forms.BooleanField(label=_("Responsabile della regia"), required=False)

    def __init__(self, *args: Any, event: LiveEvent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = (
            User.objects.filter(is_active=True, role__in=REGIA_ROLES)
            .exclude(regia_memberships__event=event)
            .order_by("last_name", "first_name", "username")
        )


class RegiaInviteForm(StyledForm):
    """Someone without an account: a regia account is made and a link to set its password is e-mailed."""

    first_name = forms.CharField(label=_("Nome"), max_length=150, error_messages={"required": _("Scrivi il nome.")})
    last_name = forms.CharField(
        label=_("Cognome"), max_length=150, error_messages={"required": _("Scrivi il cognome.")}
    )
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={"required": _("Scrivi l'e-mail."), "invalid": _("Scrivi un indirizzo e-mail valido.")},
    )
    is_lead = forms.BooleanField(label=_("Responsabile della regia"), required=False)
