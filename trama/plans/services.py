"""Writes on the plan tables: import a whole plan version from a file; export it back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from trama.plans.io import (
    ExportFormat,
    PlanData,
    PlanErrors,
    plan_data_from_model,
    plan_parse,
    plan_serialise,
)
from trama.plans.models import Action, Axis, PlanVersion, Strategy


@dataclass
class ImportReport:
    """What an import did (or, with errors or dry_run, would do): counts, or every error with its place."""

    plan_code: str = ""
    created: bool = False  # False: an existing version was replaced
    axes: int = 0
    strategies: int = 0
    actions: int = 0
    previous_links: int = 0  # strategies linked to the one they derive from
    successors_unlinked: int = 0  # strategies of newer versions whose predecessor is gone from the new file
    dry_run: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, object]:
        return {
            "plan": self.plan_code,
            "created": self.created,
            "axes": self.axes,
            "strategies": self.strategies,
            "actions": self.actions,
            "previous_links": self.previous_links,
            "successors_unlinked": self.successors_unlinked,
            "dry_run": self.dry_run,
        }


def _resolve_previous(plan: PlanData, errors: PlanErrors) -> dict[str, int]:
    """Map each `previous` reference of the file to the id of an existing strategy; report the missing ones."""
    references = {s.previous for s in plan.strategies_read if s.previous}
    plan_codes = {reference.split(":", 1)[0] for reference in references}
    found = {
        f"{plan_code}:{code}": pk
        for pk, plan_code, code in Strategy.objects.filter(axis__plan__code__in=plan_codes).values_list(
            "pk", "axis__plan__code", "code"
        )
    }
    existing_plans = set(PlanVersion.objects.filter(code__in=plan_codes).values_list("code", flat=True))
    for strategy in plan.strategies_read:
        if not strategy.previous or strategy.previous_at is None:
            continue
        plan_code, code = strategy.previous.split(":", 1)
        if plan_code == plan.code:
            # Its tree is rebuilt by this import: the link would point at a deleted row.
            strategy.previous_at.report(errors, _("una strategia non può derivare da una dello stesso piano"))
        elif plan_code not in existing_plans:
            strategy.previous_at.report(
                errors,
                _("il piano «%(plan)s» non esiste: importalo prima di questo") % {"plan": plan_code},
            )
        elif strategy.previous not in found:
            strategy.previous_at.report(
                errors, _("il piano «%(plan)s» non ha la strategia %(code)s") % {"plan": plan_code, "code": code}
            )
    return found


def _plan_save(*, data: PlanData, plan: PlanVersion | None, previous_ids: dict[str, int]) -> int:
    """Create or update the version and its tree in place; return how many newer strategies lost their link.

    Axes, strategies and actions are matched by number/code and updated, so
    their ids stay stable across re-imports: whatever links to them
    (contributions, ideas, indicators, newer versions) keeps pointing at the
    same row. Nodes missing from the file are deleted.
    """
    if data.is_current:
        PlanVersion.objects.filter(is_current=True).exclude(code=data.code).update(is_current=False)
    plan = plan or PlanVersion(code=data.code)
    plan.title, plan.vision_title, plan.vision = data.title, data.vision_title, data.vision
    plan.period_start, plan.period_end = data.period_start, data.period_end
    plan.status, plan.is_current, plan.source = data.status, data.is_current, data.source
    plan.full_clean()
    plan.save()

    old_axes = {a.number: a for a in plan.axes.all()}
    old_strategies = {s.code: s for s in Strategy.objects.filter(axis__plan=plan)}
    old_actions = {a.code: a for a in Action.objects.filter(strategy__axis__plan=plan)}
    axes: list[Axis] = []
    strategies: list[Strategy] = []
    actions: list[Action] = []
    for a in data.axes:
        axis = old_axes.get(a.number) or Axis(plan=plan, number=a.number)
        axis.title, axis.description, axis.pnrr_mission, axis.is_sample = (
            a.title, a.description, a.pnrr_mission, a.is_sample,
        )  # fmt: skip
        axes.append(axis)
        for s in a.strategies:
            strategy = old_strategies.get(s.code) or Strategy(code=s.code)
            strategy.axis = axis
            strategy.title, strategy.description, strategy.sdg_goals, strategy.is_sample = (
                s.title, s.description, s.sdg_goals, s.is_sample,
            )  # fmt: skip
            strategy.previous_id = previous_ids.get(s.previous) if s.previous else None
            strategies.append(strategy)
            for act in s.actions:
                action = old_actions.get(act.code) or Action(code=act.code)
                action.strategy = strategy
                action.title, action.description, action.competence = act.title, act.description, act.competence
                action.funding_sources, action.responsible_office = act.funding_sources, act.responsible_office
                action.dup_objectives, action.is_sample = act.dup_objectives, act.is_sample
                actions.append(action)

    # Deleting first frees the (parent, code) pairs that a moved node may take.
    kept_actions = {a.code for a in actions}
    kept_strategies = {s.code for s in strategies}
    Action.objects.filter(strategy__axis__plan=plan).exclude(code__in=kept_actions).delete()
    dropped = Strategy.objects.filter(axis__plan=plan).exclude(code__in=kept_strategies)
    unlinked = Strategy.objects.filter(previous__in=dropped).exclude(axis__plan=plan).count()
    dropped.delete()
    plan.axes.exclude(number__in=[a.number for a in axes]).delete()

    # Field checks only: the file has been validated as a whole, and new parents have no id yet.
    checks: list[tuple[Sequence[models.Model], str]] = [(axes, "plan"), (strategies, "axis"), (actions, "strategy")]
    for objects, parent in checks:
        for obj in objects:
            obj.full_clean(exclude=[parent, "previous"], validate_unique=False, validate_constraints=False)
    _upsert(Axis, axes, ["title", "description", "pnrr_mission", "is_sample"])
    _upsert(Strategy, strategies, ["axis", "title", "description", "sdg_goals", "previous", "is_sample"])
    _upsert(
        Action,
        actions,
        ["strategy", "title", "description", "competence", "funding_sources", "responsible_office",
         "dup_objectives", "is_sample"],
    )  # fmt: skip
    return unlinked


def _upsert(model: type[models.Model], objects: Sequence[models.Model], fields: list[str]) -> None:
    """Update the rows that exist, create the others (bulk_create fills parent ids set just before)."""
    model._default_manager.bulk_update([o for o in objects if o.pk is not None], fields)
    model._default_manager.bulk_create([o for o in objects if o.pk is None])


@transaction.atomic
def plan_import(*, filename: str, data: bytes, replace: bool = True, dry_run: bool = False) -> ImportReport:
    """Import a whole plan version from a JSON, CSV or XLSX file (docs/plan-format.md).

    The whole file is validated first, against the database too (`previous`
    references, an existing code when `replace` is off); any error means nothing
    is written, and the report lists every error with its line and column (or
    JSON path). Otherwise the version is created, or updated to match the file
    exactly: nodes are matched by code and keep their ids, missing ones are deleted.
    A plan marked current makes every other version not current.
    """
    report = ImportReport(dry_run=dry_run)
    plan_data, errors = plan_parse(filename=filename, data=data)
    existing: PlanVersion | None = None
    previous_ids: dict[str, int] = {}
    if plan_data is not None:
        strategies = plan_data.strategies()
        report.plan_code, report.axes, report.strategies = plan_data.code, len(plan_data.axes), len(strategies)
        report.actions = len(plan_data.actions())
        report.previous_links = sum(1 for s in strategies if s.previous)
        existing = PlanVersion.objects.select_for_update().filter(code=plan_data.code).first()
        report.created = existing is None
        if existing is not None and not replace:
            message = _("esiste già un piano con il codice «%(code)s» e la sostituzione non è richiesta")
            plan_data.code_at.report(errors, message % {"code": plan_data.code})
        # Checked even when the file has other errors, so that one report lists them all.
        previous_ids = _resolve_previous(plan_data, errors)
    if errors or plan_data is None or dry_run:
        report.errors = errors.in_file_order()
        return report
    try:
        with transaction.atomic():
            report.successors_unlinked = _plan_save(data=plan_data, plan=existing, previous_ids=previous_ids)
    except ValidationError as exc:
        # The file checks mirror the model's, so this means they have drifted apart: say what the model refused.
        report.errors = [_("Il piano non è stato salvato: %(errors)s") % {"errors": "; ".join(exc.messages)}]
    return report


def plan_export(*, plan: PlanVersion, fmt: ExportFormat) -> bytes:
    """The whole plan version as a file in the exchange format (docs/plan-format.md); import gives it back."""
    return plan_serialise(plan_data_from_model(plan), fmt)
