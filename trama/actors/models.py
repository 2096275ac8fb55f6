from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from trama.territory.models import Comune, ZonaOmogenea


class ActorCategory(models.TextChoices):
    INSTITUTION = "institution", _("Istituzione")
    STAKEHOLDER = "stakeholder", _("Stakeholder socio-economico")
    CITIZEN = "citizen", _("Cittadinanza")


class Organisation(models.Model):
    """An organisation taking part in the process (comune, association, firm, university, union…)."""

    name = models.CharField(_("nome"), max_length=200, unique=True)
    category = models.CharField(_("categoria"), max_length=20, choices=ActorCategory.choices)
    kind = models.CharField(_("tipo"), max_length=80, blank=True, help_text=_("es. associazione, impresa, università"))
    comune = models.ForeignKey(Comune, verbose_name=_("comune"), on_delete=models.SET_NULL, null=True, blank=True)
    zona = models.ForeignKey(
        ZonaOmogenea, verbose_name=_("zona omogenea"), on_delete=models.SET_NULL, null=True, blank=True
    )
    website = models.URLField(_("sito web"), blank=True)
    in_cabina_di_regia = models.BooleanField(_("nella cabina di regia"), default=False)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")

    def __str__(self) -> str:
        return self.name
