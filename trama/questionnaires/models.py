"""Questionnaires for sindaci, amministratori, associazioni e cittadini (seed 003): questions, responses, answers."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trama.plans.models import Strategy
from trama.process.models import Process
from trama.territory.models import Comune


class QuestionnaireMode(models.TextChoices):
    PER_PERSON = "per_person", _("una risposta per persona (e-mail verificata o utente registrato)")
    ANONYMOUS = "anonymous", _("link anonimo (risposte anonime)")


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("bozza")
    PUBLISHED = "published", _("pubblicato")
    CLOSED = "closed", _("chiuso")


class QuestionnaireState(models.TextChoices):
    """What people see, from the status and the dates together."""

    DRAFT = "draft", _("bozza")
    SCHEDULED = "scheduled", _("non ancora aperto")
    OPEN = "open", _("aperto")
    CLOSED = "closed", _("chiuso")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("scelta singola")
    MULTIPLE = "multiple", _("scelta multipla")
    SCALE = "scale", _("scala da 1 a 5")
    SHORT_TEXT = "short_text", _("testo breve")
    LONG_TEXT = "long_text", _("testo lungo")
    COMUNE = "comune", _("scelta del comune")
    STRATEGIES = "strategies", _("scelta delle strategie del piano")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Questionnaire(models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("processo"), on_delete=models.CASCADE, related_name="questionnaires"
    )
    title = models.CharField(_("titolo"), max_length=200)
    intro = models.TextField(_("introduzione"), blank=True)
    opens_at = models.DateTimeField(_("apertura"))
    closes_at = models.DateTimeField(_("chiusura"))
    mode = models.CharField(
        _("modalità di risposta"),
        max_length=12,
        choices=QuestionnaireMode.choices,
        default=QuestionnaireMode.PER_PERSON,
    )
    status = models.CharField(
        _("stato"), max_length=12, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    results_public = models.BooleanField(_("risultati pubblici"), default=False)
    # The secret part of the anonymous link: whoever has it may answer, nobody is identified.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    is_sample = models.BooleanField(_("dato di esempio"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("questionario")
        verbose_name_plural = _("questionari")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="questionnaire_closes_after_open"),
        ]

    def __str__(self) -> str:
        return self.title

    def state(self, now: datetime.datetime | None = None) -> str:
        moment = now or timezone.now()
        if self.status == QuestionnaireStatus.DRAFT:
            return QuestionnaireState.DRAFT
        if self.status == QuestionnaireStatus.CLOSED or moment >= self.closes_at:
            return QuestionnaireState.CLOSED
        if moment < self.opens_at:
            return QuestionnaireState.SCHEDULED
        return QuestionnaireState.OPEN

    def state_label(self) -> str:
        return str(QuestionnaireState(self.state()).label)

    @property
    def is_anonymous(self) -> bool:
        return self.mode == QuestionnaireMode.ANONYMOUS


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionario"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("ordine"), default=0)
    kind = models.CharField(_("tipo di domanda"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("domanda"), max_length=500)
    help_text = models.CharField(_("aiuto"), max_length=500, blank=True)
    required = models.BooleanField(_("obbligatoria"), default=False)

    class Meta:
        ordering = ["questionnaire", "order", "id"]
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("domanda"), on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(_("ordine"), default=0)
    label = models.CharField(_("opzione"), max_length=300)

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("opzione")
        verbose_name_plural = _("opzioni")

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One person's (or one anonymous visitor's) answers to a questionnaire."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionario"), on_delete=models.CASCADE, related_name="responses"
    )
    # Per-person mode: "user:<id>" or "email:<address>", one response each (DB constraint). Anonymous mode: "".
    respondent_key = models.CharField(max_length=260, blank=True, editable=False)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
    )
    idempotency_key = models.UUIDField(unique=True, editable=False)
    submitted_at = models.DateTimeField(_("inviata il"), default=timezone.now)
    is_sample = models.BooleanField(_("dato di esempio"), default=False)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("risposta al questionario")
        verbose_name_plural = _("risposte ai questionari")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent_key"],
                condition=~Q(respondent_key=""),
                name="one_response_per_respondent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, verbose_name=_("risposta"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("domanda"), on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("testo"), blank=True)
    number = models.PositiveSmallIntegerField(_("valore"), null=True, blank=True)
    comune = models.ForeignKey(Comune, verbose_name=_("comune"), on_delete=models.PROTECT, null=True, blank=True)
    choices = models.ManyToManyField(Choice, verbose_name=_("opzioni"), blank=True, related_name="answers")
    strategies = models.ManyToManyField(Strategy, verbose_name=_("strategie"), blank=True, related_name="+")

    class Meta:
        ordering = ["response", "question__order", "question_id"]
        verbose_name = _("risposta a una domanda")
        verbose_name_plural = _("risposte alle domande")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1, number__lte=5), name="answer_scale_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
