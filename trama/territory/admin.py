from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from trama.accounts.permissions import can_manage_plan
from trama.territory.models import Comune, Venue, ZonaOmogenea
from trama.territory.services import zone_membership_import


class MembershipImportForm(forms.Form):
    file = forms.FileField(
        label=_("File «Elenco Comuni per Zona omogenea»"),
        help_text=_("CSV, XLSX o ODS con una colonna zona e una colonna comune o codice ISTAT."),
    )
    source = forms.CharField(
        label=_("Fonte"), max_length=300, initial="Elenco Comuni per Zona omogenea (Città metropolitana di Torino)"
    )
    dry_run = forms.BooleanField(label=_("Solo verifica, non salvare"), required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > settings.PLAN_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("Il file supera la dimensione massima consentita."))
        return upload


class ZonaFilter(admin.SimpleListFilter):
    title = _("zona omogenea")
    parameter_name = "zona"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Comune]) -> list[tuple[str, str]]:
        choices = [("none", str(_("Non assegnato")))]
        return choices + [(str(z.pk), str(z)) for z in ZonaOmogenea.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comune]) -> QuerySet[Comune]:
        if self.value() == "none":
            return queryset.filter(zona__isnull=True)
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(zona_id=int(value))
        return queryset


@admin.register(ZonaOmogenea)
class ZonaOmogeneaAdmin(admin.ModelAdmin[ZonaOmogenea]):
    list_display = ("number", "name", "comuni_count")
    ordering = ("number",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ZonaOmogenea]:
        return ZonaOmogenea.objects.with_counts()

    @admin.display(description=_("comuni"), ordering="comuni_count")
    def comuni_count(self, obj: ZonaOmogenea) -> int:
        return int(getattr(obj, "comuni_count", 0))


@admin.register(Comune)
class ComuneAdmin(admin.ModelAdmin[Comune]):
    list_display = ("name", "istat_code", "population", "zona")
    list_filter = (ZonaFilter,)
    list_select_related = ("zona",)
    search_fields = ("name", "istat_code")
    change_list_template = "admin/territory/comune/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import-zone/",
                self.admin_site.admin_view(self.import_membership_view),
                name="territory_comune_import_zones",
            )
        ]
        return custom + super().get_urls()

    def import_membership_view(self, request: HttpRequest) -> HttpResponse:
        if not can_manage_plan(request.user):
            messages.error(request, _("Solo l'Ufficio di Piano può importare l'appartenenza alle zone."))
            return redirect("admin:territory_comune_changelist")
        form = MembershipImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = zone_membership_import(
                filename=upload.name,
                data=upload.read(),
                source=form.cleaned_data["source"],
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.ok and not form.cleaned_data["dry_run"]:
                messages.success(
                    request,
                    _("Importati %(n)d comuni: %(changed)d cambiati, %(same)d invariati.")
                    % {"n": report.assigned, "changed": report.changed, "same": report.unchanged},
                )
                return redirect("admin:territory_comune_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importa l'appartenenza dei comuni alle zone omogenee"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/territory/comune/import_zones.html", context)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin[Venue]):
    list_display = ("letter", "name", "sua", "host_town")
    filter_horizontal = ("zones",)
