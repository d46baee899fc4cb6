"""One writer at a time: while another process writes to the store, an import waits for it (up to --wait
seconds) or says the store is busy, in the user's language, with exit status 3 and its summary written;
``measure`` says an import is running instead of doubting the file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mizaan.cli.main import app
from mizaan.errors import InputError
from mizaan.ingest import Store
from mizaan.measure import DuckDBEngine

REPORT = "Day,Campaign,Currency code,Cost\n2025-07-08,Brand,SAR,10.00\n"
HOLD = (
    "import duckdb, sys, time\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('held', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
)


@contextmanager
def another_writer(store: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    """A second process holding the store open for writing, as a running import does."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "p.duckdb"
    Store(path).close()
    return path


def test_a_second_import_says_the_store_is_busy_with_its_summary(store: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "summary.json"
    with another_writer(store, 60):
        args = ["import", str(report), "-s", str(store), "--wait", "0.3", "-f", "json", "-o", str(out)]
        r = CliRunner().invoke(app, args)
        text = CliRunner().invoke(app, ["import", str(report), "-s", str(store), "--wait", "0", "--lang", "ar"])
    assert r.exit_code == 3, r.output
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["busy"] is True and summary["read"] == {} and "busy" in summary["error"]["en"]
    assert "مشغول" in summary["error"]["ar"]
    assert text.exit_code == 3 and "مشغول" in text.output and "Traceback" not in text.output
    with Store(store, read_only=True) as st:
        assert st.counts()["spend"] == 0  # nothing half-written


def test_an_import_waits_for_the_other_one_to_finish(store: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.csv"
    report.write_text(REPORT, encoding="utf-8")
    with another_writer(store, 1.0) as proc:
        start = time.monotonic()
        r = CliRunner().invoke(app, ["import", str(report), "-s", str(store), "--wait", "60"])
        assert proc.poll() is not None  # it waited for the other process
    assert r.exit_code == 0, r.output
    assert time.monotonic() - start < 60
    with Store(store, read_only=True) as st:
        assert st.counts()["spend"] == 1


def test_measure_during_an_import_says_an_import_is_running(store: Path) -> None:
    with another_writer(store, 60), pytest.raises(InputError) as err:
        DuckDBEngine.open(store)
    (problem,) = err.value.problems
    assert problem.key == "measure.store.busy"
