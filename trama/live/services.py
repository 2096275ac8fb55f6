"""Writes of live co-planning: set up an event, receive ideas exactly once, heartbeats, the theme board.

Pushes to sockets go out on commit (see broadcast.py); the database stays the truth."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trama.accounts.models import Role, User
from trama.live import groups
from trama.live.broadcast import after_commit, send_on_commit
from trama.live.models import (
    IDEA_MAX_LENGTH,
    MAX_THEMES_PER_IDEA,
    Idea,
    IdeaTheme,
    LiveEvent,
    LiveEventStatus,
    LiveRound,
    LiveTable,
    LiveVenue,
    RegiaMember,
    RoundStatus,
    Theme,
    ThemeLinkState,
    table_token_new,
)
from trama.live.payloads import idea_payload, round_payload, table_payload
from trama.live.permissions import is_regia_lead
from trama.live.themes import idea_terms, suggest_theme
from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.territory.models import Venue

# Seed 000, «Individuazione sedi»: the six venues of the co-planning event and the SUA they follow.
SEED_VENUES: dict[str, str] = {
    "A": "Torino e area metropolitana",
    "B": "Pinerolese",
    "C": "Valli Susa e Sangone",
    "D": "Canavese occidentale, Ciriacese e Valli di Lanzo",
    "E": "Eporediese e Chivassese",
    "F": "Carmagnolese e Chierese",
}
DISSENT_LANE_LABEL = "Voci di minoranza e dissenso"

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- setup


@transaction.atomic
def live_event_create(
    *,
    title: str,
    slug: str = "",
    plan: PlanVersion | None = None,
    starts_on: datetime.date | None = None,
    is_sample: bool = False,
    status: str = LiveEventStatus.DRAFT,
) -> LiveEvent:
    """A new event with its dissent lane (every event has exactly one)."""
    event = LiveEvent(
        title=title.strip(),
        slug=slug or slugify(title)[:80],
        plan=plan if plan is not None else PlanVersion.objects.filter(is_current=True).first(),
        starts_on=starts_on,
        is_sample=is_sample,
        status=status,
    )
    event.full_clean()
    event.save()
    Theme.objects.create(event=event, label=DISSENT_LANE_LABEL, is_dissent=True)
    return event


@transaction.atomic
def live_venue_add(*, event: LiveEvent, letter: str, name: str = "", place: str = "") -> LiveVenue:
    letter = letter.strip().upper()
    venue = LiveVenue(
        event=event,
        letter=letter,
        name=name or SEED_VENUES.get(letter, letter),
        venue=Venue.objects.filter(letter=letter).first(),
        place=place,
    )
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def live_table_add(
    *, venue: LiveVenue, number: int, label: str = "", axis: Axis | None = None, facilitator_name: str = ""
) -> LiveTable:
    table = LiveTable(
        event=venue.event,
        venue=venue,
        number=number,
        label=label,
        axis=axis,
        facilitator_name=facilitator_name,
    )
    table.full_clean()
    table.save()
    return table


@transaction.atomic
def table_token_rotate(*, table: LiveTable) -> LiveTable:
    """A new secret for a lost badge: the old QR code stops working at once."""
    table.token = table_token_new()
    table.save(update_fields=["token"])
    return table


@transaction.atomic
def live_round_add(*, event: LiveEvent, question: str, duration_minutes: int = 30) -> LiveRound:
    number = (event.rounds.aggregate(n=Count("pk"))["n"] or 0) + 1
    live_round = LiveRound(event=event, number=number, question=question.strip(), duration_minutes=duration_minutes)
    live_round.full_clean()
    live_round.save()
    return live_round


def _push_round(event: LiveEvent, live_round: LiveRound | None) -> None:
    message = {"type": "live.round", "round": round_payload(live_round)}
    send_on_commit(groups.facilitators_group(event.pk), message)
    send_on_commit(groups.regia_group(event.pk), message)


@transaction.atomic
def round_open(*, live_round: LiveRound) -> LiveRound:
    """Start a round; the round in progress, if any, ends."""
    now = timezone.now()
    LiveRound.objects.filter(event_id=live_round.event_id, status=RoundStatus.OPEN).exclude(pk=live_round.pk).update(
        status=RoundStatus.CLOSED, closed_at=now
    )
    live_round.status, live_round.opened_at, live_round.closed_at = RoundStatus.OPEN, now, None
    live_round.save(update_fields=["status", "opened_at", "closed_at"])
    _push_round(live_round.event, live_round)
    return live_round


@transaction.atomic
def round_close(*, live_round: LiveRound) -> LiveRound:
    live_round.status, live_round.closed_at = RoundStatus.CLOSED, timezone.now()
    live_round.save(update_fields=["status", "closed_at"])
    _push_round(live_round.event, None)
    return live_round


@transaction.atomic
def live_event_open(*, event: LiveEvent) -> LiveEvent:
    event.status, event.closed_at = LiveEventStatus.LIVE, None
    event.save(update_fields=["status", "closed_at"])
    return event


@transaction.atomic
def live_event_close(*, event: LiveEvent) -> LiveEvent:
    """Close the day: tables stop sending (stored ideas stay, resends still get their first answer)."""
    event.status, event.closed_at = LiveEventStatus.CLOSED, timezone.now()
    event.save(update_fields=["status", "closed_at"])
    LiveRound.objects.filter(event=event, status=RoundStatus.OPEN).update(
        status=RoundStatus.CLOSED, closed_at=event.closed_at
    )
    _push_round(event, None)
    return event


@transaction.atomic
def regia_member_set(*, event: LiveEvent, user: Any, is_lead: bool = False) -> RegiaMember:
    member, _created = RegiaMember.objects.update_or_create(event=event, user=user, defaults={"is_lead": is_lead})
    return member


@transaction.atomic
def live_event_setup(
    *,
    title: str,
    slug: str = "",
    letters: str = "ABCDEF",
    tables_per_venue: int = 8,
    rounds: Sequence[tuple[str, int]] = (),
    plan: PlanVersion | None = None,
    starts_on: datetime.date | None = None,
    is_sample: bool = False,
    status: str = LiveEventStatus.LIVE,
    leads: Sequence[Any] = (),
    members: Sequence[Any] = (),
) -> LiveEvent:
    """A whole event in one call: venues of seed 000, tables on the plan's axes in turn, rounds (the first one
    opened if the event is live), the dissent lane and the regia."""
    if tables_per_venue < 1 or tables_per_venue > 99:
        raise ValidationError({"tables_per_venue": _("Da 1 a 99 tavoli per sede.")})
    event = live_event_create(
        title=title, slug=slug, plan=plan, starts_on=starts_on, is_sample=is_sample, status=status
    )
    axes = list(Axis.objects.filter(plan=event.plan).order_by("number")) if event.plan else []
    for letter in letters:
        venue = live_venue_add(event=event, letter=letter)
        for number in range(1, tables_per_venue + 1):
            axis = axes[(number - 1) % len(axes)] if axes else None
            label = _("Tavolo %(n)s – %(axis)s") % {"n": number, "axis": axis.title} if axis else ""
            live_table_add(venue=venue, number=number, label=label[:200], axis=axis)
    created = [live_round_add(event=event, question=q, duration_minutes=m) for q, m in rounds]
    if created and status == LiveEventStatus.LIVE:
        round_open(live_round=created[0])
    for user in leads:
        regia_member_set(event=event, user=user, is_lead=True)
    for user in members:
        regia_member_set(event=event, user=user, is_lead=False)
    return event


def _first_free(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first that is not ``taken``."""
    name, n = base, 1
    while taken(name):
        n += 1
        name = f"{base}-{n}"
    return name


def live_event_slug(title: str) -> str:
    """A free slug for a new event's pages: the title's, with -2, -3… if taken."""
    base = (slugify(title)[:72] or "evento").strip("-")
    return _first_free(base, lambda slug: LiveEvent.objects.filter(slug=slug).exists())


@transaction.atomic
def live_table_append(
    *, venue: LiveVenue, label: str = "", axis: Axis | None = None, facilitator_name: str = ""
) -> LiveTable:
    """One more table at a venue, numbered after the last (the venue row is locked while numbering)."""
    LiveVenue.objects.select_for_update().filter(pk=venue.pk).first()
    number = (venue.tables.aggregate(n=Max("number"))["n"] or 0) + 1
    return live_table_add(
        venue=venue, number=number, label=label.strip(), axis=axis, facilitator_name=facilitator_name.strip()
    )


@transaction.atomic
def live_table_update(
    *, table: LiveTable, label: str, axis: Axis | None, facilitator_name: str, is_active: bool
) -> LiveTable:
    """Name, axis, facilitator and state of a table; its code and token stay (the badge still works)."""
    if axis is not None and axis.plan_id != table.event.plan_id:
        raise ValidationError({"axis": _("Questo asse non è del piano dell'evento.")})
    table.label, table.axis, table.facilitator_name = label.strip(), axis, facilitator_name.strip()
    table.is_active = is_active
    table.full_clean()
    table.save(update_fields=["label", "axis", "facilitator_name", "is_active"])
    return table


@transaction.atomic
def regia_member_remove(*, member: RegiaMember) -> None:
    """Out of this event's regia: the person's next page or socket message is refused."""
    member.delete()


def _username_for(email: str) -> str:
    base = slugify(email.split("@", 1)[0])[:140] or "regia"
    return _first_free(base, lambda username: User.objects.filter(username=username).exists())


@transaction.atomic
def regia_account_create(
    *,
    event: LiveEvent,
    first_name: str,
    last_name: str,
    email: str,
    is_lead: bool,
    link_for: Callable[[str, str], str],
) -> RegiaMember:
    """A new regia account for someone who has none, member of this event; it has no password until the
    person sets one from the link e-mailed to them (``link_for(uidb64, token)`` builds its absolute URL)."""
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Esiste già un account con questa e-mail: sceglilo dall'elenco.")})
    user = User(
        username=_username_for(email),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        role=Role.REGIA,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    member = regia_member_set(event=event, user=user, is_lead=is_lead)
    link = link_for(urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user))
    body = render_to_string("live/emails/regia_invite.txt", {"user": user, "event": event, "link": link})
    subject = _("La regia di «%(title)s»: imposta la tua password") % {"title": event.title}
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return member


# ---------------------------------------------------------------- ideas


@dataclass
class IdeaReceipt:
    idea: Idea
    duplicate: bool


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise ValidationError({"uuid": _("Identificativo dell'idea non valido.")}) from None


def _parse_id(value: Any, field: str) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Valore non valido.")}) from None
    if number < 1:
        raise ValidationError({field: _("Valore non valido.")})
    return number


def _parse_sent_at(value: Any) -> datetime.datetime | None:
    """The device's epoch milliseconds, kept for latency figures; nonsense is dropped, never refused."""
    if value in (None, ""):
        return None
    try:
        ms = float(value)
        return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _existing_receipt(client_uuid: uuid.UUID, table: LiveTable) -> IdeaReceipt | None:
    existing = Idea.objects.filter(client_uuid=client_uuid).first()
    if existing is None:
        return None
    if existing.table_id != table.pk:
        raise ValidationError({"uuid": _("Identificativo già usato da un altro tavolo.")})
    return IdeaReceipt(idea=existing, duplicate=True)


def idea_submit(
    *,
    table: LiveTable,
    client_uuid: Any,
    text: str,
    axis_id: Any = None,
    strategy_id: Any = None,
    is_dissent: bool = False,
    round_id: Any = None,
    client_sent_at: Any = None,
) -> IdeaReceipt:
    """Store an idea typed at a table, once per client UUID: a resend gets the first answer back.

    Raises ValidationError with field errors for bad input, PermissionDenied if the table may not write."""
    key = _parse_uuid(client_uuid)
    replay = _existing_receipt(key, table)
    if replay is not None:
        return replay
    from trama.live.permissions import can_facilitate_table

    if not can_facilitate_table(table):
        raise PermissionDenied(_("Questo tavolo non può inviare idee: l'evento non è in corso."))
    try:
        with transaction.atomic():
            return _idea_create(
                table=table,
                key=key,
                text=text,
                axis_id=axis_id,
                strategy_id=strategy_id,
                is_dissent=is_dissent,
                round_id=round_id,
                client_sent_at=client_sent_at,
            )
    except IntegrityError:
        # The same UUID arrived twice at once (socket and HTTP fallback): the other insert won.
        replay = _existing_receipt(key, table)
        if replay is None:
            raise
        return replay


def _idea_create(
    *,
    table: LiveTable,
    key: uuid.UUID,
    text: str,
    axis_id: Any,
    strategy_id: Any,
    is_dissent: bool,
    round_id: Any,
    client_sent_at: Any,
) -> IdeaReceipt:
    event = table.event
    body = (text or "").strip() if isinstance(text, str) else ""
    errors: dict[str, str] = {}
    if not body:
        errors["text"] = _("Scrivi l'idea prima di inviarla.")
    elif len(body) > IDEA_MAX_LENGTH:
        errors["text"] = _("L'idea è troppo lunga: al massimo %(n)s caratteri.") % {"n": IDEA_MAX_LENGTH}
    axis = strategy = live_round = None
    try:
        axis_pk = _parse_id(axis_id, "axis")
        strategy_pk = _parse_id(strategy_id, "strategy")
        round_pk = _parse_id(round_id, "round")
    except ValidationError as exc:
        raise ValidationError({**errors, **exc.message_dict}) from None
    if axis_pk is not None:
        axis = Axis.objects.filter(pk=axis_pk, plan_id=event.plan_id).first()
        if axis is None:
            errors["axis"] = _("Asse non previsto dal piano dell'evento.")
    if strategy_pk is not None:
        strategy = Strategy.objects.filter(pk=strategy_pk, axis__plan_id=event.plan_id).first()
        if strategy is None:
            errors["strategy"] = _("Strategia non prevista dal piano dell'evento.")
    if round_pk is not None:
        live_round = LiveRound.objects.filter(pk=round_pk, event=event).first()
        if live_round is None:
            errors["round"] = _("Giro di lavoro sconosciuto.")
    else:
        live_round = LiveRound.objects.filter(event=event, status=RoundStatus.OPEN).first()
    if errors:
        raise ValidationError(errors)
    idea = Idea.objects.create(
        event=event,
        table=table,
        round=live_round,
        client_uuid=key,
        text=body,
        axis=axis if axis is not None else (strategy.axis if strategy is not None else None),
        strategy=strategy,
        is_dissent=bool(is_dissent),
        terms=idea_terms(body),
        client_sent_at=_parse_sent_at(client_sent_at),
    )
    theme = suggest_theme(idea)
    links: list[tuple[IdeaTheme, Theme]] = []
    if theme is not None:
        links.append((IdeaTheme.objects.create(idea=idea, theme=theme, state=ThemeLinkState.SUGGESTED), theme))
    # The payload is built now (no queries later) and sent once the row is committed.
    send_on_commit(groups.regia_group(event.pk), {"type": "live.idea", "idea": idea_payload(idea, links=links)})
    # The analysis engine's strategy suggestions: queued after the commit, worked out in the background.
    event_pk = event.pk
    after_commit(lambda: ideas_analysis_queue(event_id=event_pk))
    return IdeaReceipt(idea=idea, duplicate=False)


# The ideas of a live day reach the analysis engine in batches: one background task per event every
# LIVE_ANALYSIS_BATCH_SECONDS at most, whatever the number of ideas (a task per idea cost the database more
# than the embedding itself, at the moment the facilitators need it).
ANALYSIS_BATCH_MAX = 500


def _batch_key(event_id: int) -> str:
    return f"live:analysis-batch:{event_id}"


def ideas_analysis_queue(*, event_id: int) -> None:
    """Make sure a background task will hand the event's new ideas to the analysis engine (never on the
    socket's path): at most one is waiting per event; it runs LIVE_ANALYSIS_BATCH_SECONDS later, when the
    task backend can defer. Off with ``settings.LIVE_ANALYSIS = False``."""
    if not getattr(settings, "LIVE_ANALYSIS", True):
        return
    from django_tasks import default_task_backend

    from trama.live.tasks import ideas_analyse

    wait = max(0, int(getattr(settings, "LIVE_ANALYSIS_BATCH_SECONDS", 10)))
    try:
        if not (wait and default_task_backend.supports_defer):
            ideas_analyse.enqueue(event_id=event_id)
            return
        if not cache.add(_batch_key(event_id), True, timeout=wait * 3):
            return  # a batch is already waiting: it will take this idea too
        ideas_analyse.using(run_after=timezone.now() + datetime.timedelta(seconds=wait)).enqueue(event_id=event_id)
    except Exception:  # the suggestions are a help for the regia: a failed hand-off never fails the idea
        log.exception("live ideas of event %s not handed to the analysis engine", event_id)


def ideas_analysis_run(*, event_id: int) -> int:
    """The batch: store the event's ideas not yet handed over as texts of the analysis engine and analyse
    them together (one embedder call per ANALYSIS_BATCH_MAX). Returns how many."""
    from trama.analysis.services import texts_analyse

    cache.delete(_batch_key(event_id))  # ideas arriving from now on wait for the next batch
    running = f"{_batch_key(event_id)}:running"
    done = 0
    refused: set[int] = set()
    pending = Idea.objects.filter(event_id=event_id, analysis_text__isnull=True)
    # One batch of an event at a time (several task threads or workers); the one running goes on until no
    # idea is left, so an idea whose own task found it busy is not forgotten.
    while pending.exclude(pk__in=refused).exists():
        if not cache.add(running, True, timeout=600):
            return done
        try:
            ideas = pending.exclude(pk__in=refused).select_related("event", "table__venue").order_by("pk")
            text_ids = []
            for idea in ideas[:ANALYSIS_BATCH_MAX]:
                try:
                    text_ids.append(idea_analysis_submit(idea=idea, analyse=False).analysis_text_id)
                except Exception:  # one idea the engine refuses must not hold back the others, now or later
                    log.exception("live idea %s not handed to the analysis engine", idea.pk)
                    refused.add(idea.pk)
            texts_analyse(text_ids=[pk for pk in text_ids if pk is not None])
            done += len(text_ids)
        finally:
            cache.delete(running)
    return done


@transaction.atomic
def idea_analysis_submit(*, idea: Idea, analyse: bool = True) -> Idea:
    """Store the idea as a text of the analysis engine (corpus ``live-<event slug>``), which queues its own
    analysis unless ``analyse=False`` (the batch analyses it): strategy suggestions appear on the board when
    ready. Idempotent (the client UUID is the key)."""
    if idea.analysis_text_id is not None:
        return idea
    from trama.analysis.models import TextKind
    from trama.analysis.services import text_submit

    text = text_submit(
        corpus=f"live-{idea.event.slug}"[:60],
        kind=TextKind.IDEA,
        body=idea.text,
        author_label=idea.table.code,
        source_ref=f"idea:{idea.pk}",
        client_key=idea.client_uuid,
        analyse=analyse,
    )
    Idea.objects.filter(pk=idea.pk).update(analysis_text=text)
    idea.analysis_text = text
    return idea


def table_heartbeat(*, table: LiveTable, queued: Any = 0) -> LiveTable:
    """Record that a table's device is alive and how many ideas it still holds."""
    try:
        count = max(0, min(int(queued), 100_000))
    except (TypeError, ValueError):
        count = 0
    now = timezone.now()
    LiveTable.objects.filter(pk=table.pk).update(last_seen_at=now, queued_count=count)
    table.last_seen_at, table.queued_count = now, count
    # No idea count here: 48 tables beat every 10 s, and the regia counts the ideas it is pushed.
    send_on_commit(groups.regia_group(table.event_id), {"type": "live.table", "table": table_payload(table)})
    return table


# ---------------------------------------------------------------- theme board


def _board_changed(event_id: int) -> None:
    """The board's themes, links or publications changed: a new board version (the cached fragment is
    keyed on it) and a push to the regia screens."""
    LiveEvent.objects.filter(pk=event_id).update(board_version=F("board_version") + 1)
    send_on_commit(groups.regia_group(event_id), {"type": "live.themes"})


def _active_theme(theme: Theme) -> None:
    if theme.merged_into_id is not None:
        raise ValidationError(_("Il tema «%(label)s» è stato unito a un altro.") % {"label": theme.label})


def _clean_label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Dai un nome al tema.")})
    if len(label) > 200:
        raise ValidationError({"label": _("Al massimo 200 caratteri.")})
    return label


@transaction.atomic
def theme_create(*, event: LiveEvent, label: str, by: Any, axis: Axis | None = None) -> Theme:
    theme = Theme(event=event, label=_clean_label(label), axis=axis)
    theme.full_clean()
    theme.save()
    _board_changed(event.pk)
    return theme


@transaction.atomic
def theme_rename(*, theme: Theme, label: str, by: Any) -> Theme:
    _active_theme(theme)
    theme.label = _clean_label(label)
    theme.save(update_fields=["label", "updated_at"])
    _board_changed(theme.event_id)
    return theme


@transaction.atomic
def idea_theme_add(*, idea: Idea, theme: Theme, by: Any, state: str = ThemeLinkState.ACCEPTED) -> IdeaTheme:
    """Put an idea in a theme (accepted by a person). An idea belongs to at most two themes."""
    if idea.event_id != theme.event_id:
        raise ValidationError(_("Il tema è di un altro evento."))
    _active_theme(theme)
    Idea.objects.select_for_update().filter(pk=idea.pk).first()  # serialise concurrent moves of one idea
    link = IdeaTheme.objects.filter(idea=idea, theme=theme).first()
    if link is None:
        if IdeaTheme.objects.filter(idea=idea).count() >= MAX_THEMES_PER_IDEA:
            raise ValidationError(
                _("Un'idea può stare al massimo in %(n)s temi: toglila prima da uno.") % {"n": MAX_THEMES_PER_IDEA}
            )
        link = IdeaTheme(idea=idea, theme=theme)
    link.state, link.decided_by = state, by
    link.full_clean()
    link.save()
    _board_changed(idea.event_id)
    return link


@transaction.atomic
def idea_theme_accept(*, link: IdeaTheme, by: Any) -> IdeaTheme:
    link.state, link.decided_by = ThemeLinkState.ACCEPTED, by
    link.save(update_fields=["state", "decided_by"])
    _board_changed(link.idea.event_id)
    return link


@transaction.atomic
def idea_theme_remove(*, link: IdeaTheme, by: Any) -> None:
    event_id = link.idea.event_id
    link.delete()
    _board_changed(event_id)


@transaction.atomic
def idea_move(*, idea: Idea, from_theme: Theme, to_theme: Theme, by: Any) -> IdeaTheme:
    """Move an idea from one theme to another (accepted there)."""
    IdeaTheme.objects.filter(idea=idea, theme=from_theme).delete()
    return idea_theme_add(idea=idea, theme=to_theme, by=by)


@transaction.atomic
def themes_merge(*, target: Theme, others: Sequence[Theme], by: Any) -> Theme:
    """Merge themes into ``target``: their ideas, strategies and actions move there; the others stay as
    tombstones pointing to it. The dissent lane is never merged away, nor does it absorb other themes."""
    _active_theme(target)
    if target.is_dissent and any(o.pk != target.pk for o in others):
        raise ValidationError(_("La corsia delle minoranze e del dissenso non si unisce ad altri temi."))
    for other in others:
        if other.pk == target.pk:
            continue
        if other.event_id != target.event_id:
            raise ValidationError(_("Il tema è di un altro evento."))
        if other.is_dissent:
            raise ValidationError(_("La corsia delle minoranze e del dissenso non si unisce ad altri temi."))
        _active_theme(other)
        already = set(IdeaTheme.objects.filter(theme=target).values_list("idea_id", flat=True))
        IdeaTheme.objects.filter(theme=other, idea_id__in=already).delete()
        IdeaTheme.objects.filter(theme=other).update(theme=target)
        target.strategies.add(*other.strategies.all())
        target.actions.add(*other.actions.all())
        other.merged_into, other.is_published = target, False
        other.save(update_fields=["merged_into", "is_published", "updated_at"])
    _board_changed(target.event_id)
    return target


@transaction.atomic
def theme_split(*, theme: Theme, ideas: Sequence[Idea], label: str, by: Any) -> Theme:
    """Make a new theme with some of a theme's ideas (they leave the old one)."""
    _active_theme(theme)
    ids = [i.pk for i in ideas]
    if not ids or not IdeaTheme.objects.filter(theme=theme, idea_id__in=ids).exists():
        raise ValidationError({"ideas": _("Scegli le idee da spostare nel nuovo tema.")})
    new = Theme(event_id=theme.event_id, label=_clean_label(label), axis=theme.axis)
    new.full_clean()
    new.save()
    new.strategies.set(theme.strategies.all())
    new.actions.set(theme.actions.all())
    IdeaTheme.objects.filter(theme=theme, idea_id__in=ids).update(
        theme=new, state=ThemeLinkState.ACCEPTED, decided_by=by
    )
    _board_changed(theme.event_id)
    return new


@transaction.atomic
def theme_links_set(*, theme: Theme, strategies: Sequence[Strategy], actions: Sequence[Action], by: Any) -> Theme:
    """Link a theme to the plan's strategies and actions (of the event's plan only)."""
    _active_theme(theme)
    plan_id = theme.event.plan_id
    if any(s.axis.plan_id != plan_id for s in strategies) or any(a.strategy.axis.plan_id != plan_id for a in actions):
        raise ValidationError(_("Strategie e azioni vanno scelte dal piano dell'evento."))
    theme.strategies.set(strategies)
    theme.actions.set(actions)
    _board_changed(theme.event_id)
    return theme


@transaction.atomic
def theme_publish(*, theme: Theme, by: Any, published: bool = True) -> Theme:
    """Show a theme on the big screen (and offer it to the votes). Only the regia lead."""
    if not is_regia_lead(by, theme.event):
        raise PermissionDenied(_("Solo chi guida la regia pubblica i temi."))
    _active_theme(theme)
    theme.is_published = published
    theme.published_at = timezone.now() if published else None
    theme.save(update_fields=["is_published", "published_at", "updated_at"])
    _board_changed(theme.event_id)
    send_on_commit(
        groups.public_group(theme.event_id),
        {"type": "live.published", "theme": {"id": theme.pk, "label": theme.label, "published": published}},
    )
    return theme


@transaction.atomic
def idea_dissent_set(*, idea: Idea, is_dissent: bool, by: Any) -> Idea:
    """Flag or unflag an idea as a minority view; flagged ideas join the dissent lane."""
    idea.is_dissent = is_dissent
    idea.save(update_fields=["is_dissent"])
    lane = Theme.objects.filter(event_id=idea.event_id, is_dissent=True).first()
    if lane is not None:
        if is_dissent:
            if not IdeaTheme.objects.filter(idea=idea, theme=lane).exists():
                idea_theme_add(idea=idea, theme=lane, by=by)
        else:
            IdeaTheme.objects.filter(idea=idea, theme=lane).delete()
    _board_changed(idea.event_id)
    return idea
