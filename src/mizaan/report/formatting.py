"""One place for how a plan's numbers look: money in the budget's currency, shares, counts and ranges,
for the plan's language, country and digit style (Eastern Arabic or Western digits)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mizaan.i18n import DigitStyle, Lang, format_money, format_number, format_percent, t
from mizaan.plan.model import Plan, Range


@dataclass(frozen=True)
class PlanFormatter:
    lang: Lang
    country: str
    currency: str
    digits: DigitStyle

    @classmethod
    def for_plan(cls, plan: Plan, digits: DigitStyle | None = None) -> PlanFormatter:
        country = str(plan.profile["location"]["country"])
        return cls(plan.lang, country, plan.currency, digits or plan.digits)

    def money(self, amount: Decimal | float, whole: bool = False) -> str:
        return format_money(amount, self.currency, self.lang, self.country, self.digits, whole=whole)

    def pct(self, share: float, decimals: int = 0) -> str:
        return format_percent(share, self.lang, self.country, self.digits, decimals=decimals)

    def num(self, value: float | int, decimals: int = 0) -> str:
        return format_number(value, self.lang, self.country, self.digits, decimals=decimals)

    def value(self, value: float, unit: str) -> str:
        """A KPI or forecast value in its unit."""
        if unit == "x":
            return self.num(value, 2) + "×"
        if unit == "ratio":
            return self.pct(value, 2 if value < 0.1 else 1)
        if unit == self.currency:
            return self.money(value, whole=value >= 100)
        return self.num(value)

    def range(self, r: Range | None, unit: str) -> str:
        if r is None:
            return "—"
        return t(
            "fmt.range",
            self.lang,
            p50=self.value(r.p50, unit),
            p10=self.value(r.p10, unit),
            p90=self.value(r.p90, unit),
        )

    def summary(self, plan: Plan) -> str:
        """One line: business type, goal, budget and period, horizon."""
        p = plan.profile
        return t(
            "report.summary",
            self.lang,
            business=t(f"value.business_type.{p['business_type']}", self.lang),
            goal=t(f"value.goal.{p['goal']}", self.lang),
            budget=self.money(plan.budget),
            period=t(f"value.budget.period.{plan.period}", self.lang),
            months=self.num(plan.horizon_months),
        )

    def influencer_headline(self, plan: Plan) -> str:
        """The influencer decision in one sentence."""
        inf = plan.influencer
        if not (inf.recommended and inf.tier):
            return t("report.influencer.no", self.lang)
        return t(
            "report.influencer.yes",
            self.lang,
            tier=t(f"value.preferred_influencer_tier.{inf.tier}", self.lang),
            count=self.num(inf.count),
            each=self.money(inf.budget_each or 0),
            monthly=self.money(inf.monthly_budget),
        )

    def weeks(self, start: int, end: int) -> str:
        if start == end:
            return t("fmt.week", self.lang, n=self.num(start))
        return t("fmt.weeks", self.lang, start=self.num(start), end=self.num(end))
