"""Staff pages of the interviews: list, record and edit with coded judgements, alignment summary, CSV export.

Every view asks the named checks of ``trama.interviews.permissions``; interviewees' names are shown only to
who may see them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trama.accounts.permissions import can_view_personal_data
from trama.core.tabular import formula_safe
from trama.interviews import selectors, services
from trama.interviews.forms import InterviewFilterForm, InterviewForm, JudgementFormSet
from trama.interviews.models import Interview, Judgement
from trama.interviews.permissions import (
    can_edit_interview,
    can_record_interviews,
    can_see_interviewee,
    can_view_interviews,
)
from trama.process.models import Process
from trama.process.selectors import process_default

PER_PAGE = 25
View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Anonymous visitors go to the login page; people without the permission get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_interviews(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _process(request: HttpRequest) -> Process:
    """The process of ``?processo=<slug>``, else that of the latest interview, else the default one."""
    processes = Process.objects.prefetch_related("phases")  # the phase rules of every row read them
    slug = request.GET.get("processo", "")
    if slug:
        return get_object_or_404(processes, slug=slug[:60])
    latest = Interview.objects.order_by("-held_on", "-id").values_list("process_id", flat=True).first()
    process = processes.filter(pk=latest).first() if latest is not None else process_default()
    if process is None:
        raise Http404(_("Nessun processo partecipativo."))
    return process


def _crumbs(*more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    if not more:
        return [(None, _("Interviste"))]
    return [(reverse("interviews:list"), _("Interviste")), *more]


def _display_name(request: HttpRequest, interview: Interview) -> str:
    if can_see_interviewee(request.user, interview):
        return interview.interviewee_name
    return _("Persona intervistata n. %(n)d") % {"n": interview.pk}


def _filters(request: HttpRequest, process: Process) -> tuple[InterviewFilterForm, selectors.InterviewFilters]:
    form = InterviewFilterForm(request.GET, process=process)
    return form, selectors.InterviewFilters(**form.values())


@require_GET
@staff_required
def interview_list(request: HttpRequest) -> HttpResponse:
    process = _process(request)
    filter_form, filters = _filters(request, process)
    page = Paginator(selectors.interview_list(process, filters), PER_PAGE).get_page(request.GET.get("pagina"))
    rows = []
    for interview in page:
        interview.process = process  # every row is of this process: no query per row for the permission checks
        rows.append((interview, _display_name(request, interview), can_edit_interview(request.user, interview)))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "process": process,
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "can_record": can_record_interviews(request.user, process),
        "crumbs": _crumbs(),
    }
    return render(request, "interviews/list.html", context)


def _judgement_initial(interview: Interview) -> list[dict[str, Any]]:
    return [
        {"strategy": j.strategy_id, "action": j.action_id, "judgement": j.judgement, "note": j.note}
        for j in interview.judgements.all()
    ]


def _judgement_data(formset: Any) -> list[services.JudgementData]:
    out = []
    for form in formset.forms:
        data = form.cleaned_data
        if not form.has_changed() or not data or data.get("DELETE") or not data.get("strategy"):
            continue
        out.append(
            services.JudgementData(
                strategy=data["strategy"],
                action=data.get("action"),
                judgement=data["judgement"],
                note=data.get("note", ""),
            )
        )
    return out


def _interview_form_page(
    request: HttpRequest, *, process: Process, interview: Interview | None, form: InterviewForm, formset: Any
) -> HttpResponse:
    title = _("Registra un'intervista") if interview is None else _("Modifica l'intervista")
    context = {
        "process": process,
        "interview": interview,
        "form": form,
        "formset": formset,
        "title": title,
        "judgement_choices": Judgement.choices,
        "crumbs": _crumbs((None, title)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "interviews/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def interview_create(request: HttpRequest) -> HttpResponse:
    process = _process(request)
    if not can_record_interviews(request.user, process):
        raise PermissionDenied
    strategies = list(selectors.judged_strategies())
    form = InterviewForm(request.POST or None)
    formset = JudgementFormSet(request.POST or None, prefix="giudizi", form_kwargs={"strategies": strategies})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            interview = services.interview_create(
                process=process,
                fields=form.cleaned_data,
                judgements=_judgement_data(formset),
                by=request.user,
                client_key=form.cleaned_data.get("client_key"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Intervista registrata."))
            return redirect("interviews:detail", pk=interview.pk)
    return _interview_form_page(request, process=process, interview=None, form=form, formset=formset)


@require_http_methods(["GET", "POST"])
@staff_required
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.select_related("process"), pk=pk)
    if not can_edit_interview(request.user, interview):
        raise PermissionDenied
    strategies = list(selectors.judged_strategies())
    form = InterviewForm(request.POST or None, instance=interview)
    formset = JudgementFormSet(
        request.POST or None,
        prefix="giudizi",
        initial=None if request.method == "POST" else _judgement_initial(interview),
        form_kwargs={"strategies": strategies},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.interview_update(
                interview=interview, fields=form.cleaned_data, judgements=_judgement_data(formset), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Intervista aggiornata."))
            return redirect("interviews:detail", pk=interview.pk)
    return _interview_form_page(request, process=interview.process, interview=interview, form=form, formset=formset)


@require_GET
@staff_required
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.select_related("process", "zona", "organisation", "interviewer"), pk=pk
    )
    judgements = interview.judgements.select_related("strategy", "action").order_by("strategy__code", "action__code")
    context = {
        "interview": interview,
        "display_name": _display_name(request, interview),
        "show_personal": can_see_interviewee(request.user, interview),
        "judgements": judgements,
        "can_edit": can_edit_interview(request.user, interview),
        "crumbs": _crumbs((None, _display_name(request, interview))),
    }
    return render(request, "interviews/detail.html", context)


@require_GET
@staff_required
def action_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the action select for the chosen strategy (htmx, the formset row's strategy select)."""
    raw = next((str(value) for key, value in request.GET.items() if key.endswith("strategy")), "")
    strategy_id = int(raw) if raw.isdigit() else None
    actions = selectors.strategy_actions(strategy_id)
    return render(request, "interviews/_action_options.html", {"actions": actions})


@require_GET
@staff_required
def summary(request: HttpRequest) -> HttpResponse:
    process = _process(request)
    filter_form, filters = _filters(request, process)
    interviews = selectors.interviews_filtered(process, filters)
    by_strategy = selectors.alignment_by_strategy(interviews)
    by_zona = selectors.alignment_by_zona(interviews)
    totals = selectors.judgement_totals(by_strategy)
    context = {
        "process": process,
        "filter_form": filter_form,
        "interviews_count": interviews.count(),
        "by_strategy": by_strategy,
        "by_zona": by_zona,
        "totals": list(totals.values()),
        "grand_total": sum(totals.values()),
        "judgements": Judgement.choices,
        "query": request.GET.urlencode(),
        "crumbs": _crumbs((None, _("Riepilogo degli allineamenti"))),
    }
    return render(request, "interviews/summary.html", context)


@require_GET
@staff_required
def judgements_export(request: HttpRequest) -> HttpResponse:
    process = _process(request)
    _form, filters = _filters(request, process)
    personal = can_view_personal_data(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="giudizi-interviste-{process.slug}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV with accents right only with a BOM
    writer = csv.writer(response)
    header = ["intervista", "data", "zona_omogenea", "cabina_di_regia", "ruolo", "organizzazione"]
    if personal:
        header.append("persona_intervistata")
    header += ["strategia", "azione", "giudizio", "nota"]
    writer.writerow(header)
    labels = dict(Judgement.choices)
    for j in selectors.judgements_for_export(selectors.interviews_filtered(process, filters)):
        interview = j.interview
        row = [
            str(interview.pk),
            interview.held_on.isoformat(),
            str(interview.zona.number) if interview.zona else "",
            "si" if interview.is_cabina_member else "no",
            formula_safe(interview.interviewee_role),
            formula_safe(interview.organisation_label),
        ]
        if personal:
            row.append(formula_safe(interview.interviewee_name))
        row += [j.strategy.code, j.action.code if j.action else "", str(labels[j.judgement]), formula_safe(j.note)]
        writer.writerow(row)
    return response
