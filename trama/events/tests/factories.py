"""Factories for the events tests: a process running today whose listening phase allows registrations and
questions, and events on it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from trama.events.models import Event, EventMode, EventStatus
from trama.process.models import PhaseKind, Process
from trama.process.tests.factories import make_phase, make_process


def running_process(slug: str = "processo-incontri", *, allows: Sequence[str] | None = None) -> Process:
    today = timezone.localdate()
    process = make_process(
        slug, starts_on=today - datetime.timedelta(days=30), ends_on=today + datetime.timedelta(days=60)
    )
    make_phase(
        process,
        PhaseKind.ASCOLTO,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        allows=list(allows) if allows is not None else None,
    )
    return process


def make_event(process: Process | None = None, **extra: Any) -> Event:
    now = timezone.now()
    fields: dict[str, Any] = {
        "title": "Incontro pubblico di ascolto",
        "kind": "ascolto",
        "starts_at": now + datetime.timedelta(days=7),
        "ends_at": now + datetime.timedelta(days=7, hours=3),
        "mode": EventMode.PRESENZA,
        "status": EventStatus.PUBLISHED,
        "capacity": 300,
        **extra,
    }
    return Event.objects.create(process=process or running_process(), **fields)
