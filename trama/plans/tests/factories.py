"""Small plans for tests: in the database, as plain data, or as a file in any exchange format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trama.core.tabular import write_csv
from trama.plans.io import COLUMNS, ActionData, AxisData, ExportFormat, PlanData, StrategyData, plan_serialise
from trama.plans.models import Action, Axis, PlanVersion, Strategy

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Older first: the 2024-2026 file links its strategies to the 2021-2023 ones.
SHIPPED_PLAN_FILES = [DATA_DIR / "psm-2021-2023.json", DATA_DIR / "psm-2024-2026.json"]

# Text that trips CSV writers and readers: commas, semicolons, quotes, apostrophes, lines.
AWKWARD_TEXT = 'Una visione "policentrica", sostenibile; coesa.\nSeconda riga dell\'area metropolitana.'


def plan_data(*, code: str = "psm-prova", period: tuple[int, int] = (2024, 2026), **extra: Any) -> PlanData:
    """Two axes, three strategies, three actions, every field used somewhere."""
    fields: dict[str, Any] = {
        "title": f"Piano di prova {code}",
        "vision_title": "Metropoli di prova",
        "vision": AWKWARD_TEXT,
        "status": "adopted",
        "is_current": False,
        "source": "Test",
        **extra,
    }
    return PlanData(
        code=code,
        period_start=period[0],
        period_end=period[1],
        axes=[
            AxisData(
                number=1,
                title="Metropoli produttiva",
                description="Asse uno, con virgole, e 'apici'.",
                pnrr_mission="M1",
                strategies=[
                    StrategyData(
                        code="1.1",
                        title="Digitalizzare il territorio",
                        sdg_goals="9, 11",
                        actions=[
                            ActionData(
                                code="1.1.1",
                                title="Banda larga nelle aree montane",
                                description=AWKWARD_TEXT,
                                competence="cmt",
                                funding_sources=["pnrr", "eu"],
                                responsible_office="Sistemi informativi",
                                dup_objectives="DUP 1.2",
                            ),
                            ActionData(code="1.1.2", title="Sportelli digitali", competence="others", is_sample=True),
                        ],
                    ),
                    StrategyData(code="1.2", title="Filiere produttive", is_sample=True),
                ],
            ),
            AxisData(
                number=2,
                title="Metropoli verde",
                is_sample=True,
                strategies=[
                    StrategyData(
                        code="2.1",
                        title="Infrastrutture verdi",
                        description="Parchi e corridoi ecologici.",
                        actions=[ActionData(code="2.1.1", title="Torino Metropoli Parco", funding_sources=["own"])],
                    )
                ],
            ),
        ],
        **fields,
    )


def plan_file(fmt: ExportFormat, plan: PlanData | None = None, **kwargs: Any) -> bytes:
    """`plan`, or else `plan_data(**kwargs)`, as a file in the given format."""
    return plan_serialise(plan or plan_data(**kwargs), fmt)


def csv_file(*rows: dict[str, str], header: tuple[str, ...] = COLUMNS) -> bytes:
    """A plan table from rows given as {column: value}; missing columns are empty."""
    return write_csv(header, [[row.get(column, "") for column in header] for row in rows])


def make_plan(
    *, code: str = "psm-db", period: tuple[int, int] = (2021, 2023), is_current: bool = False, strategies: int = 2
) -> PlanVersion:
    """A plan in the database, built without the import service: one axis, `strategies` strategies, an action each."""
    plan = PlanVersion.objects.create(
        code=code,
        title=f"Piano {code}",
        period_start=period[0],
        period_end=period[1],
        vision=AWKWARD_TEXT,
        is_current=is_current,
    )
    axis = Axis.objects.create(plan=plan, number=1, title="Asse uno", pnrr_mission="M2")
    for n in range(1, strategies + 1):
        strategy = Strategy.objects.create(axis=axis, code=f"1.{n}", title=f"Strategia 1.{n}")
        Action.objects.create(strategy=strategy, code=f"1.{n}.1", title=f"Azione 1.{n}.1", funding_sources=["eu"])
    return plan
