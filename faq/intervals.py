"""Confidence intervals for the rates the evaluation commands print.

A rate from a few hundred labelled cases is uncertain in its second decimal,
so every rate is reported with a 95% interval. Wilson's score interval is
used because it stays inside 0..1 and is honest near 0 and 1 (0 wrong
answers out of 50 is not "exactly 0"), where p ± 1.96·se collapses to a point.
"""
from __future__ import annotations

import math

Z95 = 1.96  # two-sided 95%


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (low, high) for ``successes`` out of ``total``; (0, 1) for no cases."""
    if total <= 0:
        return (0.0, 1.0)
    if not 0 <= successes <= total:
        raise ValueError(f"successes must be between 0 and {total}, not {successes}")
    p = successes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return (low, high)
