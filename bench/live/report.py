"""Close the day and time the instant report (trama.reports)."""

from __future__ import annotations

import time


class ReportMissing(RuntimeError):
    pass


def close_and_wait(*, event_id: int, lead_id: int, timeout: float = 300) -> tuple[float, str]:
    """Seconds from the lead's "close the day" (`live_day_close`) until the report it queues is ready
    (built off the request path by the task backend), and the report's status."""
    from trama.accounts.models import User
    from trama.live.models import LiveEvent

    try:
        from trama.reports.models import LiveDayReport, ReportStatus
        from trama.reports.services import live_day_close
    except ImportError as exc:
        raise ReportMissing(f"trama.reports.services.live_day_close not importable: {exc}") from exc
    event = LiveEvent.objects.get(pk=event_id)
    lead = User.objects.get(pk=lead_id)
    start = time.perf_counter()
    live_day_close(event=event, by=lead)
    deadline = start + timeout
    status = ""
    while time.perf_counter() < deadline:
        status = LiveDayReport.objects.filter(event=event).values_list("status", flat=True).first() or ""
        if status in (ReportStatus.READY, ReportStatus.FAILED):
            break
        time.sleep(0.05)
    return time.perf_counter() - start, str(status)


def build_and_store(*, event_id: int) -> tuple[float, float]:
    """Seconds to build and store the whole report again (`report_store`), and the build alone as the
    report records it."""
    from trama.live.models import LiveEvent
    from trama.reports.services import report_store

    event = LiveEvent.objects.get(pk=event_id)
    start = time.perf_counter()
    report = report_store(event=event)
    return time.perf_counter() - start, float(report.build_seconds or 0)
