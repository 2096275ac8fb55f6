"""Contributions sent with the modulo online, their attachments and their moderation.

A contribution belongs to a process. The sender's personal data (name,
e-mail, organisation for citizens, the original names of attachments) is
kept for the plan office only; the public sees approved contributions whose
sender consented to publication, as the moderated ``public_excerpt``, never
name or e-mail (see ``selectors.public_contributions``).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from trama.actors.models import ActorCategory
from trama.analysis.models import TextUnit
from trama.plans.models import Axis, Strategy
from trama.process.models import Process
from trama.territory.models import Comune, ZonaOmogenea


class ContributionKind(models.TextChoices):
    SUGGESTION = "suggerimento", _("Suggerimento")
    WRITTEN = "contributo", _("Contributo scritto")
    MATERIALS = "materiali", _("Materiali")


class ContributionStatus(models.TextChoices):
    RECEIVED = "received", _("Ricevuto, in attesa di moderazione")
    APPROVED = "approved", _("Approvato")
    REJECTED = "rejected", _("Non approvato")
    SPAM = "spam", _("Segnalato come spam")


class SenderCategory(models.TextChoices):
    """The sender's category in the words of the form and of the API (``actor_category``)."""

    ISTITUZIONE = "istituzione", _("Istituzione")
    STAKEHOLDER = "stakeholder", _("Stakeholder socio-economico")
    CITTADINO = "cittadino", _("Cittadino/a")


SENDER_TO_ACTOR: dict[str, str] = {
    SenderCategory.ISTITUZIONE: ActorCategory.INSTITUTION,
    SenderCategory.STAKEHOLDER: ActorCategory.STAKEHOLDER,
    SenderCategory.CITTADINO: ActorCategory.CITIZEN,
}
ACTOR_TO_SENDER: dict[str, str] = {actor: sender for sender, actor in SENDER_TO_ACTOR.items()}


class PrivateUploadStorage(FileSystemStorage):
    """Attachments live outside MEDIA_ROOT (which DEBUG serves to anyone): they may hold personal data and are
    served only by ``views.attachment_download``, which checks who asks. The folder is read from settings at
    each use, so tests can point it to a temporary directory."""

    # FileSystemStorage caches these; a setting change (tests) must be seen.
    @property
    def base_location(self) -> str:
        default = Path(settings.MEDIA_ROOT).parent / "private-uploads"
        return str(getattr(settings, "CONTRIBUTION_UPLOAD_ROOT", default))

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    @cached_property
    def base_url(self) -> str | None:  # type: ignore[override]  # never served by URL
        return None


_upload_storage = PrivateUploadStorage()


def upload_storage() -> Storage:
    return _upload_storage


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def public(self) -> ContributionQuerySet:
        return self.filter(is_public=True)

    def in_queue(self) -> ContributionQuerySet:
        return self.filter(status=ContributionStatus.RECEIVED)


class Contribution(models.Model):
    process = models.ForeignKey(
        Process, verbose_name=_("processo"), on_delete=models.PROTECT, related_name="contributions"
    )
    receipt_code = models.CharField(_("codice di ricevuta"), max_length=16, unique=True)
    kind = models.CharField(
        _("tipo"), max_length=16, choices=ContributionKind.choices, default=ContributionKind.WRITTEN
    )
    title = models.CharField(_("titolo"), max_length=200)
    text = models.TextField(_("testo"))
    # What the sender chose; the plan office confirms the strategies the contribution speaks to in `strategies`.
    axis = models.ForeignKey(
        Axis, verbose_name=_("asse"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategia indicata"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    strategies: models.ManyToManyField[Strategy, ContributionStrategy] = models.ManyToManyField(
        Strategy,
        verbose_name=_("strategie collegate"),
        blank=True,
        related_name="contributions",
        through="ContributionStrategy",
    )
    actor_category = models.CharField(_("categoria"), max_length=20, choices=ActorCategory.choices)
    organisation = models.CharField(_("organizzazione"), max_length=200, blank=True)
    comune = models.ForeignKey(
        Comune, verbose_name=_("comune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Follows from the comune; stored so the public list filters by zone without a join.
    zona = models.ForeignKey(
        ZonaOmogenea,
        verbose_name=_("zona omogenea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("nome e cognome"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    privacy_consent = models.BooleanField(_("consenso al trattamento dei dati"))
    privacy_consent_at = models.DateTimeField(_("consenso dato il"))
    privacy_version = models.CharField(_("versione dell'informativa"), max_length=40)
    publish_consent = models.BooleanField(_("consenso alla pubblicazione"), default=False)

    status = models.CharField(
        _("stato"), max_length=10, choices=ContributionStatus.choices, default=ContributionStatus.RECEIVED
    )
    moderation_reason = models.TextField(_("motivo"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderato da"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderato il"), null=True, blank=True)
    public_excerpt = models.TextField(_("testo pubblicato"), blank=True)
    # Approved and consented to publication: what the public list reads, kept by the services.
    is_public = models.BooleanField(_("pubblico"), default=False)
    text_unit = models.OneToOneField(
        TextUnit,
        verbose_name=_("testo analizzato"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contribution",
    )

    idempotency_key = models.CharField(_("chiave di invio"), max_length=100, unique=True, null=True, blank=True)
    ip_hash = models.CharField(_("impronta dell'indirizzo IP"), max_length=64, blank=True, db_index=True)
    is_anonymised = models.BooleanField(_("dati personali cancellati"), default=False)
    is_sample = models.BooleanField(_("dato di esempio"), default=False)
    created_at = models.DateTimeField(_("ricevuto il"), default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contributo")
        verbose_name_plural = _("contributi")
        # Partial indexes on the public rows: SQLite uses an index for `WHERE is_public` (how Django writes a
        # boolean filter) only when the index has that same condition. Each serves a filter, its ordering
        # by date and its facet's GROUP BY.
        indexes = [
            models.Index(fields=["-created_at", "-id"], condition=Q(is_public=True), name="contribution_public_recent"),
            models.Index(
                fields=["axis", "-created_at", "-id"], condition=Q(is_public=True), name="contribution_public_axis"
            ),
            models.Index(
                fields=["zona", "-created_at", "-id"], condition=Q(is_public=True), name="contribution_public_zona"
            ),
            models.Index(
                fields=["actor_category", "-created_at", "-id"],
                condition=Q(is_public=True),
                name="contribution_public_category",
            ),
            # Covers the GROUP BY that counts every facet at once (selectors.public_contributions).
            models.Index(
                fields=["axis", "zona", "actor_category"], condition=Q(is_public=True), name="contribution_public_cube"
            ),
            models.Index(fields=["status", "-created_at"], name="contribution_queue"),
            models.Index(fields=["ip_hash", "created_at"], name="contribution_ip_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(privacy_consent=True) | Q(is_anonymised=True), name="contribution_privacy_consent"
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(status=ContributionStatus.APPROVED, publish_consent=True),
                name="contribution_public_only_if_approved_and_consented",
            ),
            models.CheckConstraint(
                condition=~Q(status=ContributionStatus.REJECTED) | ~Q(moderation_reason=""),
                name="contribution_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_code} {self.title}"

    @property
    def sender_category(self) -> str:
        return ACTOR_TO_SENDER.get(self.actor_category, "")

    @property
    def shows_organisation(self) -> bool:
        """A citizen's organisation (or comune) could identify them: shown only for institutions and
        stakeholders who consented to publication."""
        return bool(self.organisation) and self.publish_consent and self.actor_category != ActorCategory.CITIZEN

    @property
    def shows_comune(self) -> bool:
        return self.comune_id is not None and self.actor_category != ActorCategory.CITIZEN


class ContributionStrategy(models.Model):
    """A strategy the plan office confirmed for a contribution. `is_public`, `axis`, `zona` and
    `actor_category` copy the contribution's (the services keep them in step) so the public list counts
    contributions per strategy, with the other filters, from this table's index alone."""

    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contributo"), on_delete=models.CASCADE, related_name="strategy_links"
    )
    strategy = models.ForeignKey(Strategy, verbose_name=_("strategia"), on_delete=models.CASCADE, related_name="+")
    is_public = models.BooleanField(_("pubblico"), default=False)
    axis = models.ForeignKey(Axis, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    zona = models.ForeignKey(ZonaOmogenea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_category = models.CharField(max_length=20, choices=ActorCategory.choices, blank=True)

    class Meta:
        verbose_name = _("strategia collegata")
        verbose_name_plural = _("strategie collegate")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "strategy"], name="one_link_per_contribution_strategy")
        ]
        indexes = [
            models.Index(
                fields=["strategy", "axis", "zona", "actor_category"],
                condition=Q(is_public=True),
                name="contribution_public_strategy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.strategy_id}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the sender's file name on disk: a random name with the checked extension.
    ext = Path(filename).suffix.lower()
    return f"contributi/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contributo"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=upload_storage, max_length=200)
    original_name = models.CharField(_("nome originale"), max_length=200)
    mime = models.CharField(_("tipo rilevato"), max_length=120)
    size = models.PositiveIntegerField(_("dimensione in byte"))
    created_at = models.DateTimeField(_("caricato il"), auto_now_add=True)

    class Meta:
        ordering = ["contribution", "pk"]
        verbose_name = _("allegato")
        verbose_name_plural = _("allegati")
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return Path(self.file.name).suffix.lstrip(".").upper()

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.original_name, "mime": self.mime, "size": self.size}
