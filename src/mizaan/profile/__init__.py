"""The business profile: the planner's typed input, read from YAML/JSON or built from a brief."""

from mizaan.profile.load import load_profile, parse_profile
from mizaan.profile.model import AgeRange, Budget, Location, Profile

__all__ = ["AgeRange", "Budget", "Location", "Profile", "load_profile", "parse_profile"]
