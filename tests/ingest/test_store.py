"""Re-importing changes nothing; a failed or killed import leaves the store as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mizaan.ingest import TABLE_NAMES, ImportOptions, Store, import_paths


def snapshot(store: Path) -> dict[str, str]:
    """A digest of every table of the store, in key order."""
    with Store(store, read_only=True) as st:
        out = {
            t: hashlib.sha256(
                st.table(t).to_string(show_metadata=False, preview_cols=0).encode()
                + str(st.table(t).to_pylist()).encode()
            ).hexdigest()
            for t in TABLE_NAMES
        }
        out["imports"] = str(
            st.query(
                "SELECT sha256, file, format, rows, rejected, first_imported FROM imports ORDER BY sha256"
            ).to_pylist()
        )
    return out


def test_importing_the_same_files_twice_changes_nothing(world: Path, tmp_path: Path) -> None:
    store = tmp_path / "p.duckdb"
    options = ImportOptions(timezone="Asia/Riyadh")
    first = import_paths([world / "exports"], store, options)
    before = snapshot(store)
    again = import_paths([world / "exports"], store, options)
    assert snapshot(store) == before
    assert again.read == first.read and again.totals == first.totals


def test_an_import_that_fails_midway_leaves_the_store_unchanged(world: Path, tmp_path: Path) -> None:
    store = tmp_path / "p.duckdb"
    import_paths([world / "exports" / "ads"], store)
    before = snapshot(store)

    class Boom(RuntimeError):
        pass

    def fail_after_two(file: str, i: int, n: int) -> None:
        if i == 2:
            raise Boom(file)

    with pytest.raises(Boom):
        import_paths([world / "exports"], store, ImportOptions(timezone="Asia/Riyadh"), progress=fail_after_two)
    assert snapshot(store) == before


def test_a_killed_import_leaves_the_store_unchanged(world: Path, tmp_path: Path) -> None:
    store = tmp_path / "p.duckdb"
    import_paths([world / "exports" / "ads"], store)
    before = snapshot(store)
    flag = tmp_path / "written"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from mizaan.ingest import ImportOptions, import_paths

        def hold(file, i, n):
            if i == 3:  # files are written inside the transaction; say so, then wait to be killed
                Path({str(flag)!r}).write_text("yes")
                time.sleep(60)

        import_paths([{str(world / "exports")!r}], {str(store)!r}, ImportOptions(timezone="Asia/Riyadh"),
                     progress=hold)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert flag.exists(), "the import never reached the third file"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert snapshot(store) == before
    # and the store still works
    report = import_paths([world / "exports"], store, ImportOptions(timezone="Asia/Riyadh"))
    assert report.rejected == []


def test_currencies_are_kept_as_given(write: object, tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("Day,Campaign,Currency code,Cost,Impr.\n2025-01-01,X,USD,10.00,5\n2025-01-01,Y,SAR,10.00,5\n")
    report = import_paths([a], tmp_path / "s.duckdb")
    assert report.totals["spend"]["search_ads"] == {"SAR": 10, "USD": 10}


def test_conversion_needs_an_explicit_rate_for_every_currency(tmp_path: Path) -> None:
    from decimal import Decimal

    from mizaan.errors import InputError
    from mizaan.ingest.currency import RateTable, spend_in

    a = tmp_path / "a.csv"
    a.write_text("Day,Campaign,Currency code,Cost,Impr.\n2025-01-01,X,USD,10.00,5\n2025-01-01,Y,SAR,10.00,5\n")
    import_paths([a], tmp_path / "s.duckdb")
    with Store(tmp_path / "s.duckdb", read_only=True) as st:
        assert spend_in(st, RateTable(target="SAR", rates={"USD": Decimal("3.75")})) == {"search_ads": Decimal("47.5")}
        with pytest.raises(InputError) as err:
            spend_in(st, RateTable(target="AED", rates={"USD": Decimal("3.6725")}))
    assert "SAR" in err.value.message("en")
