"""Small formatting helpers shared by the writers of the simulated exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def grouped(cents: int) -> str:
    """``1234.56`` as ``1,234.56`` (Google Ads' quoted thousands)."""
    return f"{cents // 100:,}.{cents % 100:02d}"


def iso_us(us: int, tz: dt.tzinfo = dt.UTC) -> dt.datetime:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=int(us))).astimezone(tz)


def write_mapping(path: Path, mapping: dict[str, Any]) -> None:
    path.with_name(path.name + ".mapping.yaml").write_text(
        yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
