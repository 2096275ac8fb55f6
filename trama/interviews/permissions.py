"""Who may record interviews and who may see who was interviewed."""

from __future__ import annotations

import datetime
from typing import Any

from trama.accounts.models import Role
from trama.accounts.permissions import can_view_personal_data
from trama.process.models import Allowance, Process
from trama.process.permissions import phase_allows


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_view_interviews(user: Any) -> bool:
    """The interview pages (list, summary, export): the plan office and the facilitators who conduct them."""
    return _active(user) and bool(
        getattr(user, "is_plan_office", False) or getattr(user, "role", None) == Role.FACILITATOR
    )


def can_record_interviews(user: Any, process: Process | None = None, on: datetime.date | None = None) -> bool:
    """The plan office records interviews at any time (also transcribing them later); facilitators only while a
    phase of the process allows interviews. Without a process, whether the person may record some at all."""
    if not can_view_interviews(user):
        return False
    if getattr(user, "is_plan_office", False):
        return True
    return process is None or phase_allows(process, Allowance.RECORD_INTERVIEWS, on)


def can_edit_interview(user: Any, interview: Any) -> bool:
    """The plan office edits every interview; a facilitator only those they recorded, while the phase allows."""
    if not can_record_interviews(user, interview.process):
        return False
    return bool(getattr(user, "is_plan_office", False) or interview.interviewer_id == user.pk)


def can_see_interviewee(user: Any, interview: Any) -> bool:
    """Names and e-mails of interviewees are personal data: the plan office, or who recorded the interview."""
    return can_view_personal_data(user) or (_active(user) and interview.interviewer_id == user.pk)
