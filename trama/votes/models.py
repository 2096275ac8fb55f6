"""Priority votes of a live co-planning day: participant tokens, polls, ballots and paper tallies.

A participant has no account: the badge printed for them carries a secret token (a QR code to
``/voti/<token>/``) bound to one live event and one venue. The database is the truth for results;
the big screen's pushes are hints.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.actors.models import ActorCategory

# The shape of a badge secret (not a secret itself): url-safe base64 of 12 to 32 random bytes.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{16,43}"  # noqa: S105


class PollKind(models.TextChoices):
    APPROVAL = "approval", _("Approvazione (una o più opzioni)")
    DOTS = "dots", _("Voto a punti (bollini)")
    RANKING = "ranking", _("Classifica (ordina le preferite)")
    POINTS = "points", _("Ripartizione di 100 punti")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("In preparazione")
    OPEN = "open", _("Aperta")
    CLOSED = "closed", _("Chiusa")


class ParticipantToken(models.Model):
    """The secret on a participant's badge: one live event, one venue, no personal data besides the optional
    demographic answers (zona omogenea, actor category), which only feed aggregate breakdowns."""

    event = models.ForeignKey(
        "live.LiveEvent", verbose_name=_("evento"), related_name="vote_tokens", on_delete=models.CASCADE
    )
    venue = models.ForeignKey(
        "live.LiveVenue", verbose_name=_("sede"), related_name="vote_tokens", on_delete=models.CASCADE
    )
    token = models.CharField(_("codice segreto"), max_length=43, unique=True)
    label = models.CharField(_("numero del badge"), max_length=20)
    zona = models.ForeignKey(
        "territory.ZonaOmogenea",
        verbose_name=_("zona omogenea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    category = models.CharField(_("categoria di attore"), max_length=20, choices=ActorCategory.choices, blank=True)
    profile_answered_at = models.DateTimeField(_("domanda iniziale risposta il"), null=True, blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    class Meta:
        ordering = ["event", "venue", "label"]
        verbose_name = _("gettone di voto")
        verbose_name_plural = _("gettoni di voto")
        constraints = [
            models.UniqueConstraint(fields=["event", "label"], name="votes_token_label_unique_per_event"),
            models.CheckConstraint(condition=Q(token__regex=rf"^{TOKEN_PATTERN}$"), name="votes_token_format"),
        ]

    def __str__(self) -> str:
        return self.label


class Poll(models.Model):
    """A priority vote, opened and closed by the regia lead. The rules of each kind live in `services`."""

    event = models.ForeignKey(
        "live.LiveEvent", verbose_name=_("evento"), related_name="polls", on_delete=models.CASCADE
    )
    title = models.CharField(_("titolo"), max_length=200)
    question = models.TextField(_("domanda"), blank=True)
    kind = models.CharField(_("tipo di voto"), max_length=10, choices=PollKind.choices)
    status = models.CharField(_("stato"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT)
    max_choices = models.PositiveSmallIntegerField(
        _("scelte massime (approvazione)"), default=0, help_text=_("0 = nessun limite")
    )
    dots = models.PositiveSmallIntegerField(_("bollini per persona"), default=5)
    max_per_option = models.PositiveSmallIntegerField(_("bollini massimi per opzione"), default=3)
    top_k = models.PositiveSmallIntegerField(_("quante opzioni ordinare (classifica)"), default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    opened_at = models.DateTimeField(_("aperta il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chiusa il"), null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("votazione")
        verbose_name_plural = _("votazioni")
        constraints = [
            # Participants see "the" open poll: one at a time per event.
            models.UniqueConstraint(fields=["event"], condition=Q(status="open"), name="votes_one_open_poll_per_event"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="votes_poll_dots_positive"),
            models.CheckConstraint(condition=Q(max_per_option__gte=1), name="votes_poll_max_per_option_positive"),
            models.CheckConstraint(condition=Q(top_k__gte=1), name="votes_poll_top_k_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == PollStatus.OPEN


class PollOption(models.Model):
    """What people vote on: a published theme of the day, a plan strategy or action, or a free label."""

    poll = models.ForeignKey(Poll, verbose_name=_("votazione"), related_name="options", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("ordine"))
    label = models.CharField(_("testo dell'opzione"), max_length=250)
    theme = models.ForeignKey(
        "live.Theme", verbose_name=_("tema"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    strategy = models.ForeignKey(
        "plans.Strategy",
        verbose_name=_("strategia"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.ForeignKey(
        "plans.Action", verbose_name=_("azione"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["poll", "order"]
        verbose_name = _("opzione")
        verbose_name_plural = _("opzioni")
        constraints = [
            models.UniqueConstraint(fields=["poll", "order"], name="votes_option_order_unique"),
            models.CheckConstraint(
                condition=(
                    Q(theme__isnull=True, strategy__isnull=True)
                    | Q(theme__isnull=True, action__isnull=True)
                    | Q(strategy__isnull=True, action__isnull=True)
                ),
                name="votes_option_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One token's ballot in one poll, changed in place until the poll closes."""

    poll = models.ForeignKey(Poll, verbose_name=_("votazione"), related_name="ballots", on_delete=models.CASCADE)
    token = models.ForeignKey(
        ParticipantToken, verbose_name=_("gettone"), related_name="ballots", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("votata il"), auto_now_add=True)
    changed_at = models.DateTimeField(_("modificata il"))
    changes = models.PositiveSmallIntegerField(_("modifiche"), default=0)

    class Meta:
        ordering = ["poll", "pk"]
        verbose_name = _("scheda")
        verbose_name_plural = _("schede")
        constraints = [models.UniqueConstraint(fields=["poll", "token"], name="votes_one_ballot_per_token")]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.token_id}"


class BallotChoice(models.Model):
    """The weight a ballot gives one option: 1 (approval), the dots, the points, or the Borda score of a rank
    (top-k: rank 1 scores k, rank k scores 1), so every kind sums the same way in SQL."""

    ballot = models.ForeignKey(Ballot, related_name="choices", on_delete=models.CASCADE)
    option = models.ForeignKey(PollOption, related_name="choices", on_delete=models.CASCADE)
    value = models.PositiveSmallIntegerField(_("valore"))
    rank = models.PositiveSmallIntegerField(_("posizione"), null=True, blank=True)

    class Meta:
        verbose_name = _("scelta")
        verbose_name_plural = _("scelte")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="votes_choice_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="votes_choice_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.value}"


class PaperTally(models.Model):
    """The paper (or keypad) ballots of one table, counted by the venue coordinator and entered per option.
    Results count them and always show them apart from the electronic ones."""

    poll = models.ForeignKey(Poll, verbose_name=_("votazione"), related_name="paper_tallies", on_delete=models.CASCADE)
    venue = models.ForeignKey("live.LiveVenue", verbose_name=_("sede"), related_name="+", on_delete=models.CASCADE)
    table = models.ForeignKey("live.LiveTable", verbose_name=_("tavolo"), related_name="+", on_delete=models.CASCADE)
    ballots = models.PositiveSmallIntegerField(_("schede cartacee"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("inserito il"))

    class Meta:
        ordering = ["poll", "venue", "table"]
        verbose_name = _("spoglio cartaceo")
        verbose_name_plural = _("spogli cartacei")
        constraints = [models.UniqueConstraint(fields=["poll", "table"], name="votes_one_paper_tally_per_table")]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.table_id}"


class PaperTallyLine(models.Model):
    tally = models.ForeignKey(PaperTally, related_name="lines", on_delete=models.CASCADE)
    option = models.ForeignKey(PollOption, related_name="paper_lines", on_delete=models.CASCADE)
    value = models.PositiveIntegerField(_("totale"))

    class Meta:
        verbose_name = _("riga di spoglio")
        verbose_name_plural = _("righe di spoglio")
        constraints = [models.UniqueConstraint(fields=["tally", "option"], name="votes_tally_line_unique")]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.value}"


class VenueCoordinator(models.Model):
    """The person in charge of a venue on the day: enters the paper tallies of its tables."""

    venue = models.ForeignKey(
        "live.LiveVenue", verbose_name=_("sede"), related_name="vote_coordinators", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("persona"), related_name="+", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("coordinatore/coordinatrice di sede")
        verbose_name_plural = _("coordinatori di sede")
        constraints = [models.UniqueConstraint(fields=["venue", "user"], name="votes_venue_coordinator_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.venue})"
