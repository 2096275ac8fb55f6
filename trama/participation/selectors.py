"""Reads of contributions: the public list with its facet counts, the detail, the receipt lookup, the queue.

The public list costs a fixed number of queries whatever the number of rows: one count, one page, one
prefetch of the page's strategies and one GROUP BY per facet, all on `is_public` indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.functional import cached_property

from trama.actors.models import ActorCategory
from trama.analysis.models import LinkStatus, StrategyLink, TextUnit
from trama.participation.models import (
    ACTOR_TO_SENDER,
    SENDER_TO_ACTOR,
    Attachment,
    Contribution,
    ContributionStatus,
    ContributionStrategy,
    SenderCategory,
)
from trama.plans.models import Axis, Strategy
from trama.territory.models import ZonaOmogenea

PER_PAGE = 20
# Only what the public may see: personal fields are never even read for public pages.
PUBLIC_FIELDS = (
    "id",
    "title",
    "kind",
    "public_excerpt",
    "actor_category",
    "organisation",
    "publish_consent",
    "created_at",
    "comune__name",
    "comune__istat_code",
    "comune_id",
    "zona__number",
    "zona__name",
    "axis__number",
    "axis__title",
    "is_sample",
    "process__slug",
    "process__title",
)


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class PublicList:
    page: Page[Contribution]
    total: int
    filters: dict[str, Any]
    axes: list[Facet] = field(default_factory=list)
    strategies: list[tuple[str, list[Facet]]] = field(default_factory=list)
    zones: list[Facet] = field(default_factory=list)
    categories: list[Facet] = field(default_factory=list)


def _public_base() -> QuerySet[Contribution]:
    return Contribution.objects.public()


class Vocabulary:
    """What the filters and facets name: the current plan's axes and strategies, the zones. Filters are turned
    into ids with it, so the queries on contributions filter and group by their own columns, without joins.
    Each list is read on first use (the API's unfiltered list needs none)."""

    @cached_property
    def axes(self) -> list[Axis]:
        return list(Axis.objects.filter(plan__is_current=True).order_by("number").only("id", "number", "title"))

    @cached_property
    def strategies(self) -> list[Strategy]:
        return list(
            Strategy.objects.filter(axis__plan__is_current=True)
            .select_related("axis")
            .order_by("axis__number", "code")
            .only("id", "code", "title", "axis__id", "axis__number", "axis__title")
        )

    @cached_property
    def zones(self) -> list[ZonaOmogenea]:
        return list(ZonaOmogenea.objects.order_by("number").only("id", "number", "name"))

    def axis_id(self, number: Any) -> int:
        return next((a.pk for a in self.axes if str(a.number) == str(number)), -1)

    def strategy_id(self, code: Any) -> int:
        return next((s.pk for s in self.strategies if s.code == str(code)), -1)

    def zona_id(self, number: Any) -> int:
        return next((z.pk for z in self.zones if str(z.number) == str(number)), -1)


def vocabulary() -> Vocabulary:
    return Vocabulary()


def _conditions(filters: dict[str, Any], vocab: Vocabulary, *, skip: str = "", prefix: str = "") -> Q:
    """The filters as conditions on the contribution's columns (`prefix` = "contribution__" from the
    strategies' table); a value naming nothing matches nothing."""
    q = Q(**{f"{prefix}is_public": True})
    if filters.get("processo") and skip != "processo":
        q &= Q(**{f"{prefix}process__slug": filters["processo"]})
    if filters.get("asse") and skip != "asse":
        q &= Q(**{f"{prefix}axis_id": vocab.axis_id(filters["asse"])})
    if filters.get("zona") and skip != "zona":
        q &= Q(**{f"{prefix}zona_id": vocab.zona_id(filters["zona"])})
    if filters.get("categoria") and skip != "categoria":
        q &= Q(**{f"{prefix}actor_category": SENDER_TO_ACTOR.get(filters["categoria"], "-")})
    if filters.get("strategia") and skip != "strategia":
        linked = ContributionStrategy.objects.filter(strategy_id=vocab.strategy_id(filters["strategia"]))
        q &= Q(**{f"{prefix}id__in": linked.values("contribution_id")})
    return q


def _public_rows() -> QuerySet[Contribution]:
    return (
        Contribution.objects.select_related("comune", "zona", "axis", "process")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(Prefetch("strategies", queryset=Strategy.objects.only("id", "code", "title")))
    )


def public_queryset(*, filters: dict[str, Any], vocab: Vocabulary | None = None) -> QuerySet[Contribution]:
    """Only the public fields, newest first, with the strategies in one more query."""
    vocab = vocab or vocabulary()
    return _public_rows().filter(_conditions(filters, vocab)).order_by("-created_at", "-id")


def public_contributions(
    *, filters: dict[str, Any], page_number: Any = 1, per_page: int = PER_PAGE, with_facets: bool = True
) -> PublicList:
    """Approved contributions the senders consented to publish, newest first, with counts per facet (each
    facet counted with the other filters applied, so a count says what choosing it would show).

    The counts come from one GROUP BY over (axis, zone, category) on a covering index, summed here per facet;
    it also gives the total, so the paginator does not count again."""
    vocab = vocabulary()
    cube = _cube(filters, vocab)
    wanted = _wanted(filters, vocab)
    total = sum(n for key, n in cube.items() if _matches(key, wanted))
    ids = Contribution.objects.filter(_conditions(filters, vocab)).order_by("-created_at", "-id")
    # Page the ids on the partial (created_at, id) indexes, then read only the page's rows with their joins.
    paginator = Paginator(ids.values_list("id", flat=True), per_page)
    paginator.__dict__["count"] = total  # a cached_property: the cube already counted
    id_page = paginator.get_page(page_number)
    page_ids = list(id_page.object_list)
    rows = _public_rows().in_bulk(page_ids) if page_ids else {}
    page: Page[Contribution] = Page([rows[pk] for pk in page_ids if pk in rows], id_page.number, paginator)  # type: ignore[arg-type]
    result = PublicList(page=page, total=total, filters=filters)
    if with_facets:
        _facets(result, filters, vocab, cube, wanted)
    return result


Cell = tuple[int | None, int | None, str]  # (axis_id, zona_id, actor_category)


def _cube(filters: dict[str, Any], vocab: Vocabulary) -> dict[Cell, int]:
    """Public contributions counted per (axis, zone, category), with only the filters that are not one of
    those three (process, strategy) applied: at most 6 × 12 × 3 rows."""
    only = {name: filters.get(name) for name in ("processo", "strategia")}
    rows = (
        Contribution.objects.filter(_conditions(only, vocab))
        .values_list("axis_id", "zona_id", "actor_category")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {(axis, zona, category): n for axis, zona, category, n in rows}


def _wanted(filters: dict[str, Any], vocab: Vocabulary) -> dict[int, Any]:
    """The cube coordinates the filters ask for (position in the cell → wanted value)."""
    wanted: dict[int, Any] = {}
    if filters.get("asse"):
        wanted[0] = vocab.axis_id(filters["asse"])
    if filters.get("zona"):
        wanted[1] = vocab.zona_id(filters["zona"])
    if filters.get("categoria"):
        wanted[2] = SENDER_TO_ACTOR.get(filters["categoria"], "-")
    return wanted


def _matches(cell: Cell, wanted: dict[int, Any], skip: int = -1) -> bool:
    return all(cell[i] == value for i, value in wanted.items() if i != skip)


def _counts(qs: QuerySet[Any], column: str) -> dict[Any, int]:
    return dict(qs.values_list(column).annotate(n=Count("*")).order_by())


def _facets(
    result: PublicList, filters: dict[str, Any], vocab: Vocabulary, cube: dict[Cell, int], wanted: dict[int, Any]
) -> None:
    per: list[dict[Any, int]] = [{}, {}, {}]
    for cell, n in cube.items():
        for position in range(3):
            if _matches(cell, wanted, skip=position):
                per[position][cell[position]] = per[position].get(cell[position], 0) + n
    by_axis, by_zona, by_category = per
    # The links carry copies of the contribution's axis, zone and category: filtered on their own index.
    links = ContributionStrategy.objects.filter(is_public=True)
    for position, column in enumerate(("axis_id", "zona_id", "actor_category")):
        if position in wanted:
            links = links.filter(**{column: wanted[position]})
    if filters.get("processo"):
        links = links.filter(contribution__process__slug=filters["processo"])
    by_strategy = _counts(links, "strategy_id")
    result.axes = [Facet(str(a.number), f"{a.number} – {a.title}", by_axis.get(a.pk, 0)) for a in vocab.axes]
    groups: dict[int, tuple[str, list[Facet]]] = {}
    for s in vocab.strategies:
        label = f"{s.axis.number} – {s.axis.title}"
        groups.setdefault(s.axis.number, (label, []))[1].append(
            Facet(s.code, f"{s.code} {s.title}", by_strategy.get(s.pk, 0))
        )
    result.strategies = list(groups.values())
    result.zones = [Facet(str(z.number), f"{z.number} – {z.name}", by_zona.get(z.pk, 0)) for z in vocab.zones]
    result.categories = [
        Facet(value, str(label), by_category.get(SENDER_TO_ACTOR[value], 0)) for value, label in SenderCategory.choices
    ]


def public_contribution_get(*, pk: int) -> Contribution | None:
    return (
        _public_base()
        .select_related("comune", "zona", "axis", "process")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(
            Prefetch("strategies", queryset=Strategy.objects.select_related("axis__plan").order_by("code"))
        )
        .filter(pk=pk)
        .first()
    )


def receipt_lookup(*, code: str, email: str) -> Contribution | None:
    """The contribution with that receipt code sent from that e-mail (both needed: the code alone says nothing)."""
    return (
        Contribution.objects.select_related("process")
        .filter(receipt_code=code, email=email.strip().lower(), is_anonymised=False)
        .first()
    )


# ---------------------------------------------------------------- moderation


def moderation_queue(*, status: str = ContributionStatus.RECEIVED) -> QuerySet[Contribution]:
    qs = Contribution.objects.all()
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("comune", "zona", "axis", "strategy", "process__plan", "moderated_by")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            Prefetch("strategies", queryset=Strategy.objects.order_by("code")),
            Prefetch("text_unit", queryset=TextUnit.objects.defer("vector")),
            Prefetch(
                "text_unit__links",
                queryset=StrategyLink.objects.filter(status=LinkStatus.SUGGESTED)
                .select_related("strategy")
                .order_by("rank"),
                to_attr="suggested_links",
            ),
        )
        .order_by("created_at", "pk" if status == ContributionStatus.RECEIVED else "-pk")
    )


def moderation_counts() -> dict[str, int]:
    return dict(Contribution.objects.values_list("status").annotate(n=Count("id")).order_by())


def moderation_contribution_get(*, pk: int) -> Contribution | None:
    return moderation_queue(status="").filter(pk=pk).first()


@dataclass(frozen=True)
class SimilarContribution:
    pk: int
    receipt_code: str
    title: str
    status: str
    score: float
    is_duplicate: bool


def similar_contributions(contributions: Sequence[Contribution]) -> dict[int, list[SimilarContribution]]:
    """«Simili»: for each contribution, the other contributions whose analysed texts are near-duplicates of it
    (from the analysis engine's stored vectors; a fixed number of queries for the page)."""
    from trama.analysis.selectors import duplicate_candidates

    texts = [c.text_unit for c in contributions if c.text_unit is not None]
    if not texts:
        return {}
    by_corpus: dict[str, list[TextUnit]] = {}
    for text in texts:
        by_corpus.setdefault(text.corpus, []).append(text)
    found: dict[int, list[Any]] = {}
    for corpus_texts in by_corpus.values():
        found.update(duplicate_candidates(corpus_texts, limit=3))
    refs = {s.text.source_ref for rows in found.values() for s in rows}
    ids = [int(ref.split(":", 1)[1]) for ref in refs if ref.startswith("contribution:") and ref[13:].isdigit()]
    others = {c.pk: c for c in Contribution.objects.filter(pk__in=ids).only("id", "receipt_code", "title", "status")}
    result: dict[int, list[SimilarContribution]] = {}
    for c in contributions:
        if c.text_unit is None:
            continue
        rows = []
        for s in found.get(c.text_unit.pk, []):
            ref = s.text.source_ref
            other = others.get(int(ref[13:])) if ref.startswith("contribution:") and ref[13:].isdigit() else None
            if other is not None and other.pk != c.pk:
                rows.append(
                    SimilarContribution(
                        other.pk, other.receipt_code, other.title, other.status, s.score, s.is_duplicate
                    )
                )
        result[c.pk] = rows
    return result


def sender_label(contribution: Contribution) -> str:
    return str(dict(SenderCategory.choices).get(ACTOR_TO_SENDER.get(contribution.actor_category, ""), ""))


def is_citizen(contribution: Contribution) -> bool:
    return contribution.actor_category == ActorCategory.CITIZEN
