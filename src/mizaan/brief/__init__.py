"""Brief intake: a project summary written freely, in Arabic (any dialect) or English or both, turned
into the planner's profile honestly: each field with the words it came from and a confidence, the fields
the brief does not give, and the marked defaults that would fill them.

    >>> from mizaan.brief import extract
    >>> result = extract("متجر عطور أونلاين في الرياض، ميزانيتنا 20 ألف ريال شهريا")
    >>> result.profile.budget.amount, result.profile.location.country
    (Decimal('20000'), 'SA')
    >>> profile = result.to_profile()   # BriefIncompleteError names what is still needed
"""

from mizaan.brief.complete import ASKED, NEEDS_USER
from mizaan.brief.errors import BriefIncompleteError, BriefInputError
from mizaan.brief.extract import extract
from mizaan.brief.model import BriefResult, Evidence, Signal, Span
from mizaan.brief.partial import BriefAssumption, PartialProfile, partial_model
from mizaan.brief.questions import AnswerError, Question, apply_answers, open_questions, parse_answer
from mizaan.brief.source import MAX_CHARS, BriefSource, read_source

__all__ = [
    "ASKED",
    "MAX_CHARS",
    "NEEDS_USER",
    "AnswerError",
    "BriefAssumption",
    "BriefIncompleteError",
    "BriefInputError",
    "BriefResult",
    "BriefSource",
    "Evidence",
    "PartialProfile",
    "Question",
    "Signal",
    "Span",
    "apply_answers",
    "extract",
    "open_questions",
    "parse_answer",
    "partial_model",
    "read_source",
]
