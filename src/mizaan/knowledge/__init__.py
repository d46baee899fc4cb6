"""The knowledge base: channels, influencer tiers, benchmark figures, rules, places and currencies, as
versioned data files validated on load. Knows nothing of profiles or data."""

from mizaan.knowledge.base import SEED_RULE_IDS, KnowledgeBase
from mizaan.knowledge.loader import FILES, builtin_path, load_knowledge_base
from mizaan.knowledge.registry import (
    COST_MODEL_KINDS,
    BlueprintRole,
    Channel,
    ChannelRole,
    CostModel,
    CostModelKind,
)
from mizaan.knowledge.schema import (
    FAMILIES,
    STAGES,
    TIER_IDS,
    ChannelId,
    Family,
    Figure,
    Rule,
    Stage,
    Text,
    TierId,
)

__all__ = [
    "COST_MODEL_KINDS",
    "FAMILIES",
    "FILES",
    "SEED_RULE_IDS",
    "STAGES",
    "TIER_IDS",
    "BlueprintRole",
    "Channel",
    "ChannelId",
    "ChannelRole",
    "CostModel",
    "CostModelKind",
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
