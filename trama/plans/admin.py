"""Admin for the plan office: plan versions and their tree, import of a whole plan file, export."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trama.accounts.permissions import can_manage_plan
from trama.plans.io import CONTENT_TYPES, ExportFormat, export_filename
from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.plans.services import plan_export, plan_import


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File del piano"),
        help_text=gettext_lazy("JSON, CSV o XLSX nel formato di scambio, lo stesso dei file esportati da qui."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Sostituisci la versione se il codice esiste già"), required=False, initial=True
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Solo verifica, non salvare"), required=False)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.PLAN_IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("Il file è di %(size)s: la dimensione massima è %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class SampleFilter(admin.SimpleListFilter):
    title = gettext_lazy("esempio")
    parameter_name = "esempio"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        return [("1", _("Sì")), ("0", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("0", "1"):
            return queryset.filter(is_sample=self.value() == "1")
        return queryset


@admin.display(description=gettext_lazy("esempio"), boolean=True, ordering="is_sample")
def sample(obj: Axis | Strategy | Action) -> bool:
    return obj.is_sample


class AxisInline(admin.TabularInline[Axis, PlanVersion]):
    model = Axis
    fields = ("number", "title", "pnrr_mission", "is_sample")
    extra = 0
    show_change_link = True


class ActionInline(admin.TabularInline[Action, Strategy]):
    model = Action
    fields = ("code", "title", "competence", "is_sample")
    extra = 0
    show_change_link = True


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin[PlanVersion]):
    list_display = (
        "code",
        "title",
        "period",
        "status",
        "is_current",
        "axes_count",
        "strategies_count",
        "actions_count",
    )
    list_filter = ("status", "is_current")
    search_fields = ("code", "title")
    inlines = [AxisInline]
    actions = ["export_json", "export_csv", "export_xlsx"]
    change_list_template = "admin/plans/planversion/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[PlanVersion]:
        return PlanVersion.objects.with_counts().order_by(*(self.get_ordering(request) or ["-period_start"]))

    @admin.display(description=gettext_lazy("periodo"), ordering="period_start")
    def period(self, obj: PlanVersion) -> str:
        return f"{obj.period_start}-{obj.period_end}"

    @admin.display(description=gettext_lazy("assi"), ordering="axes_count")
    def axes_count(self, obj: PlanVersion) -> int:
        return int(getattr(obj, "axes_count", 0))

    @admin.display(description=gettext_lazy("strategie"), ordering="strategies_count")
    def strategies_count(self, obj: PlanVersion) -> int:
        return int(getattr(obj, "strategies_count", 0))

    @admin.display(description=gettext_lazy("azioni"), ordering="actions_count")
    def actions_count(self, obj: PlanVersion) -> int:
        return int(getattr(obj, "actions_count", 0))

    # ------------------------------------------------------------ export

    def has_manage_plan_permission(self, request: HttpRequest) -> bool:
        """Read by the admin for actions declaring permissions=["manage_plan"]."""
        return can_manage_plan(request.user)

    def _export(self, queryset: QuerySet[PlanVersion], fmt: ExportFormat) -> HttpResponse:
        plans = list(queryset.order_by("code"))
        if len(plans) == 1:
            filename, content_type = export_filename(plans[0], fmt), CONTENT_TYPES[fmt]
            content = plan_export(plan=plans[0], fmt=fmt)
        else:  # one file per plan, in a zip
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for plan in plans:
                    archive.writestr(export_filename(plan, fmt), plan_export(plan=plan, fmt=fmt))
            filename, content, content_type = f"piani-{fmt}.zip", buffer.getvalue(), "application/zip"
        return HttpResponse(
            content,
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(as_attachment=True, filename=filename)},
        )

    @admin.action(description=gettext_lazy("Esporta in JSON"), permissions=["manage_plan"])
    def export_json(self, request: HttpRequest, queryset: QuerySet[PlanVersion]) -> HttpResponse:
        return self._export(queryset, "json")

    @admin.action(description=gettext_lazy("Esporta in CSV"), permissions=["manage_plan"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[PlanVersion]) -> HttpResponse:
        return self._export(queryset, "csv")

    @admin.action(description=gettext_lazy("Esporta in XLSX"), permissions=["manage_plan"])
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet[PlanVersion]) -> HttpResponse:
        return self._export(queryset, "xlsx")

    # ------------------------------------------------------------ import

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path("importa/", self.admin_site.admin_view(self.import_view), name="plans_planversion_import"),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_import": can_manage_plan(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not can_manage_plan(request.user):
            raise PermissionDenied
        form = PlanImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = plan_import(
                filename=upload.name or "",
                data=upload.read(),
                replace=form.cleaned_data["replace"],
                dry_run=form.cleaned_data["dry_run"],
            )
            if report.ok and not report.dry_run:
                counts = {
                    "code": report.plan_code,
                    "axes": report.axes,
                    "strategies": report.strategies,
                    "actions": report.actions,
                }
                if report.created:
                    message = _("Piano «%(code)s» creato: %(axes)d assi, %(strategies)d strategie, %(actions)d azioni.")
                else:
                    message = _(
                        "Piano «%(code)s» sostituito: %(axes)d assi, %(strategies)d strategie, %(actions)d azioni."
                    )
                messages.success(request, message % counts)
                return redirect("admin:plans_planversion_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importa piano"),
            "form": form,
            "report": report,
            "opts": self.model._meta,
            "max_size": settings.PLAN_IMPORT_MAX_BYTES,
        }
        return TemplateResponse(request, "admin/plans/planversion/import.html", context)


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin[Axis]):
    list_display = ("__str__", "plan", "pnrr_mission", sample)
    list_filter = ("plan", "pnrr_mission", SampleFilter)
    list_select_related = ("plan",)
    search_fields = ("title", "description")


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin[Strategy]):
    list_display = ("code", "title", "axis", "plan", "previous_reference", sample)
    list_filter = ("axis__plan", SampleFilter)
    list_select_related = ("axis__plan", "previous__axis__plan")
    search_fields = ("code", "title", "description")
    autocomplete_fields = ("previous",)
    inlines = [ActionInline]

    @admin.display(description=gettext_lazy("piano"), ordering="axis__plan__period_start")
    def plan(self, obj: Strategy) -> PlanVersion:
        return obj.axis.plan

    @admin.display(description=gettext_lazy("deriva da"))
    def previous_reference(self, obj: Strategy) -> str:
        return f"{obj.previous.axis.plan.code}:{obj.previous.code}" if obj.previous else ""


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    list_display = ("code", "title", "strategy", "plan", "competence", sample)
    list_filter = ("strategy__axis__plan", "competence", SampleFilter)
    list_select_related = ("strategy__axis__plan",)
    search_fields = ("code", "title", "description", "responsible_office")
    autocomplete_fields = ("strategy",)

    @admin.display(description=gettext_lazy("piano"), ordering="strategy__axis__plan__period_start")
    def plan(self, obj: Action) -> PlanVersion:
        return obj.strategy.axis.plan
