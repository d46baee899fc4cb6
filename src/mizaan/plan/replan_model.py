"""The plan JSON's ``replan`` section (docs/plan-json.md): day one beside now, per channel, with what the
fit measured and how sure it is. Present only in a re-plan (``mizaan plan --curves FIT``); money is a decimal
string in the plan's currency **a month**."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_serializer

from mizaan.knowledge import ChannelId, Family


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReplanCurve(_Out):
    """A fitted channel's response a month: spend in the plan's currency, outcome in the target's units,
    the fit's median and interval; ``observed_max_monthly`` is where the data ends."""

    spend_monthly: list[float]
    outcome: list[float]
    outcome_low: list[float]
    outcome_high: list[float]


class ReplanChannel(_Out):
    channel: ChannelId
    name: str
    family: Family
    origin: Literal["fitted", "prior"]
    then_monthly: Decimal
    now_monthly: Decimal
    change_monthly: Decimal
    why: str
    how_sure: str | None = None
    fit: str | None = None  # the fit file
    columns: list[str] = []  # its data columns behind the channel
    target: str | None = None  # revenue, conversions, leads, visits
    roas: float | None = None  # target units per unit of the fit's currency, over the data
    roas_low: float | None = None
    roas_high: float | None = None
    interval: float | None = None
    prior_roas: float | None = None  # what the benchmarks' curve gives at the data's mean spend
    observed_max_monthly: Decimal | None = None
    capped: bool = False
    curve_error: float | None = None  # the planner's curve's largest gap from the fit's median (share)
    spread: float | None = None  # log standard deviation the optimiser weighs the channel with
    curve: ReplanCurve | None = None

    @field_serializer("then_monthly", "now_monthly", "change_monthly")
    def _money(self, v: Decimal) -> str:
        return str(v)

    @field_serializer("observed_max_monthly")
    def _money_or_none(self, v: Decimal | None) -> str | None:
        return None if v is None else str(v)


class ReplanFit(_Out):
    file: str
    sha256: str
    created_at: str
    method: str
    period: str
    currency: str
    target: str
    target_kind: str
    ok: bool
    accepted_failed: bool
    max_rhat: float | None
    divergences: int | None
    min_ess_bulk: float | None
    messages: list[str]
    data_first: str | None
    data_last: str | None
    rows: int
    text: str


class Replan(_Out):
    basis: Literal["prior", "day_one"]  # "then" is the plan on priors today, or a project's first kept plan
    day_one_at: str | None
    currency: str
    then_monthly_budget: Decimal
    now_monthly_budget: Decimal
    money: str  # says that every amount is a month, in the currency
    channels: list[ReplanChannel]
    fits: list[ReplanFit]
    notes: list[str]

    @field_serializer("then_monthly_budget", "now_monthly_budget")
    def _money(self, v: Decimal) -> str:
        return str(v)

    def channel(self, channel: ChannelId) -> ReplanChannel | None:
        return next((c for c in self.channels if c.channel == channel), None)
