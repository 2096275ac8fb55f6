from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from trama.core.workspace import workspace_tools
from trama.plans.models import PlanVersion
from trama.plans.selectors import current_plan, plan_axes_with_strategies
from trama.territory.models import Comune, Venue, ZonaOmogenea


def home(request: HttpRequest) -> HttpResponse:
    plan = current_plan()
    if plan is not None:
        plan = PlanVersion.objects.with_counts().get(pk=plan.pk)
    context = {
        "plan": plan,
        "axes": plan_axes_with_strategies(plan) if plan else [],
        "comuni_count": Comune.objects.count(),
        "zones_count": ZonaOmogenea.objects.count(),
        "venues_count": Venue.objects.count(),
    }
    return render(request, "core/home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    tools = workspace_tools(request.user)
    if not tools:
        raise PermissionDenied
    return render(request, "core/workspace.html", {"tools": tools})
