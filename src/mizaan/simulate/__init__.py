"""A world with known truth: a year of a business's marketing simulated from its profile and plan, written
as the exports users really have, with the truth that measurement must recover (docs/simulate.md)."""

from mizaan.simulate.geo import GeoWorld, geo_world, write_geo_world
from mizaan.simulate.run import MAX_TOUCHPOINTS, MIN_TOUCHPOINTS, SHOPS, SimulationResult, simulate

__all__ = [
    "MAX_TOUCHPOINTS",
    "MIN_TOUCHPOINTS",
    "SHOPS",
    "GeoWorld",
    "SimulationResult",
    "geo_world",
    "simulate",
    "write_geo_world",
]
