"""Map projections on the sphere: Lambert conformal conic, and Mercator near the equator.

One radius and one set of projection formulas serve the game's map views
(`game.mapdata`) and the tool that builds the world asset (`tools/build_map.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

EARTH_RADIUS_KM = 6371.0
MAX_LAT = 85.0  # conic and Mercator projections run to infinity at the poles


def wrap_longitude(lon: np.ndarray | float) -> Any:
    """Longitude differences into -180..180; +180 stays +180, so a country that Natural
    Earth cut at the antimeridian keeps its edge on its own side of the cut."""
    lon = np.asarray(lon, dtype=np.float64)
    wrapped = (lon + 180.0) % 360.0 - 180.0
    return np.where((wrapped == -180.0) & (lon > 0), 180.0, wrapped)


@dataclass(frozen=True)
class Projection:
    """Spherical Lambert conformal conic (Snyder 1987, ch. 15), or Mercator when n = 0.

    Mercator is the conic's limit for standard parallels on either side of the equator, so
    a view of the tropics gets it and every other view keeps the conic's shapes.
    """

    lon0: float
    lat0: float
    lat1: float
    lat2: float
    radius_km: float = EARTH_RADIUS_KM
    kind: str = "lambert_conformal_conic"

    def constants(self) -> tuple[float, float, float]:
        """Return (n, R*F, rho0) after Snyder (1987), eq. 15-1 to 15-3."""
        phi1, phi2, phi0 = (math.radians(v) for v in (self.lat1, self.lat2, self.lat0))

        def t(phi: float) -> float:
            return math.tan(math.pi / 4 + phi / 2)

        if math.isclose(phi1, phi2):
            n = math.sin(phi1)
        else:
            n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
        rf = self.radius_km * math.cos(phi1) * t(phi1) ** n / n
        return n, rf, rf / t(phi0) ** n

    def many(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Project arrays of degrees to km (y north)."""
        lat = np.clip(np.asarray(lat, dtype=np.float64), -MAX_LAT, MAX_LAT)
        dlon = np.radians(wrap_longitude(np.asarray(lon, dtype=np.float64) - self.lon0))
        if self.kind == "mercator":
            k = self.radius_km * math.cos(math.radians((self.lat1 + self.lat2) / 2))
            y = np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))
            y0 = math.log(math.tan(math.pi / 4 + math.radians(self.lat0) / 2))
            return k * dlon, k * (y - y0)
        n, rf, rho0 = self.constants()
        rho = rf / np.tan(np.pi / 4 + np.radians(lat) / 2) ** n
        theta = n * dlon
        return rho * np.sin(theta), rho0 - rho * np.cos(theta)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """Project degrees to km (y north); capitals and labels use this to find the map."""
        x, y = self.many(np.array([lon]), np.array([lat]))
        return float(x[0]), float(y[0])


PROJECTIONS = ("lambert_conformal_conic", "mercator")


def default_projection(box: tuple[float, float, float, float]) -> Projection:
    """A conic centred on the box with standard parallels at 1/6 and 5/6 of its height; a
    Mercator when those parallels lie on both sides of the equator (or close to it)."""
    west, south, east, north = box
    lat1, lat2 = south + (north - south) / 6, north - (north - south) / 6
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    if lat1 * lat2 <= 0 or min(abs(lat1), abs(lat2)) < 8:
        return Projection(lon0, lat0, lat1, lat2, kind="mercator")
    return Projection(lon0, lat0, lat1, lat2)
