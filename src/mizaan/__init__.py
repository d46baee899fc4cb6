"""mizaan (ميزان): weigh e-marketing against influencer marketing for a business, plan its budget,
and explain every number with the rules and figures behind it.

The library works without the CLI or the web app::

    from mizaan import load_knowledge_base, load_profile, make_plan
    kb = load_knowledge_base()
    profile = load_profile("examples/perfume-store-riyadh.yaml")
    plan = make_plan(profile, kb, seed=7)
    print(plan.family_share)

or plan once, in no language, and show the plan in each::

    from mizaan.plan import plan
    from mizaan import present
    result = plan(profile, kb, seed=7)
    arabic, english = present(result, "ar"), present(result, "en")
"""

from mizaan.errors import (
    InputError,
    KnowledgeBaseError,
    MizaanError,
    PlanningError,
    ProfileError,
)
from mizaan.knowledge import KnowledgeBase, load_knowledge_base
from mizaan.plan import Plan, PlanResult
from mizaan.present import make_plan, present
from mizaan.profile import Profile, load_profile, parse_profile
from mizaan.version import __version__

__all__ = [
    "InputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "MizaanError",
    "Plan",
    "PlanResult",
    "PlanningError",
    "Profile",
    "ProfileError",
    "__version__",
    "load_knowledge_base",
    "load_profile",
    "make_plan",
    "parse_profile",
    "present",
]
