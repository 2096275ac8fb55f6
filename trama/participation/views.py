"""Pages of the modulo online: the form, the thank-you page, the receipt lookup, the public list and detail,
the plan office's moderation queue (htmx actions answer with the updated row)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trama.participation import selectors, services
from trama.participation.forms import (
    ContributionForm,
    ExcerptForm,
    ModerationFilterForm,
    PublicFilterForm,
    ReceiptLookupForm,
    RejectForm,
    StrategiesForm,
    plan_for,
)
from trama.participation.models import Attachment, Contribution, ContributionStatus
from trama.participation.permissions import (
    can_download_attachment,
    can_moderate_contributions,
    can_see_sender,
    can_send_contribution,
)
from trama.process.models import Allowance, Process
from trama.process.selectors import process_default, process_open_for

View = Callable[..., HttpResponse]
LAST_RECEIPT = "participation_last_receipt"


def client_ip(request: HttpRequest) -> str:
    """The address the spam limits count. Behind the trusted proxy (BEHIND_PROXY sets SECURE_PROXY_SSL_HEADER)
    it is the last X-Forwarded-For hop, the one the proxy added; otherwise REMOTE_ADDR, since a client can
    write any X-Forwarded-For it likes."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:64]
    return str(request.META.get("REMOTE_ADDR", ""))


def open_process() -> Process | None:
    return process_open_for(Allowance.SUBMIT_CONTRIBUTIONS)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def _crumbs(*more: tuple[str | None, str]) -> list[tuple[str | None, str]]:
    if not more:
        return [(None, _("Contributi"))]
    return [(reverse("participation:list"), _("Contributi")), *more]


# ---------------------------------------------------------------- the form


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    process = open_process()
    if process is None or not can_send_contribution(process):
        context = {"process": process_default(), "crumbs": _crumbs((None, _("Invia un contributo")))}
        return render(request, "participation/closed.html", context)
    if request.method == "POST":
        try:
            result = services.contribution_submit(
                process=process,
                data=request.POST,
                files=request.FILES.getlist("files"),
                idempotency_key=request.POST.get("idempotency_key"),
                ip=client_ip(request),
            )
        except services.ContributionInvalid as invalid:
            form = invalid.form or ContributionForm(request.POST, process=process)
            if invalid.form is None:
                for name, errors in invalid.errors.items():
                    for error in errors:
                        form.add_error(None if name not in form.fields else name, error)
            return render(request, "participation/submit.html", _form_context(form, process), status=200)
        request.session[LAST_RECEIPT] = result.contribution.receipt_code
        return redirect("participation:thanks")
    form = ContributionForm(initial={"idempotency_key": uuid.uuid4().hex}, process=process)
    return render(request, "participation/submit.html", _form_context(form, process))


def _form_context(form: ContributionForm, process: Process) -> dict[str, Any]:
    return {
        "form": form,
        "process": process,
        "strategy_groups": form.strategy_optgroups(),
        "selected_strategy": form.selected_strategy(),
        "error_count": len(form.errors),
        "crumbs": _crumbs((None, _("Invia un contributo"))),
    }


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    code = request.session.get(LAST_RECEIPT)
    if not code:
        return redirect("participation:submit")
    context = {"code": code, "crumbs": _crumbs((None, _("Contributo inviato")))}
    return render(request, "participation/thanks.html", context)


@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Look a contribution up by receipt code and e-mail (POST, so the e-mail stays out of URLs and logs)."""
    found: Contribution | None = None
    searched = False
    if request.method == "POST":
        form = ReceiptLookupForm(request.POST)
        if form.is_valid():
            searched = True
            found = selectors.receipt_lookup(code=form.cleaned_data["code"], email=form.cleaned_data["email"])
    else:
        form = ReceiptLookupForm(initial={"code": request.GET.get("codice", "")[:20]})
    context = {"form": form, "found": found, "searched": searched, "crumbs": _crumbs((None, _("Ricevuta")))}
    return render(request, "participation/receipt.html", context)


# ---------------------------------------------------------------- public pages


@require_GET
def contribution_list(request: HttpRequest) -> HttpResponse:
    filters = PublicFilterForm(request.GET).filters()
    listing = selectors.public_contributions(filters=filters, page_number=request.GET.get("pagina"))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    context = {
        "listing": listing,
        "page": listing.page,
        "filters": filters,
        "query": query,
        "detail_base": reverse("participation:list"),
        "is_open": can_send_contribution(open_process()),
        "crumbs": _crumbs(),
    }
    template = "participation/list.html#results" if _is_htmx(request) else "participation/list.html"
    return render(request, template, context)


@require_GET
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = selectors.public_contribution_get(pk=pk)
    if contribution is None:
        raise Http404(_("Contributo non trovato o non pubblicato."))
    context = {"c": contribution, "crumbs": _crumbs((None, contribution.title))}
    return render(request, "participation/detail.html", context)


# ---------------------------------------------------------------- moderation


def moderator_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate_contributions(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


MODERATION_PER_PAGE = 20


@require_GET
@moderator_required
def moderation(request: HttpRequest) -> HttpResponse:
    filter_form = ModerationFilterForm(request.GET or {"stato": ContributionStatus.RECEIVED})
    status = filter_form.status()
    page = Paginator(selectors.moderation_queue(status=status), MODERATION_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    similar = selectors.similar_contributions(rows)
    counts = selectors.moderation_counts()
    cache: dict[int | None, list[tuple[str, str]]] = {}
    context = {
        "page": page,
        "rows": [_row(request, c, similar=similar.get(c.pk, []), cache=cache) for c in rows],
        "status": status,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in ContributionStatus.choices],
        "total": sum(counts.values()),
        "crumbs": _crumbs((None, _("Moderazione"))),
    }
    return render(request, "participation/moderation.html", context)


def _row(request: HttpRequest, c: Contribution, **extra: Any) -> dict[str, Any]:
    linked = {s.code for s in c.strategies.all()}
    return {
        "c": c,
        "show_sender": can_see_sender(request.user),
        "reject_form": extra.pop("reject_form", None) or RejectForm(prefix=f"r{c.pk}"),
        "excerpt_form": extra.pop("excerpt_form", None)
        or ExcerptForm(prefix=f"e{c.pk}", initial={"public_excerpt": c.public_excerpt}),
        "suggested": [link for link in getattr(c.text_unit, "suggested_links", []) if link.strategy.code not in linked]
        if c.text_unit
        else [],
        "linked": linked,
        "plan_strategies": _plan_strategies(c.process, extra.pop("cache", {})),
        "similar": extra.pop("similar", []),
        "notice": extra.pop("notice", ""),
        "error": extra.pop("error", ""),
    }


def _plan_strategies(process: Process, cache: dict[int | None, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The strategies a contribution of this process can be linked to; one query per plan for a whole page."""
    from trama.plans.models import Strategy

    if process.plan_id not in cache:
        plan = plan_for(process)
        cache[process.plan_id] = (
            list(Strategy.objects.filter(axis__plan=plan).order_by("axis__number", "code").values_list("code", "title"))
            if plan is not None
            else []
        )
    return cache[process.plan_id]


def _respond(request: HttpRequest, c: Contribution, notice: str = "", **extra: Any) -> HttpResponse:
    if _is_htmx(request):
        fresh = selectors.moderation_contribution_get(pk=c.pk) or c
        similar = selectors.similar_contributions([fresh]).get(fresh.pk, [])
        row = _row(request, fresh, notice=notice, similar=similar, **extra)
        return render(
            request, "participation/moderation.html#row", {"row": row, "status": request.POST.get("stato", "")}
        )
    if extra.get("error"):
        messages.error(request, extra["error"])
    elif notice:
        messages.success(request, notice)
    query = urlencode({"stato": request.POST.get("stato", "")[:20]})
    return redirect(reverse("participation:moderation") + f"?{query}#c{c.pk}")


def _get_for_moderation(pk: int) -> Contribution:
    return get_object_or_404(Contribution.objects.select_related("process", "text_unit"), pk=pk)


@require_POST
@moderator_required
def moderate_approve(request: HttpRequest, pk: int) -> HttpResponse:
    c = services.contribution_approve(contribution=_get_for_moderation(pk), by=request.user)
    note = _("Approvato e pubblicato.") if c.is_public else _("Approvato (non pubblicato: manca il consenso).")
    return _respond(request, c, note)


@require_POST
@moderator_required
def moderate_reject(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get_for_moderation(pk)
    form = RejectForm(request.POST, prefix=f"r{c.pk}")
    if not form.is_valid():
        return _respond(request, c, reject_form=form, error=_("Scrivi il motivo del rifiuto."))
    services.contribution_reject(contribution=c, reason=form.cleaned_data["reason"], by=request.user)
    return _respond(request, c, _("Contributo non approvato."))


@require_POST
@moderator_required
def moderate_spam(request: HttpRequest, pk: int) -> HttpResponse:
    c = services.contribution_mark_spam(contribution=_get_for_moderation(pk), by=request.user)
    return _respond(request, c, _("Segnalato come spam."))


@require_POST
@moderator_required
def moderate_excerpt(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get_for_moderation(pk)
    form = ExcerptForm(request.POST, prefix=f"e{c.pk}")
    if not form.is_valid():
        return _respond(request, c, excerpt_form=form, error=_("Il testo pubblicato non è valido."))
    try:
        services.contribution_excerpt_update(
            contribution=c, public_excerpt=form.cleaned_data["public_excerpt"], by=request.user
        )
    except ValidationError as error:
        return _respond(request, c, excerpt_form=form, error=" ".join(error.messages))
    return _respond(request, c, _("Testo pubblicato aggiornato."))


@require_POST
@moderator_required
def moderate_strategies(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get_for_moderation(pk)
    data = request.POST.copy()
    data.setlist("strategies", [code for code in request.POST.getlist("strategies") if code])  # the empty «add»
    form = StrategiesForm(data, plan=plan_for(c.process))
    if not form.is_valid():
        return _respond(request, c, error=" ".join(str(e) for e in form.errors.get("strategies", [])))
    services.contribution_strategies_set(
        contribution=c, strategies=list(form.cleaned_data["strategies"]), by=request.user
    )
    return _respond(request, c, _("Strategie collegate aggiornate."))


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("contribution"), pk=pk)
    if not can_download_attachment(request.user, attachment.contribution):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
