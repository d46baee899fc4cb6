"""The canonical tables are defined once and documented: the docs list every column, and the SQL and
Arrow schemas come from the same models."""

from __future__ import annotations

from pathlib import Path

import pytest

from mizaan.ingest import TABLE_NAMES, TABLES, arrow_schema, columns
from mizaan.ingest.tables import create_sql, describe

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ingest.md"


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_docs_list_every_column_of_every_table(table: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert f"### `{table}`" in text
    section = text.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    for name, sql, _, meaning in describe(table):
        assert f"| `{name}` | {sql} |" in section, name
        assert meaning


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_sql_and_arrow_schemas_come_from_the_model(table: str) -> None:
    assert arrow_schema(table).names == columns(table) == list(TABLES[table].model_fields)
    assert all(name in create_sql(table) for name in columns(table))
    assert set(TABLES[table].key) <= set(columns(table))


def test_every_message_key_used_by_ingest_and_simulate_exists() -> None:
    import re

    from mizaan.i18n import has

    root = Path(__file__).resolve().parents[2] / "src" / "mizaan"
    used = set()
    for folder in ("ingest", "simulate", "cli"):
        for f in (root / folder).rglob("*.py"):
            used |= set(re.findall(r"[\"']((?:ingest|simulate)\.[a-z_]+(?:\.[a-z_]+)*)[\"']", f.read_text("utf-8")))
    used -= {"ingest.summary." + s for s in ("file", "format", "rows", "rejected", "skipped")}  # built from names
    missing = sorted(k for k in used if not has(k))
    assert missing == []
