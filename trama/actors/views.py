"""Public pages of the actors app: the network page, the privacy notice and «I miei dati»."""

from __future__ import annotations

import json
from collections import Counter

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trama.actors.charts import bar_chart
from trama.actors.forms import MyDataEraseForm, MyDataRequestForm
from trama.actors.models import ActorCategory
from trama.actors.permissions import can_see_network_names
from trama.actors.privacy import PRIVACY_NOTICE_VERSION
from trama.actors.selectors import UNKNOWN, my_data_collect, network_report
from trama.actors.services import TooManyRequests, my_data_link_send, my_data_token_read
from trama.actors.services import my_data_erase as my_data_erase_service
from trama.process.selectors import process_default, process_get_published, process_list_published

NAMES_PER_PAGE = 100


def network(request: HttpRequest) -> HttpResponse:
    """How the network grew during a process: new actors per phase, by category and ZO; who took part in what.
    Public with counts only; names for those allowed to see personal data."""
    processes = list(process_list_published())
    slug = request.GET.get("processo", "")
    process = process_get_published(slug=slug) if slug else process_default()
    if slug and process is None:
        raise Http404(_("Processo non trovato."))
    context: dict[str, object] = {
        "processes": processes,
        "process": process,
        "crumbs": [(None, _("La rete degli attori"))],
    }
    if process is None:
        return render(request, "actors/network.html", context)

    report = network_report(process=process)
    categories = [*ActorCategory.values, UNKNOWN]
    category_labels = [str(label) for label in ActorCategory.labels] + [_("non indicata")]
    zone_ids: list[int | None] = [zona.pk for zona in report.zones] + [None]
    zone_labels = [f"{zona.number} – {zona.name}" for zona in report.zones] + [_("non indicata")]
    new_by_zona: Counter[int | None] = Counter()
    for row in report.rows:
        if not row.is_before:
            new_by_zona.update(row.by_zona)
    rows = [
        {
            "label": row.label,
            "period": row.phase,
            "is_before": row.is_before,
            "new": row.new,
            "cumulative": row.cumulative,
            "categories": [row.by_category[c] for c in categories],
            "zones": [row.by_zona[z] for z in zone_ids],
        }
        for row in report.rows
    ]
    show_names = can_see_network_names(request.user)
    context.update(
        {
            "report": report,
            "rows": rows,
            "category_labels": category_labels,
            "zone_labels": zone_labels,
            "category_totals": [report.by_category[c] for c in categories],
            "zone_totals": [report.by_zona[z] for z in zone_ids],
            "phase_chart": bar_chart(
                [(row.label, [row.by_category[c] for c in categories]) for row in report.rows], category_labels
            ),
            "zone_chart": bar_chart(
                [(label, [new_by_zona[z]]) for label, z in zip(zone_labels, zone_ids, strict=True)],
                [_("nuovi attori")],
            ),
            "show_names": show_names,
        }
    )
    if show_names:
        zone_names = dict(zip(zone_ids, zone_labels, strict=True))
        category_names = dict(zip(categories, category_labels, strict=True))
        kind_labels = {k.kind: k.label for k in report.kinds}
        page = Paginator(report.actors, NAMES_PER_PAGE).get_page(request.GET.get("pagina"))
        context["names_page"] = page
        context["names"] = [
            {
                "name": actor.name,
                "organisation": actor.organisation,
                "category": category_names.get(actor.category, ""),
                "zona": zone_names.get(actor.zona_id, ""),
                "first_on": actor.first_on,
                "kinds": sorted(kind_labels.get(kind, kind) for kind in actor.kinds),
            }
            for actor in page.object_list
        ]
    return render(request, "actors/network.html", context)


def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {"version": PRIVACY_NOTICE_VERSION, "crumbs": [(None, _("Informativa sulla privacy"))]}
    return render(request, "actors/privacy_notice.html", context)


def _my_data_crumbs(last: str | None = None) -> list[tuple[str | None, str]]:
    if last is None:
        return [(reverse("privacy:notice"), _("Privacy")), (None, _("I miei dati"))]
    return [
        (reverse("privacy:notice"), _("Privacy")),
        (reverse("actors:my_data_request"), _("I miei dati")),
        (None, last),
    ]


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def my_data_request(request: HttpRequest) -> HttpResponse:
    form = MyDataRequestForm(request.POST or None)
    context: dict[str, object] = {"form": form, "crumbs": _my_data_crumbs(), "hours": 24}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]

        def link_for(token: str) -> str:
            return request.build_absolute_uri(reverse("actors:my_data", kwargs={"token": token}))

        try:
            my_data_link_send(email=email, link_for=link_for, ip=_client_ip(request))
        except TooManyRequests:
            form.add_error("email", _("Troppe richieste per questo indirizzo: riprova tra un'ora."))
            return render(request, "actors/my_data_request.html", context, status=429)
        context["sent_to"] = email
    return render(request, "actors/my_data_request.html", context)


def _email_or_refuse(request: HttpRequest, token: str) -> str | HttpResponse:
    email = my_data_token_read(token)
    if email is None:
        context = {"crumbs": _my_data_crumbs(_("Collegamento non valido"))}
        return render(request, "actors/my_data_invalid.html", context, status=403)
    return email


def my_data(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_refuse(request, token)
    if isinstance(email, HttpResponse):
        return email
    context = {
        "email": email,
        "token": token,
        "data": my_data_collect(email=email),
        "form": MyDataEraseForm(),
        "crumbs": _my_data_crumbs(_("I dati di %(email)s") % {"email": email}),
    }
    return render(request, "actors/my_data.html", context)


def my_data_download(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_refuse(request, token)
    if isinstance(email, HttpResponse):
        return email
    document = {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "sources": {item.key: {"label": item.label, "records": item.records} for item in my_data_collect(email=email)},
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, "trama-i-miei-dati.json") or "attachment"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def my_data_erase(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_refuse(request, token)
    if isinstance(email, HttpResponse):
        return email
    form = MyDataEraseForm(request.POST)
    if not form.is_valid():
        context = {
            "email": email,
            "token": token,
            "data": my_data_collect(email=email),
            "form": form,
            "crumbs": _my_data_crumbs(_("I dati di %(email)s") % {"email": email}),
        }
        return render(request, "actors/my_data.html", context, status=400)
    erasure = my_data_erase_service(email=email)
    context = {"erasure": erasure, "crumbs": _my_data_crumbs(_("Dati cancellati"))}
    return render(request, "actors/my_data_erased.html", context)
