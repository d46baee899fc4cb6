"""Currency conversion, only when asked and only with an explicit rate table.

The store keeps every amount in the currency it was exported in. To compare or add amounts in different
currencies, give a ``RateTable`` (a YAML file: ``target: SAR`` and ``rates: {USD: 3.75, AED: 1.0211}``,
each the target units one unit of that currency is worth); a currency without a rate is an error that
names it, never a silent skip.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mizaan.errors import InputError, Problem
from mizaan.ingest.store import Engine
from mizaan.validation import problems_from_validation, read_document

Code = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class RateTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    target: Code
    rates: dict[Code, Annotated[Decimal, Field(gt=0)]]
    as_of: str | None = None
    source: str | None = None

    def rate(self, currency: str) -> Decimal:
        if currency == self.target:
            return Decimal(1)
        if currency not in self.rates:
            raise InputError([Problem("ingest.currency.no_rate", {"currency": currency, "target": self.target})])
        return self.rates[currency]


def load_rates(path: str | Path) -> RateTable:
    doc = read_document(path)
    try:
        return RateTable.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, doc), file=str(path)) from None


def spend_in(engine: Engine, rates: RateTable) -> dict[str, Decimal]:
    """Spend per channel (ad platforms and influencer posts) in ``rates.target``."""
    from mizaan.ingest.queries import SPEND_TOTALS

    out: dict[str, Decimal] = {}
    missing = set()
    for r in engine.query(SPEND_TOTALS).to_pylist():
        try:
            out[r["channel"]] = out.get(r["channel"], Decimal(0)) + Decimal(r["cost"]) * rates.rate(r["currency"])
        except InputError:
            missing.add(r["currency"])
    if missing:
        raise InputError(
            [Problem("ingest.currency.no_rate", {"currency": c, "target": rates.target}) for c in sorted(missing)]
        )
    return out
