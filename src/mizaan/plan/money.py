"""Money in the budget's currency: exact decimals, rounded to the currency's minor unit so that the
lines always add up to the budget (largest-remainder rounding)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from babel.numbers import get_currency_precision


def unit(currency: str) -> Decimal:
    """The currency's minor unit (0.01 SAR, 0.001 KWD), from CLDR's currency data."""
    return Decimal(1).scaleb(-int(get_currency_precision(currency)))


def floor_to_unit(value: float | Decimal, currency: str) -> Decimal:
    return Decimal(str(value)).quantize(unit(currency), rounding=ROUND_DOWN)


def round_half(value: float | Decimal, currency: str) -> Decimal:
    return Decimal(str(value)).quantize(unit(currency))


def split_exact(total: Decimal, weights: list[float], currency: str) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, each part a whole number of minor units, the parts
    adding up to ``total`` exactly (the largest remainders get the leftover units)."""
    u = unit(currency)
    wsum = sum(weights)
    if wsum <= 0:
        raise ValueError("weights must have a positive sum")
    total_units = int((total / u).to_integral_value(rounding=ROUND_DOWN))
    exact = [Decimal(str(w / wsum)) * total_units for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    leftover = total_units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - floors[i], weights[i]), reverse=True)
    for i in order[:leftover]:
        floors[i] += 1
    parts = [Decimal(f) * u for f in floors]
    # any sub-unit residue of the total itself (a total with more decimals than the currency) goes to
    # the largest part so that nothing is lost
    residue = total - sum(parts)
    if residue:
        big = max(range(len(parts)), key=lambda i: parts[i])
        parts[big] += residue
    return parts
