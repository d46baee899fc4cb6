"""Vetting reports for people and tools: a terminal table, Markdown, JSON (the report as it is) and CSV
(one row per influencer, raw figures with their denominators in the column names)."""

from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table

from mizaan.i18n import DigitStyle, NumberFormatter, t
from mizaan.influencers import Metric, VetReport, Vetted
from mizaan.report.safe import csv_writer

FORMATS = ("text", "json", "csv", "md")
METRIC_COLUMNS = (
    "er_followers",
    "er_followers_trimmed",
    "er_views",
    "er_views_trimmed",
    "comments_per_like",
    "views_per_follower",
    "posts_per_week",
    "sponsored_vs_organic",
    "likes_spread",
    "follower_growth_monthly",
)


def render_vetting(report: VetReport, fmt: str, digits: DigitStyle | None = None) -> str:
    if fmt == "json":
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return vetting_csv(report)
    if fmt == "md":
        return vetting_markdown(report, digits)
    if fmt == "text":
        buffer = io.StringIO()
        print_vetting(report, Console(file=buffer, width=160, soft_wrap=False, highlight=False), digits)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _value(m: Metric | None) -> str:
    return "" if m is None or m.value is None else f"{m.value:.6g}"


def vetting_csv(report: VetReport) -> str:
    out = io.StringIO()
    w = csv_writer(out)
    head = [
        "rank", "shortlisted", "eligible", "handle", "platform", "name", "followers", "tier", "price", "currency",
        "price_in_plan_currency", "plan_currency", "posts",
        "er_followers_median (likes+comments)/followers", "er_followers_trimmed_mean",
        "er_views_median (all interactions)/views", "er_views_trimmed_mean",
        "comments_per_like (total comments/total likes)", "views_per_follower (median video views/followers)",
        "posts_per_week", "sponsored_vs_organic (median ER ratio)", "likes_spread (sd/mean)", "follower_growth_monthly",
        "authenticity_score", "verdict", "signals_fired", "fake_share", "fake_share_low", "fake_share_high",
        "fake_sample",
        "audience_fit", "reach_p50", "clicks_p50", "conversions_p10", "conversions_p50", "conversions_p90",
        "cost_per_conversion_p10", "cost_per_conversion_p50", "cost_per_conversion_p90",
        "value_p10", "value_p50", "value_p90", "value_mean", "value_sd", "value_risk_adjusted", "flags", "reasons",
    ]  # fmt: skip
    w.writerow(head)
    for v in report.influencers:
        o = v.outcome
        fs = v.authenticity.fake_share
        cpc = o.cost_per_conversion if o else None
        w.writerow(
            [
                v.rank or "", "yes" if v.shortlisted else "no", "yes" if v.eligible else "no", v.handle, v.platform,
                v.name or "", v.followers, v.tier or "", "" if v.price is None else str(v.price), v.currency or "",
                "" if o is None or o.price is None else str(o.price), report.currency, v.posts,
                *(_value(v.metric(mid)) for mid in METRIC_COLUMNS),
                "" if v.authenticity.score is None else f"{v.authenticity.score:.0f}", v.authenticity.verdict,
                " ".join(s.id for s in v.authenticity.signals if s.fired),
                "" if fs is None else f"{fs.estimate:.4f}", "" if fs is None else f"{fs.low:.4f}",
                "" if fs is None else f"{fs.high:.4f}", "" if fs is None else fs.sample,
                f"{v.fit.value:.4f}", "" if o is None else f"{o.reach.p50:.1f}",
                "" if o is None else f"{o.clicks.p50:.2f}",
                *(("", "", "") if o is None else (f"{x:.4f}" for x in (o.conversions.p10, o.conversions.p50,
                                                                         o.conversions.p90))),
                *(("", "", "") if cpc is None else (f"{cpc.p10:.2f}", f"{cpc.p50:.2f}", f"{cpc.p90:.2f}")),
                *(("",) * 6 if o is None else (f"{x:.4f}" for x in (o.value_range.p10, o.value_range.p50,
                  o.value_range.p90, o.value_mean, o.value_sd, o.risk_adjusted))),
                " | ".join(f.text for f in v.flags), " | ".join(v.reasons),
            ]
        )  # fmt: skip
    return out.getvalue()


class Cells:
    """How one influencer's figures read in a table, in the report's language and digits."""

    def __init__(self, report: VetReport, digits: DigitStyle | None):
        self.r = report
        self.nf = NumberFormatter(report.lang, report.country, digits)

    def money(self, amount: float) -> str:
        return self.nf.money(amount, self.r.currency, whole=True)

    def row(self, v: Vetted) -> list[str]:
        lang = self.r.lang
        er = v.metric("er_followers")
        o = v.outcome
        score = v.authenticity.score
        return [
            self.nf.num(v.rank) if v.rank else "—",
            "✓" if v.shortlisted else "",
            f"@{v.handle}",
            t(f"influencers.platform.{v.platform}", lang),
            t(f"influencers.tier.{v.tier}", lang) if v.tier else "—",
            self.nf.num(v.followers),
            self.money(float(o.price)) if o and o.price is not None else "—",
            self.nf.pct(er.value, 2) if er and er.value is not None else "—",
            self.nf.num(score) if score is not None else "—",
            self.nf.pct(v.fit.value),
            t(
                "fmt.range",
                lang,
                p50=self.nf.num(o.value_range.p50, 2),
                p10=self.nf.num(o.value_range.p10, 2),
                p90=self.nf.num(o.value_range.p90, 2),
            )
            if o
            else "—",
            self.money(o.cost_per_conversion.p50) if o and o.cost_per_conversion else "—",
        ]

    def objective(self) -> str:
        return t("influencers.shortlist.objective", self.r.lang, risk=self.nf.num(self.r.shortlist.risk_aversion, 1))

    def header(self) -> list[str]:
        return [t(f"influencers.col.{c}", self.r.lang) for c in COLUMNS]

    def headline(self) -> str:
        r = self.r
        s = r.shortlist
        tier = t(f"influencers.tier.{r.recommended_tier}", r.lang) if r.recommended_tier else "—"
        return t(
            "influencers.headline",
            r.lang,
            count=self.nf.num(len(s.handles)),
            spent=self.nf.money(s.spent, r.currency, whole=True),
            budget=self.nf.money(s.budget, r.currency, whole=True),
            source=t(f"influencers.budget.{s.budget_source}", r.lang),
            tier=tier,
            candidates=self.nf.count(len(r.influencers), "candidate"),
        )


COLUMNS = ("rank", "short", "handle", "platform", "tier", "followers", "price", "er", "auth", "fit", "conv", "cpc")


def print_vetting(report: VetReport, console: Console, digits: DigitStyle | None = None) -> None:
    cells = Cells(report, digits)
    console.print(cells.headline())
    console.print(cells.objective())
    for note in report.notes:
        console.print(f"! {note}")
    table = Table(show_lines=False)
    for h in cells.header():
        table.add_column(h)
    for v in report.influencers:
        table.add_row(*cells.row(v))
    console.print(table)
    for v in report.influencers:
        if v.shortlisted or not v.eligible:
            mark = "✓" if v.shortlisted else "✗"
            console.print(f"{mark} @{v.handle}: " + t("list.join", report.lang).join(v.reasons[:4]))


def vetting_markdown(report: VetReport, digits: DigitStyle | None = None) -> str:
    cells = Cells(report, digits)
    lines = [f"# {t('influencers.title', report.lang)}", "", cells.headline(), "", cells.objective(), ""]
    lines += [f"> {note}" for note in report.notes]
    lines += ["", "| " + " | ".join(cells.header()) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells.row(v)) + " |" for v in report.influencers]
    lines += ["", f"## {t('influencers.section.why', report.lang)}", ""]
    for v in report.influencers:
        lines.append(f"### @{v.handle}")
        lines += [f"- {reason}" for reason in v.reasons]
        lines += [f"- {f.text}" for f in v.flags if f.severity != "critical"]
        lines.append("")
    return "\n".join(lines)
