"""The Django side of the live benchmark: the event it runs against, and what it reads back afterwards.

Imported only after `django.setup()`, in the benchmark's own process; the
servers are separate processes sharing the same database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction

from trama.accounts.models import Role, User
from trama.live.models import Idea, LiveEvent
from trama.live.services import live_event_setup, theme_create
from trama.plans.models import Strategy
from trama.plans.selectors import current_plan

EVENT_SLUG = "bench-live"


@dataclass
class Table:
    id: int
    code: str
    token: str


@dataclass
class Prepared:
    event_id: int
    slug: str
    tables: list[Table]
    regia_cookies: list[str]
    lead_id: int
    themes: int
    tokens: list[str] = field(default_factory=list)
    poll_id: int | None = None
    poll_options: list[int] = field(default_factory=list)
    poll_kind: str = ""
    votes_note: str = ""


def session_cookie(user: User) -> str:
    """A logged-in session stored in the database, as `Client.force_login` makes: the Cookie header value."""
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def regia_users(count: int) -> list[User]:
    users = []
    for n in range(count):
        user, _created = User.objects.get_or_create(
            username=f"bench-regia-{n + 1}", defaults={"role": Role.REGIA, "first_name": f"Regia {n + 1}"}
        )
        users.append(user)
    return users


@transaction.atomic
def event_prepare(*, tables_per_venue: int, regia_clients: int, themes: int) -> Prepared:
    """6 venues × N tables, one open round, the regia (first user is the lead) and a board of themes
    named after the current plan's strategies (so the theme suggestion has work to do, as on the day)."""
    users = regia_users(regia_clients)
    event = live_event_setup(
        title="Benchmark: giornata di co-pianificazione",
        slug=EVENT_SLUG,
        letters="ABCDEF",
        tables_per_venue=tables_per_venue,
        rounds=[("Quali azioni per il territorio nei prossimi tre anni?", 60)],
        leads=users[:1],
        members=users[1:],
    )
    plan = current_plan()
    strategies = list(Strategy.objects.filter(axis__plan=plan).order_by("code")[:themes]) if plan else []
    for strategy in strategies:
        theme_create(event=event, label=strategy.title[:200], by=users[0], axis=strategy.axis)
    tables = [Table(id=t.pk, code=t.code, token=t.token) for t in event.tables.select_related("venue")]
    return Prepared(
        event_id=event.pk,
        slug=event.slug,
        tables=tables,
        regia_cookies=[session_cookie(u) for u in users],
        lead_id=users[0].pk,
        themes=len(strategies),
    )


@dataclass
class StoredIdeas:
    by_uuid: dict[str, list[int]]
    rows: int


def stored_ideas(event_id: int) -> StoredIdeas:
    """Every stored idea of the event, by client UUID (more than one id per UUID would be a duplicate)."""
    by_uuid: dict[str, list[int]] = {}
    rows = 0
    for key, pk in Idea.objects.filter(event_id=event_id).values_list("client_uuid", "pk"):
        by_uuid.setdefault(str(key), []).append(pk)
        rows += 1
    return StoredIdeas(by_uuid=by_uuid, rows=rows)


def texts_sample() -> list[str]:
    """Real Italian sentences: the analysis engine's shipped training and evaluation texts."""
    from trama.analysis.training import EVAL_FILE, TRAIN_FILE, read_examples

    return [e.text for e in read_examples(TRAIN_FILE)] + [e.text for e in read_examples(EVAL_FILE)]


def ideas_bulk_insert(*, event_id: int, count: int, texts: list[str]) -> int:
    """Top the event up to `count` ideas in one bulk insert (for timing the report on 2,000 ideas)."""
    event = LiveEvent.objects.get(pk=event_id)
    have = Idea.objects.filter(event=event).count()
    tables = list(event.tables.all())
    rows = [
        Idea(
            event=event,
            table=tables[n % len(tables)],
            client_uuid=uuid.uuid4(),
            text=texts[n % len(texts)],
        )
        for n in range(max(0, count - have))
    ]
    Idea.objects.bulk_create(rows, batch_size=500)
    return have + len(rows)
