"""Reads across the plan tables: trees, search, version comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from trama.plans.models import Action, Axis, PlanVersion, Strategy


def current_plan() -> PlanVersion | None:
    return PlanVersion.objects.filter(is_current=True).first() or PlanVersion.objects.first()


def get_plan_or_404(code: str) -> PlanVersion:
    return get_object_or_404(PlanVersion.objects.with_counts(), code=code)


def plan_axes_with_strategies(plan: PlanVersion) -> QuerySet[Axis]:
    """Axes of a plan, each with its strategies (and their action counts) prefetched: two queries."""
    strategies = Strategy.objects.annotate(actions_count=Count("actions")).order_by("code")
    return plan.axes.order_by("number").prefetch_related(Prefetch("strategies", queryset=strategies))


def axis_strategies_with_actions(axis: Axis) -> QuerySet[Strategy]:
    return axis.strategies.order_by("code").prefetch_related(Prefetch("actions", Action.objects.order_by("code")))


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "axis" | "strategy" | "action"
    code: str
    title: str
    snippet: str
    url: str
    plan_title: str
    is_sample: bool


_WORD = re.compile(r"\w+", re.UNICODE)


def _contains_all_words(fields: tuple[str, ...], words: list[str]) -> Q:
    query = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        query &= any_field
    return query


def plan_search(*, query: str, plan: PlanVersion | None = None, limit: int = 50) -> list[SearchHit]:
    """Search axes, strategies and actions.

    On PostgreSQL: full-text search with the Italian configuration (stemming and
    stop words: «connessioni» finds «connessione»), ranked, titles weighted
    over descriptions. On SQLite: every word must appear as a substring
    (case-insensitive), in plan order.
    """
    words = _WORD.findall(query.lower())
    if not words:
        return []
    axes = Axis.objects.select_related("plan")
    strategies = Strategy.objects.select_related("axis__plan")
    actions = Action.objects.select_related("strategy__axis__plan")
    if plan is not None:
        axes = axes.filter(plan=plan)
        strategies = strategies.filter(axis__plan=plan)
        actions = actions.filter(strategy__axis__plan=plan)

    if connection.vendor == "postgresql":
        search = SearchQuery(query, config="italian", search_type="websearch")
        vector = SearchVector("title", weight="A", config="italian") + SearchVector(
            "description", weight="B", config="italian"
        )
        # Match with @@ (every word, stemmed), then order by rank: ts_rank alone also scores partial matches.
        axes = axes.annotate(document=vector, rank=SearchRank(vector, search)).filter(document=search)
        strategies = strategies.annotate(document=vector, rank=SearchRank(vector, search)).filter(document=search)
        actions = actions.annotate(document=vector, rank=SearchRank(vector, search)).filter(document=search)
        axes, strategies, actions = axes.order_by("-rank"), strategies.order_by("-rank"), actions.order_by("-rank")
    else:
        fields = ("title", "description")
        axes = axes.filter(_contains_all_words(fields, words))
        strategies = strategies.filter(_contains_all_words(fields, words))
        actions = actions.filter(_contains_all_words(fields, words))

    hits: list[SearchHit] = []
    for axis in axes[:limit]:
        hits.append(
            SearchHit(
                "axis", str(axis.number), axis.title, _snippet(axis.description, words), axis.get_absolute_url(),
                axis.plan.title, axis.is_sample,
            )
        )  # fmt: skip
    for strategy in strategies[:limit]:
        hits.append(
            SearchHit(
                "strategy", strategy.code, strategy.title, _snippet(strategy.description, words),
                strategy.get_absolute_url(), strategy.axis.plan.title, strategy.is_sample,
            )
        )  # fmt: skip
    for action in actions[:limit]:
        hits.append(
            SearchHit(
                "action", action.code, action.title, _snippet(action.description, words),
                action.get_absolute_url(), action.strategy.axis.plan.title, action.is_sample,
            )
        )  # fmt: skip
    return hits


def _snippet(text: str, words: list[str], width: int = 180) -> str:
    if not text:
        return ""
    lower = text.lower()
    positions = [lower.find(w) for w in words if lower.find(w) >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


# ---------------------------------------------------------------- comparison


class Change(StrEnum):
    KEPT = "kept"
    REVISED = "revised"
    NEW = "new"
    DROPPED = "dropped"


CHANGE_LABELS = {
    Change.KEPT: _("Confermata"),
    Change.REVISED: _("Rivista"),
    Change.NEW: _("Nuova"),
    Change.DROPPED: _("Non riproposta"),
}

# Below this title similarity two strategies are not considered the same one.
REVISED_MIN_SIMILARITY = 0.6


@dataclass(frozen=True)
class StrategyChange:
    change: Change
    old: Strategy | None
    new: Strategy | None
    similarity: float

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self.change])


def _normalise(title: str) -> str:
    return " ".join(_WORD.findall(title.lower()))


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _normalise(a), _normalise(b)).ratio()


def plan_compare(*, old: PlanVersion, new: PlanVersion) -> list[StrategyChange]:
    """Classify strategies as kept, revised, new or dropped between two plan versions.

    An explicit link (Strategy.previous, set by the plan office or the import
    file) decides first; the remaining strategies are paired by title
    similarity, best pairs first. Same normalised title = kept.
    """
    old_strategies = list(Strategy.objects.filter(axis__plan=old).select_related("axis").order_by("code"))
    new_strategies = list(Strategy.objects.filter(axis__plan=new).select_related("axis").order_by("code"))
    old_by_id = {s.pk: s for s in old_strategies}
    pairs: dict[int, tuple[Strategy, float]] = {}  # new.pk -> (old, similarity)
    used_old: set[int] = set()

    for strategy in new_strategies:
        if strategy.previous_id in old_by_id and strategy.previous_id not in used_old:
            predecessor = old_by_id[strategy.previous_id]
            pairs[strategy.pk] = (predecessor, _similarity(predecessor.title, strategy.title))
            used_old.add(predecessor.pk)

    candidates = sorted(
        (
            (_similarity(o.title, n.title), o.pk, n.pk)
            for n in new_strategies
            if n.pk not in pairs
            for o in old_strategies
            if o.pk not in used_old
        ),
        reverse=True,
    )
    for score, old_pk, new_pk in candidates:
        if score < REVISED_MIN_SIMILARITY:
            break
        if old_pk in used_old or new_pk in pairs:
            continue
        pairs[new_pk] = (old_by_id[old_pk], score)
        used_old.add(old_pk)

    changes: list[StrategyChange] = []
    for strategy in new_strategies:
        if strategy.pk in pairs:
            predecessor, score = pairs[strategy.pk]
            same = _normalise(predecessor.title) == _normalise(strategy.title)
            changes.append(StrategyChange(Change.KEPT if same else Change.REVISED, predecessor, strategy, score))
        else:
            changes.append(StrategyChange(Change.NEW, None, strategy, 0.0))
    for strategy in old_strategies:
        if strategy.pk not in used_old:
            changes.append(StrategyChange(Change.DROPPED, strategy, None, 0.0))
    return changes
