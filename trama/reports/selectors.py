"""Everything the instant report of a live day shows, read once (a fixed number of queries per poll,
whatever the number of ideas) and shared by the HTML, PDF, DOCX, CSV and JSON builders."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from trama.live.models import Idea, IdeaTheme, LiveEvent, LiveTable, LiveVenue, Theme
from trama.votes.models import PaperTally, Poll, PollStatus
from trama.votes.selectors import PollResults, event_turnout, poll_results


@dataclass
class IdeaRow:
    id: int
    uuid: str
    text: str
    venue: str  # letter
    table: str  # code, e.g. "A3"
    round: int | None
    dissent: bool
    created_at: datetime.datetime
    axis: str
    strategy: str
    themes: list[str] = field(default_factory=list)


@dataclass
class VenueIdeas:
    letter: str
    name: str
    ideas: list[IdeaRow]


@dataclass
class ThemeBlock:
    theme: Theme
    strategies: list[str]
    actions: list[str]
    venues: list[VenueIdeas]

    @property
    def count(self) -> int:
        return sum(len(v.ideas) for v in self.venues)


@dataclass
class MembershipRow:
    idea_id: int
    theme_id: int
    theme: str
    state: str


@dataclass
class TallyRow:
    poll_id: int
    poll: str
    venue: str
    table: str
    ballots: int
    option: str
    value: int
    changed_at: datetime.datetime


@dataclass
class DayData:
    event: LiveEvent
    generated_at: datetime.datetime
    venues: list[LiveVenue]
    tables: int
    ideas: list[IdeaRow]
    themes: list[ThemeBlock]  # live themes, published first; the dissent lane is apart
    dissent: list[IdeaRow]  # ideas flagged as minority/dissent or placed in the dissent lane
    unthemed: list[IdeaRow]
    memberships: list[MembershipRow]
    polls: list[PollResults]
    tallies: list[TallyRow]
    tokens: int
    voters: int

    @property
    def venue_names(self) -> dict[str, str]:
        return {v.letter: v.name for v in self.venues}


def _final_theme(themes: dict[int, Theme], theme_id: int) -> Theme | None:
    """A merged theme's ideas belong to the theme it was merged into (follow the chain)."""
    seen: set[int] = set()
    theme = themes.get(theme_id)
    while theme is not None and theme.merged_into_id is not None and theme.pk not in seen:
        seen.add(theme.pk)
        theme = themes.get(theme.merged_into_id)
    return theme


def live_day_data(event: LiveEvent) -> DayData:
    venues = list(LiveVenue.objects.filter(event=event).order_by("letter"))
    venue_names = {v.letter: v.name for v in venues}
    ideas_qs = (
        Idea.objects.filter(event=event)
        .select_related("table__venue", "round", "axis", "strategy")
        .order_by("table__venue__letter", "table__number", "pk")
    )
    rows: dict[int, IdeaRow] = {}
    for idea in ideas_qs:
        rows[idea.pk] = IdeaRow(
            id=idea.pk,
            uuid=str(idea.client_uuid),
            text=idea.text,
            venue=idea.table.venue.letter,
            table=idea.table.code,
            round=idea.round.number if idea.round_id else None,  # type: ignore[union-attr]
            dissent=idea.is_dissent,
            created_at=idea.created_at,
            axis=str(idea.axis) if idea.axis_id else "",
            strategy=f"{idea.strategy.code} {idea.strategy.title}" if idea.strategy_id else "",  # type: ignore[union-attr]
        )
    all_themes = {t.pk: t for t in Theme.objects.filter(event=event).prefetch_related("strategies", "actions")}
    by_theme: dict[int, list[int]] = defaultdict(list)
    memberships: list[MembershipRow] = []
    for link in IdeaTheme.objects.filter(theme__event=event).order_by("pk").values("idea_id", "theme_id", "state"):
        theme = _final_theme(all_themes, link["theme_id"])
        if theme is None or link["idea_id"] not in rows:
            continue
        if link["idea_id"] in by_theme[theme.pk]:
            continue
        by_theme[theme.pk].append(link["idea_id"])
        rows[link["idea_id"]].themes.append(theme.label)
        memberships.append(
            MembershipRow(idea_id=link["idea_id"], theme_id=theme.pk, theme=theme.label, state=link["state"])
        )

    def venue_groups(idea_ids: list[int]) -> list[VenueIdeas]:
        grouped: dict[str, list[IdeaRow]] = defaultdict(list)
        for idea_id in idea_ids:
            grouped[rows[idea_id].venue].append(rows[idea_id])
        return [
            VenueIdeas(
                letter=letter,
                name=venue_names.get(letter, ""),
                ideas=sorted(grouped[letter], key=lambda r: (r.table, r.id)),
            )
            for letter in sorted(grouped)
        ]

    live_themes = [t for t in all_themes.values() if t.merged_into_id is None]
    live_themes.sort(key=lambda t: (not t.is_published, t.label.lower(), t.pk))
    blocks = [
        ThemeBlock(
            theme=t,
            strategies=[f"{s.code} {s.title}" for s in t.strategies.all()],
            actions=[f"{a.code} {a.title}" for a in t.actions.all()],
            venues=venue_groups(by_theme.get(t.pk, [])),
        )
        for t in live_themes
        if not t.is_dissent
    ]
    dissent_lane = {i for t in live_themes if t.is_dissent for i in by_theme.get(t.pk, [])}
    dissent = [r for r in rows.values() if r.dissent or r.id in dissent_lane]
    themed = {i for ids in by_theme.values() for i in ids}
    unthemed = [r for r in rows.values() if r.id not in themed]

    polls = [
        poll_results(p)
        for p in Poll.objects.filter(event=event)
        .exclude(status=PollStatus.DRAFT)
        .select_related("event")
        .order_by("pk")
    ]
    tallies = [
        TallyRow(
            poll_id=tally.poll_id,
            poll=tally.poll.title,
            venue=tally.venue.letter,
            table=tally.table.code,
            ballots=tally.ballots,
            option=line.option.label,
            value=line.value,
            changed_at=tally.changed_at,
        )
        for tally in PaperTally.objects.filter(poll__event=event)
        .select_related("poll", "venue", "table__venue")
        .prefetch_related("lines__option")
        .order_by("poll_id", "venue__letter", "table__number")
        for line in tally.lines.all()
    ]
    turnout = event_turnout(event)
    return DayData(
        event=event,
        generated_at=timezone.now(),
        venues=venues,
        tables=LiveTable.objects.filter(event=event).count(),
        ideas=list(rows.values()),
        themes=blocks,
        dissent=dissent,
        unthemed=unthemed,
        memberships=memberships,
        polls=polls,
        tallies=tallies,
        tokens=turnout["tokens"],
        voters=turnout["voted"],
    )
