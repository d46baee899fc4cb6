"""The loaded knowledge base and its lookups (figures with market fallback, places, currencies)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from mizaan.i18n import fold
from mizaan.knowledge.registry import (
    COST_MODEL_KINDS,
    BlueprintRole,
    Channel,
    ChannelRole,
    CostModelKind,
)
from mizaan.knowledge.schema import (
    ChannelId,
    City,
    Country,
    Currency,
    Figure,
    Group,
    Objective,
    Region,
    Rule,
    Tier,
    TierId,
)

# The IDs of the project's seed-rule catalogue; the loader refuses a knowledge base that lacks one.
SEED_RULE_IDS: tuple[str, ...] = (
    "D1", "D2", "D3",
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9",
    "F1", "F2", "F3",
    "E1", "E2", "E3", "E4",
    "T1", "T2", "T3", "T4",
    "S1", "S2", "S3", "X1", "X2", "X3",
    "B1", "B2", "B3", "B4",
    "M1", "M2", "M3",
    "I1", "I2", "I3",
    "A1", "A2", "A3", "A4", "A5", "A6",
    "Q1", "Q2", "Q3", "Q4", "Q5", "Q6",
    "K1", "K2", "K3", "K4", "K5",
)  # fmt: skip

# Where a country's figures fall back to after its own: its region's markets, then global. Only "gcc" and
# "mena" hold figures of their own today; the other regions name where a country sits, for when they do.
REGION_CHAIN: dict[Region, tuple[str, ...]] = {
    "gcc": ("gcc", "mena", "global"),
    "levant": ("mena", "global"),
    "egypt": ("mena", "global"),
    "maghreb": ("mena", "global"),
    "peninsula": ("mena", "global"),  # the Arabian Peninsula outside the GCC (Yemen)
    "east_africa": ("mena", "global"),  # Arab League members on the Horn and the Indian Ocean
    "other": ("global",),
}
# Every market a benchmark figure may name besides a country code.
MARKETS: frozenset[str] = frozenset(m for chain in REGION_CHAIN.values() for m in chain)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the planner knows before it sees data: channels, tiers, figures, rules, places."""

    channels: dict[ChannelId, Channel]
    tiers: dict[TierId, Tier]
    figures: dict[str, Figure]
    rules: dict[str, Rule]
    groups: dict[str, Group]
    countries: dict[str, Country]
    currencies: dict[str, Currency]
    objective: Objective
    version: str
    source: Path
    disabled_rules: frozenset[str] = field(default_factory=frozenset)

    # --- the channel registry -----------------------------------------------------------------------

    @property
    def channel_ids(self) -> tuple[ChannelId, ...]:
        """Every channel, in the registry's order (the order of plans, problems and outputs)."""
        return tuple(self.channels)

    def channels_with(self, role: ChannelRole) -> tuple[ChannelId, ...]:
        """The channels that play ``role`` ("paid", "owned_media"), in registry order."""
        return tuple(c for c, ch in self.channels.items() if role in ch.roles)

    def channels_in_step(self, step: BlueprintRole) -> tuple[ChannelId, ...]:
        """The channels that take part in a blueprint step, in registry order."""
        return tuple(c for c, ch in self.channels.items() if step in ch.blueprint)

    def channels_by_kind(self) -> list[ChannelId]:
        """Every channel grouped by cost-model kind in ``COST_MODEL_KINDS`` order (registry order within a
        kind): the order the economics draws their figures in."""
        order = {k: i for i, k in enumerate(COST_MODEL_KINDS)}
        return sorted(self.channels, key=lambda c: order[self.channels[c].economics.kind])

    def channels_of_kind(self, kind: CostModelKind) -> tuple[ChannelId, ...]:
        return tuple(c for c, ch in self.channels.items() if ch.economics.kind == kind)

    def retargeting_channel(self) -> ChannelId:
        """The channel that retargets the other channels' visitors (the loader checks there is one)."""
        return self.channels_of_kind("retargeting_pool")[0]

    def retargeting_index(self) -> int:
        return self.channel_ids.index(self.retargeting_channel())

    # --- rules --------------------------------------------------------------------------------------

    def active_rules(self) -> list[Rule]:
        """Rules in file order, without those switched off with ``without_rules``."""
        return [r for r in self.rules.values() if r.id not in self.disabled_rules]

    def rule_active(self, rule_id: str) -> bool:
        return rule_id in self.rules and rule_id not in self.disabled_rules

    def without_rules(self, *rule_ids: str) -> KnowledgeBase:
        """A copy with some rules switched off (to see what a rule changes, or to argue with it)."""
        unknown = [r for r in rule_ids if r not in self.rules]
        if unknown:
            raise KeyError(f"unknown rule IDs: {', '.join(unknown)}")
        return replace(self, disabled_rules=self.disabled_rules | frozenset(rule_ids))

    # --- figures ------------------------------------------------------------------------------------

    def markets_for(self, country: str | None) -> tuple[str, ...]:
        """The markets to look in, most specific first: the country, its region(s), then global."""
        if country is None or country not in self.countries:
            return ("global",)
        region = self.countries[country].region
        return (country, *REGION_CHAIN[region])

    def figure(self, subject: str, metric: str, country: str | None = None) -> Figure:
        """The most specific figure for ``subject.metric`` in ``country``'s market."""
        for market in self.markets_for(country):
            fig = self.figures.get(f"{subject}.{metric}.{market}")
            if fig is not None:
                return fig
        raise KeyError(f"no figure {subject}.{metric} for any of {self.markets_for(country)}")

    def has_figure(self, subject: str, metric: str) -> bool:
        return (subject, metric) in self._figure_names

    @cached_property
    def _figure_names(self) -> frozenset[tuple[str, str]]:
        return frozenset((f.subject, f.metric) for f in self.figures.values())

    def business_metric(self, subject: str, metric: str, business_type: str | None) -> str:
        """``metric`` for a business type: ``<metric>_<type>`` where the knowledge base has a figure of that
        name (search clicks cost what they cost in the business's kind of industry), else ``metric``."""
        if business_type is not None and self.has_figure(subject, f"{metric}_{business_type}"):
            return f"{metric}_{business_type}"
        return metric

    # --- money --------------------------------------------------------------------------------------

    def per_usd(self, currency: str) -> float:
        return self.currencies[currency].per_usd

    # --- places -------------------------------------------------------------------------------------

    def find_country(self, name: str) -> Country | None:
        """A country by ISO code or by any of its names and spellings."""
        if name.upper() in self.countries:
            return self.countries[name.upper()]
        key = fold(name)
        for country in self.countries.values():
            names = [country.name.ar, country.name.en, *country.aliases]
            if any(fold(n) == key for n in names):
                return country
        return None

    def find_city(self, country: str | None, name: str) -> tuple[Country, City] | None:
        """A city by ID or any of its names, in ``country`` when given, else anywhere."""
        key = fold(name)
        candidates = [self.countries[country]] if country in self.countries else list(self.countries.values())
        for c in candidates:
            for city in c.cities:
                names = [city.id, city.name.ar, city.name.en, *city.aliases]
                if any(fold(n) == key for n in names):
                    return c, city
        return None
