"""Writes of the questionnaires app: building questionnaires, the signed answer link, storing responses.

``response_submit`` validates every answer again (the form is not the only caller), stores a response and its
answers in one transaction, returns the stored response for a retried idempotency key and refuses a second
response of the same person (checked first, and guaranteed by a unique constraint).
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from trama.plans.models import Strategy
from trama.process.models import Process
from trama.questionnaires.models import (
    CHOICE_KINDS,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireMode,
    Response,
)
from trama.questionnaires.permissions import questionnaire_accepts_answers
from trama.territory.models import Comune

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 10000
LINK_SALT = "trama.questionnaires.answer-link"
LINK_MAX_AGE = datetime.timedelta(days=14)
QUESTIONNAIRE_FIELDS = ("title", "intro", "opens_at", "closes_at", "mode", "status", "results_public")


class QuestionnaireClosedError(Exception):
    """The questionnaire does not accept answers now (closed, not yet open, or the phase does not allow it)."""


class AlreadyAnsweredError(Exception):
    """This person has already answered this (one answer per person) questionnaire."""


class QuestionnaireLockedError(ValidationError):
    """The questions cannot change once people have answered."""


@dataclass(frozen=True)
class Respondent:
    """Who answers: ``key`` is unique per person in per-person mode, "" for an anonymous answer."""

    key: str = ""
    email: str = ""
    user: Any = None


ANONYMOUS = Respondent()


def respondent_for_user(user: Any) -> Respondent:
    return Respondent(key=f"user:{user.pk}", email=(user.email or "").lower(), user=user)


def respondent_for_email(email: str) -> Respondent:
    address = email.strip().lower()
    return Respondent(key=f"email:{address}", email=address)


# ---------------------------------------------------------------- building


def _locked_check(questionnaire: Questionnaire) -> None:
    if questionnaire.responses.exists():
        raise QuestionnaireLockedError(
            _("Il questionario ha già delle risposte: le domande non si possono più aggiungere, cambiare o togliere.")
        )


@transaction.atomic
def questionnaire_create(*, process: Process, fields: dict[str, Any], is_sample: bool = False) -> Questionnaire:
    questionnaire = Questionnaire(process=process, is_sample=is_sample)
    for name in QUESTIONNAIRE_FIELDS:
        if name in fields:
            setattr(questionnaire, name, fields[name])
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, fields: dict[str, Any]) -> Questionnaire:
    """Change title, dates, status… The answering mode cannot change once there are responses."""
    stored = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if fields.get("mode", stored.mode) != stored.mode and stored.responses.exists():
        raise ValidationError(
            {"mode": _("Il questionario ha già delle risposte: la modalità di risposta non si può più cambiare.")}
        )
    for name in QUESTIONNAIRE_FIELDS:
        if name in fields:
            setattr(questionnaire, name, fields[name])
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def _choices_replace(question: Question, labels: Iterable[str]) -> None:
    clean = [label.strip() for label in labels if label.strip()]
    if question.kind in CHOICE_KINDS and len(clean) < 2:
        raise ValidationError({"choices": _("Una domanda a scelta ha bisogno di almeno due opzioni, una per riga.")})
    question.choices.all().delete()
    if question.kind not in CHOICE_KINDS:
        return
    for position, label in enumerate(clean):
        choice = Choice(question=question, order=position, label=label)
        choice.full_clean()
        choice.save()


@transaction.atomic
def question_add(
    *,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices: Iterable[str] = (),
) -> Question:
    _locked_check(questionnaire)
    last = questionnaire.questions.aggregate(last=Max("order"))["last"]
    question = Question(
        questionnaire=questionnaire,
        kind=kind,
        text=text.strip(),
        help_text=help_text.strip(),
        required=required,
        order=0 if last is None else last + 1,
    )
    question.full_clean()
    question.save()
    _choices_replace(question, choices)
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices: Iterable[str] = (),
) -> Question:
    _locked_check(question.questionnaire)
    question.kind, question.text, question.help_text, question.required = (
        kind,
        text.strip(),
        help_text.strip(),
        required,
    )
    question.full_clean()
    question.save()
    _choices_replace(question, choices)
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _locked_check(question.questionnaire)
    questionnaire = question.questionnaire
    question.delete()
    _renumber(list(questionnaire.questions.order_by("order", "id")))


def _renumber(questions: list[Question]) -> None:
    for position, item in enumerate(questions):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


@transaction.atomic
def question_move(*, question: Question, offset: int) -> None:
    """Move a question up (-1) or down (+1); allowed with responses too (it changes nothing of the answers)."""
    questions = list(question.questionnaire.questions.select_for_update().order_by("order", "id"))
    index = next(i for i, item in enumerate(questions) if item.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    questions.insert(target, questions.pop(index))
    _renumber(questions)


# ---------------------------------------------------------------- the signed answer link (per-person mode)


def answer_link_token(*, questionnaire: Questionnaire, email: str) -> str:
    return signing.dumps({"q": questionnaire.pk, "e": email.strip().lower()}, salt=LINK_SALT, compress=True)


def answer_link_email(*, questionnaire: Questionnaire, token: str) -> str | None:
    """The e-mail address a link was sent to, or None when the link is forged, of another questionnaire or old."""
    try:
        data = signing.loads(token[:1000], salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("q") != questionnaire.pk or not isinstance(data.get("e"), str):
        return None
    return str(data["e"])


def rate_limit_hit(scope: str, key: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one attempt; True when ``key`` went over ``limit`` attempts in the window (spam limits)."""
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()
    cache_key = f"trama:q-rate:{digest}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def answer_link_send(*, questionnaire: Questionnaire, email: str, build_url: Callable[[str], str]) -> None:
    """E-mail the person a signed link to answer (it proves the address); sent when the transaction commits."""
    token = answer_link_token(questionnaire=questionnaire, email=email)
    url = build_url(token)
    subject = _("Il tuo link per rispondere al questionario «%(title)s»") % {"title": questionnaire.title[:120]}
    body = _(
        "Buongiorno,\n\nper rispondere al questionario «%(title)s» apri questo link (vale 14 giorni, "
        "una sola risposta per indirizzo e-mail):\n\n%(url)s\n\nSe non hai chiesto tu il link, ignora questo "
        "messaggio.\n\nUfficio di Piano – Piano Strategico Metropolitano"
    ) % {"title": questionnaire.title, "url": url}
    address = email.strip().lower()
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


# ---------------------------------------------------------------- answering


def _plain_text(value: object, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("Risposta non valida."))
    text = value.strip()
    if "\x00" in text:
        raise ValidationError(_("Il testo contiene caratteri non ammessi."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(_("Il testo contiene caratteri non ammessi.")) from error
    if len(text) > limit:
        raise ValidationError(_("Al massimo %(limit)d caratteri (ora %(n)d).") % {"limit": limit, "n": len(text)})
    return text


def _pk(value: object) -> int | None:
    if hasattr(value, "pk"):
        value = value.pk
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 12:
        value = int(value.strip())
    # Ids are positive and fit a 32-bit column: anything else is no id (and never reaches the database).
    if isinstance(value, int) and 0 < value < 2**31:
        return value
    return None


def _pks(value: object) -> list[int] | None:
    if value is None or value == "":
        return []
    if not isinstance(value, list | tuple | set | frozenset):
        value = [value]
    out = [_pk(item) for item in value]
    return None if any(pk is None for pk in out) else sorted({pk for pk in out if pk is not None})


def _clean_answer(question: Question, value: object, strategy_ids: set[int]) -> object:
    """The answer in stored form (None or [] when empty), or a ValidationError with an Italian message."""
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        cleaned: object = _plain_text(value, SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX)
    elif kind == QuestionKind.SCALE:
        number = _pk(value) if value not in (None, "") else None
        if value not in (None, "") and (number is None or not 1 <= number <= 5):
            raise ValidationError(_("Scegli un valore da 1 a 5."))
        cleaned = number
    elif kind == QuestionKind.SINGLE:
        pk = _pk(value) if value not in (None, "") else None
        valid = {c.pk: c for c in question.choices.all()}
        if value not in (None, "") and pk not in valid:
            raise ValidationError(_("Scegli una delle opzioni proposte."))
        cleaned = valid.get(pk) if pk is not None else None
    elif kind == QuestionKind.MULTIPLE:
        pks = _pks(value)
        valid = {c.pk: c for c in question.choices.all()}
        if pks is None or any(pk not in valid for pk in pks):
            raise ValidationError(_("Scegli tra le opzioni proposte."))
        cleaned = [valid[pk] for pk in pks]
    elif kind == QuestionKind.COMUNE:
        pk = _pk(value) if value not in (None, "") else None
        comune = Comune.objects.filter(pk=pk).first() if pk is not None else None
        if value not in (None, "") and comune is None:
            raise ValidationError(_("Scegli un comune dall'elenco."))
        cleaned = comune
    else:  # strategies of the process's plan
        pks = _pks(value)
        if pks is None or any(pk not in strategy_ids for pk in pks):
            raise ValidationError(_("Scegli tra le strategie del piano."))
        cleaned = pks
    if question.required and cleaned in (None, "", []):
        raise ValidationError(_("Questa domanda richiede una risposta."))
    return cleaned


def questionnaire_strategy_ids(questionnaire: Questionnaire) -> set[int]:
    plan_id = questionnaire.process.plan_id
    if plan_id is None:
        return set()
    return set(Strategy.objects.filter(axis__plan_id=plan_id).values_list("pk", flat=True))


@transaction.atomic
def response_submit(
    *,
    questionnaire: Questionnaire,
    answers: dict[int, object],
    respondent: Respondent,
    idempotency_key: uuid.UUID,
    now: datetime.datetime | None = None,
    is_sample: bool = False,
) -> Response:
    """Store one response. Raises ValidationError (keys ``q<question id>``), QuestionnaireClosedError or
    AlreadyAnsweredError; on any of them nothing is written. A retry with the same key returns the first."""
    existing = Response.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.questionnaire_id != questionnaire.pk:
            raise ValidationError(_("Risposta non valida: ricarica la pagina e riprova."))
        return existing
    if not questionnaire_accepts_answers(questionnaire, now):
        raise QuestionnaireClosedError
    if questionnaire.mode == QuestionnaireMode.ANONYMOUS:
        respondent = ANONYMOUS
    elif not respondent.key:
        raise ValidationError(_("Per rispondere serve un indirizzo e-mail verificato o l'accesso con il tuo utente."))
    if respondent.key and Response.objects.filter(questionnaire=questionnaire, respondent_key=respondent.key).exists():
        raise AlreadyAnsweredError

    questions = list(questionnaire.questions.prefetch_related("choices").order_by("order", "id"))
    strategy_ids = (
        questionnaire_strategy_ids(questionnaire)
        if any(q.kind == QuestionKind.STRATEGIES for q in questions)
        else set()
    )
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, object] = {}
    for question in questions:
        try:
            cleaned[question.pk] = _clean_answer(question, answers.get(question.pk), strategy_ids)
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)

    response = Response(
        questionnaire=questionnaire,
        respondent_key=respondent.key[:260],
        email=respondent.email[:254] if respondent.key.startswith("email:") or respondent.user else "",
        user=respondent.user,
        idempotency_key=idempotency_key,
        is_sample=is_sample,
        **({"submitted_at": now} if now else {}),
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        # A concurrent request won the race: the same retry, or the same person twice.
        again = Response.objects.filter(idempotency_key=idempotency_key).first()
        if again is not None:
            return again
        raise AlreadyAnsweredError from error

    for question in questions:
        value = cleaned[question.pk]
        if value in (None, "", []):
            continue
        answer = Answer(response=response, question=question)
        if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            answer.text = str(value)
        elif question.kind == QuestionKind.SCALE:
            answer.number = int(value)  # type: ignore[call-overload]  # checked 1-5 above
        elif question.kind == QuestionKind.COMUNE:
            answer.comune = value  # type: ignore[assignment]  # a Comune, checked above
        answer.save()
        if question.kind == QuestionKind.SINGLE:
            answer.choices.set([value])  # type: ignore[list-item]
        elif question.kind == QuestionKind.MULTIPLE:
            answer.choices.set(value)  # type: ignore[arg-type]
        elif question.kind == QuestionKind.STRATEGIES:
            answer.strategies.set(value)  # type: ignore[arg-type]
    return response


@transaction.atomic
def responses_erase(*, email: str) -> int:
    """GDPR erasure: answers stay (they are the questionnaire's results), who gave them does not."""
    address = email.strip().lower()
    if not address:
        return 0
    responses = list(Response.objects.filter(email__iexact=address)) + list(
        Response.objects.filter(user__email__iexact=address).exclude(email__iexact=address)
    )
    for response in responses:
        response.email = ""
        response.user = None
        response.respondent_key = f"erased:{response.pk}"
        response.save(update_fields=["email", "user", "respondent_key"])
    return len(responses)
