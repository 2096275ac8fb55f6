"""Sample votes for `make run`, on the live app's sample event (clearly marked: no real vote exists yet).

Idempotent: badges are issued once (10 per venue), the sample poll is created once, by its title.
Skipped when the live demo event is not there (its demo loads first).
"""

from __future__ import annotations

import logging

from django.db import transaction

from trama.accounts.models import Role, User
from trama.live.models import LiveEvent, LiveEventStatus, RegiaMember, Theme
from trama.live.services import regia_member_set
from trama.plans.models import Strategy
from trama.votes import services
from trama.votes.models import ParticipantToken, Poll, PollKind, PollStatus

log = logging.getLogger(__name__)

LIVE_DEMO_SLUG = "esempio-co-pianificazione"
DEMO_POLL_TITLE = "Quali strategie sono prioritarie? (esempio)"
BADGES_PER_VENUE = 10


def _demo_lead(event: LiveEvent) -> User | None:
    """The sample event's regia lead; failing that, the plan office's demo user is made its lead."""
    member = RegiaMember.objects.filter(event=event, is_lead=True).select_related("user").first()
    if member is not None:
        return member.user
    user = User.objects.filter(is_active=True, role=Role.PLAN_OFFICE).order_by("pk").first()
    user = user or User.objects.filter(is_active=True, is_superuser=True).order_by("pk").first()
    if user is None:
        return None
    regia_member_set(event=event, user=user, is_lead=True)
    return user


@transaction.atomic
def demo_load() -> None:
    event = LiveEvent.objects.filter(slug=LIVE_DEMO_SLUG).first()
    if event is None or event.status == LiveEventStatus.CLOSED:
        log.info("votes demo skipped: no open live demo event «%s»", LIVE_DEMO_SLUG)
        return
    lead = _demo_lead(event)
    if lead is None:
        log.info("votes demo skipped: no plan office user to lead the sample event")
        return
    if not ParticipantToken.objects.filter(event=event).exists():
        for venue in event.venues.order_by("letter"):
            services.tokens_issue(venue=venue, count=BADGES_PER_VENUE, by=lead)
    if Poll.objects.filter(event=event, title=DEMO_POLL_TITLE).exists():
        return
    themes = list(Theme.objects.filter(event=event, is_published=True, is_dissent=False, merged_into__isnull=True))
    if len(themes) >= services.MIN_OPTIONS:
        options = services.options_from_themes(themes[: services.MAX_OPTIONS])
    else:
        strategies = Strategy.objects.filter(axis__plan=event.plan).order_by("axis__number", "code")[:12]
        options = services.options_from_strategies(list(strategies))
    if len(options) < services.MIN_OPTIONS:
        log.info("votes demo skipped: neither published themes nor plan strategies to vote on")
        return
    poll = services.poll_create(
        event=event,
        title=DEMO_POLL_TITLE,
        kind=PollKind.DOTS,
        options=options,
        by=lead,
        question="Voto di esempio: distribuisci 5 bollini tra le strategie, al massimo 2 sulla stessa.",
        dots=5,
        max_per_option=2,
    )
    if not Poll.objects.filter(event=event, status=PollStatus.OPEN).exists():
        services.poll_open(poll=poll, by=lead)
