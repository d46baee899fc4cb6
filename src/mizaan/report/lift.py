"""A lift result for people (terminal text) and tools (JSON)."""

from __future__ import annotations

import json
import math

from mizaan.i18n import DigitStyle, Lang, NumberFormatter, t
from mizaan.lift import LiftResult

FORMATS = ("text", "json")


def _num(nf: NumberFormatter, x: float) -> str:
    return "∞" if math.isinf(x) else nf.num(x, 0 if abs(x) >= 100 else 1)


def lift_text(result: LiftResult, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    nf = NumberFormatter(lang, None, digits)
    cf = result.counterfactual_total

    def rel(x: float) -> str:
        return "—" if not cf or math.isinf(x) else nf.pct(x / cf, 1)

    metric = result.metric or "—"
    verdict = "up" if result.effect_low > 0 else "down" if result.effect_high < 0 else "none"
    lines = [
        t(
            "lift.title",
            lang,
            treated="، ".join(result.treated) if lang == "ar" else ", ".join(result.treated),
            start=nf.date(result.start),
            end=nf.date(result.end),
        ),
        t(
            "lift.method_line",
            lang,
            method=t(f"lift.method.{result.method}", lang),
            reason=t(result.reason, lang, **result.reason_params),
        ),
        t(
            "lift.effect_line",
            lang,
            effect=_num(nf, result.effect),
            low=_num(nf, result.effect_low),
            high=_num(nf, result.effect_high),
        ),
        t(
            "lift.relative_line",
            lang,
            rel=rel(result.effect),
            low=rel(result.effect_low),
            high=rel(result.effect_high),
            actual=_num(nf, cf + result.effect),
            counterfactual=_num(nf, cf),
        ),
        t(
            "lift.periods_line",
            lang,
            pre=nf.count(result.pre_dates, "date"),
            post=nf.count(result.post_dates, "date"),
            p=nf.num(result.p_value, 3),
        ),
        t(f"lift.verdict.{verdict}", lang, metric=metric),
    ]
    if result.after_end:
        lines.append(t("lift.after_end", lang, count=nf.count(result.after_end, "date")))
    sep = "، " if lang == "ar" else ", "
    if result.weights:
        top = sorted(result.weights.items(), key=lambda kv: -kv[1])[:8]
        lines.append(t("lift.weights", lang, weights=sep.join(f"{u} {nf.pct(w)}" for u, w in top)))
    if result.coefficients:
        lines.append(
            t(
                "lift.coefficients",
                lang,
                coefficients=sep.join(f"{u} {nf.num(c, 3)}" for u, c in result.coefficients.items()),
            )
        )
    return "\n".join(lines) + "\n"


def render_lift(result: LiftResult, fmt: str, lang: Lang = "en", digits: DigitStyle | None = None) -> str:
    if fmt == "json":
        data = result.to_json_dict()
        data["method_reason"] = {each: t(result.reason, each, **result.reason_params) for each in ("ar", "en")}
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    if fmt == "text":
        return lift_text(result, lang, digits)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
