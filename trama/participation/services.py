"""Writes of the modulo online: submit a contribution, moderate it, erase a sender's personal data.

`contribution_submit` validates everything first (fields, attachments, spam limits, the process being open)
and writes only then, in one transaction: a contribution is stored with all its attachments or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.actors.privacy import PRIVACY_NOTICE_VERSION
from trama.analysis import services as analysis
from trama.analysis.models import LinkStatus, StrategyLink, TextKind
from trama.participation import limits
from trama.participation.forms import ContributionForm
from trama.participation.models import (
    SENDER_TO_ACTOR,
    Attachment,
    Contribution,
    ContributionStatus,
    ContributionStrategy,
    upload_storage,
)
from trama.participation.uploads import UploadRejected, check_files
from trama.plans.models import Strategy
from trama.process.models import Process
from trama.process.permissions import can_submit_contribution

# No 0/O, 1/I/L, U: a code read aloud on the phone or copied by hand stays unambiguous. 31^8 ≈ 8.5e11 codes.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_PREFIX = "PSM"
IDEMPOTENCY_KEY_MAX = 100


class ContributionInvalid(Exception):
    """Field-level errors (`"__all__"` for the whole form), ready for the web form or the API's JSON."""

    def __init__(self, errors: dict[str, list[str]], *, form: ContributionForm | None = None, status: int = 422):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
        self.form = form
        self.status = status


@dataclass
class SubmitResult:
    contribution: Contribution
    created: bool
    attachments: list[Attachment] = field(default_factory=list)


def receipt_code_new() -> str:
    while True:
        chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
        code = f"{RECEIPT_PREFIX}-{chars[:4]}-{chars[4:]}"
        if not Contribution.objects.filter(receipt_code=code).exists():
            return code


def ip_hash(ip: str) -> str:
    """Keyed hash: the rate limit needs to recognise an address, not to know it."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def excerpt_default(text: str) -> str:
    if len(text) <= limits.EXCERPT_MAX:
        return text
    cut = text[: limits.EXCERPT_MAX].rsplit(" ", 1)[0]
    return f"{cut}…"


def corpus_for(process: Process) -> str:
    return f"contributi-{process.slug}"[:60]


def _errors_of(form: ContributionForm) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def _rate_limited(*, email: str, ip_digest: str) -> dict[str, list[str]]:
    since = timezone.now() - timedelta(hours=1)
    recent = Contribution.objects.filter(created_at__gte=since)
    if email and recent.filter(email=email).count() >= limits.per_hour_per_email():
        return {
            "email": [
                _("Da questo indirizzo sono già arrivati %(n)d contributi nell'ultima ora: riprova più tardi.")
                % {"n": limits.per_hour_per_email()}
            ]
        }
    if ip_digest and recent.filter(ip_hash=ip_digest).count() >= limits.per_hour_per_ip():
        return {"__all__": [_("Troppi contributi inviati da questa connessione nell'ultima ora: riprova più tardi.")]}
    return {}


def _existing(idempotency_key: str | None) -> Contribution | None:
    if not idempotency_key:
        return None
    return Contribution.objects.filter(idempotency_key=idempotency_key).first()


@transaction.atomic
def contribution_submit(
    *,
    process: Process,
    data: Mapping[str, Any],
    files: Sequence[UploadedFile] = (),
    idempotency_key: str | None = None,
    ip: str = "",
    send_receipt: bool = True,
) -> SubmitResult:
    """Validate and store a contribution with its attachments; the receipt e-mail and the analysis (strategy
    suggestions, near-duplicates) follow on commit. A retry with the same `idempotency_key` returns the
    contribution stored the first time and stores nothing. Raises `ContributionInvalid`."""
    key = (idempotency_key or "").strip() or None
    if key is not None and (len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable()):
        raise ContributionInvalid(
            {
                "idempotency_key": [
                    _("Chiave di invio non valida (al massimo %(n)d caratteri).") % {"n": IDEMPOTENCY_KEY_MAX}
                ]
            },
            status=400,
        )
    existing = _existing(key)
    if existing is not None:
        return SubmitResult(contribution=existing, created=False)

    form = ContributionForm(data=data, process=process)
    if not can_submit_contribution(process):
        form.is_valid()
        form.add_error(None, _("Il modulo online di questo processo è chiuso: non accetta nuovi contributi."))
        raise ContributionInvalid({"__all__": [str(m) for m in form.non_field_errors()]}, form=form, status=403)
    valid = form.is_valid()
    checked = []
    try:
        checked = check_files(files)
    except UploadRejected as rejected:
        for message in rejected.messages:
            form.add_error("files", message)
        valid = False
    if not valid:
        raise ContributionInvalid(_errors_of(form), form=form)
    cleaned = form.cleaned_data
    digest = ip_hash(ip)
    limited = _rate_limited(email=cleaned["email"], ip_digest=digest)
    if limited:
        for name, messages in limited.items():
            for message in messages:
                form.add_error(None if name == "__all__" else name, message)
        raise ContributionInvalid(limited, form=form, status=429)

    now = timezone.now()
    contribution = Contribution(
        process=process,
        receipt_code=receipt_code_new(),
        kind=cleaned["kind"],
        title=cleaned["title"],
        text=cleaned["text"],
        axis=cleaned.get("axis"),
        strategy=cleaned.get("strategy"),
        actor_category=SENDER_TO_ACTOR[cleaned["actor_category"]],
        organisation=cleaned["organisation"],
        comune=cleaned["comune"],
        zona_id=cleaned["comune"].zona_id,
        name=cleaned["name"],
        email=cleaned["email"],
        privacy_consent=True,
        privacy_consent_at=now,
        privacy_version=PRIVACY_NOTICE_VERSION,
        publish_consent=bool(cleaned["publish_consent"]),
        public_excerpt=excerpt_default(cleaned["text"]),
        idempotency_key=key,
        ip_hash=digest,
        created_at=now,
    )
    try:
        contribution.full_clean(validate_unique=False)
    except ValidationError as error:  # a limit of the model the form did not know: still a field error
        raise ContributionInvalid(error.message_dict, form=form) from error
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError:
        # Two requests with the same key at once: the other one stored it first.
        existing = _existing(key)
        if existing is None:
            raise
        return SubmitResult(contribution=existing, created=False)

    saved_paths: list[str] = []
    try:
        attachments = []
        for item in checked:
            attachment = Attachment(contribution=contribution, original_name=item.name, mime=item.mime, size=item.size)
            attachment.file.save(item.name, item.upload, save=False)
            saved_paths.append(attachment.file.name)
            attachment.full_clean(validate_unique=False)
            attachment.save()
            attachments.append(attachment)

        text_unit = analysis.text_submit(
            corpus=corpus_for(process),
            body=f"{contribution.title}\n\n{contribution.text}",
            kind=TextKind.CONTRIBUTION,
            author_label=str(contribution.get_actor_category_display()),
            source_ref=f"contribution:{contribution.pk}",
            client_key=uuid.uuid5(uuid.NAMESPACE_URL, f"trama:contribution:{contribution.receipt_code}"),
        )
        contribution.text_unit = text_unit
        contribution.save(update_fields=["text_unit"])
    except BaseException:
        # The rows roll back with the transaction; files already on disk would stay as orphans holding
        # personal data.
        for path in saved_paths:
            upload_storage().delete(path)
        raise

    code, email, title = contribution.receipt_code, contribution.email, contribution.title
    if send_receipt:
        transaction.on_commit(lambda: receipt_send(code=code, email=email, title=title))
    return SubmitResult(contribution=contribution, created=True, attachments=attachments)


def receipt_url(code: str = "") -> str:
    path = reverse("participation:receipt")
    return f"{settings.SITE_URL.rstrip('/')}{path}" + (f"?codice={code}" if code else "")


def receipt_send(*, code: str, email: str, title: str) -> None:
    subject = _("Ricevuta del contributo %(code)s") % {"code": code}
    body = _(
        "Grazie per il contributo «%(title)s» al Piano Strategico Metropolitano.\n\n"
        "Codice di ricevuta: %(code)s\n\n"
        "Con il codice e questo indirizzo e-mail puoi vedere a che punto è il contributo:\n%(url)s\n\n"
        "Ufficio di Piano – Città metropolitana di Torino"
    ) % {"title": title, "code": code, "url": receipt_url(code)}
    send_mail(subject, body, None, [email], fail_silently=True)


# ---------------------------------------------------------------- moderation


def _moderate(contribution: Contribution, *, status: str, by: Any, reason: str = "") -> Contribution:
    contribution.status = status
    contribution.moderation_reason = reason
    contribution.moderated_by = by
    contribution.moderated_at = timezone.now()
    contribution.is_public = status == ContributionStatus.APPROVED and contribution.publish_consent
    contribution.full_clean(validate_unique=False)
    contribution.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at", "is_public"])
    ContributionStrategy.objects.filter(contribution=contribution).update(is_public=contribution.is_public)
    return contribution


@transaction.atomic
def contribution_approve(*, contribution: Contribution, by: Any) -> Contribution:
    """Approve; it becomes public if the sender consented. With no strategy linked yet, approving confirms
    the one the sender chose."""
    strategy = contribution.strategy
    if strategy is not None and not contribution.strategies.exists():
        contribution_strategies_set(contribution=contribution, strategies=[strategy], by=by)
    return _moderate(contribution, status=ContributionStatus.APPROVED, by=by)


@transaction.atomic
def contribution_reject(*, contribution: Contribution, reason: str, by: Any) -> Contribution:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Scrivi il motivo del rifiuto.")]})
    return _moderate(contribution, status=ContributionStatus.REJECTED, by=by, reason=reason)


@transaction.atomic
def contribution_mark_spam(*, contribution: Contribution, by: Any) -> Contribution:
    return _moderate(contribution, status=ContributionStatus.SPAM, by=by)


@transaction.atomic
def contribution_excerpt_update(*, contribution: Contribution, public_excerpt: str, by: Any) -> Contribution:
    contribution.public_excerpt = public_excerpt.strip()
    if not contribution.public_excerpt:
        raise ValidationError({"public_excerpt": [_("Il testo pubblicato non può essere vuoto.")]})
    contribution.full_clean(validate_unique=False)
    contribution.save(update_fields=["public_excerpt"])
    return contribution


@transaction.atomic
def contribution_strategies_set(*, contribution: Contribution, strategies: Sequence[Strategy], by: Any) -> Contribution:
    """The plan office confirms which strategies the contribution speaks to. The analysis engine learns from
    it: the same strategies are confirmed on the analysed text (and dropped ones rejected)."""
    chosen = {s.pk: s for s in strategies}
    before = set(contribution.strategies.values_list("pk", flat=True))
    if contribution.axis_id is None and strategies:
        contribution.axis_id = strategies[0].axis_id
        contribution.save(update_fields=["axis"])
        ContributionStrategy.objects.filter(contribution=contribution).update(axis_id=contribution.axis_id)
    copies = {
        "is_public": contribution.is_public,
        "axis_id": contribution.axis_id,
        "zona_id": contribution.zona_id,
        "actor_category": contribution.actor_category,
    }
    contribution.strategies.set(list(chosen.values()), through_defaults=copies)
    text = contribution.text_unit
    if text is not None:
        for pk in set(chosen) - before:
            analysis.link_confirm(text=text, strategy=chosen[pk], by=by)
        for link in StrategyLink.objects.filter(text=text, strategy_id__in=before - set(chosen)).exclude(
            status=LinkStatus.REJECTED
        ):
            analysis.link_reject(link=link, by=by)
    return contribution


# ---------------------------------------------------------------- personal data


@transaction.atomic
def contributions_erase(*, email: str) -> int:
    """Erase what identifies a sender. A contribution they consented to publish stays as anonymous text
    (name, e-mail, organisation and attachments go: attachments may hold a signature or a letterhead, and
    their names often hold a name); one they did not consent to publish is deleted entirely. Returns how many
    contributions were changed or deleted."""
    email = email.strip().lower()
    if not email:
        return 0
    changed = 0
    for contribution in Contribution.objects.filter(email=email).prefetch_related("attachments"):
        for attachment in contribution.attachments.all():
            attachment.file.delete(save=False)
        if contribution.publish_consent:
            contribution.attachments.all().delete()
            contribution.name = ""
            contribution.email = ""
            contribution.organisation = ""
            contribution.ip_hash = ""
            contribution.is_anonymised = True
            contribution.save(update_fields=["name", "email", "organisation", "ip_hash", "is_anonymised"])
            if contribution.text_unit_id:
                contribution.text_unit.author_label = ""  # type: ignore[union-attr]
                contribution.text_unit.save(update_fields=["author_label"])  # type: ignore[union-attr]
        else:
            text_unit = contribution.text_unit
            contribution.delete()
            if text_unit is not None:
                _text_unit_delete(text_unit)
        changed += 1
    return changed


def _text_unit_delete(text_unit: Any) -> None:
    from trama.analysis.models import TextUnit

    # Texts merged into this one keep existing: they point to it with PROTECT, so detach them first.
    TextUnit.objects.filter(duplicate_of=text_unit).update(duplicate_of=None)
    text_unit.delete()
