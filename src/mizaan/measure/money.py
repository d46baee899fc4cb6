"""Money in a measurement: amounts into the report's currency (as stored when there is one currency, with
an explicit rate table when there are several), and the ratios a funnel shows (CPA, ROAS)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa

from mizaan.errors import InputError, Problem
from mizaan.ingest import RateTable
from mizaan.measure import queries as q
from mizaan.measure.engines import QueryEngine

NO_CURRENCY = "XXX"  # ISO 4217: no currency (an empty store)


def as_int(v: Any) -> int:
    return 0 if v is None else int(v)


def ratios(spend: Decimal, conversions: float, value: float | None) -> tuple[float | None, float | None]:
    """(CPA, ROAS): spend per conversion and value per unit of spend; ``None`` where undefined."""
    s = float(spend)
    cpa = s / conversions if s > 0 and conversions > 0 else None
    roas = (value or 0.0) / s if s > 0 and value is not None else None
    return cpa, roas


class Money:
    """Amounts into the report's currency: as stored when there is one currency, else with the rate table."""

    def __init__(self, engine: QueryEngine, window: q.Window, rates: RateTable | None, fallback: str | None) -> None:
        found = sorted({str(r["currency"]) for r in engine.query(q.currencies_sql(window)).to_pylist()})
        if rates is not None:
            missing = [c for c in found if c != rates.target and c not in rates.rates]
            if missing:
                raise InputError(
                    [Problem("ingest.currency.no_rate", {"currency": c, "target": rates.target}) for c in missing]
                )
            self.currency = rates.target
            self.rates = {c: rates.rate(c) for c in found}
        elif len(found) > 1:
            raise InputError([Problem("measure.several_currencies", {"currencies": ", ".join(found)})])
        else:
            self.currency = found[0] if found else (fallback or NO_CURRENCY)
            self.rates = {c: Decimal(1) for c in found}
        engine.register(
            q.RATES_TABLE,
            pa.table(
                {
                    "currency": pa.array(list(self.rates), pa.string()),
                    "rate": pa.array([float(r) for r in self.rates.values()], pa.float64()),
                }
            ),
        )

    def __call__(self, amount: Any, currency: Any) -> Decimal:
        if amount is None:
            return Decimal(0)
        return trim(Decimal(amount) * self.rates.get(str(currency), Decimal(1)))


def trim(v: Decimal) -> Decimal:
    """``1234.500000000000`` as ``1234.50``: trailing zeros beyond the cents dropped (nothing is rounded)."""
    q = v.quantize(Decimal("0.01"))
    return q if q == v else v.normalize()
