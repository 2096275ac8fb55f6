"""Fixtures of the report tests: a live day with ideas at tables, themes (and the dissent lane), votes."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from trama.accounts.models import Role, User
from trama.live.models import Idea, IdeaTheme, LiveEvent, Theme
from trama.live.services import live_event_setup
from trama.votes import services as votes
from trama.votes.models import PollKind


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path) -> None:
    settings.ANALYSIS_BACKEND = "tfidf"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def lead(make_user) -> User:
    return make_user(Role.REGIA, username="lead-report")


@pytest.fixture
def member(make_user) -> User:
    return make_user(Role.REGIA, username="membro-report")


@pytest.fixture
def event(db, lead, member) -> LiveEvent:
    return live_event_setup(
        title="Giornata da raccontare",
        slug="giornata-report",
        letters="AB",
        tables_per_venue=2,
        leads=[lead],
        members=[member],
    )


@pytest.fixture
def add_idea(event) -> Callable[..., Idea]:
    def add(text: str, letter: str = "A", number: int = 1, dissent: bool = False) -> Idea:
        table = event.tables.get(venue__letter=letter, number=number)
        return Idea.objects.create(event=event, table=table, client_uuid=uuid.uuid4(), text=text, is_dissent=dissent)

    return add


@pytest.fixture
def day(event, add_idea, lead) -> LiveEvent:
    """Two themes with ideas from both venues, a dissent idea, an unthemed one, a closed poll with paper."""
    transport = Theme.objects.create(event=event, label="Trasporti nelle valli", is_published=True)
    schools = Theme.objects.create(event=event, label="Scuole di montagna", is_published=True)
    lane = Theme.objects.get(event=event, is_dissent=True)  # the dissent lane live_event_setup creates
    ideas = [
        (add_idea("Più corse serali tra Pinerolo e Torino.", "A", 1), transport),
        (add_idea("Treni e autobus con orari coordinati.", "B", 2), transport),
        (add_idea("Classi aperte anche nei comuni sotto i 1.000 abitanti.", "B", 1), schools),
        (add_idea("Niente nuove strade: prima la manutenzione <b>vera</b>.", "A", 2, dissent=True), lane),
    ]
    for idea, theme in ideas:
        IdeaTheme.objects.create(idea=idea, theme=theme, state="accepted")
    add_idea("Un'idea che la regia non ha ancora assegnato.", "A", 1)
    badges = votes.tokens_issue(venue=event.venues.get(letter="A"), count=3, by=lead)
    poll = votes.poll_create(
        event=event,
        title="Priorità del territorio",
        kind=PollKind.APPROVAL,
        options=votes.options_from_themes([transport, schools]),
        by=lead,
    )
    votes.poll_open(poll=poll, by=lead)
    first = poll.options.order_by("order").first()
    for badge in badges[:2]:
        votes.ballot_submit(token=badge, poll=poll, choices={first.pk: 1})
    votes.paper_tally_set(
        poll=poll, table=event.tables.get(venue__letter="B", number=1), ballots=5, values={first.pk: 4}, by=lead
    )
    votes.poll_close(poll=poll, by=lead)
    return event
