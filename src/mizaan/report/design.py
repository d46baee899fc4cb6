"""A test design for people (terminal text, Arabic or English) and tools (JSON)."""

from __future__ import annotations

import json
import math

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.lift import Design

FORMATS = ("text", "json")


def design_text(design: Design, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    nf = NumberFormatter(lang, None, digits)
    sep = "، " if lang == "ar" else ", "
    metric = design.metric or "—"

    def rel(x: float) -> str:
        return nf.pct(x, 1) if math.isfinite(x) else "—"

    lines = [
        t(
            "design.title",
            lang,
            metric=metric,
            dates=nf.count(design.history_dates, "date"),
            last=design.last_date,
        ),
        t("design.treated_line", lang, treated=sep.join(design.treated)),
        t(
            "design.controls_line",
            lang,
            controls=sep.join(
                f"{u} {nf.pct(w)}" for u, w in sorted(design.controls.items(), key=lambda kv: -kv[1])[:10]
            ),
        ),
        t("design.duration_line", lang, days=nf.count(design.duration, "day")),
    ]
    if design.detectable:
        lines.append(
            t(
                "design.mde_line",
                lang,
                rel=rel(design.mde),
                metric=metric,
                abs=nf.num(design.mde_abs),
                base=nf.num(design.baseline_total),
            )
        )
    else:
        lines.append(t("design.undetectable", lang))
    if design.effect is not None and design.power_at_effect is not None:
        lines.append(t("design.effect_line", lang, effect=rel(design.effect), power=nf.pct(design.power_at_effect)))
        lines.append(t("design.verdict.meets" if design.meets_effect else "design.verdict.fails", lang))
    budget = design.budget
    if budget is not None and design.cost_per_unit is not None:
        lines.append(t("design.budget_line", lang, cost=nf.num(design.cost_per_unit, 2), budget=nf.num(budget)))
    lines.append(
        t(
            "design.by_duration",
            lang,
            items=sep.join(f"{nf.count(d, 'day')}: {rel(m)}" for d, m in sorted(design.mde_by_duration.items())),
        )
    )
    lines.append(t("design.curve", lang, items=sep.join(f"{rel(e)}: {nf.pct(p)}" for e, p in design.power_curve)))
    lines.append(
        t(
            "design.checks",
            lang,
            windows=nf.count(design.windows, "window"),
            alarms=nf.pct(design.false_alarm_rate),
            fit=nf.pct(design.fit_error, 1),
        )
    )
    others = [o for o in design.options if o.treated != design.treated or o.duration != design.duration][:5]
    if others:
        items = sep.join(f"{'+'.join(o.treated)} {nf.count(o.duration, 'day')} {rel(o.mde)}" for o in others)
        lines.append(t("design.options", lang, items=items))
    return "\n".join(lines) + "\n"


def render_design(design: Design, fmt: str, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    if fmt == "json":
        return json.dumps(design.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
    if fmt == "text":
        return design_text(design, lang, digits)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
