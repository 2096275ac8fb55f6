"""Which theme a new idea probably belongs to. One function, so the live module does not depend on how
the analysis engine works inside: today it borrows the engine's Italian stemmer and compares word stems
(cheap enough to run inside the submit, a few ms for hundreds of ideas); dissent goes to the dissent lane;
with no match the theme of the table's axis, if the regia made one."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from trama.analysis.engine.textproc import stems
from trama.live.models import Idea, IdeaTheme, Theme

# Share of the idea's stems that a theme's vocabulary must cover to be suggested.
MIN_OVERLAP = 0.34
# How many recent ideas (per theme, on average) describe the themes' vocabulary, besides their labels.
PROFILE_IDEAS = 20


@lru_cache(maxsize=50_000)
def _stem_set(text: str) -> frozenset[str]:
    """Stems of a text; cached, since the same ideas describe their theme at every new submission."""
    return frozenset(s for s in stems(text) if len(s) > 2)


def suggest_theme(idea: Idea) -> Theme | None:
    """The theme to suggest for a new idea, or None (the regia sorts it by hand)."""
    themes = list(Theme.objects.filter(event_id=idea.event_id, merged_into__isnull=True))
    if idea.is_dissent:
        return next((t for t in themes if t.is_dissent), None)
    candidates = [t for t in themes if not t.is_dissent]
    if not candidates:
        return None
    words = _stem_set(idea.text)
    if words:
        profile: dict[int, set[str]] = defaultdict(set)
        for theme in candidates:
            profile[theme.pk] |= _stem_set(theme.label)
        recent = (
            IdeaTheme.objects.filter(theme_id__in=[t.pk for t in candidates])
            .exclude(idea_id=idea.pk)
            .order_by("-pk")
            .values_list("theme_id", "idea__text")[: PROFILE_IDEAS * len(candidates)]
        )
        for theme_id, text in recent:
            profile[theme_id] |= _stem_set(text)
        scored = sorted(
            ((len(words & profile[t.pk]) / len(words), t.pk, t) for t in candidates), key=lambda x: (-x[0], x[1])
        )
        if scored and scored[0][0] >= MIN_OVERLAP:
            return scored[0][2]
    axis_id = idea.axis_id or idea.table.axis_id
    if axis_id:
        return next((t for t in candidates if t.axis_id == axis_id), None)
    return None
