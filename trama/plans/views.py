from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.plans.selectors import (
    Change,
    axis_strategies_with_actions,
    current_plan,
    get_plan_or_404,
    plan_axes_with_strategies,
    plan_compare,
    plan_search,
)


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = PlanVersion.objects.with_counts()
    return render(request, "plans/plan_list.html", {"plans": plans, "crumbs": [(None, _("Il piano"))]})


def plan_detail(request: HttpRequest, plan_code: str) -> HttpResponse:
    plan = get_plan_or_404(plan_code)
    context = {"plan": plan, "axes": plan_axes_with_strategies(plan), "crumbs": _plan_crumbs(plan, None)}
    return render(request, "plans/plan_detail.html", context)


def axis_detail(request: HttpRequest, plan_code: str, number: int) -> HttpResponse:
    plan = get_plan_or_404(plan_code)
    axis = get_object_or_404(Axis, plan=plan, number=number)
    context = {
        "plan": plan,
        "axis": axis,
        "strategies": axis_strategies_with_actions(axis),
        "crumbs": [*_plan_crumbs(plan), (None, _("Asse %(n)d") % {"n": axis.number})],
    }
    return render(request, "plans/axis_detail.html", context)


def strategy_detail(request: HttpRequest, plan_code: str, code: str) -> HttpResponse:
    plan = get_plan_or_404(plan_code)
    strategy = get_object_or_404(
        Strategy.objects.select_related("axis", "previous__axis__plan"), axis__plan=plan, code=code
    )
    context = {
        "plan": plan,
        "axis": strategy.axis,
        "strategy": strategy,
        "actions": strategy.actions.order_by("code"),
        "successors": strategy.successors.select_related("axis__plan"),
        "crumbs": [
            *_plan_crumbs(plan),
            (strategy.axis.get_absolute_url(), _("Asse %(n)d") % {"n": strategy.axis.number}),
            (None, _("Strategia %(code)s") % {"code": strategy.code}),
        ],
    }
    return render(request, "plans/strategy_detail.html", context)


def action_detail(request: HttpRequest, plan_code: str, code: str) -> HttpResponse:
    plan = get_plan_or_404(plan_code)
    action = get_object_or_404(Action.objects.select_related("strategy__axis"), strategy__axis__plan=plan, code=code)
    strategy = action.strategy
    context = {
        "plan": plan,
        "axis": strategy.axis,
        "strategy": strategy,
        "action": action,
        "crumbs": [
            *_plan_crumbs(plan),
            (strategy.axis.get_absolute_url(), _("Asse %(n)d") % {"n": strategy.axis.number}),
            (strategy.get_absolute_url(), _("Strategia %(code)s") % {"code": strategy.code}),
            (None, _("Azione %(code)s") % {"code": action.code}),
        ],
    }
    return render(request, "plans/action_detail.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    plans = list(PlanVersion.objects.all())
    plan_code = request.GET.get("piano", "")
    plan = next((p for p in plans if p.code == plan_code), None)
    hits = plan_search(query=query, plan=plan) if query else []
    context = {
        "query": query,
        "hits": hits,
        "plans": plans,
        "selected_plan": plan,
        "crumbs": [(None, _("Cerca"))],
    }
    template = "plans/search.html#results" if request.headers.get("HX-Request") else "plans/search.html"
    return render(request, template, context)


def compare(request: HttpRequest) -> HttpResponse:
    plans = list(PlanVersion.objects.order_by("period_start"))
    if len(plans) < 2:
        raise Http404(_("Servono almeno due versioni del piano per un confronto."))
    by_code = {p.code: p for p in plans}
    new = by_code.get(request.GET.get("a", "")) or current_plan() or plans[-1]
    older = [p for p in plans if p.period_start < new.period_start] or [p for p in plans if p != new]
    old = by_code.get(request.GET.get("da", "")) or older[-1]
    changes = plan_compare(old=old, new=new) if old != new else []
    counts = {change: sum(1 for c in changes if c.change == change) for change in Change}
    context = {
        "plans": plans,
        "old": old,
        "new": new,
        "changes": changes,
        "counts": counts,
        "crumbs": [(reverse("plans:plans"), _("Il piano")), (None, _("Confronto tra versioni"))],
    }
    return render(request, "plans/compare.html", context)


def _plan_crumbs(plan: PlanVersion, link: bool | None = True) -> list[tuple[str | None, str]]:
    """Breadcrumbs down to a plan; the plan itself is a link unless it is the current page."""
    return [(reverse("plans:plans"), _("Il piano")), (plan.get_absolute_url() if link else None, plan.title)]
