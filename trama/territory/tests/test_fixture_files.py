"""The committed territory fixture (comuni.csv, comuni.geojson) is complete and consistent.

These tests read the shipped files only: no database, no geo libraries.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

EXPECTED_COUNT = 312
EXPECTED_TOTAL_POPULATION = 2_198_237
TORINO_CODE = "001272"
TORINO_POPULATION = 841_600
POPULATION_YEAR = 2023
PIEDMONT_LON = (6.5, 8.5)
PIEDMONT_LAT = (44.5, 46.0)


@cache
def csv_rows() -> tuple[dict[str, str], ...]:
    with (DATA_DIR / "comuni.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def geojson() -> dict[str, Any]:
    return json.loads((DATA_DIR / "comuni.geojson").read_text(encoding="utf-8"))


def feature_codes() -> list[str]:
    return [feature["properties"]["istat_code"] for feature in geojson()["features"]]


def positions(coordinates: Any) -> list[tuple[float, float]]:
    """Flatten the nested coordinate arrays of a Polygon or MultiPolygon into (lon, lat) pairs."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [(coordinates[0], coordinates[1])]
    return [point for item in coordinates for point in positions(item)]


def test_csv_has_the_expected_header():
    with (DATA_DIR / "comuni.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip() == "istat_code,name,population,population_year"


def test_csv_lists_the_312_comuni_of_the_metropolitan_city():
    assert len(csv_rows()) == EXPECTED_COUNT


def test_every_code_has_six_digits_starting_with_001_and_is_unique():
    codes = [row["istat_code"] for row in csv_rows()]
    assert all(len(code) == 6 and code.isdigit() and code.startswith("001") for code in codes)
    assert len(set(codes)) == len(codes)


def test_rows_are_sorted_by_code():
    codes = [row["istat_code"] for row in csv_rows()]
    assert codes == sorted(codes)


def test_every_comune_has_a_name_and_a_positive_population_of_the_same_year():
    for row in csv_rows():
        assert row["name"] and row["name"] == row["name"].strip()
        assert int(row["population"]) > 0
        assert int(row["population_year"]) == POPULATION_YEAR


def test_torino_has_841600_inhabitants_in_2023():
    torino = next(row for row in csv_rows() if row["istat_code"] == TORINO_CODE)
    assert torino["name"] == "Torino"
    assert int(torino["population"]) == TORINO_POPULATION


def test_total_population_is_2198237():
    assert sum(int(row["population"]) for row in csv_rows()) == EXPECTED_TOTAL_POPULATION


def test_names_use_the_official_istat_spelling():
    names = {row["istat_code"]: row["name"] for row in csv_rows()}
    assert names["001001"] == "Agliè"
    assert names["001199"] == "Pont Canavese"


def test_geojson_is_a_feature_collection_with_only_code_and_name_properties():
    collection = geojson()
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"istat_code", "name"}


def test_every_csv_code_has_exactly_one_feature_and_vice_versa():
    counts = Counter(feature_codes())
    assert all(count == 1 for count in counts.values())
    assert set(counts) == {row["istat_code"] for row in csv_rows()}


def test_feature_names_match_the_csv():
    names = {row["istat_code"]: row["name"] for row in csv_rows()}
    for feature in geojson()["features"]:
        assert feature["properties"]["name"] == names[feature["properties"]["istat_code"]]


def test_every_geometry_is_a_polygon_inside_the_piedmont_bounding_box():
    for feature in geojson()["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon"), feature["properties"]
        points = positions(geometry["coordinates"])
        assert len(points) >= 4, feature["properties"]
        for lon, lat in points:
            assert PIEDMONT_LON[0] <= lon <= PIEDMONT_LON[1], feature["properties"]
            assert PIEDMONT_LAT[0] <= lat <= PIEDMONT_LAT[1], feature["properties"]


def test_every_ring_is_closed():
    for feature in geojson()["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert ring[0] == ring[-1], feature["properties"]


def test_geojson_stays_small():
    assert (DATA_DIR / "comuni.geojson").stat().st_size < 1_000_000
