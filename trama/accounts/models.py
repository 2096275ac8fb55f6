from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Model
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does in the process; drives permissions (see permissions.py)."""

    CITIZEN = "citizen", _("Cittadino/a")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    MUNICIPAL = "municipal", _("Sindaco/a o funzionario/a comunale")
    PORTAVOCE = "portavoce", _("Portavoce di zona omogenea")
    CABINA_DI_REGIA = "cabina_di_regia", _("Cabina di regia")
    FACILITATOR = "facilitator", _("Facilitatore/facilitatrice")
    REGIA = "regia", _("Regia centrale")
    PLAN_OFFICE = "plan_office", _("Ufficio di Piano")


class User(AbstractUser):
    role = models.CharField(_("ruolo"), max_length=32, choices=Role.choices, default=Role.CITIZEN)

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")

    @property
    def is_plan_office(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.PLAN_OFFICE)

    # The plan office manages these apps in the admin without per-model grants.
    PLAN_OFFICE_APPS = frozenset(
        {
            "plans",
            "territory",
            "actors",
            "analysis",
            "process",
            "participation",
            "events",
            "interviews",
            "questionnaires",
            "live",
        }
    )

    def has_perm(self, perm: str, obj: Model | None = None) -> bool:
        if self.is_plan_office and perm.split(".", 1)[0] in self.PLAN_OFFICE_APPS:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_plan_office and app_label in self.PLAN_OFFICE_APPS:
            return True
        return super().has_module_perms(app_label)
