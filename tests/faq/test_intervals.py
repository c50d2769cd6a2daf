"""Wilson score interval against values worked out by hand (z = 1.96, n + z² = n + 3.8416)."""
from __future__ import annotations

import pytest

from faq.intervals import wilson_interval


def test_none_right_out_of_ten() -> None:
    # low 0; high = z² / (n + z²) = 3.8416 / 13.8416
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert high == pytest.approx(0.27754, abs=1e-5)


def test_all_right_out_of_ten() -> None:
    # low = n / (n + z²) = 10 / 13.8416; high 1
    low, high = wilson_interval(10, 10)
    assert low == pytest.approx(0.72246, abs=1e-5)
    assert high == 1.0


def test_half_out_of_a_hundred() -> None:
    # centre 0.5; half = 1.96 * sqrt(0.0025 + 3.8416 / 40000) / 1.038416 = 0.096170
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(0.40383, abs=1e-5)
    assert high == pytest.approx(0.59617, abs=1e-5)


def test_asymmetric_near_one() -> None:
    # 9/10: centre (0.9 + 0.19208) / 1.38416 = 0.78901; half 1.96 * sqrt(0.009 + 0.0009604) / 1.38416 = 0.14135
    low, high = wilson_interval(9, 10)
    assert low == pytest.approx(0.59585, abs=1e-4)
    assert high == pytest.approx(0.98212, abs=1e-4)
    assert 0.9 - low > high - 0.9  # the interval leans away from the boundary


def test_no_cases_says_nothing_is_known_and_bad_counts_are_refused() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(11, 10)
