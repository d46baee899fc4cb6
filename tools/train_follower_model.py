"""Retrain the follower-account classifier that ships with mizaan, from the labelled accounts in the
shared reference data (never copied into the project), and write it beside its licence:

    python tools/train_follower_model.py [LABELLED_CSV]

LABELLED_CSV defaults to ../shared/data/influencers/srf_instagram_followers/labelled_975_features_only.csv
(SRF Data, CC BY-SA 4.0). The model is written to src/mizaan/influencers/data/follower_model.npz.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mizaan.influencers.classifier import MODEL_FILE, save_model
from mizaan.influencers.training import read_labelled, train

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = Path("/work/shared/data/influencers/srf_instagram_followers/labelled_975_features_only.csv")
OUT = ROOT / "src" / "mizaan" / "influencers" / "data" / MODEL_FILE


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        print(f"labelled data not found at {path}: the shared reference data is absent; nothing was trained")
        return 1
    model = train(read_labelled(path))
    save_model(model, OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes); calibration {model.calibration}, base rate {model.prior:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
