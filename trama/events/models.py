"""Meetings of the process (launch, listening with thematic tables, multi-venue co-planning, follow-up, hybrid
restitution), their agenda and speakers, registrations with a waiting list, the close-out, and the hybrid Q&A."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trama.plans.models import Axis
from trama.process.models import Process
from trama.territory.models import Comune, Venue


class EventKind(models.TextChoices):
    LANCIO = "lancio", _("Incontro di lancio")
    ASCOLTO = "ascolto", _("Evento pubblico di ascolto con tavoli tematici")
    CO_PIANIFICAZIONE = "co_pianificazione", _("Co-pianificazione multi-sede")
    FOLLOW_UP = "follow_up", _("Incontro di follow-up")
    RESTITUZIONE = "restituzione", _("Restituzione ibrida dei risultati")
    ALTRO = "altro", _("Altro incontro")


class EventMode(models.TextChoices):
    PRESENZA = "presenza", _("in presenza")
    ONLINE = "online", _("online")
    IBRIDO = "ibrido", _("ibrido (in presenza e online)")


class EventStatus(models.TextChoices):
    DRAFT = "bozza", _("bozza")
    PUBLISHED = "pubblicato", _("pubblicato")
    CANCELLED = "annullato", _("annullato")
    CLOSED = "concluso", _("concluso (verbale pubblicato)")


PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.CLOSED)


class EventQuerySet(models.QuerySet["Event"]):
    def public(self) -> EventQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES, process__is_published=True)

    def upcoming(self, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now: datetime.datetime | None = None) -> EventQuerySet:
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")


class Event(models.Model):
    process = models.ForeignKey(Process, verbose_name=_("processo"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("tipo"), max_length=24, choices=EventKind.choices, default=EventKind.ALTRO)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    starts_at = models.DateTimeField(_("inizio"))
    ends_at = models.DateTimeField(_("fine"))
    date_label = models.CharField(
        _("data come annunciata"),
        max_length=80,
        blank=True,
        help_text=_("quando il giorno esatto non è noto, es. «metà/fine ottobre 2023»"),
    )
    mode = models.CharField(_("modalità"), max_length=10, choices=EventMode.choices, default=EventMode.PRESENZA)
    venues = models.ManyToManyField(
        Venue, verbose_name=_("sedi di co-pianificazione"), blank=True, related_name="events"
    )
    address = models.CharField(_("luogo"), max_length=240, blank=True, help_text=_("indirizzo o nome della sede"))
    online_url = models.URLField(_("collegamento online"), blank=True)
    capacity = models.PositiveIntegerField(
        _("posti disponibili"), null=True, blank=True, help_text=_("vuoto: senza limite di posti")
    )
    registration_opens_at = models.DateTimeField(_("iscrizioni aperte dal"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("iscrizioni chiuse dal"), null=True, blank=True)
    status = models.CharField(_("stato"), max_length=12, choices=EventStatus.choices, default=EventStatus.DRAFT)
    is_sample = models.BooleanField(_("dati di esempio"), default=False)

    # Hybrid Q&A: the moderator opens it and puts one question at a time on the big screen.
    questions_open = models.BooleanField(_("domande aperte"), default=False)
    question_on_screen = models.ForeignKey(
        "Question",
        verbose_name=_("domanda sullo schermo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Close-out by the plan office.
    minutes = models.TextField(_("verbale"), blank=True)
    attendees_in_person = models.PositiveIntegerField(_("partecipanti in presenza"), null=True, blank=True)
    attendees_online = models.PositiveIntegerField(_("partecipanti online"), null=True, blank=True)
    attendees_reported = models.PositiveIntegerField(
        _("partecipanti in totale"),
        null=True,
        blank=True,
        help_text=_("il totale dichiarato nel report, quando non si sa quanti in presenza e quanti online"),
    )
    organisations_present = models.TextField(_("organizzazioni presenti"), blank=True, help_text=_("una per riga"))
    report = models.FileField(_("report dell'incontro (PDF)"), upload_to="events/reports/", blank=True)
    contribution_refs = models.TextField(
        _("contributi collegati"), blank=True, help_text=_("codici o riferimenti dei contributi, uno per riga")
    )
    closed_at = models.DateTimeField(_("chiuso il"), null=True, blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("incontro")
        verbose_name_plural = _("incontri")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gte=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"event_id": self.pk})

    @property
    def attendees_total(self) -> int | None:
        if self.attendees_in_person is None and self.attendees_online is None:
            return self.attendees_reported
        return (self.attendees_in_person or 0) + (self.attendees_online or 0)

    @property
    def organisations_list(self) -> list[str]:
        return [line.strip() for line in self.organisations_present.splitlines() if line.strip()]

    @property
    def contribution_refs_list(self) -> list[str]:
        return [line.strip() for line in self.contribution_refs.splitlines() if line.strip()]


class EventTable(models.Model):
    """A thematic table of the listening event, one per axis; people move between tables."""

    event = models.ForeignKey(Event, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="tables")
    axis = models.ForeignKey(Axis, verbose_name=_("asse"), on_delete=models.SET_NULL, null=True, blank=True)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("tavolo tematico")
        verbose_name_plural = _("tavoli tematici")
        constraints = [models.UniqueConstraint(fields=["event", "title"], name="table_title_unique_in_event")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    starts_at = models.TimeField(_("ora di inizio"), null=True, blank=True)
    ends_at = models.TimeField(_("ora di fine"), null=True, blank=True)
    title = models.CharField(_("titolo"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    speaker_name = models.CharField(_("relatore o relatrice"), max_length=120, blank=True)
    speaker_role = models.CharField(_("ruolo"), max_length=200, blank=True)
    speaker_organisation = models.CharField(_("organizzazione"), max_length=200, blank=True)
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("asse"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("per gli interventi della tavola rotonda sugli assi del piano"),
    )

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("punto del programma")
        verbose_name_plural = _("programma")

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confermata", _("confermata")
    WAITING = "attesa", _("in lista d'attesa")
    CANCELLED = "annullata", _("annullata")


class AttendanceMode(models.TextChoices):
    PRESENZA = "presenza", _("in presenza")
    ONLINE = "online", _("online")


class Registration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("nome e cognome"), max_length=120)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organizzazione"), max_length=200, blank=True)
    category = models.CharField(_("categoria"), max_length=20, blank=True)
    comune = models.ForeignKey(Comune, verbose_name=_("comune"), on_delete=models.SET_NULL, null=True, blank=True)
    attendance_mode = models.CharField(
        _("partecipazione"), max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.PRESENZA
    )
    tables = models.ManyToManyField(EventTable, verbose_name=_("tavoli di interesse"), blank=True)
    status = models.CharField(_("stato"), max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("iscritta/o il"), default=timezone.now)
    promoted_at = models.DateTimeField(_("passata/o dalla lista d'attesa il"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annullata il"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("presente (registrata/o all'ingresso) il"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consenso privacy dato il"))
    consent_version = models.CharField(_("versione dell'informativa"), max_length=40)
    client_key = models.UUIDField(_("chiave di idempotenza"), null=True, blank=True, unique=True)
    ip_hash = models.CharField(_("impronta dell'indirizzo IP"), max_length=64, blank=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="annullata"),
                name="one_active_registration_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["ip_hash", "created_at"], name="registration_ip_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"


class QuestionStatus(models.TextChoices):
    NEW = "nuova", _("nuova")
    SHORTLISTED = "selezionata", _("selezionata")
    ANSWERED = "risposta", _("con risposta")
    HIDDEN = "nascosta", _("nascosta")


VISIBLE_QUESTION_STATUSES = (QuestionStatus.NEW, QuestionStatus.SHORTLISTED, QuestionStatus.ANSWERED)


class QuestionQuerySet(models.QuerySet["Question"]):
    def visible(self) -> QuestionQuerySet:
        """What the public may see: never the hidden ones."""
        return self.filter(status__in=VISIBLE_QUESTION_STATUSES)

    def by_votes(self) -> QuestionQuerySet:
        return self.order_by("-vote_count", "created_at", "id")


class Question(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("domanda"), max_length=500)
    author_name = models.CharField(_("nome (facoltativo)"), max_length=80, blank=True)
    voter_id = models.CharField(_("browser"), max_length=40, db_index=True)
    status = models.CharField(_("stato"), max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.NEW)
    # Kept equal to the number of QuestionVote rows by the vote service (one UPDATE with F()).
    vote_count = models.PositiveIntegerField(_("voti"), default=0)
    created_at = models.DateTimeField(_("inviata il"), default=timezone.now)
    answered_at = models.DateTimeField(_("risposta il"), null=True, blank=True)
    client_key = models.UUIDField(_("chiave di idempotenza"), null=True, blank=True, unique=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["event", "-vote_count", "created_at"]
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")
        indexes = [models.Index(fields=["event", "status", "vote_count"])]

    def __str__(self) -> str:
        return self.text[:80]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("domanda"), on_delete=models.CASCADE, related_name="votes")
    voter_id = models.CharField(_("browser"), max_length=40)
    created_at = models.DateTimeField(_("votata il"), default=timezone.now)

    class Meta:
        verbose_name = _("voto a una domanda")
        verbose_name_plural = _("voti alle domande")
        constraints = [models.UniqueConstraint(fields=["question", "voter_id"], name="one_vote_per_browser")]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.voter_id}"
