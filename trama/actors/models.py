from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from trama.territory.models import Comune, ZonaOmogenea


class ActorCategory(models.TextChoices):
    INSTITUTION = "institution", _("Istituzione")
    STAKEHOLDER = "stakeholder", _("Stakeholder socio-economico")
    CITIZEN = "citizen", _("Cittadinanza")


class Organisation(models.Model):
    """An organisation taking part in the process (comune, association, firm, university, union…)."""

    name = models.CharField(_("nome"), max_length=200, unique=True)
    category = models.CharField(_("categoria"), max_length=20, choices=ActorCategory.choices)
    kind = models.CharField(_("tipo"), max_length=80, blank=True, help_text=_("es. associazione, impresa, università"))
    comune = models.ForeignKey(Comune, verbose_name=_("comune"), on_delete=models.SET_NULL, null=True, blank=True)
    zona = models.ForeignKey(
        ZonaOmogenea, verbose_name=_("zona omogenea"), on_delete=models.SET_NULL, null=True, blank=True
    )
    website = models.URLField(_("sito web"), blank=True)
    in_cabina_di_regia = models.BooleanField(_("nella cabina di regia"), default=False)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def with_email(self, email: str) -> PersonQuerySet:
        return self.filter(email=normalise_email(email)) if email.strip() else self.none()


def normalise_email(email: str) -> str:
    return email.strip().lower()


class Person(models.Model):
    """A person of the network (a portavoce, a member of the cabina di regia, a referent of an organisation).

    Participants who only sent a contribution or registered to an event are not copied here: the network page
    reads them from each app through the registry (trama.actors.registry)."""

    name = models.CharField(_("nome e cognome"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Unica se indicata; salvata in minuscolo."))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organizzazione"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    category = models.CharField(_("categoria"), max_length=20, choices=ActorCategory.choices, blank=True)
    comune = models.ForeignKey(Comune, verbose_name=_("comune"), on_delete=models.SET_NULL, null=True, blank=True)
    zona = models.ForeignKey(
        ZonaOmogenea,
        verbose_name=_("zona omogenea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Se vuota, segue quella del comune."),
    )
    notes = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("inserita il"), auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("persona")
        verbose_name_plural = _("persone")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="person_email_unique_when_set"),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="person_email_lower_case"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalise_email(self.email)
        if self.zona_id is None and self.comune is not None:
            self.zona_id = self.comune.zona_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.email = normalise_email(self.email)


class ActorRoleKind(models.TextChoices):
    PORTAVOCE = "portavoce", _("Portavoce della zona omogenea")
    VICE_PORTAVOCE = "vice_portavoce", _("Vice Portavoce della zona omogenea")
    CABINA_DI_REGIA = "cabina_di_regia", _("Componente della cabina di regia")


ZONE_ROLES = (ActorRoleKind.PORTAVOCE, ActorRoleKind.VICE_PORTAVOCE)


class ActorRole(models.Model):
    """A role held by a person for a time: portavoce or vice of a ZO, member of the cabina di regia.

    At most one portavoce and one vice per ZO at a time: the database refuses two open-ended ones, ``clean()``
    refuses overlapping periods."""

    person = models.ForeignKey(Person, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("ruolo"), max_length=20, choices=ActorRoleKind.choices)
    zona = models.ForeignKey(
        ZonaOmogenea,
        verbose_name=_("zona omogenea"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actor_roles",
    )
    since = models.DateField(_("dal"))
    until = models.DateField(_("al"), null=True, blank=True, help_text=_("Vuoto se il ruolo è in corso."))

    class Meta:
        ordering = ["zona__number", "kind", "-since"]
        verbose_name = _("ruolo")
        verbose_name_plural = _("ruoli")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")), name="actor_role_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(kind=ActorRoleKind.CABINA_DI_REGIA) | Q(zona__isnull=False),
                name="actor_role_zone_roles_have_a_zona",
            ),
            models.UniqueConstraint(
                fields=["zona", "kind"],
                condition=Q(until__isnull=True, kind__in=[ActorRoleKind.PORTAVOCE, ActorRoleKind.VICE_PORTAVOCE]),
                name="actor_role_one_current_per_zona",
            ),
        ]

    def __str__(self) -> str:
        where = f" – {self.zona}" if self.zona_id else ""
        return f"{self.get_kind_display()}{where}: {self.person}"

    def clean(self) -> None:
        if self.kind in ZONE_ROLES and self.zona_id is None:
            raise ValidationError({"zona": _("Indicare la zona omogenea del ruolo.")})
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("La fine non può precedere l'inizio.")})
        if self.kind in ZONE_ROLES and self.zona_id and self.since:
            far = datetime.date.max
            overlapping = (
                ActorRole.objects.filter(kind=self.kind, zona_id=self.zona_id)
                .exclude(pk=self.pk)
                .filter(since__lte=self.until or far)
                .filter(Q(until__isnull=True) | Q(until__gte=self.since))
            )
            if overlapping.exists():
                raise ValidationError(
                    _("La zona ha già un/una %(role)s in quel periodo.") % {"role": self.get_kind_display()}
                )


class ErasureRequest(models.Model):
    """A person's request to erase their data, kept for accountability (GDPR art. 5(2)) without the address:
    only a keyed hash of it (``trama.actors.privacy.email_hash``)."""

    email_hash = models.CharField(_("impronta dell'e-mail"), max_length=64, db_index=True)
    requested_at = models.DateTimeField(_("richiesta il"))
    completed_at = models.DateTimeField(_("eseguita il"), null=True, blank=True)
    erased = models.JSONField(_("record cancellati per fonte"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("richiesta di cancellazione")
        verbose_name_plural = _("richieste di cancellazione")

    def __str__(self) -> str:
        return f"{self.email_hash[:12]}… {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def erased_total(self) -> int:
        return sum(int(count) for count in self.erased.values())
