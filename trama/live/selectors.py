"""Reads of live co-planning: the feed after a cursor, counts per venue and table, the theme board."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from trama.analysis.models import LinkStatus, StrategyLink
from trama.live.models import Idea, IdeaTheme, LiveEvent, LiveRound, LiveTable, LiveVenue, RoundStatus, Theme
from trama.plans.models import Strategy

FEED_PAGE = 500


def table_for_token(token: str) -> LiveTable | None:
    if not token or len(token) > 64:
        return None
    return LiveTable.objects.select_related("event", "venue", "axis").filter(token=token).first()


def event_for_slug(slug: str) -> LiveEvent | None:
    return LiveEvent.objects.select_related("plan").filter(slug=slug).first()


def open_round(event: LiveEvent) -> LiveRound | None:
    return LiveRound.objects.filter(event=event, status=RoundStatus.OPEN).first()


@dataclass
class FeedFilter:
    venue: str = ""
    table_id: int | None = None
    round_id: int | None = None


def ideas_after(
    *, event: LiveEvent, cursor: int = 0, limit: int = FEED_PAGE, only: FeedFilter | None = None
) -> list[Idea]:
    """The event's ideas with id > cursor, oldest first (the resync page). Three queries whatever the size."""
    ideas = Idea.objects.filter(event=event).after(cursor)
    if only is not None:
        if only.venue:
            ideas = ideas.filter(table__venue__letter=only.venue)
        if only.table_id:
            ideas = ideas.filter(table_id=only.table_id)
        if only.round_id:
            ideas = ideas.filter(round_id=only.round_id)
    return list(ideas.for_feed()[:limit])


def ideas_between_count(*, event: LiveEvent, after: int, upto: int) -> int:
    """How many ideas of the event have after < id <= upto (a regia client's gap check: one indexed count)."""
    return Idea.objects.filter(event=event, pk__gt=after, pk__lte=upto).count()


def ideas_latest(*, event: LiveEvent, limit: int = 100, only: FeedFilter | None = None) -> list[Idea]:
    """The newest ideas, oldest first, for the first render of the feed."""
    ideas = Idea.objects.filter(event=event)
    if only is not None:
        if only.venue:
            ideas = ideas.filter(table__venue__letter=only.venue)
        if only.table_id:
            ideas = ideas.filter(table_id=only.table_id)
        if only.round_id:
            ideas = ideas.filter(round_id=only.round_id)
    newest = list(ideas.for_feed().order_by("-pk")[:limit])
    return newest[::-1]


def last_idea_id(event: LiveEvent) -> int:
    return Idea.objects.filter(event=event).aggregate(m=Max("pk"))["m"] or 0


def venues_with_counts(event: LiveEvent) -> list[LiveVenue]:
    return list(LiveVenue.objects.filter(event=event).annotate(ideas_count=Count("tables__ideas")).order_by("letter"))


def tables_with_counts(event: LiveEvent) -> list[LiveTable]:
    return list(
        LiveTable.objects.filter(event=event)
        .select_related("venue", "axis")
        .annotate(ideas_count=Count("ideas"))
        .order_by("venue__letter", "number")
    )


# The board shows the newest ideas of each theme (the count says how many there are): a theme with
# hundreds of ideas must not make every board refresh heavy.
BOARD_IDEAS_PER_THEME = 25


@dataclass
class BoardTheme:
    theme: Theme
    links: list[IdeaTheme] = field(default_factory=list)
    total: int = 0

    @property
    def suggested(self) -> int:
        return sum(1 for link in self.links if link.state == "suggested")


def theme_board(event: LiveEvent) -> list[BoardTheme]:
    """Active themes (dissent lane first), each with its idea count and its newest BOARD_IDEAS_PER_THEME
    ideas (newest first, with their table). Three queries, and only the ideas shown are read, however many
    the day brings."""
    themes = list(
        Theme.objects.filter(event=event, merged_into__isnull=True)
        .annotate(total=Count("idea_links"))
        .prefetch_related("strategies")
        .order_by("-is_dissent", "label")
    )
    if not themes:
        return []
    newest = (
        IdeaTheme.objects.filter(theme__in=[t.pk for t in themes])
        .annotate(rank=Window(RowNumber(), partition_by=[F("theme_id")], order_by=F("idea_id").desc()))
        .filter(rank__lte=BOARD_IDEAS_PER_THEME)
        .select_related("idea__table__venue")
        .order_by("theme_id", "-idea_id")
    )
    links: dict[int, list[IdeaTheme]] = defaultdict(list)
    for link in newest:
        links[link.theme_id].append(link)
    return [BoardTheme(theme=t, links=links[t.pk], total=t.total) for t in themes]


# How many of the analysis engine's strategy suggestions the board shows under an idea.
BOARD_STRATEGIES_PER_IDEA = 3


def strategy_suggestions_attach(ideas: Sequence[Idea]) -> None:
    """Set ``idea.suggested_strategies`` (the analysis engine's suggested or confirmed strategies, best
    first; empty until its background analysis is done) on the board's ideas. One query for all of them."""
    by_text: dict[int, list[Strategy]] = defaultdict(list)
    text_ids = {i.analysis_text_id for i in ideas if i.analysis_text_id is not None}
    if text_ids:
        links = (
            StrategyLink.objects.filter(text_id__in=text_ids, status__in=[LinkStatus.SUGGESTED, LinkStatus.CONFIRMED])
            .select_related("strategy")
            .order_by("text_id", "rank", "pk")
        )
        for link in links:
            if len(by_text[link.text_id]) < BOARD_STRATEGIES_PER_IDEA:
                by_text[link.text_id].append(link.strategy)
    for idea in ideas:
        idea.suggested_strategies = by_text.get(idea.analysis_text_id or 0, [])  # type: ignore[attr-defined]


def unthemed_ideas(event: LiveEvent, limit: int = 50) -> QuerySet[Idea]:
    return (
        Idea.objects.filter(event=event)
        .annotate(n=Count("theme_links"))
        .filter(Q(n=0))
        .select_related("table__venue")
        .order_by("pk")[:limit]
    )


def published_themes(event: LiveEvent) -> QuerySet[Theme]:
    """For the big screen and the votes: published, not merged away."""
    return Theme.objects.filter(event=event, is_published=True, merged_into__isnull=True).order_by("label")


class BoardKey(NamedTuple):
    """What the theme board fragment depends on (its cache key, trama.live.views.board_html).

    ``version``: the event and its ``board_version``, bumped by every theme, link or publication change
    (the regia's own work: never served stale). ``content``: the count and last id of the event's ideas
    (also catching one that commits out of id order) and of the analysis engine's strategy suggestions
    shown under them (new arrivals: the board may show them a few seconds late, the feed shows them at once)."""

    version: str
    content: str


def board_key(event: LiveEvent) -> BoardKey:
    """The board's cache key. Two queries."""
    version, ideas, last_idea = (
        LiveEvent.objects.filter(pk=event.pk)
        .annotate(n=Count("ideas"), last=Max("ideas__id"))
        .values_list("board_version", "n", "last")
        .get()
    )
    links = StrategyLink.objects.filter(
        text__corpus=f"live-{event.slug}"[:60], status__in=[LinkStatus.SUGGESTED, LinkStatus.CONFIRMED]
    ).aggregate(n=Count("pk"), last=Max("pk"))
    born = int(event.created_at.timestamp() * 1000)  # a recreated test database may reuse the pk
    return BoardKey(
        version=f"{event.pk}.{born}:{version}", content=f"{ideas}:{last_idea or 0}:{links['n']}:{links['last'] or 0}"
    )
