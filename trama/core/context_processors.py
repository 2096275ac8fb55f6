from __future__ import annotations

from django.http import HttpRequest

from trama.accounts.permissions import can_manage_plan, can_review_analysis
from trama.core.workspace import workspace_tools


def roles(request: HttpRequest) -> dict[str, bool]:
    """What the navigation may offer to the current user (the views check again, server side)."""
    return {
        "can_review_analysis": can_review_analysis(request.user),
        "can_manage_plan": can_manage_plan(request.user),
        "has_workspace": bool(workspace_tools(request.user)),
    }
