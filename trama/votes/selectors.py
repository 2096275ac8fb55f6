"""Reads of the priority votes: results, turnout and demographics as SQL aggregates, the big screen's state.

`poll_results` runs a fixed number of aggregate queries whatever the number of ballots (9), so the
screen stays fast for 300 voters and more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from trama.actors.models import ActorCategory
from trama.live.models import LiveEvent, LiveVenue, Theme
from trama.votes.models import (
    Ballot,
    BallotChoice,
    PaperTally,
    PaperTallyLine,
    ParticipantToken,
    Poll,
    PollKind,
    PollOption,
    PollStatus,
)


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass
class VenueTurnout:
    venue_id: int
    letter: str
    name: str
    tokens: int
    ballots: int
    paper_ballots: int

    @property
    def percent(self) -> float:
        return percent(self.ballots, self.tokens)


@dataclass
class OptionResult:
    option: PollOption
    electronic: int
    paper: int
    by_venue: dict[str, int] = field(default_factory=dict)  # venue letter → electronic + paper
    by_venue_paper: dict[str, int] = field(default_factory=dict)  # venue letter → paper only
    by_category: dict[str, int] = field(default_factory=dict)  # actor category → electronic
    bar: float = 0.0  # width of the bar, % of the leading option

    @property
    def label(self) -> str:
        return self.option.label

    @property
    def total(self) -> int:
        return self.electronic + self.paper


@dataclass
class Breakdown:
    key: str
    label: str
    ballots: int
    share: float


@dataclass
class PollResults:
    poll: Poll
    options: list[OptionResult]  # best first
    venues: list[VenueTurnout]
    by_category: list[Breakdown]
    by_zona: list[Breakdown]

    @property
    def tokens(self) -> int:
        return sum(v.tokens for v in self.venues)

    @property
    def ballots(self) -> int:
        return sum(v.ballots for v in self.venues)

    @property
    def paper_ballots(self) -> int:
        return sum(v.paper_ballots for v in self.venues)

    @property
    def percent(self) -> float:
        return percent(self.ballots, self.tokens)

    @property
    def has_paper(self) -> bool:
        return any(o.paper for o in self.options)


def poll_results(poll: Poll) -> PollResults:
    """Totals per option (electronic and paper apart, and per venue), turnout per venue, demographics."""
    options = list(PollOption.objects.filter(poll=poll).select_related("theme", "strategy", "action"))
    venues = list(
        LiveVenue.objects.filter(event_id=poll.event_id).annotate(tokens=Count("vote_tokens")).order_by("letter")
    )
    letters = {v.pk: v.letter for v in venues}
    results = {o.pk: OptionResult(option=o, electronic=0, paper=0) for o in options}

    electronic = (
        BallotChoice.objects.filter(ballot__poll=poll)
        .values("option_id", "ballot__token__venue_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in electronic:
        result = results[row["option_id"]]
        result.electronic += row["total"]
        letter = letters.get(row["ballot__token__venue_id"], "?")
        result.by_venue[letter] = result.by_venue.get(letter, 0) + row["total"]
    paper = (
        PaperTallyLine.objects.filter(tally__poll=poll)
        .values("option_id", "tally__venue_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in paper:
        result = results[row["option_id"]]
        result.paper += row["total"]
        letter = letters.get(row["tally__venue_id"], "?")
        result.by_venue[letter] = result.by_venue.get(letter, 0) + row["total"]
        result.by_venue_paper[letter] = result.by_venue_paper.get(letter, 0) + row["total"]
    by_category_option = (
        BallotChoice.objects.filter(ballot__poll=poll)
        .values("option_id", "ballot__token__category")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in by_category_option:
        results[row["option_id"]].by_category[row["ballot__token__category"] or ""] = row["total"]

    ballots_by_venue = dict(
        Ballot.objects.filter(poll=poll).values_list("token__venue_id").annotate(n=Count("id")).order_by()
    )
    paper_by_venue = dict(
        PaperTally.objects.filter(poll=poll).values_list("venue_id").annotate(n=Sum("ballots")).order_by()
    )
    turnout = [
        VenueTurnout(
            venue_id=v.pk,
            letter=v.letter,
            name=v.name,
            tokens=v.tokens,  # annotated above
            ballots=ballots_by_venue.get(v.pk, 0),
            paper_ballots=paper_by_venue.get(v.pk, 0) or 0,
        )
        for v in venues
    ]
    total_ballots = sum(t.ballots for t in turnout)

    categories = dict(ActorCategory.choices)
    by_category = [
        Breakdown(
            key=row["token__category"] or "",
            label=str(categories.get(row["token__category"], _("Non indicata"))),
            ballots=row["n"],
            share=percent(row["n"], total_ballots),
        )
        for row in Ballot.objects.filter(poll=poll)
        .values("token__category")
        .annotate(n=Count("id"))
        .order_by("token__category")
    ]
    by_zona = [
        Breakdown(
            key=str(row["token__zona__number"] or ""),
            label=(
                f"{row['token__zona__number']} – {row['token__zona__name']}"
                if row["token__zona__number"]
                else _("Non indicata")
            ),
            ballots=row["n"],
            share=percent(row["n"], total_ballots),
        )
        for row in Ballot.objects.filter(poll=poll)
        .values("token__zona__number", "token__zona__name")
        .annotate(n=Count("id"))
        .order_by("token__zona__number")
    ]

    ordered = sorted(results.values(), key=lambda r: (-r.total, r.option.order))
    best = ordered[0].total if ordered else 0
    for r in ordered:
        r.bar = percent(r.total, best)
    return PollResults(poll=poll, options=ordered, venues=turnout, by_category=by_category, by_zona=by_zona)


def screen_poll(event: LiveEvent) -> Poll | None:
    """What the big screen shows: the open poll, else the last one closed."""
    polls = Poll.objects.filter(event=event).exclude(status=PollStatus.DRAFT)
    return (
        polls.filter(status=PollStatus.OPEN).first()
        or polls.filter(status=PollStatus.CLOSED).order_by("-closed_at", "-pk").first()
    )


def published_themes(event: LiveEvent) -> list[Theme]:
    return list(
        Theme.objects.filter(event=event, is_published=True, merged_into__isnull=True)
        .annotate(ideas=Count("idea_links"))
        .order_by("-is_dissent", "published_at", "pk")
    )


def event_tokens_count(event: LiveEvent) -> int:
    return ParticipantToken.objects.filter(event=event).count()


def open_poll(event: LiveEvent) -> Poll | None:
    return Poll.objects.filter(event=event, status=PollStatus.OPEN).first()


def event_polls(event: LiveEvent) -> list[Poll]:
    return list(
        Poll.objects.filter(event=event)
        .annotate(
            options_count=Count("options", distinct=True),
            ballots_count=Count("ballots", distinct=True),
        )
        .order_by("-pk")
    )


def voted_polls(token: ParticipantToken) -> set[int]:
    return set(Ballot.objects.filter(token=token).values_list("poll_id", flat=True))


def ballot_values(token: ParticipantToken, poll: Poll) -> dict[int, int]:
    """What the token gave each option (the rank for a ranking), to show and change its ballot."""
    rows = BallotChoice.objects.filter(ballot__poll=poll, ballot__token=token).values_list("option_id", "value", "rank")
    return {option_id: (rank if poll.kind == PollKind.RANKING and rank else value) for option_id, value, rank in rows}


def screen_state(event: LiveEvent) -> dict[str, Any]:
    """The big screen's whole state as JSON (sent on connect, pushed after each change, polled as fallback)."""
    themes = published_themes(event)
    poll = screen_poll(event)
    data: dict[str, Any] = {
        "type": "state",
        "event": {"id": event.pk, "slug": event.slug, "title": event.title, "status": event.status},
        "themes": [
            {"id": t.pk, "label": t.label, "dissent": t.is_dissent, "ideas": t.ideas}  # type: ignore[attr-defined]
            for t in themes
        ],
        "poll": None,
    }
    shape = ["t" + ",".join(str(t.pk) for t in themes)]
    if poll is not None:
        results = poll_results(poll)
        data["poll"] = {
            "id": poll.pk,
            "title": poll.title,
            "question": poll.question,
            "kind": poll.kind,
            "kind_label": str(PollKind(poll.kind).label),
            "status": poll.status,
            "status_label": str(PollStatus(poll.status).label),
            "turnout": {
                "tokens": results.tokens,
                "ballots": results.ballots,
                "percent": results.percent,
                "paper_ballots": results.paper_ballots,
            },
            "venues": [
                {
                    "id": v.venue_id,
                    "letter": v.letter,
                    "name": v.name,
                    "tokens": v.tokens,
                    "ballots": v.ballots,
                    "percent": v.percent,
                    "paper_ballots": v.paper_ballots,
                }
                for v in results.venues
            ],
            "options": [
                {
                    "id": r.option.pk,
                    "label": r.label,
                    "total": r.total,
                    "electronic": r.electronic,
                    "paper": r.paper,
                    "bar": r.bar,
                    "by_venue": r.by_venue,
                }
                for r in results.options
            ],
        }
        shape.append(f"p{poll.pk}{poll.status}" + ",".join(str(v.venue_id) for v in results.venues))
    data["shape"] = "|".join(shape)
    return data


def event_turnout(event: LiveEvent) -> dict[str, int]:
    """Tokens issued and tokens that voted in at least one poll (the day's turnout)."""
    return ParticipantToken.objects.filter(event=event).aggregate(
        tokens=Count("pk", distinct=True), voted=Count("pk", filter=Q(ballots__isnull=False), distinct=True)
    )
