"""Live co-planning (seed 000, «Fase di co-pianificazione»): an event over venues A–F, tables with a
facilitator and a secret token, rounds, the ideas sent to the regia and the themes it groups them into.

The database is the truth; WebSocket pushes are hints (see PROTOCOL.md)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.territory.models import Venue

IDEA_MAX_LENGTH = 2000


def table_token_new() -> str:
    """The secret a facilitator's badge carries (QR code); 22 url-safe characters, 128 bits."""
    return secrets.token_urlsafe(16)


class LiveEventStatus(models.TextChoices):
    DRAFT = "draft", _("In preparazione")
    LIVE = "live", _("In corso")
    CLOSED = "closed", _("Giornata chiusa")


class LiveEventQuerySet(models.QuerySet["LiveEvent"]):
    def live(self) -> LiveEventQuerySet:
        return self.filter(status=LiveEventStatus.LIVE)


class LiveEvent(models.Model):
    """One co-planning day, held at the same time in several venues."""

    slug = models.SlugField(_("codice"), max_length=80, unique=True)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    plan = models.ForeignKey(
        PlanVersion,
        verbose_name=_("piano"),
        related_name="live_events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Le strategie e le azioni a cui collegare idee e temi."),
    )
    process = models.ForeignKey(
        "process.Process",
        verbose_name=_("processo"),
        related_name="live_events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("data"), null=True, blank=True)
    status = models.CharField(_("stato"), max_length=10, choices=LiveEventStatus.choices, default=LiveEventStatus.DRAFT)
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    is_sample = models.BooleanField(_("dato di esempio"), default=False)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    # Bumped (one UPDATE) by every change of the theme board's themes, links or publications: part of the
    # key of the cached board fragment (with the ideas' count and last id, which change with every idea).
    board_version = models.PositiveIntegerField(_("versione della lavagna"), default=0, editable=False)

    objects = LiveEventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        verbose_name = _("evento di co-pianificazione")
        verbose_name_plural = _("eventi di co-pianificazione")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("live:regia", kwargs={"slug": self.slug})

    @property
    def accepts_ideas(self) -> bool:
        return self.status == LiveEventStatus.LIVE


class LiveVenue(models.Model):
    """A venue of one event (A–F of seed 000), linked to the territory's venue of the same letter."""

    event = models.ForeignKey(LiveEvent, verbose_name=_("evento"), related_name="venues", on_delete=models.CASCADE)
    letter = models.CharField(_("lettera"), max_length=1)
    name = models.CharField(_("nome"), max_length=160)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("sede del territorio"),
        related_name="live_venues",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    place = models.CharField(_("luogo"), max_length=200, blank=True, help_text=_("es. sala, indirizzo"))

    class Meta:
        ordering = ["event", "letter"]
        verbose_name = _("sede dell'evento")
        verbose_name_plural = _("sedi dell'evento")
        constraints = [
            models.UniqueConstraint(fields=["event", "letter"], name="live_venue_letter_unique_in_event"),
            models.CheckConstraint(condition=Q(letter__regex=r"^[A-Z]$"), name="live_venue_letter_format"),
        ]

    def __str__(self) -> str:
        return f"{self.letter}. {self.name}"


class LiveTable(models.Model):
    """A table at a venue, usually on one axis of the plan; its facilitator writes with the table's token."""

    event = models.ForeignKey(LiveEvent, verbose_name=_("evento"), related_name="tables", on_delete=models.CASCADE)
    venue = models.ForeignKey(LiveVenue, verbose_name=_("sede"), related_name="tables", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("numero"))
    label = models.CharField(_("nome del tavolo"), max_length=200, blank=True)
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("asse tematico"),
        related_name="live_tables",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    token = models.CharField(_("codice segreto"), max_length=64, unique=True, default=table_token_new)
    facilitator_name = models.CharField(_("facilitatore/facilitatrice"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account del facilitatore"),
        related_name="live_tables",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("attivo"), default=True, help_text=_("Un tavolo disattivato non invia idee."))
    last_seen_at = models.DateTimeField(_("ultimo contatto"), null=True, blank=True)
    queued_count = models.PositiveIntegerField(
        _("idee in coda sul dispositivo"), default=0, help_text=_("Come riferito dall'ultimo contatto.")
    )

    class Meta:
        ordering = ["venue__letter", "number"]
        verbose_name = _("tavolo")
        verbose_name_plural = _("tavoli")
        constraints = [
            models.UniqueConstraint(fields=["venue", "number"], name="live_table_number_unique_in_venue"),
            models.CheckConstraint(condition=Q(number__gte=1), name="live_table_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}".strip()

    def get_absolute_url(self) -> str:
        return reverse("live:facilitator", kwargs={"token": self.token})

    @property
    def code(self) -> str:
        """«A3»: venue letter and table number, printed on the badge."""
        return f"{self.venue.letter}{self.number}"


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Da avviare")
    OPEN = "open", _("In corso")
    CLOSED = "closed", _("Concluso")


class LiveRound(models.Model):
    """A round of table work: the question every table discusses, for a given time."""

    event = models.ForeignKey(LiveEvent, verbose_name=_("evento"), related_name="rounds", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("numero"))
    question = models.TextField(_("domanda"))
    duration_minutes = models.PositiveSmallIntegerField(_("durata (minuti)"), default=30)
    status = models.CharField(_("stato"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    opened_at = models.DateTimeField(_("avviato il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("concluso il"), null=True, blank=True)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("giro di lavoro")
        verbose_name_plural = _("giri di lavoro")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="live_round_number_unique_in_event"),
            models.UniqueConstraint(fields=["event"], condition=Q(status="open"), name="live_one_open_round_per_event"),
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="live_round_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"{_('Giro')} {self.number}: {self.question[:60]}"


class RegiaMember(models.Model):
    """A person of the regia for one event; only a lead publishes themes and opens/closes votes."""

    event = models.ForeignKey(
        LiveEvent, verbose_name=_("evento"), related_name="regia_members", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        related_name="regia_memberships",
        on_delete=models.CASCADE,
    )
    is_lead = models.BooleanField(_("responsabile della regia"), default=False)

    class Meta:
        verbose_name = _("componente della regia")
        verbose_name_plural = _("componenti della regia")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="live_regia_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.event})"


class IdeaQuerySet(models.QuerySet["Idea"]):
    def after(self, cursor: int) -> IdeaQuerySet:
        return self.filter(pk__gt=cursor).order_by("pk")

    def for_feed(self) -> IdeaQuerySet:
        return self.select_related("table__venue", "round", "axis", "strategy").prefetch_related("theme_links__theme")


class Idea(models.Model):
    """An idea a facilitator typed at a table. ``client_uuid`` is the idempotency key: stored once."""

    event = models.ForeignKey(LiveEvent, verbose_name=_("evento"), related_name="ideas", on_delete=models.CASCADE)
    table = models.ForeignKey(LiveTable, verbose_name=_("tavolo"), related_name="ideas", on_delete=models.CASCADE)
    round = models.ForeignKey(
        LiveRound, verbose_name=_("giro"), related_name="ideas", on_delete=models.SET_NULL, null=True, blank=True
    )
    client_uuid = models.UUIDField(_("identificativo del dispositivo"), unique=True)
    text = models.TextField(_("idea"), max_length=IDEA_MAX_LENGTH)
    axis = models.ForeignKey(
        Axis, verbose_name=_("asse"), related_name="live_ideas", on_delete=models.SET_NULL, null=True, blank=True
    )
    strategy = models.ForeignKey(
        Strategy,
        verbose_name=_("strategia"),
        related_name="live_ideas",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_dissent = models.BooleanField(_("minoranza/dissenso"), default=False)
    # Word stems of the text, space separated, computed once when the idea arrives: the theme suggestion
    # compares them with the themes' recent ideas without stemming anything again (themes.py).
    terms = models.TextField(_("radici delle parole"), blank=True, default="", editable=False)
    client_sent_at = models.DateTimeField(_("inviata dal tavolo il"), null=True, blank=True)
    created_at = models.DateTimeField(_("ricevuta il"), auto_now_add=True)
    analysis_text = models.ForeignKey(
        "analysis.TextUnit",
        verbose_name=_("testo per l'analisi"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("idee")
        indexes = [models.Index(fields=["event", "id"], name="live_idea_event_cursor")]

    def __str__(self) -> str:
        return self.text[:80]


class Theme(models.Model):
    """A theme of the regia's board. The dissent lane (``is_dissent``) is never merged away."""

    event = models.ForeignKey(LiveEvent, verbose_name=_("evento"), related_name="themes", on_delete=models.CASCADE)
    label = models.CharField(_("etichetta"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    is_dissent = models.BooleanField(_("corsia delle minoranze e del dissenso"), default=False)
    is_published = models.BooleanField(_("pubblicato"), default=False)
    published_at = models.DateTimeField(_("pubblicato il"), null=True, blank=True)
    strategies = models.ManyToManyField(
        Strategy, verbose_name=_("strategie collegate"), related_name="live_themes", blank=True
    )
    actions = models.ManyToManyField(Action, verbose_name=_("azioni collegate"), related_name="live_themes", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("unito a"),
        related_name="merged_from",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("asse"),
        related_name="live_themes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Usato dal suggerimento semplice quando manca l'analisi."),
    )
    analysis_theme = models.ForeignKey(
        "analysis.Theme",
        verbose_name=_("tema dell'analisi"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_dissent", "label"]
        verbose_name = _("tema")
        verbose_name_plural = _("temi")
        constraints = [
            models.UniqueConstraint(fields=["event"], condition=Q(is_dissent=True), name="live_one_dissent_lane"),
            models.CheckConstraint(
                condition=~Q(is_dissent=True, merged_into__isnull=False), name="live_dissent_lane_never_merged"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ThemeLinkState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggerito")
    ACCEPTED = "accepted", _("Accettato")


MAX_THEMES_PER_IDEA = 2


class IdeaTheme(models.Model):
    """An idea in a theme (at most ``MAX_THEMES_PER_IDEA`` per idea, enforced by the services)."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), related_name="theme_links", on_delete=models.CASCADE)
    theme = models.ForeignKey(Theme, verbose_name=_("tema"), related_name="idea_links", on_delete=models.CASCADE)
    state = models.CharField(
        _("stato"), max_length=10, choices=ThemeLinkState.choices, default=ThemeLinkState.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("idea nel tema")
        verbose_name_plural = _("idee nei temi")
        constraints = [models.UniqueConstraint(fields=["idea", "theme"], name="live_idea_theme_unique")]

    def __str__(self) -> str:
        return f"{self.idea_id} → {self.theme_id}"
