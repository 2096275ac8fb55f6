"""Process endpoints: participatory processes and their phases (the cronoprogramma)."""

# No `from __future__ import annotations`: django-ninja builds its models from the evaluated signatures.
import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from trama.api.schemas import ErrorOut
from trama.process.models import Phase, Process
from trama.process.permissions import current_phase, today
from trama.process.selectors import process_get_published, process_list_published

router = Router(tags=["processo"])


class PhaseOut(Schema):
    kind: str = Field(description="preliminare, ascolto, co_pianificazione, restituzione o redazione_adozione.")
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    period_label: str = Field(description="Il periodo come era stato annunciato, es. «luglio – novembre 2023».")
    is_current: bool = Field(description="Vero se la fase è in corso oggi (le fasi possono sovrapporsi).")
    allows: list[str] = Field(
        description="Cosa si può fare durante la fase: contributions, event_registration, questions, "
        "questionnaires, interviews, live, votes."
    )
    outputs: list[str] = Field(description="Gli esiti attesi della fase.")


class ProcessOut(Schema):
    slug: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    is_sample: bool = Field(description="Vero per un processo di esempio, non reale.")
    state: str = Field(description="upcoming (in programma), current (in corso) o over (concluso).")
    always_allows: list[str] = Field(description="Consentito per tutta la durata del processo (es. il modulo online).")
    current_phase: str | None = Field(description="Il tipo della fase in evidenza oggi, null se nessuna.")
    phases: list[PhaseOut]


def _phase_out(phase: Phase, day: datetime.date) -> PhaseOut:
    return PhaseOut(
        kind=phase.kind,
        title=phase.display_title,
        starts_on=phase.starts_on,
        ends_on=phase.ends_on,
        period_label=phase.period_label,
        is_current=phase.is_current_on(day),
        allows=list(phase.allows),
        outputs=[output.title for output in phase.outputs.all()],
    )


def _process_out(process: Process, day: datetime.date) -> ProcessOut:
    highlighted = current_phase(process, day)
    return ProcessOut(
        slug=process.slug,
        title=process.title,
        starts_on=process.starts_on,
        ends_on=process.ends_on,
        is_sample=process.is_sample,
        state=process.state_on(day).value,
        always_allows=list(process.always_allows),
        current_phase=highlighted.kind if highlighted else None,
        phases=[_phase_out(phase, day) for phase in process.phases.all()],
    )


@router.get("", response=list[ProcessOut], summary="Processi partecipativi")
def process_list(request: HttpRequest) -> list[ProcessOut]:
    """I processi partecipativi pubblicati, dal più recente, con le fasi in ordine: date, se sono in corso,
    cosa consentono e gli esiti attesi."""
    day = today()
    return [_process_out(process, day) for process in process_list_published()]


@router.get("/{slug}", response={200: ProcessOut, 404: ErrorOut}, summary="Un processo partecipativo")
def process_detail(request: HttpRequest, slug: str) -> ProcessOut:
    process = process_get_published(slug=slug)
    if process is None:
        raise HttpError(404, f"Processo «{slug}» non trovato.")
    return _process_out(process, today())
