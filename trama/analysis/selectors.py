"""Reads for the staff analysis pages: corpora, the texts of a board with their links, duplicate candidates, themes.

Each read is a fixed number of queries, however many texts a page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from trama.analysis import services
from trama.analysis.engine.embedders import vector_from_bytes
from trama.analysis.models import LinkState, StrategyLink, TextUnit, Theme
from trama.analysis.services import SimilarText
from trama.analysis.training import linker_for_current_plan
from trama.plans.models import Strategy
from trama.plans.selectors import current_plan


@dataclass(frozen=True)
class CorpusSummary:
    corpus: str
    texts: int
    originals: int
    themes: int
    pending: int


def corpora_with_counts() -> list[CorpusSummary]:
    """Every corpus that has texts or themes, with its counts (two queries)."""
    texts = {
        row["corpus"]: row
        for row in TextUnit.objects.values("corpus")
        .order_by("corpus")
        .annotate(
            texts=Count("pk"),
            originals=Count("pk", filter=Q(duplicate_of__isnull=True)),
            pending=Count("pk", filter=Q(link_state=LinkState.PENDING)),
        )
    }
    themes = dict(
        Theme.objects.filter(merged_into__isnull=True)
        .values("corpus")
        .order_by("corpus")
        .annotate(n=Count("pk"))
        .values_list("corpus", "n")
    )
    return [
        CorpusSummary(
            corpus=name,
            texts=texts.get(name, {}).get("texts", 0),
            originals=texts.get(name, {}).get("originals", 0),
            themes=themes.get(name, 0),
            pending=texts.get(name, {}).get("pending", 0),
        )
        for name in sorted(set(texts) | set(themes))
    ]


def corpus_state_counts(corpus: str) -> dict[str, int]:
    """How many texts of the corpus are in each link state (one query)."""
    rows = TextUnit.objects.in_corpus(corpus).values("link_state").order_by("link_state").annotate(n=Count("pk"))
    return {row["link_state"]: row["n"] for row in rows}


def corpus_texts(corpus: str, *, state: str = "") -> QuerySet[TextUnit]:
    """The texts of a corpus, newest first, with their strategy links and strategies prefetched."""
    links = StrategyLink.objects.select_related("strategy").order_by("rank", "pk")
    texts = TextUnit.objects.in_corpus(corpus).prefetch_related(Prefetch("links", queryset=links))
    if state:
        texts = texts.filter(link_state=state)
    return texts


def get_text_in_corpus_or_404(corpus: str, text_id: int) -> TextUnit:
    return get_object_or_404(TextUnit, corpus=corpus, pk=text_id)


def get_text_with_links_or_404(corpus: str, text_id: int) -> TextUnit:
    return get_object_or_404(corpus_texts(corpus), pk=text_id)


def get_theme_in_corpus_or_404(corpus: str, theme_id: int) -> Theme:
    """An active theme of this corpus; a theme of another corpus, or merged away, is a 404."""
    return get_object_or_404(Theme, corpus=corpus, merged_into__isnull=True, pk=theme_id)


def duplicate_candidates(texts: Sequence[TextUnit], *, limit: int = 3) -> dict[int, list[SimilarText]]:
    """For each original text already analysed, its closest other originals (as `services.similar_texts`).

    The texts' stored vectors are compared with the corpus matrix once for the
    whole page instead of re-embedding each body: a fixed number of queries.
    """
    model = services.embedder()
    originals = [t for t in texts if t.duplicate_of_id is None and t.model_id == model.model_id and t.vector]
    if not originals:
        return {}
    corpus = originals[0].corpus
    linker = linker_for_current_plan(model)
    matrix = services.corpus_matrix(corpus, model.model_id, linker)
    if not matrix.ids:
        return {}
    found = {
        text.pk: services.similar_in_matrix(
            matrix,
            vector=vector_from_bytes(text.vector),
            body=text.body,
            linker=linker,
            exclude_id=text.pk,
            limit=limit,
        )
        for text in originals
    }
    bodies = TextUnit.objects.defer("vector").in_bulk({pk for rows in found.values() for pk, _, _ in rows})
    return {
        text_id: [SimilarText(bodies[pk], score, dup) for pk, score, dup in rows if pk in bodies]
        for text_id, rows in found.items()
    }


def plan_strategies() -> QuerySet[Strategy]:
    """The strategies of the current plan, the ones a person can link a text to."""
    plan = current_plan()
    if plan is None:
        return Strategy.objects.none()
    return Strategy.objects.filter(axis__plan=plan).select_related("axis").order_by("axis__number", "code")


def corpus_themes(corpus: str) -> list[Theme]:
    """The active themes of a corpus with their example text and a `texts_count` (one query)."""
    return list(
        Theme.objects.filter(corpus=corpus, merged_into__isnull=True)
        .select_related("example")
        .defer("centroid", "example__vector")
        .annotate(texts_count=Count("memberships"))
        .order_by("pk")
    )
