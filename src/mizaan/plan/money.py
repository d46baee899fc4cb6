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


def split_exact(
    total: Decimal,
    weights: list[float],
    currency: str,
    ceilings: list[Decimal | None] | None = None,
    minimums: list[Decimal | None] | None = None,
) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, each part a whole number of minor units, the parts
    adding up to ``total`` exactly (the largest remainders get the leftover units).

    ``ceilings`` (one per part, ``None`` for none) bound parts that a rule caps, such as the influencer
    share: rounding never lifts a capped part above its ceiling; the unit goes to the next part instead.
    ``minimums`` (one per part, ``None`` for none) are the channels' minimum spends: a part the optimiser put
    at its minimum is never rounded a unit below it; the unit comes from the part with the most above its own.
    """
    u = unit(currency)
    wsum = sum(weights)
    if wsum <= 0:
        raise ValueError("weights must have a positive sum")
    caps = [None if c is None else int((c / u).to_integral_value(rounding=ROUND_DOWN)) for c in ceilings or []]
    caps += [None] * (len(weights) - len(caps))
    total_units = int((total / u).to_integral_value(rounding=ROUND_DOWN))
    exact = [Decimal(str(w / wsum)) * total_units for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    floors = [f if cap is None else min(f, cap) for f, cap in zip(floors, caps, strict=True)]
    lows = [0 if m is None else int((m / u).to_integral_value(rounding=ROUND_DOWN)) for m in minimums or []]
    lows += [0] * (len(weights) - len(lows))
    floors = [max(f, low) if f > 0 else f for f, low in zip(floors, lows, strict=True)]
    deficit = sum(floors) - total_units
    while deficit > 0:  # lifting parts to their minimums took units: from the largest slack
        i = max(range(len(floors)), key=lambda j: floors[j] - lows[j])
        take = min(deficit, floors[i] - lows[i])
        if take <= 0:
            break
        floors[i] -= take
        deficit -= take
    leftover = total_units - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (exact[i] - floors[i], weights[i]), reverse=True)
    open_parts = [i for i in order if caps[i] is None] or order  # all capped: the total still wins
    for i in order:  # one unit each to the largest remainders, skipping parts at their ceiling
        if leftover <= 0:
            break
        ceiling = caps[i]
        if ceiling is None or floors[i] < ceiling:
            floors[i] += 1
            leftover -= 1
    for k in range(max(leftover, 0)):  # units a ceiling turned away go to the parts without one
        floors[open_parts[k % len(open_parts)]] += 1
    parts = [Decimal(f) * u for f in floors]
    # any sub-unit residue of the total itself (a total with more decimals than the currency) goes to
    # the largest part without a ceiling so that nothing is lost
    residue = total - sum(parts)
    if residue:
        big = max(open_parts, key=lambda i: parts[i])
        parts[big] += residue
    return parts
