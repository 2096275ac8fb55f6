"""Which theme a new idea probably belongs to. One function, so the live module does not depend on how
the analysis engine works inside: it borrows the engine's Italian stemmer and compares word stems; dissent
goes to the dissent lane; with no match, the theme of the table's axis, if the regia made one.

Cheap at the design load (600 ideas a minute, 12-20 themes): only the new idea is stemmed (its stems are
stored on the idea, ``Idea.terms``); each theme's vocabulary is its label plus the stored stems of the
board's recent ideas, read in one query and reused by the server process for PROFILE_SECONDS (read again at
once when the regia changes the board: the key holds the event's ``board_version``). The analysis engine's
strategy suggestions come later, off the request path (``trama.live.tasks``)."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from trama.analysis.engine.textproc import stems
from trama.live.models import Idea, IdeaTheme, LiveEvent, Theme

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


# How long a server process reuses an event's themes and their vocabularies (a suggestion is a hint: the
# few ideas of the last seconds may be missing from the vocabularies; a change by the regia is not).
PROFILE_SECONDS = 2.0
_boards: dict[tuple[int, float, int], tuple[float, list[Theme], dict[int, set[str]]]] = {}


def _board_profiles(idea: Idea) -> tuple[list[Theme], dict[int, set[str]]]:
    """The event's live themes and the vocabularies of the non-dissent ones: one query for the board version,
    two more at most every PROFILE_SECONDS per process and version."""
    event = idea.event
    # The version is read here (one primary-key lookup), not taken from the caller's event object, which may
    # have been loaded before the regia's last change.
    version = LiveEvent.objects.filter(pk=event.pk).values_list("board_version", flat=True).first() or 0
    key = (event.pk, event.created_at.timestamp(), version)
    now = time.monotonic()
    cached = _boards.get(key)
    if cached is not None and now - cached[0] < PROFILE_SECONDS:
        return cached[1], cached[2]
    themes = list(
        Theme.objects.filter(event_id=event.pk, merged_into__isnull=True).only(
            "pk", "event_id", "label", "is_dissent", "axis_id"
        )
    )
    profile = theme_profiles([t for t in themes if not t.is_dissent], exclude_idea_id=idea.pk)
    if len(_boards) > 64:  # old versions and past events
        _boards.clear()
    _boards[key] = (now, themes, profile)
    return themes, profile


def suggest_theme(idea: Idea) -> Theme | None:
    """The theme to suggest for a new idea, or None (the regia sorts it by hand). Three queries, or one when
    the process read the same board less than PROFILE_SECONDS ago."""
    themes, profile = _board_profiles(idea)
    if idea.is_dissent:
        return next((t for t in themes if t.is_dissent), None)
    candidates = [t for t in themes if not t.is_dissent]
    if not candidates:
        return None
    words = _idea_words(idea)
    if words:
        scored = sorted(
            ((len(words & profile[t.pk]) / len(words), t.pk, t) for t in candidates), key=lambda x: (-x[0], x[1])
        )
        if scored and scored[0][0] >= MIN_OVERLAP:
            return scored[0][2]
    axis_id = idea.axis_id or idea.table.axis_id
    if axis_id:
        return next((t for t in candidates if t.axis_id == axis_id), None)
    return None
