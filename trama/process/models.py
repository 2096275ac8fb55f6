"""A participatory process, its phases and what each phase allows (as data, see ``PHASE_DEFAULT_ALLOWS``)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trama.plans.models import PlanVersion


class PhaseKind(models.TextChoices):
    PRELIMINARE = "preliminare", _("Fase preliminare")
    ASCOLTO = "ascolto", _("Fase di ascolto")
    CO_PIANIFICAZIONE = "co_pianificazione", _("Fase di co-pianificazione")
    RESTITUZIONE = "restituzione", _("Fase di restituzione")
    REDAZIONE_ADOZIONE = "redazione_adozione", _("Redazione e adozione")


class Allowance(models.TextChoices):
    """What people may do while a phase is current. Views ask ``permissions.phase_allows``, never the phase kind."""

    SUBMIT_CONTRIBUTIONS = "contributions", _("inviare contributi con il modulo online")
    REGISTER_EVENTS = "event_registration", _("iscriversi agli incontri")
    ASK_QUESTIONS = "questions", _("porre domande negli incontri")
    ANSWER_QUESTIONNAIRES = "questionnaires", _("rispondere ai questionari")
    RECORD_INTERVIEWS = "interviews", _("registrare interviste")
    LIVE_COPLANNING = "live", _("partecipare alla co-pianificazione dal vivo")
    VOTE_PRIORITIES = "votes", _("votare le priorità")


# The defaults a new phase of each kind gets; the plan office can change them per phase in the admin.
PHASE_DEFAULT_ALLOWS: dict[str, list[str]] = {
    PhaseKind.PRELIMINARE: [Allowance.RECORD_INTERVIEWS, Allowance.ANSWER_QUESTIONNAIRES],
    PhaseKind.ASCOLTO: [
        Allowance.REGISTER_EVENTS,
        Allowance.ASK_QUESTIONS,
        Allowance.ANSWER_QUESTIONNAIRES,
        Allowance.RECORD_INTERVIEWS,
    ],
    PhaseKind.CO_PIANIFICAZIONE: [
        Allowance.REGISTER_EVENTS,
        Allowance.ASK_QUESTIONS,
        Allowance.LIVE_COPLANNING,
        Allowance.VOTE_PRIORITIES,
    ],
    PhaseKind.RESTITUZIONE: [Allowance.REGISTER_EVENTS, Allowance.ASK_QUESTIONS, Allowance.ANSWER_QUESTIONNAIRES],
    PhaseKind.REDAZIONE_ADOZIONE: [],
}


def allowance_list_validator(value: object) -> None:
    valid = set(Allowance.values)
    if not isinstance(value, list) or any(item not in valid for item in value):
        raise ValidationError(_("Valori ammessi: %(values)s") % {"values": ", ".join(sorted(valid))})


class TimeState(models.TextChoices):
    """Where a process or a phase stands on a day."""

    UPCOMING = "upcoming", _("in programma")
    CURRENT = "current", _("in corso")
    OVER = "over", _("concluso")

    @classmethod
    def of(cls, starts_on: datetime.date, ends_on: datetime.date, day: datetime.date) -> TimeState:
        if day < starts_on:
            return cls.UPCOMING
        if day > ends_on:
            return cls.OVER
        return cls.CURRENT


class ProcessQuerySet(models.QuerySet["Process"]):
    def published(self) -> ProcessQuerySet:
        return self.filter(is_published=True)


class Process(models.Model):
    """A participatory process, e.g. «Verso il nuovo PSM 2024-2026»."""

    slug = models.SlugField(_("codice"), max_length=60, unique=True)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    goals = models.TextField(_("obiettivi"), blank=True)
    plan = models.ForeignKey(
        PlanVersion,
        verbose_name=_("piano"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="processes",
        help_text=_("la versione del piano che il processo costruisce"),
    )
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    # Open for the whole process, whatever the phase (the modulo online, seed 000).
    always_allows = models.JSONField(
        _("sempre consentito"), default=list, blank=True, validators=[allowance_list_validator]
    )
    contact_email = models.EmailField(_("e-mail di contatto"), blank=True)
    is_published = models.BooleanField(_("pubblicato"), default=True)
    is_sample = models.BooleanField(_("dati di esempio"), default=False)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("processo partecipativo")
        verbose_name_plural = _("processi partecipativi")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="process_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("process:detail", kwargs={"slug": self.slug})

    def is_open_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def goal_list(self) -> list[str]:
        """The goals, one a line in the admin."""
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    def state_on(self, day: datetime.date) -> TimeState:
        return TimeState.of(self.starts_on, self.ends_on, day)


class Phase(models.Model):
    process = models.ForeignKey(Process, verbose_name=_("processo"), on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("tipo"), max_length=24, choices=PhaseKind.choices)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    title = models.CharField(_("titolo"), max_length=200, blank=True)
    description = models.TextField(_("descrizione"), blank=True)
    starts_on = models.DateField(_("inizio"))
    ends_on = models.DateField(_("fine"))
    period_label = models.CharField(
        _("periodo come annunciato"), max_length=80, blank=True, help_text=_("es. «luglio – novembre 2023»")
    )
    allows = models.JSONField(_("consente"), default=list, blank=True, validators=[allowance_list_validator])

    class Meta:
        ordering = ["process", "order", "starts_on"]
        verbose_name = _("fase")
        verbose_name_plural = _("fasi")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="phase_ends_after_start"),
            models.UniqueConstraint(fields=["process", "kind"], name="one_phase_of_each_kind_per_process"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or str(self.get_kind_display())

    def is_current_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def state_on(self, day: datetime.date) -> TimeState:
        return TimeState.of(self.starts_on, self.ends_on, day)

    @property
    def allowance_labels(self) -> list[str]:
        """What the phase allows, as words for people (the Allowance labels), in the Allowance order."""
        return [str(label) for value, label in Allowance.choices if value in self.allows]

    def clean(self) -> None:
        if self.process_id and self.starts_on and self.ends_on:
            process = self.process
            if self.starts_on < process.starts_on or self.ends_on > process.ends_on:
                raise ValidationError(_("Le date della fase devono stare dentro quelle del processo."))


class PhaseOutput(models.Model):
    """An expected output («esito») of a phase, e.g. «priorità di intervento»."""

    phase = models.ForeignKey(Phase, verbose_name=_("fase"), on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(_("esito atteso"), max_length=240)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    is_delivered = models.BooleanField(_("prodotto"), default=False)

    class Meta:
        ordering = ["phase", "order", "id"]
        verbose_name = _("esito atteso")
        verbose_name_plural = _("esiti attesi")

    def __str__(self) -> str:
        return self.title
