"""``mizaan plan`` starts without the measurement engines, the vetting models or the web stack: making a
plan in any format loads none of DuckDB, Arrow, SciPy, scikit-learn, FastAPI or Playwright (they cost
seconds of start-up), while the report package still exports their renderers on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("duckdb", "pyarrow", "scipy", "sklearn", "fastapi", "playwright", "pyspark")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tiny-budget-abaya.yaml"


def test_a_plan_from_the_command_line_loads_no_heavy_engine(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from mizaan.cli.main import app\n"
        f"for fmt in ('json', 'md', 'csv'):\n"
        f"    r = CliRunner().invoke(app, ['plan', {str(EXAMPLE)!r}, '--format', fmt, '--lang', 'en'])\n"
        "    assert r.exit_code == 0, r.output\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_report_package_still_exports_the_measurement_and_vetting_renderers() -> None:
    import mizaan.report as report

    for name in ("render_vetting", "VETTING_FORMATS", "render_attribution", "render_measurement", "Fmt"):
        assert getattr(report, name) is not None
    assert "json" in report.VETTING_FORMATS
