"""Demo data: a handful of sample contributions on the sample process, some approved and public.

Written for Trama (titles say «esempio», `is_sample=True`), not real contributions. Idempotent: rows are
keyed by their idempotency key, so running it again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from trama.accounts.models import Role, User
from trama.participation import services
from trama.participation.models import Contribution, ContributionStatus
from trama.plans.models import Strategy
from trama.process.models import Process

SAMPLE_PROCESS = "revisione-annuale-psm-esempio"

# (key, sender category, comune ISTAT, strategy or "", publish consent, status, title, text)
SAMPLES = [
    (
        "demo-1",
        "cittadino",
        "001191",
        "",
        True,
        ContributionStatus.APPROVED,
        "Esempio – Corse serali tra Pinerolo e Torino",
        "L'ultima corsa dell'autobus da Torino verso il Pinerolese parte troppo presto: chi lavora o studia fino "
        "a sera non ha alternative all'auto. Proponiamo almeno due corse dopo le 21 nei giorni feriali.",
    ),
    (
        "demo-2",
        "stakeholder",
        "001272",
        "",
        True,
        ContributionStatus.APPROVED,
        "Esempio – Una rete di spazi di coworking nei comuni montani",
        "Come associazione di categoria vediamo giovani professionisti lasciare le valli. Spazi di lavoro "
        "condivisi con buona connessione, nei municipi o nelle ex scuole, li aiuterebbero a restare.",
    ),
    (
        "demo-3",
        "istituzione",
        "001270",
        "",
        True,
        ContributionStatus.APPROVED,
        "Esempio – Manutenzione dei sentieri e presidio del territorio",
        "Il Comune propone un programma metropolitano per la manutenzione dei sentieri con le squadre "
        "forestali e le associazioni locali, legato alla prevenzione del dissesto idrogeologico.",
    ),
    (
        "demo-4",
        "cittadino",
        "001156",
        "",
        False,
        ContributionStatus.APPROVED,
        "Esempio – Servizi per gli anziani soli",
        "Nella mia frazione molti anziani vivono soli e lontani dai servizi: un servizio di trasporto a chiamata "
        "verso l'ambulatorio e la farmacia farebbe la differenza.",
    ),
    (
        "demo-5",
        "cittadino",
        "001272",
        "",
        True,
        ContributionStatus.RECEIVED,
        "Esempio – Più alberi nei cortili delle scuole",
        "I cortili delle scuole sono distese di asfalto che d'estate diventano caldissime: si potrebbero "
        "piantare alberi e togliere l'asfalto con i ragazzi e le famiglie.",
    ),
    (
        "demo-6",
        "stakeholder",
        "001130",
        "",
        True,
        ContributionStatus.RECEIVED,
        "Esempio – Filiera corta per i prodotti agricoli locali",
        "Le mense pubbliche dei comuni potrebbero acquistare di più dai produttori agricoli della zona, con un "
        "accordo metropolitano che semplifichi le gare.",
    ),
]


def _office() -> User | None:
    return User.objects.filter(role=Role.PLAN_OFFICE, is_active=True).order_by("pk").first()


@transaction.atomic
def demo_load() -> None:
    process = Process.objects.filter(slug=SAMPLE_PROCESS).first()
    if process is None:  # the process demo makes it; without it there is nowhere to put the samples
        return
    office = _office()
    strategies = list(Strategy.objects.filter(axis__plan=process.plan).order_by("axis__number", "code"))
    for n, (key, category, comune, strategy, publish, status, title, text) in enumerate(SAMPLES):
        if Contribution.objects.filter(idempotency_key=key).exists():
            continue
        data = {
            "title": title,
            "text": text,
            "kind": "suggerimento" if n % 2 else "contributo",
            "actor_category": category,
            "organisation": "Associazione di esempio" if category != "cittadino" else "",
            "comune": comune,
            "name": f"Persona di esempio {n + 1}",
            "email": f"esempio{n + 1}@example.org",
            "privacy_consent": "true",
            "publish_consent": "true" if publish else "false",
            "strategy": strategy or (strategies[(n * 4) % len(strategies)].code if strategies else ""),
        }
        try:
            result = services.contribution_submit(
                process=process, data=data, idempotency_key=key, ip="", send_receipt=False
            )
        except services.ContributionInvalid:
            continue  # e.g. a comune code missing from an old fixture: skip the sample, never break `make run`
        contribution = result.contribution
        Contribution.objects.filter(pk=contribution.pk).update(is_sample=True)
        if status == ContributionStatus.APPROVED and office is not None:
            services.contribution_approve(contribution=contribution, by=office)
