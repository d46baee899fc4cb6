"""What attribution produces, as typed values: credit per channel for one model, and all models side by
side for one set of paths (the JSON that ``mizaan attribute --format json`` prints)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ChannelCredit(BaseModel):
    """One channel's credit under one model.

    ``conversions`` and ``value`` are the shares of the total conversions and total value that the model
    gives the channel (they add up to the totals over channels). Markov models also give the channel's
    removal effects: the share of conversions (and of value) that would be lost without it.
    """

    model_config = ConfigDict(frozen=True)

    conversions: float
    value: float | None = None
    removal_effect: float | None = None
    value_removal_effect: float | None = None


class ModelResult(BaseModel):
    """One model's credit, keyed by channel, with the settings it ran with and what else it computed."""

    model_config = ConfigDict(frozen=True)

    model: str
    params: dict[str, Any] = Field(default_factory=dict)
    channels: dict[str, ChannelCredit]
    diagnostics: dict[str, Any] = Field(default_factory=dict)


class InputSummary(BaseModel):
    """What the models were given."""

    model_config = ConfigDict(frozen=True)

    source: str | None = None
    paths: int
    touches: int
    channels: list[str]
    total_conversions: float
    total_value: float | None
    total_null: float
    longest_path: int
    has_times: bool


class Skipped(BaseModel):
    """A model that could not run on this input, and why (in both languages)."""

    model_config = ConfigDict(frozen=True)

    reason_key: str
    reason: dict[str, str]


class AttributionReport(BaseModel):
    """Every model's credit on the same paths, side by side."""

    model_config = ConfigDict(frozen=True)

    input: InputSummary
    results: list[ModelResult]
    skipped: dict[str, Skipped] = Field(default_factory=dict)

    def model_names(self) -> list[str]:
        return [r.model for r in self.results]

    def result(self, model: str) -> ModelResult:
        for r in self.results:
            if r.model == model:
                return r
        raise KeyError(model)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON shape: ``models`` holds one object per model keyed by channel; ``settings`` and
        ``diagnostics`` say how each model ran; ``skipped`` says which models could not run and why."""
        return {
            "input": self.input.model_dump(),
            "models": {
                r.model: {ch: c.model_dump(exclude_none=True) for ch, c in r.channels.items()} for r in self.results
            },
            "settings": {r.model: r.params for r in self.results},
            "diagnostics": {r.model: r.diagnostics for r in self.results if r.diagnostics},
            "skipped": {k: v.model_dump() for k, v in self.skipped.items()},
        }
