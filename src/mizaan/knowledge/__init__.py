"""The knowledge base: channels, influencer tiers, benchmark figures, rules, places and currencies, as
versioned data files validated on load. Knows nothing of profiles or data."""

from mizaan.knowledge.base import SEED_RULE_IDS, KnowledgeBase
from mizaan.knowledge.loader import FILES, builtin_path, load_knowledge_base
from mizaan.knowledge.schema import (
    CHANNEL_IDS,
    FAMILIES,
    STAGES,
    TIER_IDS,
    Channel,
    ChannelId,
    Family,
    Figure,
    Rule,
    Stage,
    Text,
    TierId,
)

__all__ = [
    "CHANNEL_IDS",
    "FAMILIES",
    "FILES",
    "SEED_RULE_IDS",
    "STAGES",
    "TIER_IDS",
    "Channel",
    "ChannelId",
    "Family",
    "Figure",
    "KnowledgeBase",
    "Rule",
    "Stage",
    "Text",
    "TierId",
    "builtin_path",
    "load_knowledge_base",
]
