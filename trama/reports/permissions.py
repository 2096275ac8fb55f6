"""Named permission checks of the reports."""

from __future__ import annotations

from typing import Any

from trama.live.models import LiveEvent, LiveEventStatus
from trama.live.permissions import can_work_regia


def can_view_live_day_report(user: Any, event: LiveEvent) -> bool:
    """The instant report is public once the day is closed (it is the restitution to participants:
    anonymous ideas and aggregate votes only); before that, the regia follows its preparation."""
    return event.status == LiveEventStatus.CLOSED or can_work_regia(user, event)


def can_rebuild_live_day_report(user: Any, event: LiveEvent) -> bool:
    """Generate the report again (after a failure, or after late paper tallies): the regia lead, once closed."""
    from trama.live.permissions import is_regia_lead

    return event.status == LiveEventStatus.CLOSED and is_regia_lead(user, event)
