"""Public pages of the process: the list of processes and each one's timeline (the cronoprogramma)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from trama.process.models import Allowance
from trama.process.permissions import current_phase, today
from trama.process.selectors import process_get_published, process_list_published


def process_list(request: HttpRequest) -> HttpResponse:
    day = today()
    processes = list(process_list_published())
    rows = [(process, process.state_on(day), current_phase(process, day)) for process in processes]
    context = {"rows": rows, "crumbs": [(None, _("Cronoprogramma"))]}
    return render(request, "process/process_list.html", context)


def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_get_published(slug=slug)
    if process is None:
        raise Http404(_("Processo non trovato."))
    day = today()
    highlighted = current_phase(process, day)
    phases = [(phase, phase.state_on(day), phase == highlighted) for phase in process.phases.all()]
    context = {
        "process": process,
        "state": process.state_on(day),
        "always_labels": [str(label) for value, label in Allowance.choices if value in process.always_allows],
        "phases": phases,
        "current": highlighted,
        "today": day,
        "crumbs": [(reverse("process:list"), _("Cronoprogramma")), (None, process.title)],
    }
    return render(request, "process/process_detail.html", context)
