"""Reads of the interviews app: filtered lists, alignment sums per strategy and per zona omogenea, exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from trama.interviews.models import JUDGED_PLAN_CODE, Interview, InterviewJudgement, Judgement
from trama.plans.models import Action, Strategy
from trama.process.models import Phase, Process
from trama.territory.models import ZonaOmogenea


@dataclass(frozen=True)
class InterviewFilters:
    phase: Phase | None = None
    zona: ZonaOmogenea | None = None
    # None: everybody; True: only cabina di regia members; False: only the others.
    cabina: bool | None = None


def interviews_filtered(process: Process, filters: InterviewFilters) -> QuerySet[Interview]:
    interviews = Interview.objects.filter(process=process)
    if filters.phase is not None:
        interviews = interviews.filter(held_on__gte=filters.phase.starts_on, held_on__lte=filters.phase.ends_on)
    if filters.zona is not None:
        interviews = interviews.filter(zona=filters.zona)
    if filters.cabina is not None:
        interviews = interviews.filter(is_cabina_member=filters.cabina)
    return interviews


def interview_list(process: Process, filters: InterviewFilters) -> QuerySet[Interview]:
    """The interviews of a list page, with what each row shows, in a constant number of queries."""
    return (
        interviews_filtered(process, filters)
        .select_related("zona", "organisation", "interviewer")
        .annotate(
            judgements_count=Count("judgements"),
            aligned_count=Count("judgements", filter=Q(judgements__judgement=Judgement.ALIGNED)),
            misaligned_count=Count("judgements", filter=Q(judgements__judgement=Judgement.MISALIGNED)),
        )
        .order_by("-held_on", "-id")
    )


def judged_strategies() -> QuerySet[Strategy]:
    """The strategies an interview may judge: those of the PSM 2021-2023."""
    return (
        Strategy.objects.filter(axis__plan__code=JUDGED_PLAN_CODE)
        .select_related("axis")
        .order_by("axis__number", "code")
    )


def strategy_actions(strategy_id: int | None) -> QuerySet[Action]:
    if not strategy_id:
        return Action.objects.none()
    return Action.objects.filter(strategy_id=strategy_id, strategy__axis__plan__code=JUDGED_PLAN_CODE).order_by("code")


@dataclass
class AlignmentRow:
    """Counts of one strategy or one zona; ``share`` gives each judgement's percentage of the row (bar widths)."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, judgement: str) -> float:
        return round(100 * self.counts.get(judgement, 0) / self.total, 1) if self.total else 0.0

    @property
    def segments(self) -> list[tuple[str, str, int, float, float]]:
        """(value, label, count, x offset %, width %) of each judgement, for the stacked bar."""
        out = []
        offset = 0.0
        for value, label in Judgement.choices:
            width = self.share(value)
            out.append((value, str(label), self.counts.get(value, 0), offset, width))
            offset += width
        return out


def _judgements(interviews: QuerySet[Interview]) -> QuerySet[InterviewJudgement]:
    return InterviewJudgement.objects.filter(interview__in=interviews.values("pk"))


def alignment_by_strategy(interviews: QuerySet[Interview]) -> list[AlignmentRow]:
    """One row per judged strategy (judgements on its actions count for it), in plan order. Two queries."""
    sums = _judgements(interviews).values("strategy_id", "judgement").annotate(n=Count("id")).order_by()
    counts: dict[int, dict[str, int]] = {}
    for row in sums:
        counts.setdefault(row["strategy_id"], {})[row["judgement"]] = row["n"]
    strategies = Strategy.objects.filter(pk__in=counts).select_related("axis").order_by("axis__number", "code")
    return [AlignmentRow(key=s.code, label=s.title, counts=counts[s.pk]) for s in strategies]


def alignment_by_zona(interviews: QuerySet[Interview]) -> list[AlignmentRow]:
    """One row per zona omogenea with judgements (and «senza zona» last): the ZO × judgement matrix."""
    sums = _judgements(interviews).values("interview__zona_id", "judgement").annotate(n=Count("id")).order_by()
    counts: dict[int | None, dict[str, int]] = {}
    for row in sums:
        counts.setdefault(row["interview__zona_id"], {})[row["judgement"]] = row["n"]
    zones = ZonaOmogenea.objects.filter(pk__in=[k for k in counts if k is not None]).order_by("number")
    rows = [AlignmentRow(key=str(z.number), label=z.name, counts=counts[z.pk]) for z in zones]
    if None in counts:
        rows.append(AlignmentRow(key="", label="", counts=counts[None]))
    return rows


def judgement_totals(rows: list[AlignmentRow]) -> dict[str, int]:
    totals = {value: 0 for value in Judgement.values}
    for row in rows:
        for value, n in row.counts.items():
            totals[value] = totals.get(value, 0) + n
    return totals


def judgements_for_export(interviews: QuerySet[Interview]) -> QuerySet[InterviewJudgement]:
    return (
        _judgements(interviews)
        .select_related("interview", "interview__zona", "interview__organisation", "strategy", "action")
        .order_by("interview__held_on", "interview_id", "strategy__code", "action__code")
    )
