"""The plan's allocation as CSV (one row per channel, stage shares and the rules behind each line), for
spreadsheets."""

from __future__ import annotations

import csv
from io import StringIO

from mizaan.plan.model import Plan


def plan_csv(plan: Plan) -> str:
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "channel",
            "name",
            "family",
            "currency",
            "amount",
            "monthly_amount",
            "min_amount",
            "share",
            "awareness",
            "consideration",
            "conversion",
            "rules",
            "reasons",
        ]
    )
    for line in plan.allocation:
        rules = " ".join(dict.fromkeys(r.rule for r in line.reasons if r.rule))
        writer.writerow(
            [
                line.channel,
                line.name,
                line.family,
                plan.currency,
                str(line.amount),
                str(line.monthly_amount),
                str(line.min_amount),
                f"{line.share:.6f}",
                f"{line.stages['awareness']:.6f}",
                f"{line.stages['consideration']:.6f}",
                f"{line.stages['conversion']:.6f}",
                rules,
                " | ".join(r.text for r in line.reasons),
            ]
        )
    return out.getvalue()
