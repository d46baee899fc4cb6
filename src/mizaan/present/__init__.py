"""The plan in words: ``present`` turns the planning core's ``PlanResult`` (texts as message keys and
typed parameters) into the documented plan JSON model, ``Plan``, in Arabic or English with the user's
digits; ``make_plan`` plans and presents in one call. ``Words`` says any single message."""

from mizaan.present.plan_json import make_plan, present
from mizaan.present.replan import present_replan
from mizaan.present.words import Words, figure_text

__all__ = ["Words", "figure_text", "make_plan", "present", "present_replan"]
