"""The signed postback: any system that knows of an order (a custom checkout, a CRM, a call centre) reports
it to ``/hooks/postback/{workspace}`` as JSON, signed with the workspace's postback secret.

Every field is validated (``Postback``); a number may be written with Eastern Arabic digits; unknown
fields are refused rather than ignored, so a misspelt field never silently drops a value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from mizaan.errors import Problem
from mizaan.i18n import has, to_western_digits
from mizaan.track.orders.events import MAX_TEXT, OrderEvent, PayloadError, Utm, codes, load_json

Ident = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:#/-]+$")]
Tag = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=r"^[^\x00-\x1f]+$")]
KIND = {"conversion": "order", "refund": "refund", "cancel": "cancel"}


class Postback(BaseModel):
    """One postback. ``event``: ``conversion`` (an order placed or paid; ``amount`` its total),
    ``refund`` (``amount`` refunded; omitted: the whole order), ``cancel``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event: Literal["conversion", "refund", "cancel"]
    event_id: Ident = Field(description="Your ID of this event; sending it again changes nothing.")
    order_id: Ident
    at: AwareDatetime = Field(description="When the order was placed (or refunded), with its zone.")
    amount: Annotated[Decimal, Field(ge=0, max_digits=36, decimal_places=12)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    customer: Tag | None = None
    click_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{22}$")] | None = None
    promo_code: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")] | None = None
    utm_source: Tag | None = None
    utm_medium: Tag | None = None
    utm_campaign: Tag | None = None
    utm_content: Tag | None = None

    @field_validator("amount", "order_id", "event_id", mode="before")
    @classmethod
    def _digits(cls, value: object) -> object:
        return to_western_digits(value).strip() if isinstance(value, str) else value

    def event_for(self) -> OrderEvent:
        if self.event == "conversion" and self.amount is None:
            raise PayloadError([Problem("track.hook.missing", {}, field="amount")], "postback")
        if self.amount is not None and self.currency is None:
            raise PayloadError([Problem("track.hook.missing", {}, field="currency")], "postback")
        return OrderEvent(
            source="postback",
            topic=self.event,
            kind=KIND[self.event],  # type: ignore[arg-type]
            event_key=self.event_id,
            order_id=self.order_id,
            order_ref=self.order_id,
            at=self.at.astimezone(dt.UTC),
            amount=self.amount,
            currency=self.currency,
            customer=self.customer,
            click_id=self.click_id,
            utm=Utm(self.utm_source, self.utm_medium, self.utm_campaign, self.utm_content),
            promo_codes=codes([self.promo_code]),
        )


def postback(body: bytes) -> OrderEvent:
    data = load_json(body, "postback")
    try:
        return Postback.model_validate(data).event_for()
    except ValidationError as exc:
        problems = [
            Problem(_key(e["type"]), {}, field=".".join(str(p) for p in e["loc"]) or "body") for e in exc.errors()
        ]
        raise PayloadError(problems, "postback") from None


def _key(kind: str) -> str:
    """The catalogue's sentence for a kind of validation error (pydantic's own texts are English only)."""
    key = f"track.hook.v.{kind}"
    return key if has(key) else "track.hook.invalid"
