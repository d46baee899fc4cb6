"""What every table of the measurement report is built from: a channel's label, the numbers' format, the
table itself and the context one measurement's tables share (its language, models and truth column)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from mizaan.i18n import (
    DigitStyle,
    Lang,
    NumberFormatter,
    default_digits,
    has,
    t,
)
from mizaan.knowledge import load_knowledge_base
from mizaan.measure import Measurement
from mizaan.report.attribution import model_label


@lru_cache(maxsize=1)
def _kb_names() -> dict[str, Any]:
    return {c: ch.name for c, ch in load_knowledge_base().channels.items()}


def channel_label(channel: str, lang: Lang) -> str:
    """A channel's name: the knowledge base's for the planner's channels, the catalogue's for the rest."""
    names = _kb_names()
    if channel in names:
        return str(names[channel].get(lang))
    key = f"measure.ch.{channel}"
    return t(key, lang) if has(key) else channel


@dataclass(frozen=True)
class Fmt:
    """Numbers of one measurement in one language and digit style."""

    lang: Lang
    currency: str
    digits: DigitStyle

    @cached_property
    def nf(self) -> NumberFormatter:
        return NumberFormatter(self.lang, None, self.digits, self.currency)

    def num(self, v: float | int | Decimal | None, decimals: int = 0) -> str:
        return "—" if v is None else self.nf.num(v, decimals)

    def conv(self, v: float | None) -> str:
        """Credited conversions: one decimal (they are shares of journeys)."""
        return self.num(v, 1)

    def money(self, v: float | Decimal | None, whole: bool = False) -> str:
        return "—" if v is None else self.nf.money(v, whole=whole)

    def ratio(self, v: float | None) -> str:
        return "—" if v is None else self.nf.value(v, "x")

    def pct(self, v: float | None, decimals: int = 1) -> str:
        return "—" if v is None else self.nf.pct(v, decimals)


@dataclass
class Table:
    """A table as the terminal and the page show it: a title, column labels, and rows (a header cell, then
    the cells); ``note`` is a sentence under it."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    footer: list[str] | None = None
    note: str | None = None


@dataclass(frozen=True)
class TableContext:
    """What every table of one measurement shares: the reader's language and number format, the models
    shown side by side, the truth column (in a simulated world) and the funnel model's name."""

    m: Measurement
    lang: Lang
    f: Fmt
    models: list[str]
    has_truth: bool
    truth_col: list[str]
    fm: str

    @classmethod
    def of(cls, m: Measurement, lang: Lang, digits: DigitStyle | None) -> TableContext:
        has_truth = m.accuracy is not None
        truth_col = [t("measure.col.truth", lang)] if has_truth else []
        f = Fmt(lang, m.currency, digits or default_digits(lang))
        return cls(m, lang, f, m.attribution.model_names(), has_truth, truth_col, model_label(m.funnel_model, lang))

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)
