"""Reads of contributions: the public list with its facet counts, the detail, the receipt lookup, the queue.

The public list costs a fixed number of queries whatever the number of rows: one count, one page, one
prefetch of the page's strategies and one GROUP BY per facet, all on `is_public` indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet

from trama.actors.models import ActorCategory
from trama.analysis.models import LinkStatus, StrategyLink, TextUnit
from trama.participation.models import (
    ACTOR_TO_SENDER,
    SENDER_TO_ACTOR,
    Attachment,
    Contribution,
    ContributionStatus,
    SenderCategory,
)
from trama.plans.models import Axis, PlanVersion, Strategy
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


def _apply(qs: QuerySet[Contribution], filters: dict[str, Any], skip: str = "") -> QuerySet[Contribution]:
    if filters.get("processo") and skip != "processo":
        qs = qs.filter(process__slug=filters["processo"])
    if filters.get("asse") and skip != "asse":
        qs = qs.filter(axis__number=filters["asse"], axis__plan__is_current=True)
    if filters.get("strategia") and skip != "strategia":
        qs = qs.filter(strategies__code=filters["strategia"], strategies__axis__plan__is_current=True)
    if filters.get("zona") and skip != "zona":
        qs = qs.filter(zona__number=filters["zona"])
    if filters.get("categoria") and skip != "categoria":
        qs = qs.filter(actor_category=SENDER_TO_ACTOR.get(filters["categoria"], "-"))
    return qs


def public_plan() -> PlanVersion | None:
    return PlanVersion.objects.filter(is_current=True).first()


def public_queryset(*, filters: dict[str, Any]) -> QuerySet[Contribution]:
    """Only the public fields, newest first, with the strategies in one more query."""
    return (
        _apply(_public_base(), filters)
        .select_related("comune", "zona", "axis", "process")
        .only(*PUBLIC_FIELDS)
        .prefetch_related(Prefetch("strategies", queryset=Strategy.objects.only("id", "code", "title")))
        .order_by("-created_at", "-id")
    )


def public_contributions(
    *, filters: dict[str, Any], page_number: Any = 1, per_page: int = PER_PAGE, with_facets: bool = True
) -> PublicList:
    """Approved contributions the senders consented to publish, newest first, with counts per facet (each
    facet counted with the other filters applied, so a count says what choosing it would show)."""
    page = Paginator(public_queryset(filters=filters), per_page).get_page(page_number)
    result = PublicList(page=page, total=page.paginator.count, filters=filters)
    if with_facets:
        _facets(result, filters)
    return result


def _facets(result: PublicList, filters: dict[str, Any]) -> None:
    plan = public_plan()
    by_axis = dict(
        _apply(_public_base(), filters, skip="asse")
        .filter(axis__plan=plan)
        .values_list("axis__number")
        .annotate(n=Count("id"))
        .order_by()
    )
    through: Any = Contribution.strategies.through
    by_strategy = dict(
        through.objects.filter(
            contribution__in=_apply(_public_base(), filters, skip="strategia"), strategy__axis__plan=plan
        )
        .values_list("strategy__code")
        .annotate(n=Count("contribution_id"))
        .order_by()
    )
    by_zona = dict(
        _apply(_public_base(), filters, skip="zona")
        .exclude(zona=None)
        .values_list("zona__number")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_category = dict(
        _apply(_public_base(), filters, skip="categoria")
        .values_list("actor_category")
        .annotate(n=Count("id"))
        .order_by()
    )
    if plan is not None:
        axes = list(Axis.objects.filter(plan=plan).order_by("number").only("number", "title"))
        result.axes = [Facet(str(a.number), f"{a.number} – {a.title}", by_axis.get(a.number, 0)) for a in axes]
        strategies = Strategy.objects.filter(axis__plan=plan).select_related("axis").order_by("axis__number", "code")
        groups: dict[int, tuple[str, list[Facet]]] = {}
        for s in strategies.only("code", "title", "axis__number", "axis__title"):
            label = f"{s.axis.number} – {s.axis.title}"
            groups.setdefault(s.axis.number, (label, []))[1].append(
                Facet(s.code, f"{s.code} {s.title}", by_strategy.get(s.code, 0))
            )
        result.strategies = list(groups.values())
    result.zones = [
        Facet(str(z.number), f"{z.number} – {z.name}", by_zona.get(z.number, 0))
        for z in ZonaOmogenea.objects.order_by("number").only("number", "name")
    ]
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
