"""Demo data: the real process «Verso il nuovo PSM 2024-2026» (seeds 000 and 001) and one marked sample.

The real process ended in early 2024, so a person trying the platform today could not send a contribution or
register to an event. The sample process (``is_sample=True``, dates around the day it is loaded) fills that gap;
its title says «esempio» and every page shows the sample badge.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from trama.plans.models import PlanVersion
from trama.process.models import PHASE_DEFAULT_ALLOWS, Allowance, Phase, PhaseKind, PhaseOutput, Process

D = datetime.date

REAL_SLUG = "verso-nuovo-psm-2024-2026"
SAMPLE_SLUG = "revisione-annuale-psm-esempio"

# Seed 000, «Obiettivi del processo partecipativo»: one goal a line.
REAL_GOALS = (
    "raccogliere idee, istanze e nuovi bisogni utili a aggiornare e riorientare le strategie di Piano fin qui "
    "adottate, registrando al contempo allineamenti e disallineamenti della pianificazione locale (avviata dai "
    "singoli comuni sui propri territori, rispetto alle azioni e agli interventi previsti dal PSM).\n"
    "ampliare la rete degli attori coinvolti, intensificarne le relazioni o creare di nuove."
)

REAL_DESCRIPTION = (
    "Come previsto dallo Statuto metropolitano, il Piano si caratterizza per essere costruito attraverso un "
    "percorso partecipato e condiviso, che coinvolga istituzioni locali, stakeholder socio-economici e "
    "cittadinanza non organizzata per favorire la creazione di una visione di sviluppo comune e il "
    "consolidamento delle reti di rapporti tra soggetti e territori. Per tutta la durata del processo è "
    "possibile inviare suggerimenti, contributi scritti e materiali attraverso il modulo online."
)


@dataclass(frozen=True)
class PhaseData:
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    period_label: str
    description: str
    outputs: tuple[str, ...] = ()
    allows: list[str] = field(default_factory=list)


# Dates: the periods announced in seeds 000 (27 September 2023) and 001 (the adopted plan), as whole months.
# Seed 001 dates the preliminary phase from June (seed 000 said July); the later document wins.
REAL_PHASES = [
    PhaseData(
        PhaseKind.PRELIMINARE,
        D(2023, 6, 1),
        D(2023, 9, 30),
        "giugno – settembre 2023",
        "Analisi dei risultati e valutazione del grado di attuazione del PSM 2021-2023, analisi socio-economica "
        "dell'area metropolitana e analisi volta a riorientare il PSM 2021-2023 in chiave di sviluppo "
        "sostenibile, in coerenza con l'Agenda metropolitana per lo sviluppo sostenibile (con IRES Piemonte). "
        "Interviste in profondità ai componenti della cabina di regia individuati da CMT, per aggiornare il "
        "quadro di monitoraggio del PSM 2021-23 e raccogliere valutazioni, proposte e prospettive di sviluppo.",
        (
            "convergenze e divergenze rispetto alle azioni previste dal PSM 2021-23",
            "valutazioni e proposte preliminari",
        ),
    ),
    PhaseData(
        PhaseKind.ASCOLTO,
        D(2023, 7, 1),
        D(2023, 11, 30),
        "luglio – novembre 2023",
        "Raccolta delle esigenze e delle proposte del territorio attraverso interviste in profondità ai "
        "Portavoce e Vice Portavoce delle Zone omogenee e ai principali stakeholder, l'incontro di lancio "
        "(27 settembre 2023), un evento pubblico di ascolto con tavoli tematici per asse (fino a 300 persone) e "
        "un incontro di follow up. Ad esito della fase è stato elaborato un position paper, confrontato con "
        "PTGM e PUMS.",
        (
            "nuove esigenze e criticità che la prossima pianificazione strategica dovrà affrontare",
            "position paper",
        ),
    ),
    PhaseData(
        PhaseKind.CO_PIANIFICAZIONE,
        D(2023, 11, 1),
        D(2023, 12, 31),
        "novembre – dicembre 2023",
        "Un evento pubblico in sei sedi, secondo le aggregazioni delle Strategie Urbane d'Area regionali, per "
        "aggiornare strategie e azioni del Piano e individuare quelle prioritarie: i facilitatori raccolgono le "
        "idee dei tavoli e le inviano a una regia centrale, che le aggrega per coerenza tematica.",
        ("strategie e azioni aggiornate", "priorità di intervento"),
    ),
    PhaseData(
        PhaseKind.RESTITUZIONE,
        D(2024, 1, 8),
        D(2024, 3, 29),
        "primi mesi del 2024",
        "Un incontro pubblico in modalità ibrida di presentazione dei risultati del processo partecipativo, con "
        "momenti di discussione aperta in cui i partecipanti possono porre quesiti e osservazioni.",
        ("risultati del processo partecipativo",),
    ),
    PhaseData(
        PhaseKind.REDAZIONE_ADOZIONE,
        D(2023, 12, 1),
        D(2024, 3, 29),
        "dicembre 2023 – gennaio 2024; adozione nei primi mesi del 2024",
        "A partire dagli esiti delle fasi precedenti è elaborato il documento di Piano (Assi, Strategie e "
        "Azioni), condiviso e rivisto con l'Unità di progetto interdipartimentale «Pianificazione strategica» e "
        "con la Cabina di regia. Il nuovo PSM è quindi adottato dal Consiglio metropolitano, previo parere "
        "obbligatorio dell'Assemblea dei Sindaci delle Zone Omogenee e parere vincolante della Conferenza "
        "metropolitana.",
        ("documento di Piano (Assi, Strategie e Azioni)",),
    ),
]


def _sample_phases(day: datetime.date) -> list[PhaseData]:
    """Phases placed around ``day`` so that listening (contributions, events, questionnaires) runs now."""

    def at(offset: int) -> datetime.date:
        return day + datetime.timedelta(days=offset)

    note = "Fase di esempio per provare la piattaforma: non fa parte di un processo reale."
    return [
        PhaseData(PhaseKind.PRELIMINARE, at(-60), at(-31), "", note, ("valutazioni e proposte preliminari",)),
        PhaseData(
            PhaseKind.ASCOLTO,
            at(-30),
            at(45),
            "",
            note,
            ("nuove esigenze e criticità che la prossima pianificazione strategica dovrà affrontare",),
        ),
        PhaseData(PhaseKind.CO_PIANIFICAZIONE, at(46), at(75), "", note, ("priorità di intervento",)),
        PhaseData(PhaseKind.RESTITUZIONE, at(76), at(100), "", note, ("risultati del processo partecipativo",)),
        PhaseData(PhaseKind.REDAZIONE_ADOZIONE, at(90), at(120), "", note, ("strategie e azioni aggiornate",)),
    ]


def _process_load(*, slug: str, phases: list[PhaseData], defaults: dict[str, object]) -> Process:
    starts_on = min(phase.starts_on for phase in phases)
    ends_on = max(phase.ends_on for phase in phases)
    process, _ = Process.objects.update_or_create(
        slug=slug, defaults={**defaults, "starts_on": starts_on, "ends_on": ends_on}
    )
    process.full_clean()
    kinds = list(PhaseKind.values)
    for data in phases:
        phase, _ = Phase.objects.update_or_create(
            process=process,
            kind=data.kind,
            defaults={
                "order": kinds.index(data.kind),
                "starts_on": data.starts_on,
                "ends_on": data.ends_on,
                "period_label": data.period_label,
                "description": data.description,
                "allows": data.allows or list(PHASE_DEFAULT_ALLOWS[data.kind]),
            },
        )
        phase.full_clean()
        phase.outputs.exclude(title__in=data.outputs).delete()
        for position, title in enumerate(data.outputs):
            PhaseOutput.objects.update_or_create(phase=phase, title=title, defaults={"order": position})
    return process


@transaction.atomic
def demo_load() -> None:
    """Idempotent: running it again updates the same rows (the sample's dates move to the new day)."""
    plan = PlanVersion.objects.filter(code="psm-2024-2026").first()
    _process_load(
        slug=REAL_SLUG,
        phases=REAL_PHASES,
        defaults={
            "title": "Verso il nuovo PSM 2024-2026",
            "description": REAL_DESCRIPTION,
            "goals": REAL_GOALS,
            "plan": plan,
            "always_allows": [Allowance.SUBMIT_CONTRIBUTIONS.value],
            "contact_email": "piano_strategico@cittametropolitana.torino.it",
            "is_published": True,
            "is_sample": False,
        },
    )
    _process_load(
        slug=SAMPLE_SLUG,
        phases=_sample_phases(timezone.localdate()),
        defaults={
            "title": "Revisione annuale del PSM – esempio",
            "description": (
                "Processo di esempio, con date intorno a oggi, per provare la piattaforma: inviare un contributo, "
                "iscriversi a un incontro, rispondere a un questionario. Non è un processo reale della Città "
                "metropolitana di Torino."
            ),
            "goals": REAL_GOALS,
            "plan": plan,
            "always_allows": [Allowance.SUBMIT_CONTRIBUTIONS.value],
            "contact_email": "",
            "is_published": True,
            "is_sample": True,
        },
    )
