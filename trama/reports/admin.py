from __future__ import annotations

from django.contrib import admin

from trama.reports.models import LiveDayReport, ReportFile


class ReportFileInline(admin.TabularInline[ReportFile, LiveDayReport]):
    model = ReportFile
    extra = 0
    readonly_fields = ["kind", "file", "size", "generated_at"]
    can_delete = False


@admin.register(LiveDayReport)
class LiveDayReportAdmin(admin.ModelAdmin[LiveDayReport]):
    list_display = ["event", "status", "generated_at", "build_seconds"]
    readonly_fields = ["event", "status", "requested_by", "requested_at", "generated_at", "build_seconds", "error"]
    inlines = [ReportFileInline]
