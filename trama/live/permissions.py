"""Named permission checks of live co-planning. Views and consumers ask these on every call and message."""

from __future__ import annotations

from typing import Any

from trama.accounts.models import Role
from trama.live.models import LiveEvent, LiveEventStatus, LiveTable, RegiaMember

REGIA_ROLES = frozenset({Role.REGIA, Role.PLAN_OFFICE})


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_set_up_event(user: Any) -> bool:
    """Create events, venues, tables and rounds, print badges: the plan office."""
    return _active(user) and bool(getattr(user, "is_plan_office", False))


def can_facilitate_table(table: LiveTable | None) -> bool:
    """The table's token is the credential: it writes while the table is active and its event is live."""
    return table is not None and table.is_active and table.event.status == LiveEventStatus.LIVE


def table_may_write(*, table_id: int, token: str) -> bool:
    """``can_facilitate_table`` for a table already loaded, asked of the database (one small indexed query):
    its token unchanged, still active, its event still live. The facilitator's socket asks it on every idea."""
    return LiveTable.objects.filter(
        pk=table_id, token=token, is_active=True, event__status=LiveEventStatus.LIVE
    ).exists()


def _membership(user: Any, event: LiveEvent) -> RegiaMember | None:
    if not _active(user):
        return None
    return RegiaMember.objects.filter(event=event, user=user).first()


def can_work_regia(user: Any, event: LiveEvent) -> bool:
    """See the feed, group ideas into themes: the plan office, or a regia member of this event."""
    if not _active(user):
        return False
    if getattr(user, "is_plan_office", False):
        return True
    return getattr(user, "role", None) in REGIA_ROLES and _membership(user, event) is not None


def is_regia_lead(user: Any, event: LiveEvent) -> bool:
    """Publish themes, open and close votes, close the day: a regia member flagged as lead."""
    if not can_work_regia(user, event):
        return False
    member = _membership(user, event)
    return member is not None and member.is_lead
