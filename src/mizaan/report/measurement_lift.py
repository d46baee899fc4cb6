"""The measurement's table of what each creator added (``measure/creator_lift.py``): each creator's lift
with its interval and what it was measured on, and each tier's total, beside the simulated truth when there
is one. Which method ran and why is one of the measurement's notes."""

from __future__ import annotations

from mizaan.report.table_parts import Table, TableContext


def creator_lift_table(c: TableContext) -> Table | None:
    """The creators' lift, or ``None`` when the measurement estimated none."""
    lift = c.m.creator_lift
    if lift is None or lift.method == "none":
        return None
    f, tr = c.f, c.tr
    table = Table(
        "creator_lift",
        tr("measure.t.creator_lift"),
        [
            tr("measure.col.influencer"),
            tr("measure.col.tier"),
            tr("measure.col.exposure"),
            tr("measure.col.lift"),
            tr("measure.col.lift_interval", level=f.pct(0.95, 0)),
            *c.truth_col,
        ],
        note=tr("measure.n.creator_lift"),
    )
    rows = sorted((i for i in c.m.influencers if i.lift is not None), key=lambda i: (i.channel, -(i.lift or 0.0)))
    for i in rows:
        table.rows.append(
            [
                i.influencer,
                tr(f"value.preferred_influencer_tier.{i.tier}"),
                tr(f"measure.lift.exposure.{i.lift_exposure}") if i.lift_exposure else "—",
                f.conv(i.lift),
                f"{f.conv(i.lift_low)} – {f.conv(i.lift_high)}",
                *([f.conv(i.truth.conversions)] if i.truth else ([""] if c.has_truth else [])),
            ]
        )
    for tier in lift.tiers:
        true = next((ch.truth for ch in c.m.channels if ch.channel == tier.channel), None)
        table.rows.append(
            [
                tr("measure.lift.tier_total"),
                _tier_name(c, tier.channel),
                "",
                f.conv(tier.lift),
                f"{f.conv(tier.lift_low)} – {f.conv(tier.lift_high)}",
                *([f.conv(true.conversions) if true else "—"] if c.has_truth else []),
            ]
        )
    return table


def _tier_name(c: TableContext, channel: str) -> str:
    tier = next((i.tier for i in c.m.influencers if i.channel == channel), None)
    return c.tr(f"value.preferred_influencer_tier.{tier}") if tier else channel
