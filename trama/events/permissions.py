"""Named checks for events and their Q&A. Phase rules come from trama.process.permissions, never phase kinds."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from trama.accounts.permissions import can_view_personal_data
from trama.events.models import Event, EventStatus
from trama.process.models import Allowance
from trama.process.permissions import can_register_to_events, phase_allows

__all__ = [
    "can_ask_questions",
    "can_manage_events",
    "can_moderate_questions",
    "can_view_personal_data",
    "event_is_public",
    "registration_is_open",
]


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_manage_events(user: Any) -> bool:
    """Registrations list, check-in and close-out: the plan office."""
    return _active(user) and bool(getattr(user, "is_plan_office", False))


def can_moderate_questions(user: Any) -> bool:
    """Shortlist, hide, mark answered, put on the big screen: the plan office and the regia."""
    from trama.accounts.models import Role

    if not _active(user):
        return False
    return bool(getattr(user, "is_plan_office", False) or getattr(user, "role", None) == Role.REGIA)


def event_is_public(event: Event) -> bool:
    return event.status != EventStatus.DRAFT and event.process.is_published


def registration_is_open(event: Event, now: datetime.datetime | None = None) -> bool:
    """Published, not started, inside its registration window, and the process allows registrations today."""
    moment = now or timezone.now()
    if event.status != EventStatus.PUBLISHED or event.starts_at <= moment:
        return False
    if event.registration_opens_at and moment < event.registration_opens_at:
        return False
    if event.registration_closes_at and moment >= event.registration_closes_at:
        return False
    return can_register_to_events(event.process, on=timezone.localdate(moment))


def can_ask_questions(event: Event, now: datetime.datetime | None = None) -> bool:
    """The moderator opened the Q&A of a published event and the process allows questions today."""
    moment = now or timezone.now()
    if not event.questions_open or event.status != EventStatus.PUBLISHED:
        return False
    return phase_allows(event.process, Allowance.ASK_QUESTIONS, on=timezone.localdate(moment))
