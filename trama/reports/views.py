"""Pages of the reports: the instant report of a live day (status, downloads, the HTML report itself)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from trama.live.models import LiveEvent
from trama.reports.models import FileKind, LiveDayReport, ReportFile, ReportStatus
from trama.reports.permissions import can_rebuild_live_day_report, can_view_live_day_report

CONTENT_TYPES = {
    FileKind.HTML: "text/html; charset=utf-8",
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.JSON: "application/json",
}


def _event_for_report(request: HttpRequest, slug: str) -> LiveEvent:
    event = get_object_or_404(LiveEvent, slug=slug)
    if not can_view_live_day_report(request.user, event):
        raise Http404
    return event


@never_cache
@require_GET
def live_day(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for_report(request, slug)
    report = LiveDayReport.objects.filter(event=event).first()
    files = list(report.files.order_by("pk")) if report else []
    context = {
        "event": event,
        "report": report,
        "files": files,
        "pending": report is not None and report.status == ReportStatus.PENDING,
        "crumbs": [(None, _("Report: %(title)s") % {"title": event.title})],
        "desk_url": reverse("votes:desk", kwargs={"slug": event.slug}),
        "can_rebuild": can_rebuild_live_day_report(request.user, event),
    }
    template = "reports/live_day.html#status" if request.htmx else "reports/live_day.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def live_day_file(request: HttpRequest, slug: str, kind: str) -> FileResponse:
    event = _event_for_report(request, slug)
    if kind not in FileKind.values:
        raise Http404
    row = get_object_or_404(ReportFile, report__event=event, kind=kind, report__status=ReportStatus.READY)
    content_type = CONTENT_TYPES.get(FileKind(kind), "text/csv; charset=utf-8")
    inline = kind == FileKind.HTML
    name = row.file.name.rsplit("/", 1)[-1]
    return FileResponse(
        row.file.open("rb"), content_type=content_type, as_attachment=not inline, filename=f"{event.slug}-{name}"
    )


@require_POST
def live_day_rebuild(request: HttpRequest, slug: str) -> HttpResponse:
    """The lead generates the report again (off the request path, like the first time)."""
    from trama.reports.services import report_rebuild_request

    event = _event_for_report(request, slug)
    if not can_rebuild_live_day_report(request.user, event):
        raise PermissionDenied
    report_rebuild_request(event=event, by=request.user)
    messages.success(request, _("Il report è di nuovo in preparazione."))
    return redirect("reports:live_day", slug=event.slug)
