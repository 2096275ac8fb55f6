"""Reads about processes that other apps share: which process is open for an action today, which to show."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from trama.process.models import Allowance, Phase, PhaseOutput, Process
from trama.process.permissions import phase_allows, today


def process_list_published() -> QuerySet[Process]:
    """Published processes, the latest-starting first, with their phases and esiti in two more queries."""
    return Process.objects.published().prefetch_related(
        Prefetch(
            "phases",
            queryset=Phase.objects.order_by("order", "starts_on").prefetch_related(
                Prefetch("outputs", queryset=PhaseOutput.objects.order_by("order", "id"))
            ),
        )
    )


def process_get_published(*, slug: str) -> Process | None:
    return process_list_published().filter(slug=slug).first()


def process_open_for(allowance: Allowance | str, on: datetime.date | None = None) -> Process | None:
    """The latest-starting published process that allows ``allowance`` on that day (default today), or None.

    Other apps call this to find where a contribution, a registration or an answer belongs."""
    day = on or today()
    candidates = Process.objects.published().filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on", "-id")
    for process in candidates.prefetch_related("phases"):
        if phase_allows(process, allowance, day):
            return process
    return None


def process_default(on: datetime.date | None = None) -> Process | None:
    """The published process running on that day (the latest-starting), else the most recent published one."""
    day = on or today()
    published = Process.objects.published()
    running = published.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on", "-id").first()
    if running is not None:
        return running
    return published.order_by("-starts_on", "-id").first()
