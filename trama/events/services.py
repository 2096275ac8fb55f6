"""Writes of the events app: registrations with a waiting list, check-in, close-out, the hybrid Q&A.

Side effects (e-mails, WebSocket pushes) run on commit: the database is the truth, pushes are hints that make
screens re-read it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.actors.privacy import PRIVACY_NOTICE_VERSION
from trama.events import permissions
from trama.events.models import (
    Event,
    EventStatus,
    EventTable,
    Question,
    QuestionStatus,
    QuestionVote,
    Registration,
    RegistrationStatus,
)
from trama.events.selectors import counts_towards_capacity, event_places, qa_group
from trama.territory.models import Comune

logger = logging.getLogger(__name__)

SIGNING_NAMESPACE = "trama.events.registration"
QUESTION_MAX_LENGTH = 500
REGISTRATION_RATE_WINDOW = datetime.timedelta(hours=1)


def registrations_per_hour_per_ip() -> int:
    """Registrations one network may make in an hour, across events (a town hall registers its staff from one
    address; a script filling an event with fake names does not get far)."""
    return int(getattr(settings, "EVENT_REGISTRATIONS_PER_HOUR_PER_IP", 30))


def ip_fingerprint(ip: str) -> str:
    """A keyed hash of the address: enough to count, useless to identify (GDPR, minimum exposure)."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


# At most this many questions from one browser in QUESTION_RATE_WINDOW (a room of 300 people, one screen).
QUESTION_RATE_LIMIT = 3
QUESTION_RATE_WINDOW = datetime.timedelta(minutes=1)


def _text(value: str) -> str:
    """Trimmed, without NUL characters (PostgreSQL refuses them in text columns; forms already reject them)."""
    return value.replace("\x00", "").strip()


def _site_url(site_url: str) -> str:
    return (site_url or getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


# --- registrations ---------------------------------------------------------------------------------------


def registration_token(registration: Registration) -> str:
    """The signed link of one registration: the same on every call, so a retried form lands on one page."""
    return signing.Signer(salt=SIGNING_NAMESPACE).sign_object({"r": registration.pk})


def registration_from_token(token: str) -> Registration | None:
    data = _token_data(token)
    if data is None:
        return None
    pk = data.get("r") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return Registration.objects.select_related("event").filter(pk=pk).first()


def _token_data(token: str) -> object:
    """The token's payload, or None; links mailed before the tokens were made stable carry a timestamp."""
    try:
        return signing.Signer(salt=SIGNING_NAMESPACE).unsign_object(token)
    except signing.BadSignature:
        return None
    except ValueError:  # a timestamped token: its payload is not a bare signed object
        pass
    try:
        return signing.loads(token, salt=SIGNING_NAMESPACE)
    except signing.BadSignature:
        return None


def _registration_mail(registration: Registration, *, template: str, subject: str, site_url: str) -> None:
    cancel_url = _site_url(site_url) + reverse(
        "events:registration_cancel", kwargs={"token": registration_token(registration)}
    )
    body = render_to_string(
        template,
        {"registration": registration, "event": registration.event, "cancel_url": cancel_url},
    )
    send_mail(subject, body, None, [registration.email])


def _send_on_commit(registration: Registration, *, template: str, subject: str, site_url: str) -> None:
    def send() -> None:
        try:
            _registration_mail(registration, template=template, subject=subject, site_url=site_url)
        except Exception:  # a mail server down must not undo a registration already stored
            logger.exception("registration e-mail to registration %s not sent", registration.pk)

    transaction.on_commit(send)


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool


@transaction.atomic
def registration_submit(
    *,
    event: Event,
    name: str,
    email: str,
    privacy_consent: bool,
    attendance_mode: str = "presenza",
    organisation: str = "",
    category: str = "",
    comune: Comune | None = None,
    tables: list[EventTable] | None = None,
    client_key: uuid.UUID | None = None,
    ip: str = "",
    site_url: str = "",
    now: datetime.datetime | None = None,
) -> RegistrationResult:
    """Register one person: confirmed while places last, then on the waiting list (first come, first served).

    The same ``client_key`` again (double click, retry) returns the registration stored the first time."""
    if client_key is not None:
        existing = Registration.objects.filter(client_key=client_key).first()
        if existing is not None:
            return RegistrationResult(existing, created=False)
    moment = now or timezone.now()
    # One registration at a time per event, so two people never take the last place.
    event = Event.objects.select_for_update().select_related("process").get(pk=event.pk)
    if not permissions.registration_is_open(event, moment):
        raise ValidationError(_("Le iscrizioni a questo incontro non sono aperte."))
    if not privacy_consent:
        raise ValidationError({"privacy_consent": _("Per iscriverti devi accettare l'informativa sulla privacy.")})
    ip_hash = ip_fingerprint(ip)
    if ip_hash:
        recent = Registration.objects.filter(ip_hash=ip_hash, created_at__gte=moment - REGISTRATION_RATE_WINDOW)
        if recent.count() >= registrations_per_hour_per_ip():
            raise ValidationError(
                _("Troppe iscrizioni da questa rete in poco tempo: riprova più tardi o scrivi all'Ufficio di Piano.")
            )
    email = _text(email).lower()
    if Registration.objects.filter(event=event, email=email).exclude(status=RegistrationStatus.CANCELLED).exists():
        raise ValidationError({"email": _("Questo indirizzo e-mail è già iscritto a questo incontro.")})
    chosen = list(tables or [])
    if any(table.event_id != event.pk for table in chosen):
        raise ValidationError({"tables": _("Scegli tavoli di questo incontro.")})

    status = RegistrationStatus.CONFIRMED
    if counts_towards_capacity(event, attendance_mode) and event_places(event).is_full:
        status = RegistrationStatus.WAITING
    registration = Registration(
        event=event,
        name=_text(name),
        email=email,
        organisation=_text(organisation),
        category=category,
        comune=comune,
        attendance_mode=attendance_mode,
        status=status,
        created_at=moment,
        consent_at=moment,
        consent_version=PRIVACY_NOTICE_VERSION,
        client_key=client_key,
        ip_hash=ip_hash,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError({"email": _("Questo indirizzo e-mail è già iscritto a questo incontro.")}) from exc
    if chosen:
        registration.tables.set(chosen)
    subject = (
        _("Iscrizione confermata: %(title)s")
        if status == RegistrationStatus.CONFIRMED
        else _("Sei in lista d'attesa: %(title)s")
    ) % {"title": event.title}
    _send_on_commit(registration, template="events/email/registration.txt", subject=subject, site_url=site_url)
    return RegistrationResult(registration, created=True)


@transaction.atomic
def registration_cancel(
    *, registration: Registration, site_url: str = "", now: datetime.datetime | None = None
) -> Registration | None:
    """Cancel a registration; when it held a place, the first on the waiting list gets it and an e-mail.

    Returns the promoted registration, if any. Cancelling twice changes nothing."""
    moment = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    held_place = registration.status == RegistrationStatus.CONFIRMED and counts_towards_capacity(
        event, registration.attendance_mode
    )
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = moment
    registration.save(update_fields=["status", "cancelled_at"])
    if not held_place or event.starts_at <= moment:
        return None
    return _promote_first_waiting(event=event, site_url=site_url, now=moment)


def _promote_first_waiting(*, event: Event, site_url: str, now: datetime.datetime) -> Registration | None:
    if event_places(event).is_full:
        return None
    first = (
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("created_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at"])
    first.event = event
    _send_on_commit(
        first,
        template="events/email/promoted.txt",
        subject=_("Si è liberato un posto: %(title)s") % {"title": event.title},
        site_url=site_url,
    )
    return first


@transaction.atomic
def registration_check_in(*, registration: Registration, present: bool, by: Any) -> Registration:
    """Record (or undo) that a registered person came: the attendance count of the close-out starts here."""
    if not permissions.can_manage_events(by):
        raise PermissionDenied
    if registration.status == RegistrationStatus.CANCELLED and present:
        raise ValidationError(_("Un'iscrizione annullata non può essere registrata come presente."))
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at"])
    return registration


@transaction.atomic
def event_close(
    *,
    event: Event,
    by: Any,
    minutes: str,
    attendees_in_person: int | None,
    attendees_online: int | None,
    organisations_present: str = "",
    contribution_refs: str = "",
    report: UploadedFile | None = None,
    remove_report: bool = False,
) -> Event:
    """The plan office's close-out: minutes, attendee counts, organisations, the report (PDF), contributions.
    The event becomes «concluso» and its minutes and report appear on the public page."""
    if not permissions.can_manage_events(by):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    event.minutes = minutes.strip()
    event.attendees_in_person = attendees_in_person
    event.attendees_online = attendees_online
    event.organisations_present = "\n".join(line.strip() for line in organisations_present.splitlines() if line.strip())
    event.contribution_refs = "\n".join(line.strip() for line in contribution_refs.splitlines() if line.strip())
    if remove_report and event.report:
        event.report.delete(save=False)
        event.report = None
    if report is not None:
        event.report.save(f"incontro-{event.pk}.pdf", report, save=False)
    event.status = EventStatus.CLOSED
    event.closed_at = event.closed_at or timezone.now()
    event.full_clean(exclude=["question_on_screen"])
    event.save()
    return event


@transaction.atomic
def registration_erase(email: str) -> int:
    """GDPR erasure: the registrations stay (they are counts of the event), without anything that identifies."""
    changed = 0
    for registration in Registration.objects.select_for_update().filter(email__iexact=email.strip()):
        registration.name = _("Persona anonimizzata")
        registration.email = f"anonimo-{registration.pk}@anonimo.invalid"
        registration.organisation = ""
        registration.comune = None
        registration.save(update_fields=["name", "email", "organisation", "comune"])
        changed += 1
    return changed


# --- Q&A -----------------------------------------------------------------------------------------------


def qa_broadcast(event_id: int) -> None:
    """Tell every open screen of the event to re-read the state (after commit; a failure only delays screens,
    which also poll when their socket is down)."""

    def push() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(qa_group(event_id), {"type": "qa.changed"})
        except Exception:
            logger.exception("Q&A push for event %s failed", event_id)

    transaction.on_commit(push)


@transaction.atomic
def question_ask(
    *,
    event: Event,
    text: str,
    voter_id: str,
    author_name: str = "",
    client_key: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
) -> Question:
    """A question from the room or from home. The same ``client_key`` again returns the first one."""
    if client_key is not None:
        existing = Question.objects.filter(client_key=client_key).first()
        if existing is not None:
            return existing
    moment = now or timezone.now()
    if not permissions.can_ask_questions(event, moment):
        raise ValidationError(_("Le domande per questo incontro non sono aperte."))
    if not voter_id:
        raise ValidationError(_("Il tuo browser non accetta i cookie: servono per inviare domande."))
    text = _text(text)
    if not text:
        raise ValidationError({"text": _("Scrivi la domanda.")})
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(
            {"text": _("La domanda può avere al massimo %(n)d caratteri.") % {"n": QUESTION_MAX_LENGTH}}
        )
    recent = Question.objects.filter(voter_id=voter_id, created_at__gte=moment - QUESTION_RATE_WINDOW).count()
    if recent >= QUESTION_RATE_LIMIT:
        raise ValidationError({"text": _("Hai inviato molte domande in poco tempo: riprova tra un minuto.")})
    question = Question(
        event=event,
        text=text,
        author_name=_text(author_name),
        voter_id=voter_id,
        created_at=moment,
        client_key=client_key,
    )
    question.full_clean()
    question.save()
    _question_to_analysis(question)
    qa_broadcast(event.pk)
    return question


def qa_corpus(event_id: int) -> str:
    """The analysis corpus of an event's questions (the regia confirms their strategies on /analisi/)."""
    return f"incontro-{event_id}-domande"


def _question_to_analysis(question: Question) -> None:
    """Hand the question to the thematic analysis (strategy suggestions, themes). Best effort: a failure there
    never loses the question, which is the record people see."""
    if not getattr(settings, "EVENT_QUESTIONS_ANALYSIS", True):
        return
    from trama.analysis.models import TextKind
    from trama.analysis.services import text_submit

    try:
        with transaction.atomic():
            text_submit(
                corpus=qa_corpus(question.event_id),
                body=question.text,
                kind=TextKind.QUESTION,
                author_label=question.author_name,
                source_ref=f"question:{question.pk}",
                client_key=question.client_key,
            )
    except Exception:
        logger.exception("question %s not handed to the analysis", question.pk)


@transaction.atomic
def question_vote(*, question: Question, voter_id: str, now: datetime.datetime | None = None) -> bool:
    """One vote per browser: True when the vote counted, False when this browser had already voted."""
    event = question.event
    if not permissions.can_ask_questions(event, now):
        raise ValidationError(_("Le domande per questo incontro non sono aperte."))
    if question.status == QuestionStatus.HIDDEN or not voter_id:
        raise ValidationError(_("Non si può votare questa domanda."))
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter_id=voter_id)
    except IntegrityError:
        return False
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    question.refresh_from_db(fields=["vote_count"])
    qa_broadcast(event.pk)
    return True


class ModerationAction:
    SHORTLIST = "selezione"
    HIDE = "nascondi"
    RESTORE = "ripristina"
    ANSWER = "risposta"
    SCREEN = "schermo"
    UNSCREEN = "togli"

    ALL = (SHORTLIST, HIDE, RESTORE, ANSWER, SCREEN, UNSCREEN)


@transaction.atomic
def question_moderate(*, question: Question, action: str, by: Any) -> Question:
    """Shortlist, hide, restore, mark answered, put on / take off the big screen (one question at a time)."""
    if not permissions.can_moderate_questions(by):
        raise PermissionDenied
    if action not in ModerationAction.ALL:
        raise ValidationError(_("Azione sconosciuta."))
    event = Event.objects.select_for_update().get(pk=question.event_id)
    question = Question.objects.select_for_update().get(pk=question.pk)
    screen_changed = False
    if action == ModerationAction.SHORTLIST:
        question.status = QuestionStatus.SHORTLISTED
    elif action == ModerationAction.HIDE:
        question.status = QuestionStatus.HIDDEN
        if event.question_on_screen_id == question.pk:
            event.question_on_screen = None
            screen_changed = True
    elif action == ModerationAction.RESTORE:
        question.status = QuestionStatus.NEW
        question.answered_at = None
    elif action == ModerationAction.ANSWER:
        question.status = QuestionStatus.ANSWERED
        question.answered_at = timezone.now()
    elif action == ModerationAction.SCREEN:
        if question.status == QuestionStatus.HIDDEN:
            raise ValidationError(_("Una domanda nascosta non può andare sullo schermo."))
        if question.status == QuestionStatus.NEW:
            question.status = QuestionStatus.SHORTLISTED
        event.question_on_screen = question
        screen_changed = True
    elif action == ModerationAction.UNSCREEN and event.question_on_screen_id == question.pk:
        event.question_on_screen = None
        screen_changed = True
    question.save(update_fields=["status", "answered_at"])
    if screen_changed:
        event.save(update_fields=["question_on_screen"])
    qa_broadcast(event.pk)
    return question


@transaction.atomic
def questions_toggle(*, event: Event, is_open: bool, by: Any) -> Event:
    """Open or close the Q&A of an event (closing keeps the questions and the screen)."""
    if not permissions.can_moderate_questions(by):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    event.questions_open = is_open
    event.save(update_fields=["questions_open"])
    qa_broadcast(event.pk)
    return event
