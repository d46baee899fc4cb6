"""``fit_mmm``: a table, its priors and lift tests in, a summarised fit out (with the uncalibrated
estimate beside the calibrated one when there are lift tests)."""

from __future__ import annotations

import dataclasses

from mizaan.mmm.compare import ShapeCheck, check_shapes, choose
from mizaan.mmm.confounding import spend_follows_target
from mizaan.mmm.data import LiftTest, Table
from mizaan.mmm.fit import Options, build_design, run
from mizaan.mmm.priors import ChannelPrior, TargetKind
from mizaan.mmm.result import MMMFit, summarise


def fit_mmm(
    table: Table,
    priors: list[ChannelPrior],
    *,
    options: Options | None = None,
    lift_tests: list[LiftTest] | None = None,
    lift_tests_file: str = "",
    target_kind: TargetKind = "revenue",
    currency: str = "USD",
) -> MMMFit:
    """Fit the media-mix model; with lift tests, fit it once more without them so that the output shows
    how the tests moved each channel's estimate. Unless ``options.shape_check`` is off, every carry-over
    and saturation shape is scored by PSIS-LOO first (``mmm/compare.py``), and the shape is chosen by
    that score where the options leave it open."""
    opts = options or Options()
    tests = lift_tests or []
    check = None
    if opts.shape_check or opts.choose_adstock or opts.choose_saturation:
        check = check_shapes(table, priors, tests, opts, (opts.adstock, opts.saturation), lift_tests_file)
        if opts.choose_adstock or opts.choose_saturation:
            adstock, saturation = choose(check, opts)
            opts = dataclasses.replace(opts, adstock=adstock, saturation=saturation)
            check = ShapeCheck((adstock, saturation), check.scores)
    design = build_design(table, priors, tests, opts, lift_tests_file)
    draws, diagnostics = run(design, opts, calibrate=True)
    uncalibrated = run(design, opts, calibrate=False)[0] if tests else None
    trend = design.base
    confounding = [spend_follows_target(table.y, table.spend[c], trend) for c in range(len(table.channels))]
    counts = [sum(1 for x in tests if x.channel == c) for c in table.channels]
    return summarise(
        table,
        design,
        draws,
        priors,
        opts,
        diagnostics,
        confounding,
        target_kind=target_kind,
        currency=currency,
        lift_counts=counts,
        uncalibrated=uncalibrated,
        shape_check=check,
    )
