"""CPU time per plan, with and without the what-ifs, and the whole job as a user runs it.

    python bench/plan_speed.py                  # every example plus generated profiles, 5 repeats
    python bench/plan_speed.py --repeats 9 --baseline e7f5791

For every example profile (examples/*.yaml) and a few generated ones across countries and budgets:

1. ``mizaan.plan.plan(profile, kb)`` in this process, CPU seconds (``time.process_time``) per plan, median
   and max over the repeats, with the planner's memories cleared before each plan (a cold plan, as a fresh
   ``mizaan plan`` process makes it): without what-ifs, and with them (~24 re-plans);
2. the same plan with the planner's memories switched off (``caching(False)``);
3. the previous implementation: the planner at git revision ``--baseline`` (the commit before this
   work), extracted with ``git archive`` and timed the same way in a subprocess — and the ratio;
4. the whole job as a user runs it, ``mizaan plan examples/X.yaml --format json`` as a subprocess (start-up,
   knowledge base, plan, JSON): wall and CPU seconds (``resource.getrusage`` of the children).

No external peer plans a marketing budget this way, so the comparison is with the project's own previous
implementation in the same run. The machine may be shared: CPU time is per process, which load affects
less than wall time; read the medians. The shared reference data folder (``../shared/data``) is not used.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BASELINE = "e7f5791"  # the last commit before the fast-plans work (issue 12)

# Generated profiles: the perfume store moved across markets and budgets (amount, currency, country).
GENERATED = [
    ("gen-SA-small", 3000, "SAR", "SA"),
    ("gen-AE-large", 250000, "AED", "AE"),
    ("gen-EG-mid", 150000, "EGP", "EG"),
    ("gen-MA-mid", 30000, "MAD", "MA"),
    ("gen-US-large", 40000, "USD", "US"),
]

# Runs in a subprocess against a given source tree: prints one JSON line of CPU seconds per plan.
WORKER = r"""
import json, sys, time
import yaml
from mizaan.knowledge import load_knowledge_base
from mizaan.plan import plan
from mizaan.profile import parse_profile
try:
    from mizaan.plan.memo import clear_caches
except ImportError:  # the previous implementation has no memories
    def clear_caches():
        pass
repeats = int(sys.argv[1])
kb = load_knowledge_base()
out = {}
for name, text in json.loads(sys.stdin.read()).items():
    profile = parse_profile(yaml.safe_load(text), kb)
    plan(profile, kb)  # warm the interpreter (imports, first numpy calls), not the planner's memories
    times = {"off": [], "on": []}
    for _ in range(repeats):
        for key, what_if in (("off", False), ("on", True)):
            clear_caches()
            t = time.process_time()
            plan(profile, kb, what_if=what_if)
            times[key].append(time.process_time() - t)
    out[name] = times
print(json.dumps(out))
"""


def profiles() -> dict[str, str]:
    """Every profile to time, as YAML text, by name."""
    import yaml

    out = {p.stem: p.read_text(encoding="utf-8") for p in EXAMPLES}
    base = yaml.safe_load((ROOT / "examples" / "perfume-store-riyadh.yaml").read_text(encoding="utf-8"))
    for name, amount, currency, country in GENERATED:
        data = dict(base)
        data["budget"] = {"amount": amount, "currency": currency, "period": "month"}
        data["location"] = {"country": country, "scope": "national"}
        out[name] = yaml.safe_dump(data, allow_unicode=True)
    return out


def run_worker(src: Path, texts: dict[str, str], repeats: int) -> dict[str, dict[str, list[float]]]:
    proc = subprocess.run(
        [sys.executable, "-c", WORKER, str(repeats)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    result: dict[str, dict[str, list[float]]] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def baseline_tree(rev: str, into: Path) -> Path | None:
    """The ``src`` folder of git revision ``rev``, or ``None`` (with the reason printed) when unavailable."""
    try:
        data = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src"], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"(the previous implementation, git revision {rev}, is not available here: {exc}; not compared)")
        return None
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def in_process(texts: dict[str, str], repeats: int) -> dict[str, dict[str, list[float]]]:
    """The current planner with its memories switched off (the 'caches disabled' comparison)."""
    import yaml

    from mizaan.knowledge import load_knowledge_base
    from mizaan.plan import plan
    from mizaan.plan.memo import caching
    from mizaan.profile import parse_profile

    kb = load_knowledge_base()
    out: dict[str, dict[str, list[float]]] = {}
    with caching(False):
        for name, text in texts.items():
            profile = parse_profile(yaml.safe_load(text), kb)
            plan(profile, kb)
            times = []
            for _ in range(repeats):
                t = time.process_time()
                plan(profile, kb)
                times.append(time.process_time() - t)
            out[name] = {"on": times}
    return out


def cli_job(path: Path, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``mizaan plan PATH --format json`` as a subprocess, per run."""
    script = "import sys\nfrom mizaan.cli.main import app\nsys.argv[0] = 'mizaan'\napp()\n"
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", script, "plan", str(path), "--format", "json"],
            capture_output=True,
            check=True,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def med_max(values: list[float]) -> str:
    return f"{statistics.median(values):6.3f} {max(values):6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cli-repeats", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the previous implementation")
    parser.add_argument("--no-cli", action="store_true", help="skip the subprocess runs of the CLI")
    args = parser.parse_args()
    texts = profiles()
    print("CPU seconds per plan (time.process_time), median and max over", args.repeats, "repeats.")
    print("No external peer does this job: the comparison is the project's own previous implementation")
    print(f"(git {args.baseline}) and the current code with its memories off, in the same run.\n")
    now = run_worker(ROOT / "src", texts, args.repeats)
    off = in_process(texts, args.repeats)
    with tempfile.TemporaryDirectory() as tmp:
        src = baseline_tree(args.baseline, Path(tmp))
        before = run_worker(src, texts, args.repeats) if src is not None else None
    print(
        f"{'profile':<26} {'no what-ifs':>13} {'with what-ifs':>13} {'memories off':>13} "
        f"{'previous':>13} {'previous/now':>12}"
    )
    print(f"{'':<26} {'med    max':>13} {'med    max':>13} {'med    max':>13} {'med    max':>13} {'(median)':>12}")
    ratios = []
    for name in texts:
        row = f"{name:<26} {med_max(now[name]['off'])} {med_max(now[name]['on'])} {med_max(off[name]['on'])}"
        if before is not None:
            ratio = statistics.median(before[name]["on"]) / statistics.median(now[name]["on"])
            ratios.append(ratio)
            row += f" {med_max(before[name]['on'])} {ratio:11.1f}x"
        print(row)
    worst = max(max(v["on"]) for v in now.values())
    print(f"\nslowest plan with what-ifs: {worst:.3f} s CPU (goal: at most 1 s)")
    if ratios:
        print(f"previous implementation / now, with what-ifs: median {statistics.median(ratios):.1f}x")
    if args.no_cli:
        return
    print(f"\n`mizaan plan EXAMPLE --format json` as a subprocess, median and max over {args.cli_repeats} runs:")
    print(f"{'example':<26} {'wall s':>13} {'CPU s':>13}")
    for path in EXAMPLES:
        walls, cpus = cli_job(path, args.cli_repeats)
        print(f"{path.stem:<26} {med_max(walls)} {med_max(cpus)}")


if __name__ == "__main__":
    main()
