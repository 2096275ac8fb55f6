"""Named permission checks. Views and the admin ask these, never the role field directly."""

from __future__ import annotations

from typing import Any


def can_manage_plan(user: Any) -> bool:
    """Only the Ufficio di Piano edits, imports and exports plans and territory."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_plan_office", False))


def can_review_analysis(user: Any) -> bool:
    """Confirm strategy links, merge duplicates, edit themes: the plan office and the regia."""
    from trama.accounts.models import Role

    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(getattr(user, "is_plan_office", False) or getattr(user, "role", None) == Role.REGIA)


def can_view_personal_data(user: Any) -> bool:
    """Names, e-mails and contact details of participants: the plan office only (GDPR, minimum exposure).
    Moderators of other roles see contributions and questions without them."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_plan_office", False))
