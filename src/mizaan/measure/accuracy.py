"""How far each attribution model is from the truth of a simulated world.

Models share out *all* conversions among the channels that touched them; the truth splits them into each
channel's incremental conversions plus a baseline that no channel caused (sales that would have happened
anyway, arriving direct, from organic search, referrals...). To compare like with like, the channels of the
``baseline`` family (direct, referral, organic social, other) are put together in one row, ``baseline``,
whose truth is the world's baseline sales. Every other channel's truth is its true incremental conversions
(0 for a channel the world did not fund).

``misplaced_share`` is the share of all conversions a model puts in the wrong row: ``Σ |credit − truth| / 2``
over the rows, divided by the total (0 is perfect, 1 is everything misplaced).
"""

from __future__ import annotations

from mizaan.ingest import Taxonomy
from mizaan.measure.result import AttributionReport
from mizaan.measure.summary import ModelAccuracy
from mizaan.measure.truth import Truth

BASELINE = "baseline"


def truth_rows(truth: Truth, taxonomy: Taxonomy) -> dict[str, float]:
    """Row -> true conversions: each non-baseline channel's incremental conversions, and ``baseline``."""
    rows = {BASELINE: truth.baseline.conversions}
    for ch, c in truth.channels.items():
        key = BASELINE if taxonomy.family.get(ch, "baseline") == "baseline" else ch
        rows[key] = rows.get(key, 0.0) + c.true_incremental_conversions
    return rows


def accuracy(report: AttributionReport, truth: Truth, taxonomy: Taxonomy) -> list[ModelAccuracy]:
    """Each model's credit per row beside the truth, with its overall error."""
    true = truth_rows(truth, taxonomy)
    total = sum(true.values())
    out = []
    for result in report.results:
        credit: dict[str, float] = {}
        for ch, c in result.channels.items():
            key = BASELINE if taxonomy.family.get(ch, "baseline") == "baseline" else ch
            credit[key] = credit.get(key, 0.0) + c.conversions
        keys = sorted(set(true) | set(credit))
        rows = {k: (credit.get(k, 0.0), true.get(k, 0.0)) for k in keys}
        errors = [abs(c - t) for c, t in rows.values()]
        out.append(
            ModelAccuracy(
                model=result.model,
                misplaced_share=sum(errors) / 2 / total if total else 0.0,
                mean_absolute_error=sum(errors) / len(errors) if errors else 0.0,
                rows=rows,
            )
        )
    return out
