"""Arabic as an Arabic reader expects it, English without "(s)": counted nouns agree with their number
(CLDR plural categories by Babel), Arabic sentences carry no Latin words but names, IDs and defined
abbreviations, and fields left unknown are never listed as assumed values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from mizaan.i18n import (
    LANGS,
    Lang,
    NumberFormatter,
    catalogue_keys,
    forms,
    is_plural,
    placeholders,
    plural_category,
    t,
    to_western_digits,
)
from mizaan.knowledge import load_knowledge_base
from mizaan.plan import Count, Msg, Pct, Plan
from mizaan.present import Words, make_plan
from mizaan.profile import load_profile
from mizaan.report import plan_document
from mizaan.report.document import Bullets

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = (0, 1, 2, 3, 11, 100, 101)
NOUNS = sorted(k.removeprefix("count.") for k in catalogue_keys() if k.startswith("count."))
PLURAL_MESSAGES = sorted(k for k in catalogue_keys() if is_plural(k) and not k.startswith("count."))

# The Arabic form every counted noun takes, by category: the singular after 0 and 100+, the noun with
# واحد/واحدة agreeing in gender for 1, the dual (oblique case) for 2, the plural for 3-10, the accusative
# singular for 11-99 (a feminine noun in -ة shows no tanween: "١١ قناة").
EXPECTED_AR = {
    "month": {0: "0 شهر", 1: "شهر واحد", 2: "شهرين", 3: "3 أشهر", 11: "11 شهرًا", 100: "100 شهر", 101: "101 شهر"},
    "week": {1: "أسبوع واحد", 2: "أسبوعين", 3: "3 أسابيع", 11: "11 أسبوعًا", 100: "100 أسبوع", 101: "101 أسبوع"},
    "day": {1: "يوم واحد", 2: "يومين", 3: "3 أيام", 11: "11 يومًا", 100: "100 يوم", 101: "101 يوم"},
    "post": {1: "منشور واحد", 2: "منشورين", 3: "3 منشورات", 11: "11 منشورًا", 100: "100 منشور"},
    "creator": {1: "مؤثر واحد", 3: "3 مؤثرين", 11: "11 مؤثرًا", 100: "100 مؤثر"},
    "tier": {1: "فئة واحدة", 2: "فئتين", 3: "3 فئات", 11: "11 فئة", 100: "100 فئة"},
    "channel": {1: "قناة واحدة", 2: "قناتين", 3: "3 قنوات", 11: "11 قناة", 101: "101 قناة"},
}
# FEMININE: their "one" form ends in واحدة
FEMININE = {"tier", "channel", "rule", "sample", "problem", "touch", "journey", "window", "click"}

# Latin words an Arabic text may carry: names (products, brands, engines, formats, a keyboard key), codes
# (countries, currencies) and the abbreviations the glossary keeps. Rule IDs (C5, M3, GA4's like) match
# RULE_ID; what a user types (commands, options, column names, values) is written as code, in backticks.
ALLOWED_LATIN = {
    # names of products, brands and tools the reader will see on screen under these names
    "Google", "Analytics", "Search", "Console", "GA4", "Chromium", "DuckDB", "Excel", "Spark", "Java",
    "Parquet", "Windows-1256", "Enter",
    # codes: ISO countries and currencies, as the profile takes them
    "SA", "AE", "EG", "SAR", "USD",
    # abbreviations kept in Arabic by the glossary or the trade: file formats, text encodings, UTM tags, B2B
    "UTM", "UTF-8", "JSON", "YAML", "CSV", "XLSX", "PDF", "SEO", "B2B",
}  # fmt: skip
RULE_ID = re.compile(r"^[A-Z]\d+$")
IGNORED = re.compile(r"\{\w+\}|`[^`]*`|https?://\S+|[\w/.-]+\.(?:md|yaml|json|csv)\b")


def _latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_-]*", IGNORED.sub(" ", text)))


def test_arabic_texts_carry_no_latin_words_but_names_codes_and_abbreviations() -> None:
    found = {
        f"{key}: {word}"
        for key in catalogue_keys()
        for text in forms(key, "ar").values()
        for word in _latin_words(text)
        if word not in ALLOWED_LATIN and not RULE_ID.match(word)
    }
    assert not found, sorted(found)


def test_the_scan_sees_latin_words_and_spares_code_and_placeholders() -> None:
    assert _latin_words("ادفع {count} عبر ROAS و`mizaan plan` في docs/plan-json.md") == {"ROAS"}


@pytest.mark.parametrize("noun", NOUNS)
@pytest.mark.parametrize("n", NUMBERS)
def test_every_counted_noun_agrees_with_its_number(noun: str, n: int) -> None:
    ar, en = NumberFormatter("ar", digits="latn").count(n, noun), NumberFormatter("en").count(n, noun)
    for text in (ar, en):
        assert "{" not in text and "(s)" not in text and text.strip() == text
    category = plural_category(n, "ar")
    assert (str(n) in ar) == (category not in ("one", "two")), ar  # 1 and 2 are said by the noun alone
    if category == "one":
        assert ar.endswith("واحدة" if noun in FEMININE else "واحد"), ar
    if category == "many" and noun not in FEMININE:
        assert ar.endswith("ًا"), ar  # 11-99: accusative singular
    assert en.startswith(f"{n} ")
    irregular = {"touch": ("touch", "touches"), "person": ("person", "people")}
    if noun in irregular:
        assert en == f"{n} {irregular[noun][0 if n == 1 else 1]}", en
    else:
        assert en.endswith("s") != (n == 1), en
    expected = EXPECTED_AR.get(noun, {}).get(n)
    if expected is not None:
        assert ar == expected


def test_the_plural_categories_are_babels() -> None:
    got = {n: plural_category(n, "ar") for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000)}
    assert got == {
        0: "zero", 1: "one", 2: "two", 3: "few", 10: "few", 11: "many", 99: "many",
        100: "other", 101: "other", 102: "other", 103: "few", 111: "many", 1000: "other",
    }  # fmt: skip
    assert [plural_category(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]


@given(st.integers(min_value=0, max_value=10**7))
def test_a_count_takes_the_form_of_its_category_in_any_digits(n: int) -> None:
    for lang in LANGS:
        category = str(Locale(lang).plural_form(n))
        template = forms("count.month", lang).get(category, forms("count.month", lang)["other"])
        for digits in ("latn", "arab"):
            nf = NumberFormatter(lang, digits=digits)
            assert nf.count(n, "month") == template.format(count=nf.num(n))
    if n >= 100:  # Arabic: from 100 up, the last two digits decide
        assert plural_category(n, "ar") == plural_category(100 + n % 100, "ar")


@pytest.mark.parametrize("key", PLURAL_MESSAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_that_counts_reads_right_for_each_number(key: str, lang: Lang) -> None:
    params = {name: "X" for name in placeholders(key, lang)}
    seen = set()
    for n in NUMBERS:
        text = t(key, lang, **{**params, "count": n})
        assert "{" not in text and "(s)" not in text, text
        seen.add(text)
        if lang == "en" and "problem" in text:
            assert ("problems" in text) == (n != 1), text
    assert len(seen) > 1  # the form follows the number


def test_a_plural_message_without_its_count_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        t("count.month", "en")


@pytest.mark.parametrize(
    ("months", "ar", "en"),
    [
        (1, "خلال شهر واحد", "within 1 month"),
        (2, "خلال شهرين", "within 2 months"),
        (3, "خلال ٣ أشهر", "within 3 months"),
        (12, "خلال ١٢ شهرًا", "within 12 months"),
        (101, "خلال ١٠١ شهر", "within 101 months"),
    ],
)
def test_a_plan_sentence_says_its_months_in_agreement(months: int, ar: str, en: str) -> None:
    m = Msg("reason.speed", {"realised": Pct(0.9), "months": Count(months, "month")})
    assert Words(NumberFormatter("ar", digits="arab"))(m).endswith(ar)
    assert Words(NumberFormatter("en"))(m).endswith(en)


@pytest.fixture(scope="module")
def cafe_plans() -> dict[Lang, Plan]:
    kb = load_knowledge_base()
    profile = load_profile(ROOT / "examples" / "cafe-jeddah-local.yaml", kb)
    return {lang: make_plan(profile, kb, lang=lang) for lang in LANGS}


def test_fields_left_unknown_are_open_questions_not_assumed_values(cafe_plans: dict[Lang, Plan]) -> None:
    for lang, plan in cafe_plans.items():
        assumptions = plan.assumptions
        unknown = [a for a in assumptions if a.unknown]
        assert unknown, "the cafe example leaves fields unknown"
        assert all(a.value is None for a in unknown)
        assert all(not a.unknown for a in assumptions if a.value is not None)
        assert len({a.field for a in unknown}) == len(unknown)  # each once
        for a in assumptions:
            assert not a.text.endswith(t("value.unknown", lang)), a.text  # never "the plan assumed: unknown"
        said = "فلا تعتمد الخطة عليه" if lang == "ar" else "the plan does not count on it"
        assert all(said in a.text for a in unknown)


def test_plan_texts_have_no_leftover_placeholders_or_plural_hedges(cafe_plans: dict[Lang, Plan]) -> None:
    for plan in cafe_plans.values():
        dumped = plan.model_dump_json()
        assert "(s)" not in dumped
        assert not re.search(r"\{[a-z_]+\}", dumped)
    ar = to_western_digits(
        cafe_plans["ar"].model_dump_json(),
    )
    plurals = [int(n) for n in re.findall(r"(\d+) أشهر", ar)]
    assert plurals and all(3 <= n % 100 <= 10 for n in plurals), plurals  # "أشهر" only after 3-10


def test_no_text_hedges_its_plural_with_s_in_parentheses() -> None:
    hedged = [k for k in catalogue_keys() for lang in LANGS for text in forms(k, lang).values() if "(s)" in text]
    assert not hedged


def test_reports_list_fields_left_unknown_apart_as_open_questions(cafe_plans: dict[Lang, Plan]) -> None:
    for lang, plan in cafe_plans.items():
        doc = plan_document(plan)
        (section,) = [s for s in doc.sections if s.id == "assumptions"]
        lists = [b for b in section.blocks if isinstance(b, Bullets)]
        questions = [b for b in lists if b.title == t("report.unknowns", lang)]
        assert len(questions) == 1
        assert [i.text for i in questions[0].items] == [a.text for a in plan.assumptions if a.unknown]
        assumed = [i.text for b in lists if b.title is None for i in b.items]
        assert assumed == [a.text for a in plan.assumptions if not a.unknown]


# The knowledge base cites its sources by name inside some Arabic texts (and names Google Ads).
CITED = {"Ads", "Linqia", "Mediakix", "Pew"}


def test_arabic_knowledge_base_texts_carry_no_latin_words_but_names() -> None:
    found: set[str] = set()

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("ar"), str):
                words = _latin_words(node["ar"]) - ALLOWED_LATIN - CITED
                found.update(f"{where}: {w}" for w in words if not RULE_ID.match(w))
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for path in sorted((ROOT / "src" / "mizaan" / "knowledge" / "data").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    assert not found, sorted(found)
