from __future__ import annotations

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _


class ZonaOmogeneaQuerySet(models.QuerySet["ZonaOmogenea"]):
    def with_counts(self) -> ZonaOmogeneaQuerySet:
        # Meta.ordering is dropped from aggregate queries: order explicitly.
        return self.annotate(comuni_count=Count("comuni"), population=Sum("comuni__population")).order_by("number")


class ZonaOmogenea(models.Model):
    """One of the 11 zone omogenee of the Città metropolitana di Torino."""

    number = models.PositiveSmallIntegerField(_("numero"), unique=True)
    name = models.CharField(_("nome"), max_length=120, unique=True)
    color = models.CharField(_("colore sulla mappa"), max_length=7, default="#0066cc")

    objects = ZonaOmogeneaQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("zona omogenea")
        verbose_name_plural = _("zone omogenee")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="zona_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.name}"


class ComuneQuerySet(models.QuerySet["Comune"]):
    def unassigned(self) -> ComuneQuerySet:
        return self.filter(zona__isnull=True)


class Comune(models.Model):
    """A comune of the metropolitan city, keyed by its ISTAT code."""

    istat_code = models.CharField(_("codice ISTAT"), max_length=6, unique=True)
    name = models.CharField(_("nome"), max_length=120, db_index=True)
    population = models.PositiveIntegerField(_("popolazione"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("anno della popolazione"), null=True, blank=True)
    zona = models.ForeignKey(
        ZonaOmogenea,
        verbose_name=_("zona omogenea"),
        related_name="comuni",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Vuota finché una fonte ufficiale non assegna il comune a una zona."),
    )
    zona_source = models.TextField(_("fonte dell'appartenenza alla zona"), blank=True)

    objects = ComuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")
        constraints = [
            models.CheckConstraint(condition=Q(istat_code__regex=r"^[0-9]{6}$"), name="comune_istat_code_6_digits"),
        ]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    """A co-planning venue (A–F in seed 000), grouping zones and mapped to a regional SUA."""

    letter = models.CharField(_("lettera"), max_length=1, unique=True)
    name = models.CharField(_("nome"), max_length=160)
    sua = models.CharField(_("SUA"), max_length=40, help_text=_("Strategia Urbana d'Area regionale, es. «SUA 7»"))
    host_town = models.CharField(_("sede dell'incontro 2023"), max_length=120, blank=True)
    zones = models.ManyToManyField(ZonaOmogenea, verbose_name=_("zone omogenee"), related_name="venues")

    class Meta:
        ordering = ["letter"]
        verbose_name = _("sede di co-pianificazione")
        verbose_name_plural = _("sedi di co-pianificazione")

    def __str__(self) -> str:
        return f"{self.letter}. {self.name}"
