"""How the network grew during a process, read from every app through the registry (trama.actors.registry)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trama.actors.models import ActorCategory
from trama.actors.registry import ParticipationRecord, sources
from trama.process.models import Phase, Process
from trama.territory.models import ZonaOmogenea

# Some apps store the words of the public form (istituzione, cittadino…); the network speaks ActorCategory.
CATEGORY_ALIASES = {
    "istituzione": ActorCategory.INSTITUTION,
    "institution": ActorCategory.INSTITUTION,
    "stakeholder": ActorCategory.STAKEHOLDER,
    "cittadino": ActorCategory.CITIZEN,
    "cittadina": ActorCategory.CITIZEN,
    "citizen": ActorCategory.CITIZEN,
}
UNKNOWN = ""


def actor_key(record: ParticipationRecord) -> str | None:
    """An actor is a distinct e-mail address, else an organisation name; anonymous records are nobody."""
    email = record.email.strip().lower()
    if email:
        return f"email:{email}"
    organisation = " ".join(record.organisation.split()).casefold()
    if organisation:
        return f"org:{organisation}"
    return None


def category_of(value: str) -> str:
    return str(CATEGORY_ALIASES.get(value.strip().lower(), UNKNOWN))


@dataclass
class Actor:
    key: str
    first_on: datetime.date
    name: str = ""
    organisation: str = ""
    category: str = UNKNOWN
    zona_id: int | None = None
    kinds: set[str] = field(default_factory=set)

    def absorb(self, record: ParticipationRecord) -> None:
        """Fill what the earlier records left blank, keep the rest: the first known value wins."""
        self.first_on = min(self.first_on, record.on)
        self.name = self.name or record.name
        self.organisation = self.organisation or record.organisation
        self.category = self.category or category_of(record.category)
        self.zona_id = self.zona_id if self.zona_id is not None else record.zona_id
        self.kinds.add(record.kind)


@dataclass
class GrowthRow:
    """New actors whose first participation falls in one phase (or before the process, or between phases)."""

    label: str
    phase: Phase | None
    is_before: bool = False
    new: int = 0
    cumulative: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    by_zona: Counter[int | None] = field(default_factory=Counter)


@dataclass
class KindCount:
    kind: str
    label: str
    records: int = 0
    actors: int = 0
    anonymous: int = 0


@dataclass
class NetworkReport:
    process: Process
    rows: list[GrowthRow]
    kinds: list[KindCount]
    zones: list[ZonaOmogenea]
    actors: list[Actor]
    by_category: Counter[str]
    by_zona: Counter[int | None]

    @property
    def total(self) -> int:
        return len(self.actors)

    already_there: int = 0

    @property
    def new_during_process(self) -> int:
        return self.total - self.already_there


def _phase_for(phases: list[Phase], day: datetime.date) -> Phase | None:
    """The latest-started running phase, as on the timeline: real phases overlap."""
    running = [phase for phase in phases if phase.is_current_on(day)]
    return max(running, key=lambda phase: (phase.starts_on, phase.order)) if running else None


def network_report(*, process: Process) -> NetworkReport:
    """Every actor known up to the end of the process, when and where they first took part, and what they did.

    Records after the process end are left out: they belong to a later process."""
    phases = list(process.phases.all())
    actors: dict[str, Actor] = {}
    kinds: dict[str, KindCount] = {}
    kind_actors: defaultdict[str, set[str]] = defaultdict(set)
    for source in sources():
        for record in source.participations():
            if record.on > process.ends_on:
                continue
            count = kinds.setdefault(record.kind, KindCount(kind=record.kind, label=str(source.label)))
            key = actor_key(record)
            in_process = record.on >= process.starts_on
            if in_process:
                count.records += 1
            if key is None:
                count.anonymous += int(in_process)
                continue
            if in_process:
                kind_actors[record.kind].add(key)
            if key in actors:
                actors[key].absorb(record)
            else:
                actor = Actor(key=key, first_on=record.on)
                actor.absorb(record)
                actors[key] = actor
    for kind, keys in kind_actors.items():
        kinds[kind].actors = len(keys)

    before = GrowthRow(label=_("Già nella rete prima del processo"), phase=None, is_before=True)
    between = GrowthRow(label=_("Tra una fase e l'altra"), phase=None)
    by_phase = {phase.pk: GrowthRow(label=phase.display_title, phase=phase) for phase in phases}
    for actor in actors.values():
        if actor.first_on < process.starts_on:
            row = before
        else:
            phase = _phase_for(phases, actor.first_on)
            row = by_phase[phase.pk] if phase else between
        row.new += 1
        row.by_category[actor.category] += 1
        row.by_zona[actor.zona_id] += 1
    rows = ([before] if before.new else []) + list(by_phase.values()) + ([between] if between.new else [])
    running = 0
    for row in rows:
        running += row.new
        row.cumulative = running
    ordered_actors = sorted(actors.values(), key=lambda a: (a.first_on, a.name.casefold(), a.key))
    return NetworkReport(
        process=process,
        rows=rows,
        kinds=sorted(kinds.values(), key=lambda k: (-k.records, k.kind)),
        zones=list(ZonaOmogenea.objects.order_by("number")),
        actors=ordered_actors,
        by_category=Counter(actor.category for actor in ordered_actors),
        by_zona=Counter(actor.zona_id for actor in ordered_actors),
        already_there=before.new,
    )


@dataclass
class SourceData:
    key: str
    label: str
    records: list[dict[str, object]]


def my_data_collect(*, email: str) -> list[SourceData]:
    """What every registered source holds about one address (only that address: each source filters)."""
    address = email.strip().lower()
    if not address:
        return []
    return [SourceData(key=s.key, label=str(s.label), records=list(s.export(address))) for s in sources()]
