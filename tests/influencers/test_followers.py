"""The shipped follower classifier and the fake-share estimate, on follower samples made here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mizaan.influencers.classifier import FEATURES, features_of, read_model, save_model, shipped_model
from mizaan.influencers.share import estimate_share
from tests.influencers import factory as f


def test_the_model_ships_with_its_licence_and_credit() -> None:
    import mizaan.influencers

    folder = Path(mizaan.influencers.__file__).parent / "data"
    text = (folder / "follower_model.LICENSE.txt").read_text("utf-8")
    assert "CC BY-SA 4.0" in text and "SRF Data" in text
    assert (folder / "follower_model.npz").stat().st_size < 200_000


def test_obvious_fakes_score_high_and_ordinary_accounts_low() -> None:
    c = f.candidate()
    fakes = f.follower_sample(c, n=50, fake_share=1.0)
    reals = f.follower_sample(c, n=50, fake_share=0.0)
    m = shipped_model()
    assert np.median(m.score(fakes)) > 0.7
    assert np.median(m.score(reals)) < 0.1


def test_probabilities_are_probabilities() -> None:
    p = shipped_model().score(f.follower_sample(f.candidate(), n=300, fake_share=0.3))
    assert p.shape == (300,) and np.all((p >= 0) & (p <= 1))


def test_saving_and_reading_back_changes_no_score(tmp_path: Path) -> None:
    m = shipped_model()
    path = tmp_path / "m.npz"
    save_model(m, path)
    again = read_model(path.read_bytes())
    x = features_of(f.follower_sample(f.candidate(), n=100, fake_share=0.4))
    assert x.shape[1] == len(FEATURES)
    np.testing.assert_allclose(again.predict_proba(x), m.predict_proba(x), rtol=1e-6)


@pytest.mark.parametrize("share", [0.05, 0.3, 0.6])
def test_the_estimated_share_tracks_the_sample_and_its_interval_holds_it(share: float) -> None:
    sample = f.follower_sample(f.candidate(), n=200, fake_share=share, seed=3)
    m = shipped_model()
    fs = estimate_share(m.score(sample), m.prior, m.rates)
    assert fs.low <= fs.estimate <= fs.high and fs.level == 0.8
    assert abs(fs.estimate - share) < 0.12
    assert fs.high - fs.low < 0.3


def test_counting_flagged_accounts_is_reported_beside_the_estimate() -> None:
    sample = f.follower_sample(f.candidate(), n=200, fake_share=0.5, seed=4)
    m = shipped_model()
    fs = estimate_share(m.score(sample), m.prior, m.rates)
    assert 0 < fs.flagged < 200 and fs.sample == 200


def test_the_interval_carries_the_classifiers_error_under_a_change_of_population() -> None:
    sample = f.follower_sample(f.candidate(), n=200, fake_share=0.3, seed=5)
    m = shipped_model()
    p = m.score(sample)
    plain = estimate_share(p, m.prior, m.rates, shift=(0.0, 0.0))
    shipped = estimate_share(p, m.prior, m.rates)
    assert shipped.estimate == plain.estimate
    assert shipped.low <= plain.low and shipped.high >= plain.high
    assert shipped.high - shipped.low > plain.high - plain.low
