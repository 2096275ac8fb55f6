"""Close the day and build the instant report (trama.reports), timed."""

from __future__ import annotations

import time


class ReportMissing(RuntimeError):
    pass


def close_and_build(*, event_id: int, lead_id: int, again: bool = False) -> tuple[float, str]:
    """Seconds from "close the day" to the report ready, and what was built. `again`: the day is already
    closed (the bulk top-up), so only the build is timed."""
    from trama.accounts.models import User
    from trama.live.models import LiveEvent, LiveEventStatus
    from trama.live.services import live_event_close

    event = LiveEvent.objects.get(pk=event_id)
    lead = User.objects.get(pk=lead_id)
    start = time.perf_counter()
    if not again and event.status != LiveEventStatus.CLOSED:
        live_event_close(event=event)
    try:
        from trama.reports import services as report_services
    except ImportError as exc:
        raise ReportMissing(f"trama.reports.services not importable: {exc}") from exc
    build = getattr(report_services, "live_report_build", None)
    if build is None:
        raise ReportMissing("trama.reports.services has no live_report_build(*, event, by)")
    built = build(event=event, by=lead)
    return time.perf_counter() - start, type(built).__name__
