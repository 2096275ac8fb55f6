"""Reads of the questionnaires app: lists, results per question (a constant number of queries), export rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone

from trama.plans.models import Strategy
from trama.questionnaires.models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireMode,
    QuestionnaireStatus,
    Response,
)
from trama.territory.models import ZonaOmogenea

TEXTS_SHOWN = 200


def questionnaires_for_staff() -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.select_related("process")
        .annotate(responses_count=Count("responses", distinct=True), questions_count=Count("questions", distinct=True))
        .order_by("-opens_at", "-id")
    )


def questionnaires_public() -> QuerySet[Questionnaire]:
    """Questionnaires anyone may find: per-person ones that are published and not yet closed by date, and any
    published or closed one whose results are public. Anonymous-link ones stay unlisted unless results are public."""
    now = timezone.now()
    listed = Q(mode=QuestionnaireMode.PER_PERSON, status=QuestionnaireStatus.PUBLISHED, closes_at__gt=now) | Q(
        results_public=True
    )
    return (
        Questionnaire.objects.filter(listed, process__is_published=True)
        .exclude(status=QuestionnaireStatus.DRAFT)
        .select_related("process")
        .order_by("-opens_at", "-id")
    )


def questionnaire_questions(questionnaire: Questionnaire) -> list[Question]:
    return list(
        questionnaire.questions.order_by("order", "id").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "id"))
        )
    )


@dataclass
class Bar:
    label: str
    count: int
    percent: float
    code: str = ""


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    texts_total: int = 0

    @property
    def chart_height(self) -> int:
        return 28 * len(self.bars) + 8

    @property
    def chart_rows(self) -> list[tuple[Bar, int, float]]:
        """(bar, y, width in %) for the SVG; widths relative to the largest bar so that it fills the row."""
        largest = max((bar.count for bar in self.bars), default=0)
        return [
            (bar, 4 + 28 * position, (100 * bar.count / largest) if largest else 0.0)
            for position, bar in enumerate(self.bars)
        ]


def _percent(count: int, of: int) -> float:
    return round(100 * count / of, 1) if of else 0.0


def questionnaire_results(questionnaire: Questionnaire) -> tuple[int, list[QuestionResult]]:
    """Responses count and one result per question: counts and percentages of those who answered it, the mean
    of scales, texts (newest first), comuni aggregated by zona omogenea. Nine queries whatever the size."""
    questions = questionnaire_questions(questionnaire)
    responses = questionnaire.responses.count()
    answers = Answer.objects.filter(question__questionnaire=questionnaire)
    answered = dict(answers.values_list("question_id").annotate(n=Count("id")).order_by())
    choice_counts = dict(
        Choice.objects.filter(question__questionnaire=questionnaire)
        .annotate(n=Count("answers"))
        .values_list("pk", "n")
        .order_by()
    )
    scale: dict[int, dict[int, int]] = {}
    for row in answers.filter(number__isnull=False).values("question_id", "number").annotate(n=Count("id")).order_by():
        scale.setdefault(row["question_id"], {})[row["number"]] = row["n"]
    means = dict(
        answers.filter(number__isnull=False)
        .values("question_id")
        .annotate(m=Avg("number"))
        .values_list("question_id", "m")
        .order_by()
    )
    zones: dict[int, dict[int | None, int]] = {}
    for row in (
        answers.filter(comune__isnull=False).values("question_id", "comune__zona_id").annotate(n=Count("id")).order_by()
    ):
        zones.setdefault(row["question_id"], {})[row["comune__zona_id"]] = row["n"]
    zona_list = ZonaOmogenea.objects.filter(pk__in={k for d in zones.values() for k in d if k}).order_by("number")
    zona_names = {z.pk: str(z) for z in zona_list}
    strategy_counts: dict[int, dict[int, int]] = {}
    through = Answer.strategies.through.objects.filter(answer__question__questionnaire=questionnaire)
    for row in through.values("answer__question_id", "strategy_id").annotate(n=Count("id")).order_by():
        strategy_counts.setdefault(row["answer__question_id"], {})[row["strategy_id"]] = row["n"]
    strategies = {
        s.pk: s
        for s in Strategy.objects.filter(pk__in={k for d in strategy_counts.values() for k in d}).select_related("axis")
    }
    text_question_ids = [q.pk for q in questions if q.kind in TEXT_KINDS]
    texts: dict[int, list[str]] = {}
    if text_question_ids:
        for question_id, text in (
            answers.filter(question_id__in=text_question_ids)
            .exclude(text="")
            .order_by("-response__submitted_at", "-id")
            .values_list("question_id", "text")
        ):
            texts.setdefault(question_id, []).append(text)

    results = []
    for question in questions:
        n = answered.get(question.pk, 0)
        result = QuestionResult(question=question, answered=n)
        if question.kind in CHOICE_KINDS:
            result.bars = [
                Bar(c.label, choice_counts.get(c.pk, 0), _percent(choice_counts.get(c.pk, 0), n))
                for c in question.choices.all()
            ]
        elif question.kind == QuestionKind.SCALE:
            dist = scale.get(question.pk, {})
            result.bars = [Bar(str(v), dist.get(v, 0), _percent(dist.get(v, 0), n)) for v in range(1, 6)]
            mean = means.get(question.pk)
            result.mean = round(float(mean), 2) if mean is not None else None
        elif question.kind == QuestionKind.COMUNE:
            by_zona = zones.get(question.pk, {})
            ordered = [k for k in zona_names if k in by_zona]  # zone order, 1 to 11
            result.bars = [Bar(zona_names[k], by_zona[k], _percent(by_zona[k], n)) for k in ordered]
            if None in by_zona:
                result.bars.append(Bar("", by_zona[None], _percent(by_zona[None], n), code="senza-zona"))
        elif question.kind == QuestionKind.STRATEGIES:
            dist = strategy_counts.get(question.pk, {})
            ordered_strategies = sorted(dist, key=lambda k: (strategies[k].axis.number, strategies[k].code))
            result.bars = [
                Bar(strategies[k].title, dist[k], _percent(dist[k], n), code=strategies[k].code)
                for k in ordered_strategies
            ]
        else:
            all_texts = texts.get(question.pk, [])
            result.texts, result.texts_total = all_texts[:TEXTS_SHOWN], len(all_texts)
        results.append(result)
    return responses, results


def responses_for_export(questionnaire: Questionnaire) -> QuerySet[Response]:
    return (
        questionnaire.responses.select_related("user")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("comune").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("order", "id")),
                    Prefetch("strategies", queryset=Strategy.objects.order_by("code")),
                ),
            )
        )
        .order_by("submitted_at", "id")
    )


def answer_cell(question: Question, answer: Answer | None) -> Any:
    """The value of one export cell: labels joined with «; », numbers as numbers."""
    if answer is None:
        return ""
    kind = question.kind
    if kind in TEXT_KINDS:
        return answer.text
    if kind == QuestionKind.SCALE:
        return answer.number
    if kind == QuestionKind.COMUNE:
        return f"{answer.comune.name} ({answer.comune.istat_code})" if answer.comune else ""
    if kind == QuestionKind.STRATEGIES:
        return "; ".join(s.code for s in answer.strategies.all())
    return "; ".join(c.label for c in answer.choices.all())
