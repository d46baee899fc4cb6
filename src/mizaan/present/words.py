"""Messages in words: a planning ``Msg`` and its typed parameters as text in one language, with the
locale's numbers and digits."""

from __future__ import annotations

from mizaan.i18n import Lang, NumberFormatter, has, t
from mizaan.knowledge import Figure
from mizaan.plan import (
    Count,
    Factor,
    FieldLabel,
    Join,
    KbText,
    Metric,
    Msg,
    Num,
    Param,
    Pct,
    Plain,
    Signed,
    figure_msg,
)
from mizaan.profile import field_label, value_label


class Words:
    """Messages in one language, numbers in one locale and digit style."""

    def __init__(self, nf: NumberFormatter):
        self.nf = nf
        self.lang: Lang = nf.lang

    def __call__(self, p: Param) -> str:
        """``p`` in words."""
        nf, lang = self.nf, self.lang
        if isinstance(p, Msg):
            return t(p.key, lang, **{k: self(v) for k, v in p.params.items()})
        if isinstance(p, KbText):
            return p.text.get(lang)
        if isinstance(p, Plain):
            return p.text
        if isinstance(p, Num):
            return nf.num(p.value, p.decimals)
        if isinstance(p, Count):
            return nf.count(p.value, p.noun)
        if isinstance(p, Pct):
            return nf.pct(p.value, p.decimals)
        if isinstance(p, Factor):
            return nf.factor(p.value)
        if isinstance(p, Signed):
            return ("+" if p.value >= 0 else "−") + nf.num(abs(p.value), 2)
        if isinstance(p, Join):
            return t("list.join", lang).join(self(part) for part in p.parts)
        if isinstance(p, Metric):
            return t(f"metric.{p.metric}", lang) if has(f"metric.{p.metric}") else p.metric
        if isinstance(p, FieldLabel):
            return field_label(p.field, lang)
        return value_label(p.field, p.value, lang, nf)

    def optional(self, p: Param | None) -> str | None:
        return None if p is None else self(p)


def figure_text(fig: Figure, nf: NumberFormatter) -> str:
    """A benchmark figure with its value, market and source, in ``nf``'s language."""
    return Words(nf)(figure_msg(fig))
