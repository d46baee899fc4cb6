"""mizaan (ميزان): weigh e-marketing against influencer marketing for a business, plan its budget,
and explain every number with the rules and figures behind it.

The library works without the CLI or the web app::

    from mizaan import load_knowledge_base, load_profile, make_plan
    kb = load_knowledge_base()
    profile = load_profile("examples/perfume-store-riyadh.yaml")
    plan = make_plan(profile, kb, seed=7)
    print(plan.family_share)
"""

from mizaan.errors import (
    InputError,
    KnowledgeBaseError,
    MizaanError,
    PlanningError,
    ProfileError,
)
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.plan import Plan, make_plan
from mizaan.profile import Profile, load_profile, parse_profile

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "MizaanError",
    "Plan",
    "PlanningError",
    "Profile",
    "ProfileError",
    "__version__",
    "load_knowledge_base",
    "load_profile",
    "make_plan",
    "parse_profile",
]
