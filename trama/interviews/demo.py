"""Demo data: a few clearly marked sample interviews of the preliminary phase (no real person is named).

The seeds say who was interviewed (Portavoce of the zone omogenee, cabina di regia members, qualified
witnesses) but not what they said: names, notes and judgements here are written for the demo («esempio»).
"""

from __future__ import annotations

import datetime
import uuid
from typing import cast

from django.db import transaction

from trama.interviews.models import JUDGED_PLAN_CODE, Judgement
from trama.interviews.services import JudgementData, interview_create
from trama.plans.models import Action, Strategy
from trama.process.models import Process
from trama.territory.models import ZonaOmogenea

REAL_PROCESS_SLUG = "verso-nuovo-psm-2024-2026"

SAMPLES: list[dict[str, object]] = [
    {
        "name": "Intervistato/a A – Portavoce ZO 5 (esempio)",
        "role": "Portavoce della Zona omogenea 5 (esempio)",
        "zona": 5,
        "cabina": True,
        "on": datetime.date(2023, 7, 12),
        "notes": (
            "Esempio. Le valli pinerolesi hanno visto crescere i servizi di trasporto a chiamata, ma le corse "
            "serali verso Torino restano poche. La banda ultra larga è arrivata nei capoluoghi di valle, non nelle "
            "frazioni."
        ),
        "proposals": "Esempio. Un tavolo permanente sul trasporto pubblico nelle aree interne.",
        "judgements": [
            ("3.1", None, Judgement.PARTLY),
            ("1.1", None, Judgement.ALIGNED),
            ("5.1", None, Judgement.MISALIGNED),
        ],
    },
    {
        "name": "Intervistato/a B – Vice Portavoce ZO 6 (esempio)",
        "role": "Vice Portavoce della Zona omogenea 6 (esempio)",
        "zona": 6,
        "cabina": True,
        "on": datetime.date(2023, 7, 20),
        "notes": (
            "Esempio. In Val di Susa i progetti di riqualificazione energetica degli edifici scolastici sono "
            "partiti con i fondi PNRR; mancano invece risorse per la manutenzione dei sentieri e del territorio."
        ),
        "proposals": "Esempio. Sostenere i piccoli comuni nella progettazione dei bandi.",
        "judgements": [
            ("2.1", "2.1.1", Judgement.ALIGNED),
            ("2.1", "2.1.2", Judgement.PARTLY),
            ("4.1", None, Judgement.ALIGNED),
        ],
    },
    {
        "name": "Intervistato/a C – associazione di categoria (esempio)",
        "role": "Direttore/direttrice di un'associazione di categoria (esempio)",
        "organisation": "Associazione di categoria (esempio)",
        "zona": 1,
        "cabina": True,
        "on": datetime.date(2023, 8, 30),
        "notes": (
            "Esempio. Le imprese chiedono semplificazione e servizi digitali comuni tra i comuni; il sostegno "
            "all'innovazione delle PMI previsto dal piano è rimasto in gran parte sulla carta."
        ),
        "proposals": "Esempio. Uno sportello unico metropolitano per le imprese.",
        "judgements": [("1.1", None, Judgement.MISALIGNED), ("5.1", "5.1.1", Judgement.PARTLY)],
    },
    {
        "name": "Intervistato/a D – testimone qualificato/a (esempio)",
        "role": "Ricercatore/ricercatrice universitario/a (esempio)",
        "organisation": "Università (esempio)",
        "zona": None,
        "cabina": False,
        "on": datetime.date(2023, 9, 14),
        "notes": (
            "Esempio. Il monitoraggio del piano precedente è stato debole: pochi indicatori aggiornati, nessun "
            "confronto sistematico con l'Agenda metropolitana per lo sviluppo sostenibile."
        ),
        "proposals": "Esempio. Indicatori di contesto per ogni strategia, aggiornati ogni anno.",
        "judgements": [("6.1", None, Judgement.PARTLY), ("3.1", None, Judgement.MISALIGNED)],
    },
]


def _judgements(specs: list[tuple[str, str | None, str]]) -> list[JudgementData]:
    out = []
    for strategy_code, action_code, judgement in specs:
        strategy = Strategy.objects.filter(axis__plan__code=JUDGED_PLAN_CODE, code=strategy_code).first()
        if strategy is None:
            continue
        action = Action.objects.filter(strategy=strategy, code=action_code).first() if action_code else None
        out.append(JudgementData(strategy=strategy, action=action, judgement=judgement, note="esempio"))
    return out


@transaction.atomic
def demo_load() -> None:
    """Idempotent: each sample has a fixed key, so loading again stores nothing new."""
    process = Process.objects.filter(slug=REAL_PROCESS_SLUG).first()
    if process is None:
        return
    for position, sample in enumerate(SAMPLES):
        zona_number = cast(int | None, sample.get("zona"))
        zona = ZonaOmogenea.objects.filter(number=zona_number).first() if zona_number else None
        fields = {
            "interviewee_name": sample["name"],
            "interviewee_role": sample["role"],
            "organisation_name": sample.get("organisation", ""),
            "zona": zona,
            "is_cabina_member": sample["cabina"],
            "held_on": sample["on"],
            "interviewer_name": "Gruppo di facilitazione (esempio)",
            "notes": sample["notes"],
            "proposals": sample["proposals"],
        }
        interview_create(
            process=process,
            fields=fields,
            judgements=_judgements(sample["judgements"]),  # type: ignore[arg-type]  # literal table above
            by=None,
            client_key=uuid.uuid5(uuid.NAMESPACE_URL, f"trama:demo:interview:{position}"),
            is_sample=True,
        )
