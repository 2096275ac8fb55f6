"""In-depth interviews of the preliminary phase and their coded judgements on the PSM 2021-2023 (seeds 000, 001)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.actors.models import Organisation
from trama.plans.models import Action, Strategy
from trama.process.models import Process
from trama.territory.models import ZonaOmogenea

# The interviews judge what was realised of the plan in force before the process (seed 000: «allineamenti e
# disallineamenti tra la pianificazione prevista dal PSM 2021-23 e le progettualità effettivamente realizzate»).
JUDGED_PLAN_CODE = "psm-2021-2023"


class Judgement(models.TextChoices):
    ALIGNED = "aligned", _("allineato")
    PARTLY = "partly", _("parzialmente allineato")
    MISALIGNED = "misaligned", _("disallineato")


class Interview(models.Model):
    """An in-depth interview of a portavoce, a cabina di regia member or a qualified witness."""

    process = models.ForeignKey(
        Process, verbose_name=_("processo"), on_delete=models.CASCADE, related_name="interviews"
    )
    interviewee_name = models.CharField(_("persona intervistata"), max_length=200)
    interviewee_email = models.EmailField(_("e-mail della persona intervistata"), blank=True)
    interviewee_role = models.CharField(
        _("ruolo"), max_length=200, blank=True, help_text=_("es. «Portavoce della Zona omogenea 5»")
    )
    organisation_name = models.CharField(_("organizzazione"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organizzazione registrata"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
    )
    zona = models.ForeignKey(
        ZonaOmogenea,
        verbose_name=_("zona omogenea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
    )
    is_cabina_member = models.BooleanField(_("componente della cabina di regia"), default=False)
    held_on = models.DateField(_("data dell'intervista"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("intervistatore/intervistatrice (utente)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews_recorded",
    )
    interviewer_name = models.CharField(_("intervistatore/intervistatrice"), max_length=200, blank=True)
    notes = models.TextField(_("note dell'intervista"), blank=True)
    proposals = models.TextField(_("proposte"), blank=True)
    # The analysis text made from the notes (corpus «interviste-<processo>»); replaced when the notes change.
    notes_text_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    is_sample = models.BooleanField(_("dato di esempio"), default=False)
    created_at = models.DateTimeField(_("registrata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("intervista")
        verbose_name_plural = _("interviste")

    def __str__(self) -> str:
        return f"{self.interviewee_name} ({self.held_on:%d/%m/%Y})"

    @property
    def interviewer_label(self) -> str:
        if self.interviewer_name:
            return self.interviewer_name
        if self.interviewer is not None:
            return self.interviewer.get_full_name() or self.interviewer.get_username()
        return ""

    @property
    def organisation_label(self) -> str:
        if self.organisation_name:
            return self.organisation_name
        return self.organisation.name if self.organisation is not None else ""


class InterviewJudgement(models.Model):
    """A coded judgement: a strategy (or one of its actions) of the PSM 2021-2023, aligned or not with what was
    realised, according to the interviewee."""

    interview = models.ForeignKey(
        Interview, verbose_name=_("intervista"), on_delete=models.CASCADE, related_name="judgements"
    )
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategia"), on_delete=models.PROTECT, related_name="interview_judgements"
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("azione"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interview_judgements",
    )
    judgement = models.CharField(_("giudizio"), max_length=12, choices=Judgement.choices)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        ordering = ["interview", "strategy__code", "action__code"]
        verbose_name = _("giudizio codificato")
        verbose_name_plural = _("giudizi codificati")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "strategy", "action"], name="one_judgement_per_interview_strategy_action"
            ),
            # NULLs are distinct in a unique index: a second constraint covers the judgements on a whole strategy.
            models.UniqueConstraint(
                fields=["interview", "strategy"],
                condition=Q(action__isnull=True),
                name="one_judgement_per_interview_strategy",
            ),
        ]

    def __str__(self) -> str:
        target = self.action.code if self.action_id and self.action else self.strategy.code
        return f"{target}: {self.get_judgement_display()}"

    def clean(self) -> None:
        action = self.action if self.action_id else None
        if action is not None and not self.strategy_id:
            self.strategy_id = action.strategy_id
        if not self.strategy_id:
            raise ValidationError({"strategy": _("Scegli la strategia del PSM 2021-2023.")})
        if self.strategy.axis.plan.code != JUDGED_PLAN_CODE:
            raise ValidationError({"strategy": _("La strategia deve essere del PSM 2021-2023.")})
        if action is not None and action.strategy_id != self.strategy_id:
            raise ValidationError({"action": _("L'azione scelta non appartiene alla strategia.")})
