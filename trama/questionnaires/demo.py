"""Demo data: the 2016 «Questionario rivolto a sindaci, amministratori, associazioni e cittadini» (seed 003) as an
example structure, open on the sample process, with a few sample responses.

Seed 003 names the questionnaire and its report, not its questions: the questions here are written for the demo
and every one says so («Domanda di esempio»); the questionnaire and its responses carry ``is_sample``.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from trama.plans.models import Strategy
from trama.process.models import Process
from trama.questionnaires import services
from trama.questionnaires.models import QuestionKind, Questionnaire, QuestionnaireMode, QuestionnaireStatus
from trama.questionnaires.permissions import questionnaire_accepts_answers
from trama.territory.models import Comune

SAMPLE_PROCESS_SLUG = "revisione-annuale-psm-esempio"
TITLE = "Questionario rivolto a sindaci, amministratori, associazioni e cittadini"
INTRO = (
    "Esempio. Nel 2016 la Città metropolitana di Torino ha rivolto questo questionario a sindaci, amministratori, "
    "associazioni e cittadini per la formazione del Piano strategico (seed 003). Le sue domande non sono nei "
    "documenti disponibili: quelle qui sotto sono domande di esempio, per provare la piattaforma."
)
SAMPLE_NOTE = "Domanda di esempio."
ROLES = [
    "Sindaco/a",
    "Amministratore/trice comunale",
    "Associazione o ente del terzo settore",
    "Impresa o associazione di categoria",
    "Cittadino/a",
]
TOOLS = ["Incontri in presenza", "Questionari online", "Tavoli tematici", "Incontri per zona omogenea"]
QUESTIONS: list[tuple[str, str, bool, list[str]]] = [
    (QuestionKind.SINGLE, "In quale veste rispondi?", True, ROLES),
    (QuestionKind.COMUNE, "Il comune in cui vivi o operi", True, []),
    (
        QuestionKind.SCALE,
        "Quanto conosci il Piano strategico metropolitano? (1 = per niente, 5 = molto bene)",
        False,
        [],
    ),
    (QuestionKind.STRATEGIES, "Quali strategie del piano ritieni prioritarie per il tuo territorio?", False, []),
    (QuestionKind.MULTIPLE, "Con quali strumenti preferisci partecipare?", False, TOOLS),
    (QuestionKind.SHORT_TEXT, "Una parola per il futuro del tuo territorio", False, []),
    (QuestionKind.LONG_TEXT, "Proposte e osservazioni per il piano", False, []),
]
WORDS = ["connessione", "montagna", "lavoro", "giovani", "servizi", "treni", "cura", "acqua"]
PROPOSALS = [
    "Esempio: più corse di autobus serali tra le valli e Torino.",
    "Esempio: sostenere i piccoli comuni nella progettazione dei bandi europei.",
    "Esempio: una rete di sportelli digitali nei comuni montani.",
    "",
]
SAMPLE_RESPONSES = 18


def _questionnaire(process: Process) -> Questionnaire:
    today = timezone.localdate()
    opens = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=7), datetime.time(9, 0)))
    closes = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=40), datetime.time(23, 59)))
    fields = {
        "title": TITLE,
        "intro": INTRO,
        "opens_at": opens,
        "closes_at": closes,
        "mode": QuestionnaireMode.PER_PERSON,
        "status": QuestionnaireStatus.PUBLISHED,
        "results_public": True,
    }
    existing = Questionnaire.objects.filter(process=process, title=TITLE).first()
    if existing is None:
        questionnaire = services.questionnaire_create(process=process, fields=fields, is_sample=True)
    else:
        # The sample process moves with the day it is loaded: so do the questionnaire's dates.
        questionnaire = services.questionnaire_update(questionnaire=existing, fields=fields)
    if not questionnaire.questions.exists():
        for kind, text, required, choices in QUESTIONS:
            services.question_add(
                questionnaire=questionnaire,
                kind=kind,
                text=text,
                help_text=SAMPLE_NOTE,
                required=required,
                choices=choices,
            )
    return questionnaire


def _sample_responses(questionnaire: Questionnaire) -> None:
    if not questionnaire_accepts_answers(questionnaire):
        return
    rng = random.Random(2016)  # noqa: S311 - sample data, not security
    questions = {q.kind: q for q in questionnaire.questions.prefetch_related("choices")}
    comuni = list(Comune.objects.filter(zona__isnull=False).order_by("istat_code").values_list("pk", flat=True)[:80])
    strategies = list(
        Strategy.objects.filter(axis__plan_id=questionnaire.process.plan_id)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    if not comuni:
        return
    for n in range(SAMPLE_RESPONSES):
        key = f"esempio:{n}"
        if questionnaire.responses.filter(respondent_key=key).exists():
            continue
        single = list(questions[QuestionKind.SINGLE].choices.all())
        tools = list(questions[QuestionKind.MULTIPLE].choices.all())
        answers: dict[int, object] = {
            questions[QuestionKind.SINGLE].pk: rng.choice(single).pk,
            questions[QuestionKind.COMUNE].pk: rng.choice(comuni),
            questions[QuestionKind.SCALE].pk: rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]),
            questions[QuestionKind.STRATEGIES].pk: rng.sample(strategies, k=min(2, len(strategies))),
            questions[QuestionKind.MULTIPLE].pk: [c.pk for c in rng.sample(tools, k=rng.randint(1, 2))],
            questions[QuestionKind.SHORT_TEXT].pk: rng.choice(WORDS),
            questions[QuestionKind.LONG_TEXT].pk: rng.choice(PROPOSALS),
        }
        services.response_submit(
            questionnaire=questionnaire,
            answers=answers,
            respondent=services.Respondent(key=key),
            idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"trama:demo:questionnaire:{n}"),
            is_sample=True,
        )


@transaction.atomic
def demo_load() -> None:
    """Idempotent: the questionnaire is found by its title, responses by their fixed keys."""
    process = Process.objects.filter(slug=SAMPLE_PROCESS_SLUG).prefetch_related("phases").first()
    if process is None:
        return
    questionnaire = _questionnaire(process)
    _sample_responses(questionnaire)
