"""The channel taxonomy: UTM source / medium / campaign, ad platforms, campaign types and promo codes onto
our channel IDs and families.

The rules live in ``data/taxonomy.yaml`` (an agency can edit a copy); this module loads them and applies
them. Classification is a pure function of its inputs, cached, so importers classify each distinct
(source, medium, campaign ...) combination once however many rows share it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mizaan.errors import InputError
from mizaan.i18n import fold
from mizaan.knowledge import TierId, load_knowledge_base
from mizaan.validation import Document, problems_from_validation, read_document

# A channel of the taxonomy: the planner's channels (the knowledge base's registry) and the ones only a
# measurement needs (taxonomy.yaml lists both; CANONICAL_CHANNELS is the built-in list).
CanonicalChannel = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
ChannelFamily = Literal["e_marketing", "influencer", "baseline"]
# What the classification rules give when they match (taxonomy.yaml's ``gives`` names the channel of each).
Outcome = Literal["retargeting", "paid_search", "paid_social", "email", "content", "organic_search"]


class _TierChannels(Mapping[TierId, CanonicalChannel]):
    """Each influencer tier's channel, from the knowledge base's tiers (read when first asked)."""

    def _map(self) -> dict[TierId, CanonicalChannel]:
        return {t.id: t.channel for t in load_knowledge_base().tiers.values()}

    def __getitem__(self, tier: TierId) -> CanonicalChannel:
        return self._map()[tier]

    def __iter__(self) -> Iterator[TierId]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


TIER_CHANNEL: Mapping[TierId, CanonicalChannel] = _TierChannels()


class PromoCode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    channel: CanonicalChannel


class TaxonomyFile(BaseModel):
    """``taxonomy.yaml`` as typed data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    channels: dict[CanonicalChannel, ChannelFamily]
    sources: dict[Literal["search", "social", "email"], list[str]]
    media: dict[
        Literal["influencer", "retargeting", "paid", "organic", "email", "content", "social", "referral", "none"],
        list[str],
    ]
    campaign_words: dict[Literal["retargeting", "influencer"], list[str]]
    gives: dict[Outcome, CanonicalChannel]
    tier_words: dict[TierId, list[str]]
    platforms: dict[str, CanonicalChannel]
    google_campaign_types: dict[str, CanonicalChannel]
    promo_codes: list[PromoCode] = []


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(str(w)) for w in words)


class Taxonomy:
    """The loaded taxonomy. ``influencers`` maps folded handles to tiers and ``codes`` folded promo codes
    to channels; both grow with what the store already knows (the influencer deals sheet)."""

    def __init__(self, data: TaxonomyFile, file: str | None = None) -> None:
        self.data = data
        self.file = file
        self.family: dict[str, ChannelFamily] = {str(k): v for k, v in data.channels.items()}
        self._src: dict[str, frozenset[str]] = {k: _folded(v) for k, v in data.sources.items()}
        self._med: dict[str, frozenset[str]] = {k: _folded(v) for k, v in data.media.items()}
        self._camp: dict[str, frozenset[str]] = {k: _folded(v) for k, v in data.campaign_words.items()}
        self._tiers = {k: _folded(v) for k, v in data.tier_words.items()}
        self._platforms = {fold(k): v for k, v in data.platforms.items()}
        self._gtypes = {fold(k): v for k, v in data.google_campaign_types.items()}
        self.codes: dict[str, CanonicalChannel] = {fold(p.code): p.channel for p in data.promo_codes}
        self.influencers: dict[str, TierId] = {}

    # --- what the store knows --------------------------------------------------------------------

    def learn_influencer(self, handle: str, tier: TierId, promo_code: str | None) -> None:
        """Remember an influencer from the deals sheet: their handle and code now classify touches."""
        key = fold(handle).lstrip("@")
        self.influencers[key] = tier
        if promo_code:
            self.codes[fold(promo_code)] = TIER_CHANNEL[tier]
        self.classify.cache_clear()

    # --- pieces ----------------------------------------------------------------------------------

    def source_kind(self, source: str) -> str | None:
        s = fold(source)
        if s.startswith("www."):
            s = s[4:]
        for kind, names in self._src.items():
            if s in names:
                return kind
        parts = s.split(".")
        for i in range(1, len(parts) - 1):
            suffix = ".".join(parts[i:])
            for kind, names in self._src.items():
                if suffix in names:
                    return kind
        return None

    def medium_is(self, medium: str, kind: str) -> bool:
        return fold(medium) in self._med[kind]

    def tier_in(self, *texts: str | None) -> TierId | None:
        """A tier named by a word in any of ``texts`` (``micro-2025-03``, ``مايكرو``), else a known handle."""
        for text in texts:
            if not text:
                continue
            words = set(fold(text).replace("_", " ").replace("-", " ").replace("/", " ").split())
            for tier, names in self._tiers.items():
                if words & names:
                    return tier
            for word in words | {fold(text)}:
                tier_known = self.influencers.get(word.lstrip("@"))
                if tier_known:
                    return tier_known
        return None

    def _words_hit(self, kind: str, *texts: str | None) -> bool:
        for text in texts:
            if text:
                f = fold(text)
                if any(w in f for w in self._camp[kind]):
                    return True
        return False

    def influencer_channel(self, *texts: str | None) -> CanonicalChannel:
        tier = self.tier_in(*texts)
        return TIER_CHANNEL[tier] if tier else "influencer_untiered"

    # --- the rules -------------------------------------------------------------------------------

    @lru_cache(maxsize=65536)  # noqa: B019 - one taxonomy lives for one import; the cache is the point
    def classify(
        self,
        source: str | None,
        medium: str | None,
        campaign: str | None = None,
        content: str | None = None,
        promo_code: str | None = None,
        click_id: bool = False,
    ) -> CanonicalChannel:
        """The channel of a touch or an order, first matching rule wins (docs/ingest.md lists them)."""
        if promo_code and fold(promo_code) in self.codes:
            return self.codes[fold(promo_code)]
        src = (source or "").strip()
        med = (medium or "").strip()
        if self.medium_is(med, "influencer") or fold(src).lstrip("@") in self.influencers:
            return self.influencer_channel(campaign, content, src)
        if self._words_hit("influencer", campaign) and not self.medium_is(med, "paid"):
            return self.influencer_channel(campaign, content, src)
        kind = self.source_kind(src) if src else None
        paid = self.medium_is(med, "paid")
        if self.medium_is(med, "retargeting") or (paid and self._words_hit("retargeting", campaign)):
            return self.data.gives["retargeting"]
        if click_id or (paid and kind == "search"):
            return self.data.gives["paid_search"]
        if paid:
            return self.data.gives["paid_social"]
        if kind == "email" or self.medium_is(med, "email"):
            return self.data.gives["email"]
        if self.medium_is(med, "content"):
            return self.data.gives["content"]
        if kind == "search" or self.medium_is(med, "organic"):
            return self.data.gives["organic_search"]
        if kind == "social" or self.medium_is(med, "social"):
            return "organic_social"
        if fold(src) in ("(direct)", "direct", "") and self.medium_is(med, "none"):
            return "direct"
        if self.medium_is(med, "referral") or "." in src:
            return "referral"
        return "other"

    def classify_spend(
        self, platform: str, campaign: str, campaign_type: str | None = None, ad_group: str | None = None
    ) -> CanonicalChannel:
        """The channel of an ad platform's spend row: retargeting or influencer words in the campaign or
        ad set first, then the Google Ads campaign type, then the platform's default."""
        if self._words_hit("retargeting", campaign, ad_group):
            return self.data.gives["retargeting"]
        if self._words_hit("influencer", campaign, ad_group):
            return self.influencer_channel(campaign, ad_group)
        if campaign_type:
            found = self._gtypes.get(fold(campaign_type))
            if found:
                return found
        return self._platforms.get(fold(platform), "other")


def builtin_taxonomy_path() -> Path:
    return Path(str(resources.files("mizaan.ingest").joinpath("data", "taxonomy.yaml")))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Load and check a taxonomy file (the built-in one by default). Problems raise ``InputError`` with
    their row, column and field."""
    p = Path(path) if path is not None else builtin_taxonomy_path()
    doc = read_document(p)
    try:
        data = TaxonomyFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, doc), file=str(p)) from None
    _check(data, doc)
    return Taxonomy(data, str(p))


def _check(data: TaxonomyFile, doc: Document) -> None:
    from mizaan.errors import Problem

    kb = load_knowledge_base()
    missing = [c for c in (*kb.channel_ids, *_MEASUREMENT_ONLY) if c not in data.channels]
    if missing:
        raise InputError(
            [Problem("ingest.taxonomy_missing", {"ids": ", ".join(missing)}, file=doc.file, field="channels")],
            file=doc.file,
        )
    named = [*data.gives.values(), *data.platforms.values(), *data.google_campaign_types.values()]
    unknown = sorted({c for c in named if c not in data.channels})
    if unknown:
        raise InputError(
            [Problem("ingest.taxonomy_missing", {"ids": ", ".join(unknown)}, file=doc.file, field="channels")],
            file=doc.file,
        )
    wrong = [c for c in kb.channel_ids if data.channels[c] != kb.channels[c].family]
    if wrong:
        raise InputError(
            [Problem("ingest.taxonomy_family", {"ids": ", ".join(wrong)}, file=doc.file, field="channels")],
            file=doc.file,
        )


# The channels only a measurement needs; the classification rules give them by name.
_MEASUREMENT_ONLY = ("influencer_untiered", "direct", "referral", "organic_social", "other")


def _builtin_channels() -> tuple[CanonicalChannel, ...]:
    doc = read_document(builtin_taxonomy_path())
    channels = doc.data.get("channels", {}) if isinstance(doc.data, dict) else {}
    return tuple(str(c) for c in channels)


CANONICAL_CHANNELS: tuple[CanonicalChannel, ...] = _builtin_channels()


def tier_for_followers(followers: int) -> TierId | None:
    """The tier whose follower range holds ``followers`` (tiers.yaml); None below the smallest tier."""
    kb = load_knowledge_base()
    for tier in kb.tiers.values():
        top = tier.followers_max
        if followers >= tier.followers_min and (top is None or followers < top):
            return tier.id
    return None
