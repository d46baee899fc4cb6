"""PDFs of a plan: the web app's one long-lived Chromium (a pool of pages) against starting a Chromium per
PDF (what ``mizaan plan --format pdf`` does, and what the web app did before issue 16), in the same run.

    python bench/pdf_speed.py [--repeats 5]

Prints the first PDF of the pool (the browser starting), the warm PDFs (median and max), five PDFs at once
through the pool, and the same with a Chromium per PDF; then the ratios and the goal (a warm PDF in ≤ 1 s).
Wall-clock seconds on a machine that may be shared: read the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mizaan.present import make_plan  # noqa: E402
from mizaan.profile import load_profile  # noqa: E402
from mizaan.report import plan_print_html  # noqa: E402
from mizaan.report.pdf import html_to_pdf  # noqa: E402
from mizaan.web.pdf_pool import PdfPool  # noqa: E402


def timed(fn: object, *args: object) -> float:
    t0 = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    plan = make_plan(load_profile(ROOT / "examples" / "perfume-store-riyadh.yaml"), lang="ar", what_if=False)
    html = plan_print_html(plan)
    pool = PdfPool()
    try:
        first = timed(pool.print, html)
        warm = [timed(pool.print, html) for _ in range(args.repeats)]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(5) as ex:
            list(ex.map(pool.print, [html] * 5))
        burst = time.perf_counter() - t0
    finally:
        pool.close()
    each = [timed(html_to_pdf, html) for _ in range(args.repeats)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(5) as ex:
        list(ex.map(html_to_pdf, [html] * 5))
    burst_each = time.perf_counter() - t0
    print(f"one running Chromium: first PDF {first:.2f} s (the browser starting), warm median "
          f"{statistics.median(warm):.2f} s, max {max(warm):.2f} s; five at once {burst:.2f} s")  # fmt: skip
    print(f"a Chromium per PDF:   median {statistics.median(each):.2f} s, max {max(each):.2f} s; "
          f"five at once {burst_each:.2f} s")  # fmt: skip
    print(f"ratios: warm PDF {statistics.median(each) / statistics.median(warm):.1f}× faster, "
          f"five at once {burst_each / burst:.1f}× faster")  # fmt: skip
    ok = statistics.median(warm) <= 1.0
    print(f"goal: a warm PDF in ≤ 1 s: {'met' if ok else 'NOT met'} ({statistics.median(warm):.2f} s)")


if __name__ == "__main__":
    main()
