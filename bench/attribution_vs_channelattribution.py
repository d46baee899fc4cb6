"""mizaan's attribution against ChannelAttribution (the reference package for Markov attribution), on the
same path tables in the same run.

    python bench/attribution_vs_channelattribution.py            # 1,000 and 1,000,000 distinct paths
    python bench/attribution_vs_channelattribution.py --sizes 1000 --skip-spread

What it does:

1. installs ChannelAttribution from PyPI into its own virtual environment, ``bench/.venv-ca`` (it builds
   from source; pandas and matplotlib, which it imports without declaring, come along) — if that fails,
   it says so and reports mizaan's figures alone;
2. generates path tables of 1,000 and 1,000,000 distinct paths (``bench/attribution_paths.py``);
3. runs each task in a fresh process per tool — read the CSV, then compute — and records the compute
   time, the read time and the process's peak memory: the heuristic models (first, last, linear touch), the
   Markov model of order 1 and of order 3 (ChannelAttribution at its default 100,000 simulations), and
   mizaan's full set of models (heuristics, Markov orders 1-4, both Shapley forms);
4. agreement of first-order removal-effect shares: ChannelAttribution simulates them, so it is run with
   ten seeds at rising simulation counts until the seed-to-seed spread of every channel's share is under
   0.5 percentage points, and mizaan's exact shares are checked to lie inside that spread (on the two
   generated tables and, when ``shared/data/attribution`` is there, on ChannelAttribution's own sample);
5. checks mizaan's shares against an independent dense linear-algebra computation (plain loops and
   ``numpy.linalg.solve``) to 1e-9.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
CA_VENV = HERE / ".venv-ca"
CA_PYTHON = CA_VENV / "bin" / "python"
CA_VERSION = "2.2.5"

# ---- the worker: runs one task in its own process and prints one JSON line

WORKER = r"""
import json, resource, sys, time, os, contextlib, io
tool, task, path = sys.argv[1], sys.argv[2], sys.argv[3]
extra = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
out = {}
if tool == "ca":
    with contextlib.redirect_stdout(io.StringIO()):
        import pandas as pd
        from ChannelAttribution import heuristic_models, markov_model
    t = time.perf_counter()
    head = open(path, encoding="utf-8").readline()
    df = pd.read_csv(path, sep=";" if head.count(";") > head.count(",") else ",")
    out["read_s"] = time.perf_counter() - t
    t = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        if task == "heuristics":
            res = heuristic_models(df, "path", "total_conversions", var_value="total_conversion_value", flg_pro=False)
        else:
            order = int(task.removeprefix("markov"))
            res = markov_model(df, "path", "total_conversions", var_value="total_conversion_value",
                               var_null="total_null", order=order, nsim_start=int(extra.get("nsim", 1e5)),
                               seed=int(extra.get("seed", 0)), ncore=1, out_more=False, flg_pro=False, verbose=0)
    out["compute_s"] = time.perf_counter() - t
    if task.startswith("markov"):
        r = res["result"] if isinstance(res, dict) else res
        out["credit"] = dict(zip(r["channel_name"], map(float, r["total_conversions"])))
else:
    from mizaan.measure import (FirstTouch, LastTouch, Linear, MarkovAttribution, attribute, make_models,
                                read_path_table)
    t = time.perf_counter()
    paths = read_path_table(path)
    out["read_s"] = time.perf_counter() - t
    t = time.perf_counter()
    if task == "heuristics":
        for m in (FirstTouch(), LastTouch(), Linear()):
            m.fit(paths)
    elif task == "all":
        report = attribute(paths, make_models())
    else:
        m = MarkovAttribution(order=int(task.removeprefix("markov"))).fit(paths)
        out["credit"] = m.credit_
    out["compute_s"] = time.perf_counter() - t
# VmHWM is this process's own peak (ru_maxrss would carry the parent's peak over fork and exec)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
out["peak_mb"] = int(hwm.split()[1]) / 1024
print("RESULT " + json.dumps(out))
"""


def run_worker(tool: str, task: str, path: Path, **extra: float) -> dict[str, object]:
    python = str(CA_PYTHON) if tool == "ca" else sys.executable
    cmd = [python, "-c", WORKER, tool, task, str(path), json.dumps(extra)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line[7:]))
    raise RuntimeError(f"{tool} {task} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")


# ---- set-up


def ensure_channelattribution() -> bool:
    if CA_PYTHON.exists():
        ok = subprocess.run([str(CA_PYTHON), "-c", "import ChannelAttribution"], capture_output=True, check=False)
        if ok.returncode == 0:
            return True
    print(f"installing ChannelAttribution {CA_VERSION} into {CA_VENV} (builds from source; a few minutes)...")
    subprocess.run([sys.executable, "-m", "venv", str(CA_VENV)], check=True)
    proc = subprocess.run(
        [
            str(CA_VENV / "bin" / "pip"),
            "install",
            "-q",
            f"ChannelAttribution=={CA_VERSION}",
            "pandas",
            "matplotlib",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        print("ChannelAttribution COULD NOT BE INSTALLED; only mizaan's own figures follow.")
        print(proc.stderr[-2000:])
        return False
    return True


def path_table(n: int) -> Path:
    """The generated table of ``n`` distinct paths (made once, in its own process, so that this one stays
    small)."""
    OUT.mkdir(exist_ok=True)
    target = OUT / f"paths-{n}.csv"
    if not target.exists():
        subprocess.run([sys.executable, str(HERE / "attribution_paths.py"), str(n), str(target)], check=True)
    return target


# ---- an independent dense computation of first-order (and higher) removal-effect shares


def dense_shares(path: Path, order: int) -> dict[str, float]:
    """Removal-effect shares from plain Python loops and a dense solve (no code shared with mizaan)."""
    import csv

    steps: dict[tuple[object, object], float] = defaultdict(float)
    conv_out: dict[object, float] = defaultdict(float)
    null_out: dict[object, float] = defaultdict(float)
    channels: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        head = fh.readline()
        fh.seek(0)
        for row in csv.DictReader(fh, delimiter=";" if head.count(";") > head.count(",") else ","):
            touches = [c.strip() for c in row["path"].split(">")]
            channels.update(touches)
            conv, null = float(row["total_conversions"]), float(row["total_null"])
            if conv + null <= 0:
                continue
            raw = (
                [tuple(touches)]
                if len(touches) < order
                else [tuple(touches[i : i + order]) for i in range(len(touches) - order + 1)]
            )
            prev: object = "START"
            for w in raw:
                if w != prev:
                    steps[(prev, w)] += conv + null
                    prev = w
            conv_out[prev] += conv
            null_out[prev] += null
    states = ["START", *sorted({b for (_, b) in steps}, key=str)]
    index = {s: i for i, s in enumerate(states)}
    q = np.zeros((len(states), len(states)))
    for (a, b), w in steps.items():
        q[index[a], index[b]] += w
    out_total = q.sum(axis=1) + np.array([conv_out[s] + null_out[s] for s in states])
    q /= out_total[:, None]
    r = np.array([conv_out[s] for s in states]) / out_total

    def p(keep: list[int]) -> float:
        return float(np.linalg.solve(np.eye(len(keep)) - q[np.ix_(keep, keep)], r[keep])[0])

    base = p(list(range(len(states))))
    effects = {c: 1 - p([index[s] for s in states if s == "START" or c not in s]) / base for c in sorted(channels)}
    total = sum(effects.values())
    return {c: e / total for c, e in effects.items()}


# ---- the benchmark


def shares_of(credit: dict[str, float]) -> dict[str, float]:
    total = sum(credit.values())
    return {c: v / total for c, v in credit.items()}


def timing(sizes: list[int], have_ca: bool) -> None:
    tasks = ["heuristics", "markov1", "markov3"]
    print("\n## Speed and memory\n")
    print("compute = from the loaded table to the credit; file-to-credit adds reading the CSV (mizaan's reader,")
    print("ChannelAttribution through pandas); peak = the process's own peak RSS (VmHWM).\n")
    print(
        f"{'paths':>10} {'task':<11} {'mizaan s':>9} {'CA s':>8} {'speed-up':>9} {'file-to-credit s':>17} "
        f"{'speed-up':>9} {'mizaan MB':>10} {'CA MB':>7} {'CA/mizaan':>9}"
    )
    nan = float("nan")
    for n in sizes:
        path = path_table(n)
        for task in tasks:
            ours = run_worker("mizaan", task, path)
            theirs = run_worker("ca", task, path) if have_ca else {}
            o_c, o_all = float(ours["compute_s"]), float(ours["compute_s"]) + float(ours["read_s"])
            t_c = float(theirs.get("compute_s", nan))
            t_all = t_c + float(theirs.get("read_s", nan))
            print(
                f"{n:>10,} {task:<11} {o_c:>9.3f} {t_c:>8.3f} {t_c / o_c:>8.1f}x {o_all:>7.2f} / {t_all:>7.2f} "
                f"{t_all / o_all:>8.1f}x {ours['peak_mb']:>10.0f} {float(theirs.get('peak_mb', nan)):>7.0f} "
                f"{float(theirs.get('peak_mb', nan)) / float(ours['peak_mb']):>8.2f}x",  # type: ignore[arg-type]
                flush=True,
            )
        everything = run_worker("mizaan", "all", path)
        print(
            f"{n:>10,} {'all 12':<11} {everything['compute_s']:>9.3f} {'':>8} {'':>9} "
            f"{float(everything['compute_s']) + float(everything['read_s']):>7.2f} {'':>19} "  # type: ignore[arg-type]
            f"{everything['peak_mb']:>10.0f}   (mizaan: every model, Markov 1-4, both Shapley forms)",
            flush=True,
        )


def agreement(path: Path, label: str, have_ca: bool, nsims: list[int], seeds: int) -> None:
    ours = shares_of(dict(run_worker("mizaan", "markov1", path)["credit"]))  # type: ignore[arg-type]
    dense = dense_shares(path, 1)
    worst_dense = max(abs(ours[c] - dense[c]) for c in dense)
    print(f"\n## First-order removal-effect shares on {label}\n")
    print(
        f"mizaan exact vs independent dense solve: max |difference| = {worst_dense:.2e} "
        f"({'OK' if worst_dense < 1e-9 else 'FAILED'}: must be < 1e-9)"
    )
    if not have_ca:
        return
    for nsim in nsims:
        # ChannelAttribution seeds its 10 folds with seed..seed+9 and keeps one fold: seeds 1,000 apart share none
        t = time.perf_counter()
        runs = [
            shares_of(dict(run_worker("ca", "markov1", path, nsim=nsim, seed=1000 * k)["credit"]))  # type: ignore[arg-type]
            for k in range(seeds)
        ]
        took = (time.perf_counter() - t) / seeds
        spread = {c: (min(r[c] for r in runs), max(r[c] for r in runs)) for c in ours}
        widest = max(hi - lo for lo, hi in spread.values())
        outside = [c for c, (lo, hi) in spread.items() if not lo - 1e-12 <= ours[c] <= hi + 1e-12]
        off = max(abs(ours[c] - np.mean([r[c] for r in runs])) for c in ours)
        print(
            f"CA nsim_start={nsim:>10,} ({took:.1f} s a run), {seeds} seeds: widest seed-to-seed spread "
            f"{100 * widest:.2f} points; mizaan exact vs CA's mean: max {100 * off:.2f} points; mizaan inside "
            f"CA's min..max for {len(ours) - len(outside)}/{len(ours)} channels"
        )
        if widest < 0.005:
            print("  spread under 0.5 points; per channel, CA min .. max | mizaan exact (percent of conversions):")
            for c in sorted(ours, key=lambda c: -ours[c]):
                lo, hi = spread[c]
                mark = "" if c not in outside else "  (outside)"
                print(f"    {c:<18} {100 * lo:6.2f} .. {100 * hi:6.2f} | {100 * ours[c]:6.2f}{mark}")
            break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--nsims", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--skip-spread", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    have_ca = ensure_channelattribution()
    timing(args.sizes, have_ca)
    spread = have_ca and not args.skip_spread
    for n in args.sizes:
        # at 1M paths a CA run at 1e7 simulations takes minutes: there, 1e5 and 1e6 only
        levels = args.nsims if n <= 10_000 else [x for x in args.nsims if x <= 1_000_000]
        agreement(path_table(n), f"{n:,} distinct paths", spread, levels, args.seeds)
    sample = HERE.parents[1] / "shared" / "data" / "attribution" / "ChannelAttribution_Data.csv"
    if sample.exists():
        agreement(
            sample,
            "ChannelAttribution's own sample (10,000 rows, 12 channels)",
            spread,
            args.nsims,
            args.seeds,
        )
    else:
        print(f"\n(the shared reference folder is absent: {sample} not checked)")
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
