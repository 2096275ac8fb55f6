"""Reads of the events app: public lists and pages, places left, the Q&A state pushed to screens."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from trama.actors.registry import ParticipationRecord
from trama.events.models import (
    AgendaItem,
    AttendanceMode,
    Event,
    EventMode,
    EventTable,
    Question,
    QuestionStatus,
    Registration,
    RegistrationStatus,
)

QUESTIONS_ON_STATE = 20


def qa_group(event_id: int) -> str:
    """The Channels group of an event's Q&A (participants, moderators, the big screen)."""
    return f"events.qa.{event_id}"


def event_list_public(now: datetime.datetime | None = None) -> tuple[QuerySet[Event], QuerySet[Event]]:
    """Upcoming and past public events, with process and venues in two more queries."""
    moment = now or timezone.now()
    base = Event.objects.public().select_related("process").prefetch_related("venues")
    return base.upcoming(moment), base.past(moment)


def event_get_public(event_id: int) -> Event | None:
    return (
        Event.objects.public()
        .select_related("process", "question_on_screen")
        .prefetch_related(
            "venues",
            "process__phases",
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("axis").order_by("order", "id")),
            Prefetch("tables", queryset=EventTable.objects.select_related("axis").order_by("order", "id")),
        )
        .filter(pk=event_id)
        .first()
    )


def counts_towards_capacity(event: Event, attendance_mode: str) -> bool:
    """Capacity is about the room: online seats of a hybrid event are not limited. Online-only events count all."""
    return event.mode == EventMode.ONLINE or attendance_mode == AttendanceMode.PRESENZA


def _capacity_filter(event: Event) -> Q:
    if event.mode == EventMode.ONLINE:
        return Q()
    return Q(attendance_mode=AttendanceMode.PRESENZA)


@dataclass(frozen=True)
class Places:
    capacity: int | None
    confirmed: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def event_places(event: Event) -> Places:
    counted = Registration.objects.filter(_capacity_filter(event), event=event).aggregate(
        confirmed=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
    )
    return Places(capacity=event.capacity, confirmed=counted["confirmed"], waiting=counted["waiting"])


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the waiting list (first come, first served)."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, status=RegistrationStatus.WAITING).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_for_office(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .select_related("comune")
        .prefetch_related("tables")
        .order_by("status", "created_at", "id")
    )


@dataclass(frozen=True)
class Attendance:
    registered: int
    waiting: int
    checked_in_person: int
    checked_in_online: int


def event_attendance(event: Event) -> Attendance:
    row = Registration.objects.filter(event=event).aggregate(
        registered=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("id", filter=Q(status=RegistrationStatus.WAITING)),
        person=Count("id", filter=Q(checked_in_at__isnull=False, attendance_mode=AttendanceMode.PRESENZA)),
        online=Count("id", filter=Q(checked_in_at__isnull=False, attendance_mode=AttendanceMode.ONLINE)),
    )
    return Attendance(row["registered"], row["waiting"], row["person"], row["online"])


# --- Q&A ------------------------------------------------------------------------------------------


def questions_public(event: Event) -> list[Question]:
    """What participants see: every question except the hidden ones, most voted first."""
    return list(Question.objects.filter(event=event).visible().by_votes())


def questions_for_moderation(event: Event) -> list[Question]:
    return list(Question.objects.filter(event=event).by_votes())


def question_strategy_hints(questions: list[Question]) -> dict[int, list[str]]:
    """For the moderator: the strategies the analysis suggested (or a person confirmed) for each question."""
    from trama.analysis.models import LinkStatus, StrategyLink

    refs = {f"question:{q.pk}": q.pk for q in questions}
    if not refs:
        return {}
    links = (
        StrategyLink.objects.filter(
            text__source_ref__in=list(refs), status__in=[LinkStatus.SUGGESTED, LinkStatus.CONFIRMED]
        )
        .select_related("text", "strategy")
        .order_by("text_id", "rank")
    )
    hints: dict[int, list[str]] = {}
    for link in links:
        hints.setdefault(refs[link.text.source_ref], []).append(f"{link.strategy.code} {link.strategy.title}")
    return {pk: labels[:3] for pk, labels in hints.items()}


def voted_question_ids(event: Event, voter_id: str) -> set[int]:
    if not voter_id:
        return set()
    return set(Question.objects.filter(event=event, votes__voter_id=voter_id).values_list("id", flat=True))


def _question_json(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "text": question.text,
        "author": question.author_name,
        "votes": question.vote_count,
        "status": question.status,
    }


def questions_state(event_id: int) -> dict[str, Any] | None:
    """The public state of an event's Q&A, the same for the JSON fallback and the WebSocket (never hidden ones)."""
    event = Event.objects.public().select_related("question_on_screen").filter(pk=event_id).first()
    if event is None:
        return None
    on_screen = event.question_on_screen
    if on_screen is not None and on_screen.status == QuestionStatus.HIDDEN:
        on_screen = None
    visible = Question.objects.filter(event_id=event_id).visible()
    top = list(visible.by_votes()[:QUESTIONS_ON_STATE])
    return {
        "event": event_id,
        "open": event.questions_open,
        "on_screen": _question_json(on_screen) if on_screen else None,
        "questions": [_question_json(q) for q in top],
        "count": visible.count(),
        "shortlisted": [q.pk for q in top if q.status == QuestionStatus.SHORTLISTED],
    }


# --- personal data (registered with the actors registry) ------------------------------------------------


def registration_participations() -> list[ParticipationRecord]:
    rows = (
        Registration.objects.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event", "comune")
        .order_by("created_at")
    )
    return [
        ParticipationRecord(
            kind="event_registration",
            label=r.event.title,
            on=timezone.localdate(r.event.starts_at),
            email=r.email,
            name=r.name,
            organisation=r.organisation,
            category=r.category,
            zona_id=r.comune.zona_id if r.comune else None,
        )
        for r in rows
    ]


def registration_export(email: str) -> list[dict[str, Any]]:
    rows = Registration.objects.filter(email__iexact=email.strip()).select_related("event", "comune")
    return [
        {
            "incontro": r.event.title,
            "data": r.event.starts_at.isoformat(),
            "nome": r.name,
            "email": r.email,
            "organizzazione": r.organisation,
            "categoria": r.category,
            "comune": r.comune.name if r.comune else "",
            "partecipazione": r.attendance_mode,
            "stato": r.status,
            "tavoli": [t.title for t in r.tables.all()],
            "iscrizione": r.created_at.isoformat(),
            "presenza_registrata": r.checked_in_at.isoformat() if r.checked_in_at else None,
            "consenso_privacy": r.consent_at.isoformat(),
            "versione_informativa": r.consent_version,
        }
        for r in rows
    ]


@dataclass(frozen=True)
class LinkedContribution:
    label: str
    url: str = ""


def linked_contributions(event: Event) -> list[LinkedContribution]:
    """The close-out's contribution references for the public page: receipt codes of published contributions
    become links to them, codes of unpublished ones are left out, other free-text references stay as text.

    A soft link (no foreign key), so events never depend on the participation app's migrations."""
    refs = event.contribution_refs_list
    if not refs:
        return []
    try:
        from trama.participation.models import Contribution
    except ImportError:  # the participation app is optional for events
        return [LinkedContribution(label=ref) for ref in refs]
    known = {c.receipt_code: c for c in Contribution.objects.filter(receipt_code__in=refs)}
    public = {c.receipt_code: c for c in Contribution.objects.public().filter(receipt_code__in=refs)}
    result: list[LinkedContribution] = []
    for ref in refs:
        if ref in public:
            contribution = public[ref]
            result.append(
                LinkedContribution(
                    label=contribution.title, url=reverse("participation:detail", args=[contribution.pk])
                )
            )
        elif ref not in known:
            result.append(LinkedContribution(label=ref))
    return result
