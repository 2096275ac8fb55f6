"""Demo data: the real events of «Verso il nuovo PSM 2024-2026» (seeds 000 and 002, /work data README) and one
clearly marked sample event, open for registration and questions, on the sample process.

Names, roles and organisations of the launch meeting are written exactly as the public report (seed 002) gives
them. Where the seeds give only a period («metà/fine ottobre 2023») the event keeps it as its announced date
label and its stored day is the first of that period; times the seeds do not give are not invented.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from trama.events.models import (
    AgendaItem,
    Event,
    EventKind,
    EventMode,
    EventStatus,
    EventTable,
    Question,
    QuestionStatus,
    QuestionVote,
)
from trama.plans.models import Axis
from trama.process.models import Process
from trama.territory.models import Venue

ROME = ZoneInfo("Europe/Rome")
REAL_SLUG = "verso-nuovo-psm-2024-2026"
SAMPLE_SLUG = "revisione-annuale-psm-esempio"
PLAN_2021 = "psm-2021-2023"
PLAN_2024 = "psm-2024-2026"

LAUNCH_TITLE = "Verso il nuovo Piano Strategico Metropolitano – incontro di lancio"
LISTENING_TITLE = "Evento pubblico di ascolto del territorio metropolitano"
FOLLOW_UP_TITLE = "Incontro di follow up"
COPLANNING_TITLE = "Dalle strategie alle azioni – co-pianificazione nelle sei sedi"
RESTITUTION_TITLE = "Presentazione dei risultati del processo partecipativo"
SAMPLE_TITLE = "Incontro pubblico di ascolto sulla revisione annuale (esempio)"


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ROME)


@dataclass(frozen=True)
class Speaker:
    title: str
    name: str
    role: str
    organisation: str = ""
    axis: int | None = None
    description: str = ""


# Seed 002, «Gli interventi in pillole» and «Tavola rotonda», in the order of the report.
LAUNCH_AGENDA = [
    Speaker("Saluti istituzionali", "Stefano Lo Russo", "Sindaco metropolitano"),
    Speaker(
        "Il PSM e le Linee di indirizzo per il documento di pianificazione 2024-2026",
        "Sonia Cambursano",
        "Consigliera metropolitana, delegata a Sviluppo economico, Attività produttive, Turismo e Pianificazione "
        "strategica",
    ),
    Speaker(
        "Il monitoraggio del PSM 2021-2023",
        "Matteo Barbero",
        "Dirigente del Dipartimento Sviluppo Economico di CMT",
    ),
    Speaker(
        "Il processo di coinvolgimento del territorio",
        "Vittoria Bosso",
        "Coordinatrice del processo partecipativo per l'elaborazione del nuovo PSM",
        "Avventura Urbana Srl",
    ),
    Speaker(
        "Tavola rotonda – Asse 1 (Digitalizzazione, innovazione, competitività e cultura)",
        "Laura Morgagni",
        "Direttrice",
        "Fondazione Piemonte Innova",
        axis=1,
    ),
    Speaker(
        "Tavola rotonda – Asse 2 (Rivoluzione verde e transizione ecologica)",
        "Matteo Beccuti",
        "Amministratore delegato",
        "Environment Park",
        axis=2,
    ),
    Speaker(
        "Tavola rotonda – Asse 3 (Mobilità sostenibile)",
        "Cristina Bargero",
        "Presidente",
        "Agenzia della Mobilità Piemontese",
        axis=3,
    ),
    Speaker(
        "Tavola rotonda – Asse 4 (Istruzione e ricerca)",
        "Giuseppe Martino Di Giuda",
        "Vice Rettore",
        "Università degli Studi di Torino",
        axis=4,
    ),
    Speaker(
        "Tavola rotonda – Asse 4 (Istruzione e ricerca)",
        "Cristina Ghiringhello",
        "Direttrice",
        "CIAC Canavese",
        axis=4,
    ),
    Speaker(
        "Tavola rotonda – Asse 6 (Salute)",
        "Guido Giustetto",
        "Presidente",
        "Ordine dei Medici, Chirurghi e Odontoiatri",
        axis=6,
    ),
    Speaker(
        "Tavola rotonda – conclusioni",
        "Elena Piastra",
        "Sindaca di Settimo Torinese e Presidente di ALI (Autonomie Locali Italiane)",
    ),
    Speaker(
        "Domande e interventi dal pubblico",
        "",
        "",
        description="Confronto con il pubblico presente in sala e in collegamento da remoto.",
    ),
]

LAUNCH_DESCRIPTION = (
    "Primo incontro pubblico di coinvolgimento del territorio, in modalità ibrida, per presentare le tappe e le "
    "modalità del processo partecipativo di aggiornamento del Piano Strategico Metropolitano e creare sin da "
    "subito un'occasione di scambio e confronto con il territorio."
)

# A summary of the public report (seed 002), in its own words where possible.
LAUNCH_MINUTES = (
    "Il 27 settembre 2023 si è tenuto un primo incontro in modalità ibrida, cui hanno preso parte in totale 240 "
    "persone.\n\n"
    "L'incontro si è aperto con i saluti istituzionali del Sindaco metropolitano Stefano Lo Russo. La "
    "Consigliera metropolitana Sonia Cambursano ha presentato il PSM e le Linee di indirizzo per il documento "
    "di pianificazione 2024-2026, approvate in Consiglio metropolitano a maggio 2023. Matteo Barbero ha "
    "restituito una panoramica delle attività di monitoraggio del PSM 2021-2023 e del lavoro svolto con IRES "
    "Piemonte. Vittoria Bosso (Avventura Urbana Srl) ha presentato obiettivi e macro-fasi del processo "
    "partecipativo.\n\n"
    "Nella Tavola rotonda sono intervenuti relatori e relatrici sugli assi tematici del vigente PSM: Laura "
    "Morgagni (Asse 1), Matteo Beccuti (Asse 2), Cristina Bargero (Asse 3), Giuseppe Martino Di Giuda e "
    "Cristina Ghiringhello (Asse 4), Guido Giustetto (Asse 6); in conclusione è intervenuta Elena Piastra.\n\n"
    "Domande e interventi dal pubblico: come partecipare al processo (i due eventi di ascolto e di "
    "co-pianificazione e il modulo online); il ruolo delle Zone omogenee nella Cabina di regia; la carente "
    "connessione digitale in molte aree montane; il coordinamento con il Piano Territoriale Generale "
    "Metropolitano (PTGM); il coinvolgimento delle aree più esterne della Città metropolitana."
)


def _axis(plan_code: str, number: int | None) -> Axis | None:
    if number is None:
        return None
    return Axis.objects.filter(plan__code=plan_code, number=number).first()


def _event(process: Process, title: str, **fields: object) -> Event:
    event, _ = Event.objects.update_or_create(process=process, title=title, defaults=fields)
    event.full_clean(exclude=["question_on_screen"])
    return event


def _agenda(event: Event, speakers: list[Speaker], *, plan_code: str, first_at: datetime.time | None) -> None:
    event.agenda.all().delete()
    for order, speaker in enumerate(speakers):
        AgendaItem.objects.create(
            event=event,
            order=order,
            starts_at=first_at if order == 0 else None,
            title=speaker.title,
            description=speaker.description,
            speaker_name=speaker.name,
            speaker_role=speaker.role,
            speaker_organisation=speaker.organisation,
            axis=_axis(plan_code, speaker.axis),
        )


def _tables(event: Event, plan_code: str) -> None:
    for axis in Axis.objects.filter(plan__code=plan_code).order_by("number"):
        EventTable.objects.update_or_create(
            event=event,
            title=f"Tavolo Asse {axis.number} – {axis.title}",
            defaults={"axis": axis, "order": axis.number},
        )


def _real_events(process: Process) -> None:
    launch = _event(
        process,
        LAUNCH_TITLE,
        kind=EventKind.LANCIO,
        description=LAUNCH_DESCRIPTION,
        starts_at=_at(2023, 9, 27, 16),
        ends_at=_at(2023, 9, 27, 16),
        date_label="27 settembre 2023, ore 16.00",
        mode=EventMode.IBRIDO,
        address="Sede Città metropolitana di Torino | piattaforma online",
        status=EventStatus.CLOSED,
        minutes=LAUNCH_MINUTES,
        attendees_reported=240,
        closed_at=_at(2023, 10, 15),
        is_sample=False,
    )
    _agenda(launch, LAUNCH_AGENDA, plan_code=PLAN_2021, first_at=datetime.time(16, 0))

    listening = _event(
        process,
        LISTENING_TITLE,
        kind=EventKind.ASCOLTO,
        description=(
            "Evento pubblico di ascolto del territorio metropolitano, volto a raccogliere nuove esigenze e "
            "criticità che la prossima pianificazione strategica dovrà affrontare, anche a partire dal lavoro di "
            "analisi di IRES circa la coerenza con l'AMSvS. Fino a 300 partecipanti, con tavoli tematici coerenti "
            "con gli assi strategici del Piano, tra i quali le persone sono libere di muoversi per prendere parte "
            "a diverse discussioni."
        ),
        starts_at=_at(2023, 10, 16),
        ends_at=_at(2023, 10, 16),
        date_label="metà/fine ottobre 2023",
        mode=EventMode.PRESENZA,
        capacity=300,
        status=EventStatus.PUBLISHED,
        is_sample=False,
    )
    _tables(listening, PLAN_2021)

    _event(
        process,
        FOLLOW_UP_TITLE,
        kind=EventKind.FOLLOW_UP,
        description="Incontro di follow up della fase di ascolto territoriale, secondo il calendario annunciato.",
        starts_at=_at(2023, 11, 1),
        ends_at=_at(2023, 11, 1),
        date_label="novembre 2023",
        mode=EventMode.PRESENZA,
        status=EventStatus.PUBLISHED,
        is_sample=False,
    )

    coplanning = _event(
        process,
        COPLANNING_TITLE,
        kind=EventKind.CO_PIANIFICAZIONE,
        description=(
            "Evento pubblico di approfondimento territoriale dei temi emersi dalla fase di ascolto, per aggiornare "
            "le strategie e le azioni del Piano e individuare quelle prioritarie. Si svolge simultaneamente in sei "
            "sedi, individuate secondo le aggregazioni delle Strategie Urbane d'Area regionali: i facilitatori "
            "raccolgono idee e proposte dei tavoli e le inviano a una regia centrale, che le aggrega per coerenza "
            "tematica."
        ),
        starts_at=_at(2023, 12, 5),
        ends_at=_at(2023, 12, 5),
        date_label="5 dicembre 2023",
        mode=EventMode.PRESENZA,
        address="Torino, Pinerolo, Condove, Ciriè, Strambino, Riva presso Chieri",
        capacity=300,
        status=EventStatus.PUBLISHED,
        is_sample=False,
    )
    coplanning.venues.set(Venue.objects.all())

    _event(
        process,
        RESTITUTION_TITLE,
        kind=EventKind.RESTITUZIONE,
        description=(
            "Incontro pubblico di presentazione dei risultati del processo partecipativo, in modalità ibrida, con "
            "momenti di discussione aperta in cui i partecipanti possono porre i propri quesiti e le proprie "
            "osservazioni."
        ),
        starts_at=_at(2024, 1, 8),
        ends_at=_at(2024, 1, 8),
        date_label="primi mesi del 2024",
        mode=EventMode.IBRIDO,
        status=EventStatus.PUBLISHED,
        is_sample=False,
    )


SAMPLE_QUESTIONS = [
    ("Come verranno coinvolti i piccoli comuni di montagna nella revisione annuale? (esempio)", "", 7),
    ("Si potranno seguire i tavoli anche online? (esempio)", "Anna (esempio)", 4),
    ("Quando saranno pubblicati i risultati dei tavoli? (esempio)", "", 2),
]


def _sample_event(process: Process) -> None:
    now = timezone.now()
    start = (now + datetime.timedelta(days=10)).astimezone(ROME).replace(hour=17, minute=30, second=0, microsecond=0)
    event = _event(
        process,
        SAMPLE_TITLE,
        kind=EventKind.ASCOLTO,
        description=(
            "Incontro di esempio per provare la piattaforma: iscrizione con lista d'attesa, scelta dei tavoli "
            "tematici, domande dalla sala e da casa con voto e schermo in sala. Non è un incontro reale."
        ),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2, minutes=30),
        date_label="",
        mode=EventMode.IBRIDO,
        address="Sede di esempio, Torino",
        online_url="https://example.org/incontro-di-esempio",
        capacity=120,
        registration_opens_at=now - datetime.timedelta(days=5),
        registration_closes_at=start - datetime.timedelta(hours=2),
        status=EventStatus.PUBLISHED,
        questions_open=True,
        is_sample=True,
    )
    _tables(event, PLAN_2024)
    _agenda(
        event,
        [
            Speaker(
                "Apertura e presentazione della revisione annuale (esempio)", "Relatrice di esempio", "Ufficio di Piano"
            ),
            Speaker("Lavoro ai tavoli tematici (esempio)", "", "", description="Un tavolo per ogni asse del piano."),
            Speaker("Domande dalla sala e da casa (esempio)", "", ""),
        ],
        plan_code=PLAN_2024,
        first_at=datetime.time(17, 30),
    )
    if not event.questions.exists():
        for text, author, votes in SAMPLE_QUESTIONS:
            question = Question.objects.create(
                event=event, text=text, author_name=author, voter_id="demo0000000000000000", vote_count=votes
            )
            QuestionVote.objects.bulk_create(
                QuestionVote(question=question, voter_id=f"demo{question.pk:06d}{n:010d}") for n in range(votes)
            )
        first = event.questions.order_by("-vote_count").first()
        if first is not None:
            first.status = QuestionStatus.SHORTLISTED
            first.save(update_fields=["status"])


@transaction.atomic
def demo_load() -> None:
    """Idempotent: run it again and it updates the same events (processes missing are skipped)."""
    real = Process.objects.filter(slug=REAL_SLUG).first()
    if real is not None:
        _real_events(real)
    sample = Process.objects.filter(slug=SAMPLE_SLUG).first()
    if sample is not None:
        _sample_event(sample)
