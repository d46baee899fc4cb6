"""Packages used through their public names: each name a package exports resolves, and exporting them
keeps optional heavy engines (Spark) unloaded until a caller asks for one."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = (
    "mizaan.i18n",
    "mizaan.knowledge",
    "mizaan.ingest",
    "mizaan.measure",
    "mizaan.influencers",
    "mizaan.simulate",
)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves_once(package: str) -> None:
    module = importlib.import_module(package)
    exported = list(module.__all__)
    assert len(exported) == len(set(exported))
    missing = [name for name in exported if not hasattr(module, name)]
    assert missing == []


def test_importing_the_packages_and_the_apps_leaves_spark_unloaded() -> None:
    code = (
        "import sys\n"
        f"for name in {PACKAGES!r} + ('mizaan.cli.main', 'mizaan.web'):\n"
        "    __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
