"""Reports: the instant report of a live co-planning day (HTML, PDF, DOCX and CSV/JSON exports)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("In preparazione")
    READY = "ready", _("Pronto")
    FAILED = "failed", _("Non riuscito")


class FileKind(models.TextChoices):
    HTML = "html", _("Pagina HTML")
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Documento Word (DOCX)")
    JSON = "json", _("Tutti i dati (JSON)")
    IDEAS_CSV = "ideas.csv", _("Idee (CSV)")
    THEMES_CSV = "themes.csv", _("Temi (CSV)")
    MEMBERSHIPS_CSV = "memberships.csv", _("Idee nei temi (CSV)")
    VOTES_CSV = "votes.csv", _("Risultati dei voti per sede (CSV)")
    TURNOUT_CSV = "turnout.csv", _("Affluenza per sede (CSV)")
    DEMOGRAPHICS_CSV = "demographics.csv", _("Votanti per categoria e zona (CSV)")
    TALLIES_CSV = "tallies.csv", _("Spogli cartacei (CSV)")


class LiveDayReport(models.Model):
    """The instant report of one live event, generated when the regia lead closes the day."""

    event = models.OneToOneField(
        "live.LiveEvent", verbose_name=_("evento"), related_name="day_report", on_delete=models.CASCADE
    )
    status = models.CharField(_("stato"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("richiesto il"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generato il"), null=True, blank=True)
    build_seconds = models.FloatField(_("secondi di generazione"), null=True, blank=True)
    error = models.TextField(_("errore"), blank=True)

    class Meta:
        verbose_name = _("report della giornata")
        verbose_name_plural = _("report delle giornate")

    def __str__(self) -> str:
        return str(self.event)


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/live/{instance.report.event.slug}/{filename}"


class ReportFile(models.Model):
    report = models.ForeignKey(LiveDayReport, related_name="files", on_delete=models.CASCADE)
    kind = models.CharField(_("formato"), max_length=20, choices=FileKind.choices)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300)
    size = models.PositiveIntegerField(_("dimensione (byte)"), default=0)
    generated_at = models.DateTimeField(_("generato il"))

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("file del report")
        verbose_name_plural = _("file del report")
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="reports_one_file_per_kind")]

    def __str__(self) -> str:
        return f"{self.report} – {self.kind}"
