"""The business profile: what the planner needs to know about a business, typed and validated.

Field names are fixed (other tools write them). Required: ``business_type``, ``goal``, ``budget``
(``amount``, ``currency``) and ``location.country``; everything else has a default that the plan lists
as an assumption (rule Q6). Numbers may be written with Eastern Arabic or Persian digits (``٢٠٠٠٠``),
booleans as ``true``/``false``, ``yes``/``no`` or ``نعم``/``لا``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, model_validator
from pydantic_core import PydanticCustomError

from mizaan.i18n.arabic import fold
from mizaan.i18n.digits import to_western_digits

BusinessType = Literal["ecommerce", "services", "local", "b2b"]
Goal = Literal["sales", "leads", "awareness"]
Speed = Literal["fast", "balanced", "sustainable"]
BusinessStage = Literal["idea", "launch", "growth", "established"]
Period = Literal["month", "quarter", "year", "campaign"]
Complexity = Literal["simple", "moderate", "complex"]
DecisionSpeed = Literal["quick", "considered"]
Scope = Literal["local", "national", "international"]
RiskTolerance = Literal["low", "medium", "high"]
TierPreference = Literal["nano", "micro", "macro", "mega"]
Lang = Literal["ar", "en"]

PERIOD_MONTHS: dict[str, float] = {"month": 1.0, "quarter": 3.0, "year": 12.0}

_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_TRUE = {"true", "yes", "y", "1", "نعم", "ايوه", "ايوا", "اي", "صح", "موجود", "يوجد"}
_FALSE = {"false", "no", "n", "0", "لا", "لأ", "مافي", "غير موجود", "لا يوجد"}


def _number(value: Any) -> Any:
    """Numbers as given, or text with Western, Eastern Arabic or Persian digits and optional thousands
    separators (``20,000``, ``٢٠٬٠٠٠``). Anything ambiguous is refused rather than guessed."""
    if isinstance(value, bool):
        raise PydanticCustomError("mz.p.number", "not a number", {"value": str(value)})
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        text = to_western_digits(value).strip().replace("\u00a0", "").replace(" ", "")
        if _GROUPED.match(text):
            text = text.replace(",", "")
        if _PLAIN.match(text):
            return Decimal(text)
        raise PydanticCustomError("mz.p.number", "not a number", {"value": value})
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        key = fold(value)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise PydanticCustomError("mz.p.bool", "not yes/no", {"value": value})
    return value


def _age_range(value: Any) -> Any:
    """``18-34``, ``١٨–٣٤`` or ``{min: 18, max: 34}``."""
    if isinstance(value, str):
        parts = re.split(r"\s*[-–—~]\s*|\s+(?:to|الى|إلى)\s+", to_western_digits(value).strip())
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            return {"min": int(parts[0]), "max": int(parts[1])}
        raise PydanticCustomError("mz.p.age_range", "not an age range", {"value": value})
    return value


Number = Annotated[Decimal, BeforeValidator(_number)]
WholeNumber = Annotated[int, BeforeValidator(_number)]
Bool = Annotated[bool, BeforeValidator(_boolean)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Budget(_Strict):
    amount: Annotated[Number, Field(gt=0)]
    currency: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")]
    period: Period = "month"

    @model_validator(mode="after")
    def _upper(self) -> Budget:
        object.__setattr__(self, "currency", self.currency.upper())
        return self


class Location(_Strict):
    country: Annotated[str, Field(min_length=2, max_length=60)]
    city: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    scope: Scope = "national"


class AgeRange(_Strict):
    min: Annotated[WholeNumber, Field(ge=13, le=100)]
    max: Annotated[WholeNumber, Field(ge=13, le=100)]

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min > self.max:
            raise PydanticCustomError("mz.p.age_order", "min above max", {"min": self.min, "max": self.max})
        return self


class Profile(_Strict):
    """A business as the planner sees it. Construct with ``parse_profile`` or ``load_profile`` to get the
    knowledge-base checks (known currency and country, sensible budget) as well."""

    business_type: BusinessType
    goal: Goal
    budget: Budget
    location: Location
    speed: Speed = "balanced"
    stage: BusinessStage = "growth"
    horizon_months: Annotated[WholeNumber, Field(ge=1, le=60)] = 6
    product_complexity: Complexity = "moderate"
    decision_speed: DecisionSpeed | None = None
    audience_relies_on_recommendations: Bool | None = None
    has_landing_page: Bool | None = None
    has_clear_offer: Bool | None = None
    has_tracking: Bool | None = None
    audience_age: Annotated[AgeRange | None, BeforeValidator(_age_range)] = None
    brand_risk_tolerance: RiskTolerance = "medium"
    notes: Annotated[str, Field(max_length=5000)] = ""
    # --- beyond the required fields ---
    language: Lang | None = None
    business_name: Annotated[str, Field(max_length=80)] | None = None
    product: Annotated[str, Field(max_length=200)] | None = None
    website: HttpUrl | None = None
    average_order_value: Annotated[Number, Field(gt=0)] | None = None
    must_prove_results: Bool | None = None
    influencers_because_trend: Bool | None = None
    choose_influencers_by_followers: Bool | None = None
    preferred_influencer_tier: TierPreference | None = None

    # --- derived ------------------------------------------------------------------------------------

    @property
    def months_per_period(self) -> float:
        """How many months the budget amount covers."""
        if self.budget.period == "campaign":
            return float(self.horizon_months)
        return PERIOD_MONTHS[self.budget.period]

    @property
    def monthly_budget(self) -> Decimal:
        """The budget per month, in the budget's currency."""
        return self.budget.amount / Decimal(str(self.months_per_period))

    @property
    def lang(self) -> Lang:
        """The profile's language: ``language`` when given, else the script of its texts, else Arabic."""
        if self.language:
            return self.language
        text = " ".join(filter(None, [self.notes, self.product, self.business_name]))
        arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
        latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
        return "en" if latin > arabic else "ar"

    def defaults_used(self) -> list[str]:
        """Fields the profile did not give, whose default the planner used (dotted paths)."""
        out = [
            name
            for name in type(self).model_fields
            if name not in self.model_fields_set and name not in _NOT_ASSUMPTIONS
        ]
        if "period" not in self.budget.model_fields_set:
            out.append("budget.period")
        if "scope" not in self.location.model_fields_set:
            out.append("location.scope")
        return out


# Fields whose absence changes nothing in a plan, so they are not listed as assumptions.
_NOT_ASSUMPTIONS = {"notes", "language", "business_name", "product", "website"}
