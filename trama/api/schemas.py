"""Response shapes of the public API; field names are a public contract, change them only in a new version."""

from __future__ import annotations

from typing import TypedDict

from django_stubs_ext import WithAnnotations
from ninja import Field, Schema

from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.territory.models import Comune, Venue, ZonaOmogenea


class PlanCountsAnnotations(TypedDict):
    axes_count: int
    strategies_count: int
    actions_count: int
    sample_actions_count: int


class ErrorOut(Schema):
    detail: str


class PlanCountsOut(Schema):
    axes: int
    strategies: int
    actions: int
    sample_actions: int = Field(description="Azioni con testo di esempio, non ancora ufficiale.")


class PlanOut(Schema):
    code: str = Field(description="Codice del piano, es. «psm-2024-2026».")
    title: str
    period_start: int
    period_end: int
    status: str = Field(description="draft (bozza), adopted (adottato) o archived (concluso).")
    is_current: bool = Field(description="Vero per il piano vigente.")
    vision_title: str
    counts: PlanCountsOut

    @staticmethod
    def resolve_counts(obj: WithAnnotations[PlanVersion, PlanCountsAnnotations]) -> PlanCountsOut:
        return PlanCountsOut(
            axes=obj.axes_count,
            strategies=obj.strategies_count,
            actions=obj.actions_count,
            sample_actions=obj.sample_actions_count,
        )


class PlanDetailOut(PlanOut):
    vision: str


class AxisOut(Schema):
    number: int
    title: str
    description: str
    pnrr_mission: str | None = Field(description="Codice della missione PNRR (M1-M6), null se non indicata.")
    pnrr_mission_label: str | None
    is_sample: bool

    @staticmethod
    def resolve_pnrr_mission(obj: Axis) -> str | None:
        return obj.pnrr_mission or None

    @staticmethod
    def resolve_pnrr_mission_label(obj: Axis) -> str | None:
        return str(obj.get_pnrr_mission_display()) if obj.pnrr_mission else None


class ActionOut(Schema):
    code: str = Field(description="Codice dell'azione, es. «1.1.1».")
    title: str
    strategy: str = Field(description="Codice della strategia, es. «1.1».")
    axis: int = Field(description="Numero dell'asse.")
    description: str
    competence: str | None = Field(description="cmt (diretta della Città metropolitana), others, o null.")
    funding_sources: list[str] = Field(description="Codici delle fonti: eu, national, regional, pnrr, own.")
    responsible_office: str
    is_sample: bool

    @staticmethod
    def resolve_strategy(obj: Action) -> str:
        return obj.strategy.code

    @staticmethod
    def resolve_axis(obj: Action) -> int:
        return obj.strategy.axis.number

    @staticmethod
    def resolve_competence(obj: Action) -> str | None:
        return obj.competence or None

    @staticmethod
    def resolve_funding_sources(obj: Action) -> list[str]:
        return [str(code) for code in obj.funding_sources or []]


class StrategyOut(Schema):
    code: str = Field(description="Codice della strategia, es. «1.1».")
    title: str
    axis: int = Field(description="Numero dell'asse.")
    description: str
    sdg_goals: str = Field(description="Obiettivi Agenda 2030 collegati, es. «9, 11».")
    previous: str | None = Field(description="Strategia del piano precedente, es. «psm-2021-2023:2.1».")
    is_sample: bool
    actions_count: int

    @staticmethod
    def resolve_axis(obj: Strategy) -> int:
        return obj.axis.number

    @staticmethod
    def resolve_previous(obj: Strategy) -> str | None:
        if obj.previous is None:
            return None
        return f"{obj.previous.axis.plan.code}:{obj.previous.code}"


class StrategyDetailOut(StrategyOut):
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj: Strategy) -> list[Action]:
        return list(obj.actions.all())


class ZoneOut(Schema):
    number: int
    name: str
    comuni_count: int
    population: int | None = Field(description="Somma della popolazione dei comuni della zona.")
    venues: list[str] = Field(description="Lettere delle sedi di co-pianificazione della zona.")

    @staticmethod
    def resolve_venues(obj: ZonaOmogenea) -> list[str]:
        return [venue.letter for venue in obj.venues.all()]


class ComuneOut(Schema):
    istat_code: str
    name: str
    population: int | None
    population_year: int | None
    zona: int | None = Field(description="Numero della zona omogenea, null se non ancora assegnato.")

    @staticmethod
    def resolve_zona(obj: Comune) -> int | None:
        return obj.zona.number if obj.zona is not None else None


class VenueOut(Schema):
    letter: str
    name: str
    sua: str = Field(description="Strategia Urbana d'Area regionale, es. «SUA 7».")
    host_town: str
    zones: list[int] = Field(description="Numeri delle zone omogenee della sede.")

    @staticmethod
    def resolve_zones(obj: Venue) -> list[int]:
        return [zone.number for zone in obj.zones.all()]
