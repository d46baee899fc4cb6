"""Influencer vetting: metrics with their denominators, authenticity signals and the share of suspicious
followers, audience fit and risks, expected outcome per cost, and a shortlist within the plan's
influencer budget (an exact knapsack over prices).

    from mizaan.influencers import read_inputs, vet
    report = vet(read_inputs("candidates.csv", posts="posts.csv"), profile)
"""

from mizaan.influencers.model import (
    AudienceShare,
    Candidate,
    FollowerAccount,
    HistoryPoint,
    Post,
    VetInput,
)
from mizaan.influencers.read import read_inputs
from mizaan.influencers.result import Metric, Range, VetReport, Vetted
from mizaan.influencers.shortlist import best_subset
from mizaan.influencers.tables import SUFFIXES
from mizaan.influencers.vet import vet

__all__ = [
    "SUFFIXES",
    "AudienceShare",
    "Candidate",
    "FollowerAccount",
    "HistoryPoint",
    "Metric",
    "Post",
    "Range",
    "VetInput",
    "VetReport",
    "Vetted",
    "best_subset",
    "read_inputs",
    "vet",
]
