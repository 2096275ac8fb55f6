"""Which theme a new idea probably belongs to. One function, so the live module does not depend on how
the analysis engine works inside: it borrows the engine's Italian stemmer and compares word stems; dissent
goes to the dissent lane; with no match, the theme of the table's axis, if the regia made one.

Cheap at the design load (600 ideas a minute, 12-20 themes): only the new idea is stemmed (its stems are
stored on the idea, ``Idea.terms``); each theme's vocabulary is its label plus the stored stems of the
board's recent ideas, read in one query. The analysis engine's strategy suggestions come later, off the
request path (``trama.live.tasks``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from trama.analysis.engine.textproc import stems
from trama.live.models import Idea, IdeaTheme, Theme

# Share of the idea's stems that a theme's vocabulary must cover to be suggested.
MIN_OVERLAP = 0.34
# How many recent ideas (per theme, on average) describe the themes' vocabulary, besides their labels.
PROFILE_IDEAS = 20


@lru_cache(maxsize=4096)
def _stem_set(text: str) -> frozenset[str]:
    """Stems of a text; cached (theme labels are compared at every new submission)."""
    return frozenset(s for s in stems(text) if len(s) > 2)


def idea_terms(text: str) -> str:
    """The stems the suggestion compares, space separated: stored on the idea when it arrives."""
    return " ".join(sorted(_stem_set(text)))


def _idea_words(idea: Idea) -> frozenset[str]:
    return frozenset(idea.terms.split()) if idea.terms else _stem_set(idea.text)


def theme_profiles(themes: Sequence[Theme], *, exclude_idea_id: int | None = None) -> dict[int, set[str]]:
    """Each theme's vocabulary: its label's stems and the stored stems of the board's recent ideas (one
    query, nothing stemmed but the labels, which are cached)."""
    profile: dict[int, set[str]] = defaultdict(set)
    for theme in themes:
        profile[theme.pk] |= _stem_set(theme.label)
    if not themes:
        return profile
    recent = IdeaTheme.objects.filter(theme_id__in=[t.pk for t in themes])
    if exclude_idea_id is not None:
        recent = recent.exclude(idea_id=exclude_idea_id)
    for theme_id, terms in recent.order_by("-pk").values_list("theme_id", "idea__terms")[: PROFILE_IDEAS * len(themes)]:
        profile[theme_id].update(terms.split())
    return profile


def suggest_theme(idea: Idea) -> Theme | None:
    """The theme to suggest for a new idea, or None (the regia sorts it by hand). Two queries."""
    themes = list(
        Theme.objects.filter(event_id=idea.event_id, merged_into__isnull=True).only(
            "pk", "event_id", "label", "is_dissent", "axis_id"
        )
    )
    if idea.is_dissent:
        return next((t for t in themes if t.is_dissent), None)
    candidates = [t for t in themes if not t.is_dissent]
    if not candidates:
        return None
    words = _idea_words(idea)
    if words:
        profile = theme_profiles(candidates, exclude_idea_id=idea.pk)
        scored = sorted(
            ((len(words & profile[t.pk]) / len(words), t.pk, t) for t in candidates), key=lambda x: (-x[0], x[1])
        )
        if scored and scored[0][0] >= MIN_OVERLAP:
            return scored[0][2]
    axis_id = idea.axis_id or idea.table.axis_id
    if axis_id:
        return next((t for t in candidates if t.axis_id == axis_id), None)
    return None
