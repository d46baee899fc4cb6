"""Scoring extraction against a labelled corpus: per-field precision and recall.

A labelled brief has ``id``, ``text`` and ``expect`` (dotted profile fields). For each field:
precision = correct values / values extracted, recall = correct values / values labelled. A value
extracted for a field the label leaves empty counts against precision (something was invented).
Cities are compared through the gazetteer (any spelling of the same city is the same city); products by
word overlap (F1 of their folded words at least 0.5, an Arabic article or conjunction ignored).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from mizaan.brief.extract import extract
from mizaan.brief.model import BriefResult
from mizaan.i18n import fold
from mizaan.knowledge import KnowledgeBase

# The goals of the brief-intake issue: 0.9 for these fields, 0.8 for every other one.
STRICT_FIELDS = ("business_type", "budget.amount", "budget.currency", "location.country")
STRICT_GOAL = 0.9
GOAL = 0.8


class LabelledBrief(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    dialect: str
    text: str
    expect: dict[str, Any]


def load_corpus(paths: Iterable[Path]) -> list[LabelledBrief]:
    out: list[LabelledBrief] = []
    for path in paths:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append(LabelledBrief.model_validate(entry))
    ids = [b.id for b in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"brief ids appear twice: {', '.join(dupes)}")
    return out


@dataclass
class FieldScore:
    extracted: int = 0
    labelled: int = 0
    correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.labelled if self.labelled else 1.0

    def goal(self, name: str) -> float:
        return STRICT_GOAL if name in STRICT_FIELDS else GOAL


def _words(text: str) -> list[str]:
    out = []
    for w in fold(text).replace("،", " ").split():
        if len(w) > 3 and w.startswith(("وال", "بال", "لل")):
            w = w[2:] if w.startswith("لل") else w[3:]
        elif len(w) > 3 and w.startswith("ال"):
            w = w[2:]
        elif len(w) > 2 and w[0] == "و":
            w = w[1:]
        if w and w not in ("و", "and", "w", "&", "of"):
            out.append(w)
    return out


def same_product(got: str, expected: str) -> bool:
    a, b = _words(got), _words(expected)
    if not a or not b:
        return False
    common = len(set(a) & set(b))
    if not common:
        return False
    p, r = common / len(set(a)), common / len(set(b))
    return 2 * p * r / (p + r) >= 0.5


def same_value(name: str, got: Any, expected: Any, kb: KnowledgeBase) -> bool:
    if name == "location.city":
        found = kb.find_city(None, str(got))
        return found is not None and found[1].id == expected
    if name == "product":
        return same_product(str(got), str(expected))
    if name == "budget.amount":
        return Decimal(str(got)) == Decimal(str(expected))
    if name == "audience_age":
        return f"{got['min']}-{got['max']}" == str(expected)
    return bool(got == expected)


def _value(result: BriefResult, name: str) -> Any:
    value = result.profile.get(name)
    if hasattr(value, "model_dump"):
        return value.model_dump()
    return value


def score(briefs: list[LabelledBrief], kb: KnowledgeBase, fields: Iterable[str] | None = None) -> dict[str, FieldScore]:
    """Per-field scores of ``extract`` on ``briefs`` (fields: every labelled field, or those given)."""
    names = list(fields) if fields is not None else sorted({k for b in briefs for k in b.expect})
    scores = {n: FieldScore() for n in names}
    for brief in briefs:
        result = extract(brief.text, kb)
        for name in names:
            got, expected = _value(result, name), brief.expect.get(name)
            s = scores[name]
            if got is not None:
                s.extracted += 1
            if expected is not None:
                s.labelled += 1
            if got is not None and expected is not None and same_value(name, got, expected, kb):
                s.correct += 1
            elif got is not None or expected is not None:
                s.errors.append(f"{brief.id}: expected {expected!r}, got {got!r}")
    return scores
