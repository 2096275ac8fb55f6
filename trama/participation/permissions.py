"""Who may do what with contributions. Phase rules come from `trama.process.permissions`."""

from __future__ import annotations

import datetime
from typing import Any

from trama.accounts.permissions import can_manage_plan, can_view_personal_data
from trama.participation.models import Contribution
from trama.process.models import Process
from trama.process.permissions import can_submit_contribution


def can_moderate_contributions(user: Any) -> bool:
    """Approve, reject, mark spam, edit the public text, link strategies: the Ufficio di Piano."""
    return can_manage_plan(user)


def can_see_sender(user: Any) -> bool:
    """Name and e-mail of the sender (GDPR: minimum exposure)."""
    return can_view_personal_data(user)


def can_send_contribution(process: Process | None, on: datetime.date | None = None) -> bool:
    """Anyone, with or without an account, while the process allows it (the modulo online is open for the
    whole process)."""
    return process is not None and can_submit_contribution(process, on)


def can_download_attachment(user: Any, contribution: Contribution) -> bool:
    """Attachments may hold personal data (a signature, a letterhead): only the moderators open them."""
    return can_moderate_contributions(user)
