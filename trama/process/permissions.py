"""What a process allows at a given moment. Every app asks these, never the phase kind."""

from __future__ import annotations

import datetime

from django.utils import timezone

from trama.process.models import Allowance, Phase, Process


def today() -> datetime.date:
    return timezone.localdate()


def current_phases(process: Process, on: datetime.date | None = None) -> list[Phase]:
    """The phases running on a day, by order. Real phases overlap (seed 001: the preliminary phase runs
    June-September 2023, listening July-November), so there may be more than one."""
    day = on or today()
    return [phase for phase in process.phases.all() if phase.is_current_on(day)]


def current_phase(process: Process, on: datetime.date | None = None) -> Phase | None:
    """The phase the timeline highlights on a day: the latest started of the running ones."""
    running = current_phases(process, on)
    return running[-1] if running else None


def phase_allows(process: Process, allowance: Allowance | str, on: datetime.date | None = None) -> bool:
    """True when the process is published and open on that day and either allows the action for its whole
    duration (the modulo online) or one of its running phases allows it."""
    day = on or today()
    if not process.is_published or not process.is_open_on(day):
        return False
    if allowance in process.always_allows:
        return True
    return any(allowance in phase.allows for phase in current_phases(process, day))


def can_submit_contribution(process: Process, on: datetime.date | None = None) -> bool:
    return phase_allows(process, Allowance.SUBMIT_CONTRIBUTIONS, on)


def can_register_to_events(process: Process, on: datetime.date | None = None) -> bool:
    return phase_allows(process, Allowance.REGISTER_EVENTS, on)


def can_answer_questionnaires(process: Process, on: datetime.date | None = None) -> bool:
    return phase_allows(process, Allowance.ANSWER_QUESTIONNAIRES, on)
