from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from trama.territory.map import load_map
from trama.territory.models import Comune, Venue, ZonaOmogenea


def index(request: HttpRequest) -> HttpResponse:
    zones = list(ZonaOmogenea.objects.with_counts().prefetch_related("venues"))
    comuni = Comune.objects.only("istat_code", "zona_id")
    zone_of = {c.istat_code: c.zona_id for c in comuni}
    colours = {z.pk: z.color for z in zones}
    geometry = load_map()
    shapes = [
        (shape, colours.get(zone_of.get(shape.istat_code) or 0), zone_of.get(shape.istat_code) is None)
        for shape in geometry.shapes
    ]
    totals = Comune.objects.aggregate(population=Sum("population"))
    context = {
        "zones": zones,
        "venues": Venue.objects.prefetch_related("zones"),
        "geometry": geometry,
        "shapes": shapes,
        "comuni_count": len(zone_of),
        "unassigned_count": sum(1 for z in zone_of.values() if z is None),
        "population": totals["population"],
        "crumbs": [(None, _("Territorio"))],
    }
    return render(request, "territory/index.html", context)


def zone_detail(request: HttpRequest, number: int) -> HttpResponse:
    zona = get_object_or_404(ZonaOmogenea.objects.with_counts(), number=number)
    context = {
        "zona": zona,
        "comuni": zona.comuni.order_by("name"),
        "venues": zona.venues.all(),
        "crumbs": [(reverse("territory:index"), _("Territorio")), (None, zona.name)],
    }
    return render(request, "territory/zone_detail.html", context)


def comune_list(request: HttpRequest) -> HttpResponse:
    comuni = Comune.objects.select_related("zona").order_by("name")
    zona_filter = request.GET.get("zona", "")
    query = request.GET.get("q", "").strip()[:100]
    if zona_filter == "none":
        comuni = comuni.filter(zona__isnull=True)
    elif zona_filter.isdigit():
        comuni = comuni.filter(zona__number=int(zona_filter))
    if query:
        comuni = comuni.filter(name__icontains=query)
    page = Paginator(comuni, 50).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "zones": ZonaOmogenea.objects.all(),
        "zona_filter": zona_filter,
        "query": query,
        "crumbs": [(reverse("territory:index"), _("Territorio")), (None, _("Comuni"))],
    }
    template = "territory/comune_list.html#table" if request.headers.get("HX-Request") else "territory/comune_list.html"
    return render(request, template, context)
