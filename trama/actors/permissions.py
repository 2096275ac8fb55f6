"""Who may see what on the actors' pages."""

from __future__ import annotations

from typing import Any

from trama.accounts.permissions import can_view_personal_data


def can_see_network_names(user: Any) -> bool:
    """The network page is public with aggregated counts; the names of the actors only for those who may see
    personal data (the plan office)."""
    return can_view_personal_data(user)
