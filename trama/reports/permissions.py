"""Named permission checks of the reports."""

from __future__ import annotations

from typing import Any

from trama.live.models import LiveEvent, LiveEventStatus
from trama.live.permissions import can_work_regia


def can_view_live_day_report(user: Any, event: LiveEvent) -> bool:
    """The instant report is public once the day is closed (it is the restitution to participants:
    anonymous ideas and aggregate votes only); before that, the regia follows its preparation."""
    return event.status == LiveEventStatus.CLOSED or can_work_regia(user, event)
