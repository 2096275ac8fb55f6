"""Writes on the territory: reference zones and venues, comuni, zone membership."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from trama.core.tabular import Row, RowErrors, TableFormatError, read_table
from trama.territory.models import Comune, Venue, ZonaOmogenea
from trama.territory.reference import VENUES, ZONES

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def territory_load_reference() -> None:
    """Create or update the 11 zones and the six co-planning venues (idempotent)."""
    for number, name, color in ZONES:
        ZonaOmogenea.objects.update_or_create(number=number, defaults={"name": name, "color": color})
    zones = {z.number: z for z in ZonaOmogenea.objects.all()}
    for letter, name, zone_numbers, sua, town in VENUES:
        venue, _created = Venue.objects.update_or_create(
            letter=letter, defaults={"name": name, "sua": sua, "host_town": town}
        )
        venue.zones.set([zones[n] for n in zone_numbers])


@transaction.atomic
def comuni_load_fixture(*, path: Path | None = None) -> int:
    """Create or update the comuni from the shipped ISTAT fixture; zone membership is left alone."""
    path = path or DATA_DIR / "comuni.csv"
    with path.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    existing = {c.istat_code: c for c in Comune.objects.all()}
    to_create: list[Comune] = []
    to_update: list[Comune] = []
    for record in records:
        population = int(record["population"]) if record["population"] else None
        year = int(record["population_year"]) if record.get("population_year") else None
        comune = existing.get(record["istat_code"])
        if comune is None:
            to_create.append(
                Comune(
                    istat_code=record["istat_code"], name=record["name"], population=population, population_year=year
                )
            )
        else:
            comune.name, comune.population, comune.population_year = record["name"], population, year
            to_update.append(comune)
    Comune.objects.bulk_create(to_create)
    Comune.objects.bulk_update(to_update, ["name", "population", "population_year"])
    return len(records)


def normalise_name(name: str) -> str:
    """Compare comune names across sources: no accents, apostrophes, hyphens or case."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", letters).strip()


@dataclass
class MembershipReport:
    assigned: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _pick_column(header: list[str], *needles: str, avoid: tuple[str, ...] = ()) -> str | None:
    for needle in needles:
        for name in header:
            if needle in name and not any(a in name for a in avoid):
                return name
    return None


def _parse_zone(
    value: str, zones_by_name: dict[str, ZonaOmogenea], zones: dict[int, ZonaOmogenea]
) -> ZonaOmogenea | None:
    match = re.search(r"\d+", value)
    if match:
        return zones.get(int(match.group()))
    return zones_by_name.get(normalise_name(value))


def zone_membership_import(*, filename: str, data: bytes, source: str, dry_run: bool = False) -> MembershipReport:
    """Assign comuni to zones from a table (the official "Elenco Comuni per Zona omogenea" or our CSV).

    Accepted columns (case-insensitive, found by name): a zone column (number or
    name: «zona», «zona_numero», «ZO»), and a comune column («comune»,
    «denominazione») and/or an ISTAT code column («istat», «codice»). Every
    line must resolve to one comune and one zone, otherwise nothing is saved
    and the report lists the errors by line. Comuni not in the file keep their
    current zone: a partial list never un-assigns anyone.
    """
    report = MembershipReport()
    try:
        header, rows = read_table(filename, data)
    except TableFormatError as exc:
        report.errors.append(str(exc))
        return report
    zone_col = _pick_column(header, "zona_numero", "numero zona", "zona", "zo", avoid=("nome",)) or _pick_column(
        header, "zona"
    )
    code_col = _pick_column(header, "istat", "codice")
    name_col = _pick_column(header, "comune", "denominazione", avoid=("codice", "istat"))
    if zone_col is None or (code_col is None and name_col is None):
        report.errors.append(
            _("Intestazione non riconosciuta: servono una colonna «zona» e una colonna «comune» o «codice ISTAT».")
        )
        return report

    zones = {z.number: z for z in ZonaOmogenea.objects.all()}
    zones_by_name = {normalise_name(z.name): z for z in zones.values()}
    comuni = list(Comune.objects.all())
    by_code = {c.istat_code: c for c in comuni}
    by_name = {normalise_name(c.name): c for c in comuni}
    errors = RowErrors()
    plan: dict[int, tuple[Comune, ZonaOmogenea, int]] = {}
    for row in rows:
        _resolve_row(row, zone_col, code_col, name_col, zones, zones_by_name, by_code, by_name, errors, plan)
    if errors:
        report.errors = errors.errors
        return report

    with transaction.atomic():
        for comune, zona, _line in plan.values():
            report.assigned += 1
            if comune.zona_id == zona.pk:
                report.unchanged += 1
                continue
            report.changed += 1
            if not dry_run:
                comune.zona = zona
                comune.zona_source = source
                comune.save(update_fields=["zona", "zona_source"])
    return report


def _resolve_row(
    row: Row,
    zone_col: str,
    code_col: str | None,
    name_col: str | None,
    zones: dict[int, ZonaOmogenea],
    zones_by_name: dict[str, ZonaOmogenea],
    by_code: dict[str, Comune],
    by_name: dict[str, Comune],
    errors: RowErrors,
    plan: dict[int, tuple[Comune, ZonaOmogenea, int]],
) -> None:
    zone_value = row.values.get(zone_col, "")
    zona = _parse_zone(zone_value, zones_by_name, zones) if zone_value else None
    if zona is None:
        errors.add(row.line, _("zona «%(value)s» sconosciuta (attese 1–11)") % {"value": zone_value}, zone_col)
    comune: Comune | None = None
    code = row.values.get(code_col, "") if code_col else ""
    if code:
        comune = by_code.get(code.zfill(6))
        if comune is None:
            errors.add(row.line, _("codice ISTAT «%(code)s» non trovato") % {"code": code}, code_col)
            return
    elif name_col:
        name = row.values.get(name_col, "")
        comune = by_name.get(normalise_name(name))
        if comune is None:
            errors.add(row.line, _("comune «%(name)s» non trovato") % {"name": name}, name_col)
            return
    if comune is None or zona is None:
        return
    previous = plan.get(comune.pk)
    if previous and previous[1].pk != zona.pk:
        errors.add(
            row.line,
            _("%(comune)s compare anche alla riga %(other)d con un'altra zona")
            % {"comune": comune.name, "other": previous[2]},
        )
        return
    plan[comune.pk] = (comune, zona, row.line)


def zone_membership_load_shipped() -> MembershipReport:
    """Load the 214 memberships found in public sources (shipped CSV), keeping each row's source."""
    path = DATA_DIR / "zone_omogenee.csv"
    report = MembershipReport()
    with path.open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    by_name = {normalise_name(c.name): c for c in Comune.objects.all()}
    zones = {z.number: z for z in ZonaOmogenea.objects.all()}
    with transaction.atomic():
        for line, record in enumerate(records, start=2):
            comune = by_name.get(normalise_name(record["comune"]))
            if comune is None:
                report.errors.append(
                    _("riga %(line)d: comune «%(name)s» non trovato") % {"line": line, "name": record["comune"]}
                )
                continue
            # An official import done later wins over the public-sources list: never overwrite it.
            if comune.zona_id is not None:
                report.unchanged += 1
                continue
            comune.zona = zones[int(record["zona_numero"])]
            comune.zona_source = record["fonte"]
            comune.save(update_fields=["zona", "zona_source"])
            report.assigned += 1
            report.changed += 1
    return report
