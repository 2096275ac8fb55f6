from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PnrrMission(models.TextChoices):
    """The six PNRR missions; each axis of the PSM mirrors one."""

    M1 = "M1", _("M1 – Digitalizzazione, innovazione, competitività, cultura e turismo")
    M2 = "M2", _("M2 – Rivoluzione verde e transizione ecologica")
    M3 = "M3", _("M3 – Infrastrutture per una mobilità sostenibile")
    M4 = "M4", _("M4 – Istruzione e ricerca")
    M5 = "M5", _("M5 – Inclusione e coesione")
    M6 = "M6", _("M6 – Salute")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Bozza")
    ADOPTED = "adopted", _("Adottato")
    ARCHIVED = "archived", _("Concluso")


class Competence(models.TextChoices):
    CMT = "cmt", _("Competenza diretta della Città metropolitana")
    OTHERS = "others", _("Competenza di altri soggetti (CMT con ruolo di regia e stimolo)")
    UNKNOWN = "", _("Non indicata")


class FundingSource(models.TextChoices):
    EU = "eu", _("Europei")
    NATIONAL = "national", _("Nazionali")
    REGIONAL = "regional", _("Regionali")
    PNRR = "pnrr", _("PNRR")
    OWN = "own", _("Risorse proprie")


class PlanVersionQuerySet(models.QuerySet["PlanVersion"]):
    def with_counts(self) -> PlanVersionQuerySet:
        return self.annotate(
            axes_count=Count("axes", distinct=True),
            strategies_count=Count("axes__strategies", distinct=True),
            actions_count=Count("axes__strategies__actions", distinct=True),
        ).order_by("-period_start")  # Meta.ordering is dropped from aggregate queries


class PlanVersion(models.Model):
    """A version of the Piano Strategico Metropolitano, e.g. PSM 2024-2026."""

    code = models.SlugField(_("codice"), max_length=40, unique=True, help_text=_("es. psm-2024-2026"))
    title = models.CharField(_("titolo"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("dal"))
    period_end = models.PositiveSmallIntegerField(_("al"))
    vision_title = models.CharField(_("titolo della visione"), max_length=200, blank=True)
    vision = models.TextField(_("visione"), blank=True)
    status = models.CharField(_("stato"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    is_current = models.BooleanField(_("piano vigente"), default=False)
    source = models.TextField(_("fonte dei dati"), blank=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("versione del piano")
        verbose_name_plural = _("versioni del piano")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_plan"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", kwargs={"plan_code": self.code})

    def clean(self) -> None:
        if self.is_current and PlanVersion.objects.filter(is_current=True).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"is_current": _("Un'altra versione è già il piano vigente: togli prima il segno da quella.")}
            )


class Axis(models.Model):
    plan = models.ForeignKey(PlanVersion, verbose_name=_("piano"), related_name="axes", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("numero"))
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    pnrr_mission = models.CharField(_("missione PNRR"), max_length=2, choices=PnrrMission.choices, blank=True)
    is_sample = models.BooleanField(
        _("dato di esempio"), default=False, help_text=_("Testo non ufficiale, da sostituire con il file reale.")
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("asse")
        verbose_name_plural = _("assi")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="axis_number_unique_in_plan")]

    def __str__(self) -> str:
        return f"{_('Asse')} {self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:axis", kwargs={"plan_code": self.plan.code, "number": self.number})


class Strategy(models.Model):
    axis = models.ForeignKey(Axis, verbose_name=_("asse"), related_name="strategies", on_delete=models.CASCADE)
    code = models.CharField(_("codice"), max_length=10, help_text=_("es. 1.1"))
    title = models.CharField(_("titolo"), max_length=300)
    description = models.TextField(_("descrizione"), blank=True)
    sdg_goals = models.CharField(
        _("obiettivi SDG / AMSvS"), max_length=120, blank=True, help_text=_("es. «9, 11» (obiettivi Agenda 2030)")
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("strategia del piano precedente"),
        related_name="successors",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Collega la strategia a quella da cui deriva, per il confronto tra versioni."),
    )
    is_sample = models.BooleanField(_("dato di esempio"), default=False)

    class Meta:
        ordering = ["axis__plan", "axis__number", "code"]
        verbose_name = _("strategia")
        verbose_name_plural = _("strategie")
        constraints = [
            models.UniqueConstraint(fields=["axis", "code"], name="strategy_code_unique_in_axis"),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]+\.[0-9]+$"), name="strategy_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:strategy", kwargs={"plan_code": self.axis.plan.code, "code": self.code})


class Action(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategia"), related_name="actions", on_delete=models.CASCADE
    )
    code = models.CharField(_("codice"), max_length=12, help_text=_("es. 1.1.1"))
    title = models.CharField(_("titolo"), max_length=500)
    description = models.TextField(_("descrizione"), blank=True)
    competence = models.CharField(_("competenza"), max_length=10, choices=Competence.choices, blank=True)
    funding_sources = models.JSONField(_("fonti di finanziamento"), default=list, blank=True)
    responsible_office = models.CharField(_("ufficio responsabile"), max_length=200, blank=True)
    dup_objectives = models.CharField(_("obiettivi DUP/PIAO collegati"), max_length=200, blank=True)
    is_sample = models.BooleanField(
        _("dato di esempio"), default=False, help_text=_("Testo non ufficiale, da sostituire con il file reale.")
    )

    class Meta:
        ordering = ["strategy__axis__plan", "strategy__axis__number", "strategy__code", "code"]
        verbose_name = _("azione")
        verbose_name_plural = _("azioni")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="action_code_unique_in_strategy"),
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]+\.[0-9]+\.[0-9]+$"), name="action_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:action", kwargs={"plan_code": self.strategy.axis.plan.code, "code": self.code})

    def funding_labels(self) -> list[str]:
        labels = dict(FundingSource.choices)
        return [str(labels.get(code, code)) for code in self.funding_sources]
