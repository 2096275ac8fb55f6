"""What the analysis engine stores: texts with their vectors, strategy links, duplicates, themes.

A `TextUnit` is any text the territory produced (a contribution, a table's
idea, an interview note, a question) inside a corpus (a process or an event).
The participation and live apps create one for each of their texts and keep
a link to it; this app never needs to know their models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.plans.models import Strategy


class TextKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contributo")
    IDEA = "idea", _("Idea da un tavolo")
    INTERVIEW = "interview", _("Nota di intervista")
    QUESTION = "question", _("Domanda")
    OTHER = "other", _("Altro testo")


class LinkState(models.TextChoices):
    PENDING = "pending", _("In attesa di analisi")
    SUGGESTED = "suggested", _("Strategie suggerite")
    CONFIRMED = "confirmed", _("Strategie confermate")
    NONE = "none", _("Nessuna strategia (altro)")


class TextUnitQuerySet(models.QuerySet["TextUnit"]):
    def in_corpus(self, corpus: str) -> TextUnitQuerySet:
        return self.filter(corpus=corpus)

    def originals(self) -> TextUnitQuerySet:
        return self.filter(duplicate_of__isnull=True)

    def embedded_with(self, model_id: str) -> TextUnitQuerySet:
        return self.filter(model_id=model_id, vector__isnull=False)


class TextUnit(models.Model):
    corpus = models.SlugField(_("corpus"), max_length=60, help_text=_("es. «processo-psm-2024», «evento-12»"))
    kind = models.CharField(_("tipo"), max_length=20, choices=TextKind.choices, default=TextKind.OTHER)
    body = models.TextField(_("testo"))
    author_label = models.CharField(_("autore"), max_length=200, blank=True)
    source_ref = models.CharField(
        _("riferimento all'origine"), max_length=80, blank=True, help_text=_("es. «contribution:42»")
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    client_key = models.UUIDField(
        _("chiave di invio"), null=True, blank=True, unique=True, help_text=_("Un invio ripetuto non crea un doppione.")
    )

    # The vector and the model that made it: vectors of different models are never compared.
    model_id = models.CharField(_("modello"), max_length=80, blank=True)
    vector = models.BinaryField(_("vettore"), null=True, blank=True)
    embedded_at = models.DateTimeField(_("analizzato il"), null=True, blank=True)

    link_state = models.CharField(
        _("collegamento al piano"), max_length=12, choices=LinkState.choices, default=LinkState.PENDING
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicato di"),
        related_name="duplicates",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("unito da"), on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = TextUnitQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("testo analizzato")
        verbose_name_plural = _("testi analizzati")
        indexes = [models.Index(fields=["corpus", "model_id"])]
        constraints = [
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="text_not_duplicate_of_itself"),
        ]

    def __str__(self) -> str:
        return self.body[:80]


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggerito")
    CONFIRMED = "confirmed", _("Confermato")
    REJECTED = "rejected", _("Scartato")


class StrategyLink(models.Model):
    """A text speaks to a strategy: suggested by the engine, then confirmed or rejected by a person."""

    text = models.ForeignKey(TextUnit, verbose_name=_("testo"), related_name="links", on_delete=models.CASCADE)
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategia"), related_name="text_links", on_delete=models.CASCADE
    )
    score = models.FloatField(_("punteggio"), default=0.0)
    rank = models.PositiveSmallIntegerField(_("posizione"), default=0, help_text=_("0 se aggiunto a mano"))
    status = models.CharField(_("stato"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deciso da"), on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("deciso il"), null=True, blank=True)

    class Meta:
        ordering = ["text", "rank"]
        verbose_name = _("collegamento a una strategia")
        verbose_name_plural = _("collegamenti alle strategie")
        constraints = [models.UniqueConstraint(fields=["text", "strategy"], name="one_link_per_text_and_strategy")]

    def __str__(self) -> str:
        return f"{self.text_id} → {self.strategy.code} ({self.status})"


class Theme(models.Model):
    """A group of texts of one corpus about the same thing, with a label people can rename."""

    corpus = models.SlugField(_("corpus"), max_length=60)
    label = models.CharField(_("etichetta"), max_length=200)
    keywords = models.JSONField(_("parole chiave"), default=list, blank=True)
    label_locked = models.BooleanField(
        _("etichetta scelta da una persona"), default=False, help_text=_("Il ricalcolo non la cambia.")
    )
    example = models.ForeignKey(
        TextUnit, verbose_name=_("testo esemplare"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    model_id = models.CharField(_("modello"), max_length=80)
    centroid = models.BinaryField(_("centroide"))
    merged_into = models.ForeignKey(
        "self", verbose_name=_("unito in"), related_name="merged", on_delete=models.SET_NULL, null=True, blank=True
    )
    members: models.ManyToManyField[TextUnit, ThemeMember] = models.ManyToManyField(
        TextUnit, through="ThemeMember", related_name="themes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["corpus", "pk"]
        verbose_name = _("tema")
        verbose_name_plural = _("temi")

    def __str__(self) -> str:
        return self.label


class ThemeMember(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    text = models.ForeignKey(TextUnit, on_delete=models.CASCADE, related_name="theme_memberships")
    score = models.FloatField(default=0.0)
    pinned = models.BooleanField(_("scelto da una persona"), default=False, help_text=_("Il ricalcolo non lo sposta."))

    class Meta:
        verbose_name = _("testo nel tema")
        verbose_name_plural = _("testi nei temi")
        constraints = [models.UniqueConstraint(fields=["theme", "text"], name="text_once_per_theme")]

    def __str__(self) -> str:
        return f"{self.text_id} ∈ {self.theme_id}"
