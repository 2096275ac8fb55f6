"""Forms: the builder (questionnaire, question) and the public answering form built from the questions."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trama.actors.privacy import notice_link
from trama.plans.models import Strategy
from trama.process.models import Process
from trama.questionnaires.models import CHOICE_KINDS, Question, QuestionKind, Questionnaire
from trama.questionnaires.services import LONG_TEXT_MAX, SHORT_TEXT_MAX
from trama.territory.models import Comune

MAX_LENGTH_MESSAGE = _("Al massimo %(limit_value)d caratteri (ora %(show_value)d).")
REQUIRED_MESSAGE = _("Questa domanda richiede una risposta.")
GROUP_WIDGETS = forms.RadioSelect | forms.CheckboxSelectMultiple


class AccessibleFormMixin:
    """Bootstrap Italia classes; a field with errors gets ``is-invalid``, ``aria-invalid`` and ``aria-describedby``
    pointing at its error message (``<auto_id>_error``) and help text. Choice groups are described on their
    fieldset by the template, with the same ids."""

    fields: dict[str, forms.Field]
    errors: Any

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput | forms.CheckboxInput | GROUP_WIDGETS):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def mark_errors(self) -> None:
        form: Any = self
        for name in self.errors:
            if name not in self.fields:
                continue
            field, widget = self.fields[name], self.fields[name].widget
            if isinstance(widget, GROUP_WIDGETS):
                continue
            auto_id = form[name].auto_id
            described = [f"{auto_id}_helptext"] if field.help_text else []
            widget.attrs["aria-describedby"] = " ".join([*described, f"{auto_id}_error"])
            widget.attrs["aria-invalid"] = "true"
            if not isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class QuestionnaireForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["process", "title", "intro", "opens_at", "closes_at", "mode", "status", "results_public"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
        }
        help_texts = {
            "mode": _(
                "Una risposta per persona: chi risponde conferma l'e-mail con un link o accede con il suo utente. "
                "Link anonimo: chiunque abbia il link segreto risponde, senza essere identificato."
            ),
            "status": _(
                "Le risposte sono accettate solo se è pubblicato, tra apertura e chiusura, e la fase lo consente."
            ),
        }
        error_messages = {
            "title": {"required": _("Scrivi il titolo del questionario."), "max_length": MAX_LENGTH_MESSAGE},
            "opens_at": {"required": _("Indica quando apre."), "invalid": _("Scrivi una data e un'ora valide.")},
            "closes_at": {"required": _("Indica quando chiude."), "invalid": _("Scrivi una data e un'ora valide.")},
            "process": {"required": _("Scegli il processo."), "invalid_choice": _("Scegli un processo dall'elenco.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["process"]
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("La chiusura deve venire dopo l'apertura."))
        return data

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()


class QuestionForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Tipo di domanda"),
        choices=QuestionKind.choices,
        error_messages={
            "required": _("Scegli il tipo di domanda."),
            "invalid_choice": _("Scegli un tipo dall'elenco."),
        },
    )
    text = forms.CharField(
        label=_("Domanda"),
        max_length=500,
        error_messages={"required": _("Scrivi la domanda."), "max_length": MAX_LENGTH_MESSAGE},
    )
    help_text = forms.CharField(
        label=_("Aiuto (facoltativo)"),
        max_length=500,
        required=False,
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )
    choices = forms.CharField(
        label=_("Opzioni (una per riga)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Solo per le domande a scelta singola o multipla."),
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )
    required = forms.BooleanField(label=_("Risposta obbligatoria"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        labels = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        if data.get("kind") in CHOICE_KINDS and len(labels) < 2:
            self.add_error("choices", _("Una domanda a scelta ha bisogno di almeno due opzioni, una per riga."))
        if any(len(label) > 300 for label in labels):
            self.add_error("choices", _("Ogni opzione al massimo 300 caratteri."))
        data["choice_labels"] = labels
        return data

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "choices": "\n".join(c.label for c in question.choices.all()),
        }


class EmailLinkForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Il tuo indirizzo e-mail"),
        max_length=254,
        help_text=_("Ti mandiamo un link personale per rispondere: una sola risposta per indirizzo."),
        error_messages={
            "required": _("Scrivi il tuo indirizzo e-mail."),
            "invalid": _("Scrivi un indirizzo e-mail valido, es. nome@esempio.it."),
            "max_length": MAX_LENGTH_MESSAGE,
        },
    )
    privacy = forms.BooleanField(
        label=_(
            "Ho letto l'informativa sulla privacy e acconsento al trattamento dell'indirizzo per questo questionario."
        ),
        error_messages={"required": _("Per ricevere il link serve il consenso al trattamento dei dati.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["privacy"].help_text = notice_link()
        self.style_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(AccessibleFormMixin, forms.Form):
    """One field per question (``q<id>``); ``answers()`` gives what ``response_submit`` takes."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    firma = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        strategies: QuerySet[Strategy] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = self._field(question, strategies)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        self.style_widgets()

    @staticmethod
    def _field(question: Question, strategies: QuerySet[Strategy] | None) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.text,
            "required": question.required,
            "help_text": question.help_text,
        }
        messages = {
            "required": REQUIRED_MESSAGE,
            "invalid_choice": _("Scegli una delle opzioni proposte."),
            "invalid_list": _("Scegli tra le opzioni proposte."),
            "max_length": MAX_LENGTH_MESSAGE,
        }
        kind = question.kind
        if kind == QuestionKind.SINGLE:
            choices = [(str(c.pk), c.label) for c in question.choices.all()]
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, error_messages=messages, **common)
        if kind == QuestionKind.MULTIPLE:
            choices = [(str(c.pk), c.label) for c in question.choices.all()]
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, error_messages=messages, **common
            )
        if kind == QuestionKind.SCALE:
            scale = [("1", _("1 – per niente")), ("2", "2"), ("3", "3"), ("4", "4"), ("5", _("5 – moltissimo"))]
            return forms.ChoiceField(choices=scale, widget=forms.RadioSelect, error_messages=messages, **common)
        if kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=SHORT_TEXT_MAX, error_messages=messages, **common)
        if kind == QuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), error_messages=messages, **common
            )
        if kind == QuestionKind.COMUNE:
            return forms.ModelChoiceField(
                queryset=Comune.objects.order_by("name"),
                empty_label=_("— scegli il comune —"),
                error_messages={**messages, "invalid_choice": _("Scegli un comune dall'elenco.")},
                **common,
            )
        return forms.ModelMultipleChoiceField(
            queryset=strategies if strategies is not None else Strategy.objects.none(),
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                **messages,
                "invalid_choice": _("Scegli tra le strategie del piano."),
                "invalid_pk_value": _("Scegli tra le strategie del piano."),
            },
            **common,
        )

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()

    def answers(self) -> dict[int, object]:
        out: dict[int, object] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if isinstance(value, QuerySet):
                value = list(value)
            out[question.pk] = value
        return out

    def question_fields(self) -> list[tuple[Question, forms.BoundField, bool]]:
        """(question, bound field, whether it is a group of radios/checkboxes needing a fieldset)."""
        return [
            (q, self[field_name(q)], isinstance(self.fields[field_name(q)].widget, GROUP_WIDGETS))
            for q in self.questions
        ]


def process_choices() -> QuerySet[Process]:
    return Process.objects.order_by("-starts_on")
