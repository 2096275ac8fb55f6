"""Writes of the priority votes: tokens, polls, ballots, paper tallies.

Every poll kind's rules are checked here (the forms only parse): approval, dot voting, top-k ranking and
100-point allocation. A ballot is changed in place until its poll closes. Each write pushes the new state
to the big screens when its transaction commits (`trama.votes.broadcast`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trama.actors.models import ActorCategory
from trama.live.models import LiveEvent, LiveEventStatus, LiveTable, LiveVenue, Theme
from trama.plans.models import Action, Strategy
from trama.territory.models import ZonaOmogenea
from trama.votes import broadcast
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
from trama.votes.permissions import can_enter_paper_tally, can_issue_tokens, can_run_polls, can_vote

MIN_OPTIONS = 2
MAX_OPTIONS = 20
POINTS_TOTAL = 100
MAX_TOKENS_PER_CALL = 500


def option_field(option_id: int) -> str:
    """The form field (and error key) of one option."""
    return f"opt_{option_id}"


def token_new() -> str:
    """128 random bits, url-safe (22 characters): what the badge's QR code carries."""
    return secrets.token_urlsafe(16)


# ---------------------------------------------------------------- tokens


@transaction.atomic
def tokens_issue(*, venue: LiveVenue, count: int, by: Any) -> list[ParticipantToken]:
    """Issue `count` new badges for a venue, numbered on from the venue's last one («A-001», «A-002»…)."""
    if not can_issue_tokens(by, venue.event):
        raise PermissionDenied
    if not 1 <= count <= MAX_TOKENS_PER_CALL:
        raise ValidationError({"count": _("Indica un numero di badge da 1 a %(max)d.") % {"max": MAX_TOKENS_PER_CALL}})
    prefix = f"{venue.letter}-"
    existing = ParticipantToken.objects.filter(event=venue.event, label__startswith=prefix).values_list(
        "label", flat=True
    )
    start = max((int(label[2:]) for label in existing if label[2:].isdigit()), default=0)
    tokens = [
        ParticipantToken(event=venue.event, venue=venue, token=token_new(), label=f"{prefix}{start + i:03d}")
        for i in range(1, count + 1)
    ]
    for token in tokens:
        token.full_clean(validate_unique=False, validate_constraints=False)
    created = ParticipantToken.objects.bulk_create(tokens)
    broadcast.screen_push_on_commit(venue.event_id)
    return created


@transaction.atomic
def token_profile_set(*, token: ParticipantToken, zona: ZonaOmogenea | None, category: str) -> ParticipantToken:
    """The optional first question: zona omogenea and actor category (either may stay empty)."""
    if category and category not in ActorCategory.values:
        raise ValidationError({"category": _("Categoria non valida.")})
    token.zona = zona
    token.category = category
    token.profile_answered_at = timezone.now()
    token.full_clean()
    token.save(update_fields=["zona", "category", "profile_answered_at"])
    broadcast.screen_push_on_commit(token.event_id)
    return token


# ---------------------------------------------------------------- polls


@dataclass(frozen=True)
class OptionSpec:
    label: str
    theme: Theme | None = None
    strategy: Strategy | None = None
    action: Action | None = None


def options_from_themes(themes: Sequence[Theme]) -> list[OptionSpec]:
    return [OptionSpec(label=t.label, theme=t) for t in themes]


def options_from_strategies(strategies: Sequence[Strategy]) -> list[OptionSpec]:
    return [OptionSpec(label=f"{s.code} {s.title}", strategy=s) for s in strategies]


def options_from_actions(actions: Sequence[Action]) -> list[OptionSpec]:
    return [OptionSpec(label=f"{a.code} {a.title}", action=a) for a in actions]


def _poll_rules_check(*, kind: str, options: int, dots: int, max_per_option: int, top_k: int, max_choices: int) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in PollKind.values:
        errors["kind"] = [_("Tipo di votazione non valido.")]
    if not MIN_OPTIONS <= options <= MAX_OPTIONS:
        errors["options"] = [
            _("Una votazione ha da %(min)d a %(max)d opzioni: ne hai scelte %(n)d.")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS, "n": options}
        ]
    if kind == PollKind.DOTS:
        if dots < 1:
            errors["dots"] = [_("Serve almeno un bollino a persona.")]
        if not 1 <= max_per_option <= max(dots, 1):
            errors["max_per_option"] = [_("Il massimo per opzione va da 1 al numero di bollini.")]
    if kind == PollKind.RANKING and not 1 <= top_k <= options:
        errors["top_k"] = [_("Le opzioni da ordinare vanno da 1 al numero di opzioni (%(n)d).") % {"n": options}]
    if kind == PollKind.APPROVAL and max_choices > options:
        errors["max_choices"] = [_("Il massimo di scelte supera il numero di opzioni.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def poll_create(
    *,
    event: LiveEvent,
    title: str,
    kind: str,
    options: Sequence[OptionSpec],
    by: Any,
    question: str = "",
    dots: int = 5,
    max_per_option: int = 3,
    top_k: int = 5,
    max_choices: int = 0,
) -> Poll:
    """A poll in preparation (status draft), with its options in the given order."""
    if not can_run_polls(by, event):
        raise PermissionDenied
    _poll_rules_check(
        kind=kind, options=len(options), dots=dots, max_per_option=max_per_option, top_k=top_k, max_choices=max_choices
    )
    labels = [o.label.strip() for o in options]
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": [_("Due opzioni hanno lo stesso testo.")]})
    poll = Poll(
        event=event,
        title=title.strip(),
        question=question.strip(),
        kind=kind,
        dots=dots,
        max_per_option=max_per_option,
        top_k=top_k,
        max_choices=max_choices,
        created_by=by,
    )
    poll.full_clean()
    poll.save()
    rows = []
    for order, spec in enumerate(options, start=1):
        row = PollOption(
            poll=poll,
            order=order,
            label=spec.label.strip()[:250],
            theme=spec.theme,
            strategy=spec.strategy,
            action=spec.action,
        )
        row.full_clean(exclude=["poll"], validate_unique=False)
        rows.append(row)
    PollOption.objects.bulk_create(rows)
    return poll


@transaction.atomic
def poll_create_from_top(*, source: Poll, kind: str, title: str, by: Any, top: int = 5, question: str = "") -> Poll:
    """The final round: a ranking or 100-point poll over the `top` options of an earlier poll's results."""
    from trama.votes.selectors import poll_results

    if kind not in (PollKind.RANKING, PollKind.POINTS):
        raise ValidationError({"kind": _("Il voto finale è una classifica o una ripartizione di 100 punti.")})
    ranked = poll_results(source).options[:top]
    specs = [
        OptionSpec(label=r.label, theme=r.option.theme, strategy=r.option.strategy, action=r.option.action)
        for r in ranked
    ]
    return poll_create(
        event=source.event, title=title, kind=kind, options=specs, by=by, question=question, top_k=min(top, len(specs))
    )


@transaction.atomic
def poll_open(*, poll: Poll, by: Any) -> Poll:
    """Open a poll in preparation. One poll at a time is open per event."""
    poll = Poll.objects.select_for_update(of=("self",)).select_related("event").get(pk=poll.pk)
    if not can_run_polls(by, poll.event):
        raise PermissionDenied
    if poll.event.status == LiveEventStatus.CLOSED:
        raise ValidationError(_("La giornata è chiusa: non si aprono altre votazioni."))
    if poll.status != PollStatus.DRAFT:
        raise ValidationError(_("Solo una votazione in preparazione può essere aperta."))
    if Poll.objects.filter(event=poll.event, status=PollStatus.OPEN).exists():
        raise ValidationError(_("C'è già una votazione aperta: chiudila prima di aprirne un'altra."))
    poll.status = PollStatus.OPEN
    poll.opened_at = timezone.now()
    poll.save(update_fields=["status", "opened_at"])
    broadcast.screen_push_on_commit(poll.event_id)
    return poll


@transaction.atomic
def poll_close(*, poll: Poll, by: Any) -> Poll:
    """Close an open poll: from now on every ballot is refused and results are final (paper tallies aside)."""
    poll = Poll.objects.select_for_update(of=("self",)).select_related("event").get(pk=poll.pk)
    if not can_run_polls(by, poll.event):
        raise PermissionDenied
    return _poll_close(poll)


def _poll_close(poll: Poll) -> Poll:
    if poll.status != PollStatus.OPEN:
        raise ValidationError(_("La votazione non è aperta."))
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["status", "closed_at"])
    broadcast.screen_push_on_commit(poll.event_id)
    return poll


def polls_close_all(*, event: LiveEvent) -> int:
    """Close whatever poll is still open (the day is closing; the caller checked the lead)."""
    closed = 0
    for poll in Poll.objects.select_for_update().filter(event=event, status=PollStatus.OPEN):
        _poll_close(poll)
        closed += 1
    return closed


# ---------------------------------------------------------------- ballots


@dataclass(frozen=True)
class Choice:
    option_id: int
    value: int
    rank: int | None = None


def ballot_validate(poll: Poll, option_ids: Sequence[int], raw: Mapping[int, int]) -> list[Choice]:
    """Check one ballot against its poll kind's rules. ``raw`` maps option id → what the person gave it:
    1 (approved), dots, points, or the rank (1 = first). Zero means "nothing" and is dropped.
    Raises ValidationError with Italian messages (per option under ``opt_<id>``, the rest as non-field)."""
    known = set(option_ids)
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    given: dict[int, int] = {}
    for option_id, value in raw.items():
        if option_id not in known:
            general.append(_("Una delle opzioni non appartiene a questa votazione."))
            continue
        if value < 0:
            errors[option_field(option_id)] = [_("Il valore non può essere negativo.")]
            continue
        if value:
            given[option_id] = value
    kind = poll.kind
    if kind == PollKind.APPROVAL:
        for option_id, value in given.items():
            if value != 1:
                errors[option_field(option_id)] = [_("Un'opzione si approva o no.")]
        if not given:
            general.append(_("Scegli almeno un'opzione."))
        elif poll.max_choices and len(given) > poll.max_choices:
            general.append(
                ngettext(
                    "Puoi scegliere al massimo %(max)d opzione: ne hai scelte %(n)d.",
                    "Puoi scegliere al massimo %(max)d opzioni: ne hai scelte %(n)d.",
                    poll.max_choices,
                )
                % {"max": poll.max_choices, "n": len(given)}
            )
        choices = [Choice(option_id, 1) for option_id in given]
    elif kind == PollKind.DOTS:
        for option_id, value in given.items():
            if value > poll.max_per_option:
                errors[option_field(option_id)] = [
                    _("Al massimo %(max)d bollini sulla stessa opzione.") % {"max": poll.max_per_option}
                ]
        used = sum(given.values())
        if not used:
            general.append(_("Metti almeno un bollino."))
        elif used > poll.dots:
            general.append(
                _("Hai usato %(used)d bollini: ne hai a disposizione %(max)d.") % {"used": used, "max": poll.dots}
            )
        choices = [Choice(option_id, value) for option_id, value in given.items()]
    elif kind == PollKind.RANKING:
        k = min(poll.top_k, len(option_ids))
        ranks = sorted(given.values())
        if any(r > k for r in ranks):
            general.append(_("Le posizioni vanno da 1 a %(k)d.") % {"k": k})
        elif ranks != list(range(1, k + 1)):
            if len(ranks) != len(set(ranks)):
                general.append(_("Ogni posizione va data a una sola opzione."))
            else:
                general.append(
                    _("Ordina esattamente %(k)d opzioni, dalla 1 alla %(k)d: ne hai ordinate %(n)d.")
                    % {"k": k, "n": len(ranks)}
                )
        # Borda: the first of k scores k, the last scores 1 — so totals rank options.
        choices = [Choice(option_id, k + 1 - rank, rank) for option_id, rank in given.items()]
    elif kind == PollKind.POINTS:
        total = sum(given.values())
        if total != POINTS_TOTAL:
            general.append(
                _("I punti devono sommare a %(total)d: ora sono %(sum)d.") % {"total": POINTS_TOTAL, "sum": total}
            )
        choices = [Choice(option_id, value) for option_id, value in given.items()]
    else:  # pragma: no cover - the kind is a TextChoices column
        raise ValidationError(_("Tipo di votazione non valido."))
    if general:
        errors[NON_FIELD_ERRORS] = list(dict.fromkeys(general))
    if errors:
        raise ValidationError(errors)
    return choices


@transaction.atomic
def ballot_submit(*, token: ParticipantToken, poll: Poll, choices: Mapping[int, int]) -> Ballot:
    """Cast or change a token's ballot. The same token again replaces its choices in place (one row per
    token and poll, `changed_at` updated); a closed poll, or a token of another event, is refused."""
    # The poll row is locked so that a ballot never lands after the close commits (poll_close locks it too).
    poll = Poll.objects.select_for_update(of=("self",)).select_related("event").get(pk=poll.pk)
    token = ParticipantToken.objects.select_related("event").get(pk=token.pk)
    if poll.event_id != token.event_id:
        raise PermissionDenied(_("Questo badge non appartiene a questo evento."))
    if not can_vote(token, poll):
        raise ValidationError(_("La votazione è chiusa: la scheda non può più essere cambiata."))
    option_ids = list(poll.options.values_list("pk", flat=True))
    valid = ballot_validate(poll, option_ids, choices)
    now = timezone.now()
    ballot = Ballot.objects.select_for_update().filter(poll=poll, token=token).first()
    if ballot is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(poll=poll, token=token, changed_at=now)
        except IntegrityError:
            # Two requests of the same badge at once: the other one created the row; change it.
            ballot = Ballot.objects.select_for_update().get(poll=poll, token=token)
            ballot.changes += 1
    else:
        ballot.changes += 1
    ballot.changed_at = now
    ballot.save(update_fields=["changed_at", "changes"])
    BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, option_id=c.option_id, value=c.value, rank=c.rank) for c in valid]
    )
    broadcast.screen_push_on_commit(poll.event_id)
    return ballot


# ---------------------------------------------------------------- paper


def _paper_check(poll: Poll, ballots: int, values: Mapping[int, int], option_ids: Sequence[int]) -> dict[int, int]:
    errors: dict[str, list[str]] = {}
    known = set(option_ids)
    clean: dict[int, int] = {}
    for option_id, value in values.items():
        if option_id not in known:
            errors.setdefault(NON_FIELD_ERRORS, []).append(_("Una delle opzioni non appartiene a questa votazione."))
        elif value < 0:
            errors[option_field(option_id)] = [_("Il totale non può essere negativo.")]
        elif value:
            clean[option_id] = value
    if ballots < 1:
        errors["ballots"] = [_("Indica quante schede cartacee sono state contate (almeno una).")]
    per_option = {
        PollKind.APPROVAL: ballots,
        PollKind.DOTS: ballots * poll.max_per_option,
        PollKind.RANKING: ballots * min(poll.top_k, len(option_ids)),
        PollKind.POINTS: ballots * POINTS_TOTAL,
    }[PollKind(poll.kind)]
    for option_id, value in clean.items():
        if ballots >= 1 and value > per_option:
            errors[option_field(option_id)] = [
                _("Con %(b)d schede un'opzione riceve al massimo %(max)d.") % {"b": ballots, "max": per_option}
            ]
    total = sum(clean.values())
    k = min(poll.top_k, len(option_ids))
    overall = {
        PollKind.APPROVAL: ballots * len(option_ids),
        PollKind.DOTS: ballots * poll.dots,
        PollKind.RANKING: ballots * k * (k + 1) // 2,
        PollKind.POINTS: ballots * POINTS_TOTAL,
    }[PollKind(poll.kind)]
    if ballots >= 1 and total > overall:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("Il totale (%(total)d) supera il massimo possibile con %(b)d schede (%(max)d).")
            % {"total": total, "b": ballots, "max": overall}
        )
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def paper_tally_set(*, poll: Poll, table: LiveTable, ballots: int, values: Mapping[int, int], by: Any) -> PaperTally:
    """Enter (or correct) one table's paper tallies: the number of paper ballots and each option's total
    (approvals, dots, points, or Borda points for a ranking). Counted in results, shown apart."""
    poll = Poll.objects.select_related("event").get(pk=poll.pk)
    table = LiveTable.objects.select_related("venue__event").get(pk=table.pk)
    if table.event_id != poll.event_id or not can_enter_paper_tally(by, table.venue, poll):
        raise PermissionDenied
    option_ids = list(poll.options.values_list("pk", flat=True))
    clean = _paper_check(poll, ballots, values, option_ids)
    tally, _created = PaperTally.objects.select_for_update().get_or_create(
        poll=poll, table=table, defaults={"venue": table.venue, "ballots": ballots, "changed_at": timezone.now()}
    )
    tally.ballots = ballots
    tally.entered_by = by
    tally.changed_at = timezone.now()
    tally.full_clean()
    tally.save()
    PaperTallyLine.objects.filter(tally=tally).delete()
    PaperTallyLine.objects.bulk_create(
        [PaperTallyLine(tally=tally, option_id=option_id, value=value) for option_id, value in clean.items()]
    )
    broadcast.screen_push_on_commit(poll.event_id)
    return tally
