"""Writes of the analysis engine: submit and analyse texts, confirm links, merge duplicates, manage themes."""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from trama.analysis.engine import dedup, themes
from trama.analysis.engine.embedders import Embedder, get_embedder, vector_from_bytes, vector_to_bytes
from trama.analysis.engine.linker import LinkResult, StrategyLinker, theme_features
from trama.analysis.engine.textproc import stems
from trama.analysis.models import LinkState, LinkStatus, StrategyLink, TextKind, TextUnit, Theme, ThemeMember
from trama.analysis.training import linker_for_current_plan
from trama.plans.models import Strategy

# A new text joins the nearest theme only if it is at least this close to its centre.
JOIN_MIN_SIMILARITY = 0.35


def embedder() -> Embedder:
    return get_embedder(settings.ANALYSIS_BACKEND)


# ---------------------------------------------------------------- texts


@transaction.atomic
def text_submit(
    *,
    corpus: str,
    body: str,
    kind: str = TextKind.OTHER,
    author_label: str = "",
    source_ref: str = "",
    client_key: uuid.UUID | None = None,
    analyse: bool = True,
) -> TextUnit:
    """Store a text and queue its analysis (embedding, strategy suggestions, theme) off the request path
    (``analyse=False``: the caller analyses it, e.g. in a batch with ``texts_analyse``).

    A retried submission with the same `client_key` returns the text stored the first time.
    """
    if client_key is not None:
        existing = TextUnit.objects.filter(client_key=client_key).first()
        if existing is not None:
            return existing
    text = TextUnit(
        corpus=corpus,
        body=body.strip(),
        kind=kind,
        author_label=author_label,
        source_ref=source_ref,
        client_key=client_key,
    )
    text.full_clean()
    text.save()
    from trama.analysis.tasks import analyse_text

    pk = text.pk
    if analyse:
        transaction.on_commit(lambda: analyse_text.enqueue(text_id=pk))
    return text


@transaction.atomic
def text_revise(*, text: TextUnit, body: str) -> TextUnit:
    """The words of a text changed at their source (an interview's notes edited): the same text takes the new
    body and is analysed again. What the engine made of the old words goes (its suggestions, its theme); what a
    person decided stays (confirmed and rejected links). An unchanged body changes nothing."""
    body = body.strip()
    if body == text.body:
        return text
    text.body = body
    text.full_clean()
    text.vector, text.model_id, text.embedded_at = None, "", None
    StrategyLink.objects.filter(text=text, status=LinkStatus.SUGGESTED).delete()
    confirmed = StrategyLink.objects.filter(text=text, status=LinkStatus.CONFIRMED).exists()
    text.link_state = LinkState.CONFIRMED if confirmed else LinkState.PENDING
    text.save(update_fields=["body", "vector", "model_id", "embedded_at", "link_state"])
    ThemeMember.objects.filter(text=text).delete()
    Theme.objects.filter(example=text).update(example=None)  # a theme no longer quotes words it was not made of
    from trama.analysis.tasks import analyse_text

    pk = text.pk
    transaction.on_commit(lambda: analyse_text.enqueue(text_id=pk))
    return text


@transaction.atomic
def text_withdraw(*, text: TextUnit) -> None:
    """The text's source no longer has it (an interview's notes emptied): it leaves its corpus. Texts marked
    as its duplicates become texts of their own again, so nothing said elsewhere disappears with it."""
    TextUnit.objects.filter(duplicate_of=text).update(duplicate_of=None, merged_by=None)
    text.delete()


def text_analyse(*, text_id: int) -> TextUnit | None:
    """Embed a text, suggest its strategies and put it in the nearest theme. Idempotent."""
    done = texts_analyse(text_ids=[text_id])
    return done[0] if done else None


def texts_analyse(*, text_ids: Sequence[int]) -> list[TextUnit]:
    """``text_analyse`` for a batch: one embedder call and one linker for all of them (a live day's ideas
    arrive by the hundred). Texts that no longer exist are skipped. Idempotent."""
    found = list(TextUnit.objects.filter(pk__in=list(text_ids)).order_by("pk").only("pk", "body"))
    if not found:
        return []
    model = embedder()
    vectors = model.embed([t.body for t in found], kind="query")
    linker = linker_for_current_plan(model)
    suggestions = linker.suggest_vectors(vectors) if linker is not None else None
    done = []
    for n, found_text in enumerate(found):
        vector = vectors[n]
        with transaction.atomic():
            text = TextUnit.objects.select_for_update().filter(pk=found_text.pk).first()
            if text is None:
                continue
            text.vector, text.model_id, text.embedded_at = vector_to_bytes(vector), model.model_id, timezone.now()
            update = ["vector", "model_id", "embedded_at"]
            if suggestions is not None and text.link_state in (LinkState.PENDING, LinkState.SUGGESTED):
                _store_suggestions(text, suggestions[n])
                update.append("link_state")
            text.save(update_fields=update)
            text_join_theme(text=text, vector=vector)
        done.append(text)
    return done


def _store_suggestions(text: TextUnit, result: LinkResult) -> None:
    strategies = {
        s.code: s
        for s in Strategy.objects.filter(code__in=[x.code for x in result.suggestions], axis__plan__is_current=True)
    }
    StrategyLink.objects.filter(text=text, status=LinkStatus.SUGGESTED).delete()
    decided = set(StrategyLink.objects.filter(text=text).values_list("strategy__code", flat=True))
    StrategyLink.objects.bulk_create(
        StrategyLink(text=text, strategy=strategies[s.code], score=s.score, rank=rank)
        for rank, s in enumerate(result.suggestions, start=1)
        if s.code in strategies and s.code not in decided
    )
    text.link_state = LinkState.NONE if result.is_none else LinkState.SUGGESTED


def texts_analyse_pending(*, limit: int = 500) -> int:
    """Analyse texts never embedded, or embedded with another model (after a backend change)."""
    model_id = embedder().model_id
    pending = TextUnit.objects.exclude(model_id=model_id).values_list("pk", flat=True)[:limit]
    count = 0
    for pk in list(pending):
        text_analyse(text_id=pk)
        count += 1
    return count


# ---------------------------------------------------------------- strategy links


@transaction.atomic
def link_confirm(*, text: TextUnit, strategy: Strategy, by: Any) -> StrategyLink:
    """A person says the text speaks to this strategy (suggested or chosen by hand)."""
    link, _created = StrategyLink.objects.get_or_create(text=text, strategy=strategy, defaults={"rank": 0})
    link.status, link.decided_by, link.decided_at = LinkStatus.CONFIRMED, by, timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    text.link_state = LinkState.CONFIRMED
    text.save(update_fields=["link_state"])
    return link


@transaction.atomic
def link_reject(*, link: StrategyLink, by: Any) -> StrategyLink:
    link.status, link.decided_by, link.decided_at = LinkStatus.REJECTED, by, timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    text = link.text
    if not text.links.filter(status__in=[LinkStatus.CONFIRMED, LinkStatus.SUGGESTED]).exists():
        text.link_state = LinkState.NONE
        text.save(update_fields=["link_state"])
    return link


@transaction.atomic
def text_mark_no_strategy(*, text: TextUnit, by: Any) -> TextUnit:
    """«Altro / nessuna»: the text speaks to no strategy of the plan; pending suggestions are rejected."""
    text.links.update(status=LinkStatus.REJECTED, decided_by=by, decided_at=timezone.now())
    text.link_state = LinkState.NONE
    text.save(update_fields=["link_state"])
    return text


# ---------------------------------------------------------------- near-duplicates


@dataclass(frozen=True)
class SimilarText:
    text: TextUnit
    score: float  # probability that it is a duplicate
    is_duplicate: bool


@dataclass
class CorpusMatrix:
    ids: list[int]
    vectors: np.ndarray  # centred unit embeddings
    profiles: np.ndarray  # strategy probabilities
    stems: list[frozenset[str]]
    shingles: list[frozenset[str]]


def _comparable(vectors: np.ndarray, linker: StrategyLinker | None) -> tuple[np.ndarray, np.ndarray]:
    """(centred vectors, strategy profiles) for near-duplicate features; without a plan, the raw vectors twice."""
    if linker is None:
        return vectors, vectors
    return linker.centre(vectors), linker.probabilities(vectors)


_matrices: dict[tuple[str, str], tuple[object, CorpusMatrix]] = {}
_matrices_lock = threading.Lock()


def corpus_matrix(corpus: str, model_id: str, linker: StrategyLinker | None = None) -> CorpusMatrix:
    """The original texts of a corpus ready for comparison, cached until a text is added, analysed or merged."""
    qs = TextUnit.objects.in_corpus(corpus).originals().embedded_with(model_id)
    linker = linker or linker_for_current_plan(embedder())
    version = (qs.count(), qs.aggregate(last=Max("embedded_at"))["last"], id(linker))
    with _matrices_lock:
        cached = _matrices.get((corpus, model_id))
        if cached and cached[0] == version:
            return cached[1]
    rows = list(qs.order_by("pk").values_list("pk", "vector", "body"))
    raw = np.vstack([vector_from_bytes(r[1]) for r in rows]) if rows else np.zeros((0, 1), np.float32)
    vectors, profiles = _comparable(raw, linker) if rows else (raw, raw)
    matrix = CorpusMatrix(
        ids=[r[0] for r in rows],
        vectors=vectors,
        profiles=profiles,
        stems=[frozenset(stems(r[2])) for r in rows],
        shingles=[dedup.shingles(r[2]) for r in rows],
    )
    with _matrices_lock:
        _matrices[(corpus, model_id)] = (version, matrix)
    return matrix


def similar_in_matrix(
    matrix: CorpusMatrix,
    *,
    vector: np.ndarray,
    body: str,
    linker: StrategyLinker | None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[tuple[int, float, bool]]:
    """(text id, duplicate probability, is duplicate) of the closest texts of a corpus matrix."""
    if not matrix.ids:
        return []
    model = embedder()
    query, profile = _comparable(vector[None, :], linker)
    features = dedup.pair_features(
        query[0],
        profile,
        frozenset(stems(body)),
        matrix.vectors,
        matrix.profiles,
        matrix.stems,
        dedup.shingles(body),
        matrix.shingles,
    )
    found = dedup.find_similar(features, backend=model.name, limit=limit + 1)
    return [(matrix.ids[f.index], f.probability, f.is_duplicate) for f in found if matrix.ids[f.index] != exclude_id][
        :limit
    ]


def similar_texts(*, corpus: str, body: str, exclude_id: int | None = None, limit: int = 5) -> list[SimilarText]:
    """«Contributi simili già inviati»: the original texts of the corpus most likely to say the same thing."""
    model = embedder()
    linker = linker_for_current_plan(model)
    matrix = corpus_matrix(corpus, model.model_id, linker)
    if not matrix.ids:
        return []
    vector = model.embed([body], kind="query")[0]
    found = similar_in_matrix(matrix, vector=vector, body=body, linker=linker, exclude_id=exclude_id, limit=limit)
    texts = TextUnit.objects.in_bulk([pk for pk, _p, _d in found])
    return [SimilarText(texts[pk], probability, is_dup) for pk, probability, is_dup in found if pk in texts]


@transaction.atomic
def duplicate_merge(*, original: TextUnit, duplicate: TextUnit, by: Any) -> TextUnit:
    """Mark `duplicate` as a duplicate of `original`; both texts and authors are kept (traceability)."""
    root = original
    while root.duplicate_of is not None:
        root = root.duplicate_of
    if root.pk == duplicate.pk:
        raise ValueError("a text cannot be a duplicate of itself")
    # Texts already merged into the duplicate follow it to the root, so chains stay one level deep.
    TextUnit.objects.filter(duplicate_of=duplicate).update(duplicate_of=root)
    duplicate.duplicate_of, duplicate.merged_by = root, by
    duplicate.save(update_fields=["duplicate_of", "merged_by"])
    ThemeMember.objects.filter(text=duplicate, pinned=False).delete()
    return duplicate


# ---------------------------------------------------------------- themes


def text_join_theme(*, text: TextUnit, vector: np.ndarray | None = None) -> ThemeMember | None:
    """Put a new text in the nearest active theme of its corpus (one dot product per theme)."""
    if text.duplicate_of_id is not None or text.vector is None:
        return None
    vector = vector if vector is not None else vector_from_bytes(text.vector)
    active = list(Theme.objects.filter(corpus=text.corpus, model_id=text.model_id, merged_into__isnull=True))
    features = theme_features(vector, linker_for_current_plan(embedder()))[0]
    centroids = [vector_from_bytes(t.centroid) for t in active]
    if not active or any(len(c) != len(features) for c in centroids):
        return None  # no themes yet, or themes made before the plan changed: the next re-clustering places it
    index, score = themes.nearest(features, np.vstack(centroids))
    if score < JOIN_MIN_SIMILARITY:
        return None
    member, _created = ThemeMember.objects.update_or_create(theme=active[index], text=text, defaults={"score": score})
    return member


@dataclass
class ReclusterSummary:
    corpus: str
    texts: int
    themes: int
    kept: int
    created: int
    removed: int


@transaction.atomic
def themes_recluster(*, corpus: str, k: int | None = None) -> ReclusterSummary:
    """Re-cluster a corpus, warm-started from its current themes so that ids, names and edits survive.

    - active themes seed the run (slot i continues theme i) and keep their id;
    - texts a person pinned to a theme stay there;
    - labels are recomputed, except those a person chose;
    - themes left empty are removed (unless a person named them).
    """
    model_id = embedder().model_id
    rows = list(
        TextUnit.objects.in_corpus(corpus)
        .originals()
        .embedded_with(model_id)
        .order_by("pk")
        .values_list("pk", "vector", "body")
    )
    if len(rows) < 2:
        return ReclusterSummary(corpus, len(rows), 0, 0, 0, 0)
    ids = [r[0] for r in rows]
    # Clustered on the embedding plus the plan's strategy profile (see linker.theme_features).
    vectors = theme_features(np.vstack([vector_from_bytes(r[1]) for r in rows]), linker_for_current_plan(embedder()))
    bodies = [r[2] for r in rows]
    current = list(Theme.objects.filter(corpus=corpus, model_id=model_id, merged_into__isnull=True).order_by("pk"))
    seed_rows = [vector_from_bytes(t.centroid) for t in current]
    seeds = np.vstack(seed_rows) if current and all(len(r) == vectors.shape[1] for r in seed_rows) else None
    k = k or max(len(current), themes.default_k(len(rows)))
    result = themes.cluster(vectors, k=k, seeds=seeds)
    labels = result.labels.copy()

    position = {pk: i for i, pk in enumerate(ids)}
    slot_of_theme = {t.pk: i for i, t in enumerate(current)}
    pinned = ThemeMember.objects.filter(theme__in=current, pinned=True).values_list("text_id", "theme_id")
    pinned_pairs = [(position[text_id], slot_of_theme[theme_id]) for text_id, theme_id in pinned if text_id in position]
    for index, slot in pinned_pairs:
        labels[index] = slot

    centroids = result.centroids.copy()
    for slot in range(len(centroids)):
        members = labels == slot
        if members.any():
            mean = vectors[members].mean(axis=0)
            centroids[slot] = mean / (np.linalg.norm(mean) or 1.0)
    names = themes.label_clusters(bodies, labels, vectors, centroids)

    kept = created = removed = 0
    slot_theme: dict[int, Theme] = {}
    for slot in range(len(centroids)):
        theme = current[slot] if slot < len(current) else None
        label = names.get(slot)
        if label is None:  # an empty slot
            if theme is not None and not theme.label_locked:
                theme.delete()
                removed += 1
            continue
        if theme is None:
            theme = Theme(corpus=corpus, model_id=model_id)
            created += 1
        else:
            kept += 1
        if not theme.label_locked:
            theme.label = label.text or f"Tema {slot + 1}"
        theme.keywords = list(label.keywords)
        theme.example_id = ids[label.example_index]
        theme.centroid = vector_to_bytes(centroids[slot])
        theme.save()
        slot_theme[slot] = theme

    pinned_keys = {(ids[i], slot_theme[s].pk) for i, s in pinned_pairs if s in slot_theme}
    ThemeMember.objects.filter(theme__corpus=corpus, pinned=False).delete()
    scores = (vectors * centroids[labels]).sum(axis=1)
    ThemeMember.objects.bulk_create(
        [
            ThemeMember(theme=slot_theme[int(slot)], text_id=ids[i], score=float(scores[i]))
            for i, slot in enumerate(labels)
            if int(slot) in slot_theme and (ids[i], slot_theme[int(slot)].pk) not in pinned_keys
        ],
        ignore_conflicts=True,
    )
    return ReclusterSummary(corpus, len(rows), len(slot_theme), kept, created, removed)


@transaction.atomic
def theme_rename(*, theme: Theme, label: str, by: Any) -> Theme:
    theme.label, theme.label_locked = label.strip(), True
    theme.full_clean()
    theme.save(update_fields=["label", "label_locked", "updated_at"])
    return theme


def _member_features(vectors: list[np.ndarray]) -> np.ndarray:
    return theme_features(np.vstack(vectors), linker_for_current_plan(embedder()))


def _refresh_centroid(theme: Theme) -> None:
    vectors = [vector_from_bytes(v) for v in theme.members.values_list("vector", flat=True) if v is not None]
    if vectors:
        mean = _member_features(vectors).mean(axis=0)
        theme.centroid = vector_to_bytes(mean / (np.linalg.norm(mean) or 1.0))
        theme.save(update_fields=["centroid", "updated_at"])


@transaction.atomic
def themes_merge(*, target: Theme, others: list[Theme], by: Any) -> Theme:
    """Merge themes into `target`: their texts move (pinned, so re-clustering keeps them together)."""
    for other in others:
        if other.pk == target.pk or other.corpus != target.corpus:
            continue
        for member in other.memberships.all():
            ThemeMember.objects.update_or_create(
                theme=target, text_id=member.text_id, defaults={"score": member.score, "pinned": True}
            )
        other.memberships.all().delete()
        other.merged_into = target
        other.save(update_fields=["merged_into", "updated_at"])
    target.memberships.update(pinned=True)
    _refresh_centroid(target)
    return target


@transaction.atomic
def theme_split(*, theme: Theme, by: Any) -> Theme:
    """Split a theme in two by 2-means on its texts; the second half becomes a new theme."""
    members = list(theme.memberships.select_related("text"))
    if len(members) < 2:
        raise ValueError("a theme needs at least two texts to be split")
    vectors = _member_features([vector_from_bytes(m.text.vector) for m in members if m.text.vector is not None])
    result = themes.cluster(vectors, k=2)
    bodies = [m.text.body for m in members]
    names = themes.label_clusters(bodies, result.labels, vectors, result.centroids)
    new = Theme(
        corpus=theme.corpus,
        model_id=theme.model_id,
        label=names[1].text if 1 in names and names[1].text else f"{theme.label} (2)",
        keywords=list(names[1].keywords) if 1 in names else [],
        centroid=vector_to_bytes(result.centroids[1]),
    )
    new.save()
    moved = [m for m, label in zip(members, result.labels, strict=True) if label == 1]
    ThemeMember.objects.filter(pk__in=[m.pk for m in moved]).update(theme=new, pinned=True)
    theme.memberships.update(pinned=True)
    theme.centroid = vector_to_bytes(result.centroids[0])
    if not theme.label_locked and 0 in names and names[0].text:
        theme.label = names[0].text
    theme.save()
    return new


def theme_strategies(themes_list: list[Theme]) -> dict[int, list[tuple[str, int]]]:
    """For each theme, the strategies its texts are linked to (confirmed or suggested first), with counts."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    links = StrategyLink.objects.filter(
        text__theme_memberships__theme__in=themes_list,
        status__in=[LinkStatus.CONFIRMED, LinkStatus.SUGGESTED],
        rank__lte=1,
    ).values_list("text__theme_memberships__theme_id", "strategy__code")
    for theme_id, code in links:
        counts[theme_id][code] += 1
    return {tid: sorted(c.items(), key=lambda kv: -kv[1])[:3] for tid, c in counts.items()}
