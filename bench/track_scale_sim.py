"""The scale design's failure cases, simulated (docs/tracking-scale.md): stateless redirectors, a log with
acks=all (then acks=1 for contrast), a consumer into a ReplacingMergeTree on click ID.

    PYTHONPATH=src .venv/bin/python bench/track_scale_sim.py [--clicks 20000] [--seeds 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mizaan.track.scale import simulate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clicks", type=int, default=20000)
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    print(f"{'acks':>4} {'faults':>7} {'acked':>9} {'lost acked':>10} {'dup rows merged':>15} {'extras':>7} "
          f"{'leader losses':>13} {'replays':>8} {'retries':>8}")  # fmt: skip
    for acks in ("all", "1"):
        for rate in (0.001, 0.01, 0.03):
            runs = [simulate(s, args.clicks, acks=acks, fault_rate=rate) for s in range(args.seeds)]  # type: ignore[arg-type]
            total = {k: sum(getattr(r, k) for r in runs) for k in vars(runs[0])}
            t = total
            print(f"{acks:>4} {rate:>7.3f} {t['acknowledged']:>9,} {t['lost_acknowledged']:>10,} "
                  f"{t['duplicate_rows_inserted']:>15,} {t['unacknowledged_in_table']:>7,} "
                  f"{t['leader_losses']:>13,} {t['consumer_replays']:>8,} {t['producer_retries']:>8,}")  # fmt: skip


if __name__ == "__main__":
    main()
