"""Server-side SVG map of the comuni boundaries: no tile server, no JavaScript, works offline."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from trama.territory.services import DATA_DIR

Ring = list[list[float]]

MAP_WIDTH = 800.0


@dataclass(frozen=True)
class ComuneShape:
    istat_code: str
    name: str
    path: str  # SVG path data in map coordinates


@dataclass(frozen=True)
class MapGeometry:
    width: float
    height: float
    shapes: tuple[ComuneShape, ...]


def _rings(geometry: dict[str, Any]) -> list[Ring]:
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        return list(coordinates)
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


@lru_cache(maxsize=2)
def load_map(path: Path = DATA_DIR / "comuni.geojson") -> MapGeometry:
    """Project lon/lat to a flat map (equirectangular, scaled by cos(mean latitude)) once per process."""
    if not path.exists():
        return MapGeometry(MAP_WIDTH, 0, ())
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    all_rings = [(f, _rings(f["geometry"])) for f in features]
    lons = [p[0] for _f, rings in all_rings for ring in rings for p in ring]
    lats = [p[1] for _f, rings in all_rings for ring in rings for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = MAP_WIDTH / ((max_lon - min_lon) * x_scale)
    height = (max_lat - min_lat) * scale

    def point(lon: float, lat: float) -> str:
        return f"{(lon - min_lon) * x_scale * scale:.1f},{(max_lat - lat) * scale:.1f}"

    shapes = []
    for feature, rings in all_rings:
        data = " ".join("M" + " L".join(point(lon, lat) for lon, lat, *_rest in ring) + " Z" for ring in rings)
        props = feature["properties"]
        shapes.append(ComuneShape(props["istat_code"], props["name"], data))
    return MapGeometry(MAP_WIDTH, round(height, 1), tuple(shapes))
