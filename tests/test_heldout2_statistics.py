"""Held-out round 2: the chance that correct code fails a statistical check of the hidden
grader, computed (not sampled) for the shapes the grader uses; each must be under 1e-6.

The hidden grader does not seed the child's generator, so an honest initialization or dropout
mask is a fresh random draw at every grading, and a threshold too close to the centre fails
some honest students at random. Tails are computed with the exact distributions under the
null hypothesis (chi-square for sample variances, Student's t for the mean, the binomial for
fractions kept, Kolmogorov's limit for the KS distance, Anscombe-Glynn for the kurtosis, and
the normal limit of a correlation of n independent pairs).
"""

import math

import numpy as np
import pytest

from instructor.grader import honesty

LIMIT = 1e-6


# ---- tails of the null distributions (standard library only) --------------------------------


def normal_two_sided(z):
    return math.erfc(z / math.sqrt(2))


def _gamma_series(a, x):
    term = total = 1.0 / a
    for n in range(1, 100_000):
        term *= x / (a + n)
        total += term
        if abs(term) < abs(total) * 1e-16:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_fraction(a, x):
    b, c, d = x + 1.0 - a, 1e300, 1.0 / (x + 1.0 - a)
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1.0 / d
        h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def chi2_lower(k, x):
    """P(chi2_k < x)."""
    a = k / 2
    return _gamma_series(a, x / 2) if x / 2 < a + 1 else 1 - _gamma_fraction(a, x / 2)


def chi2_upper(k, x):
    """P(chi2_k > x)."""
    a = k / 2
    return 1 - _gamma_series(a, x / 2) if x / 2 < a + 1 else _gamma_fraction(a, x / 2)


def _beta_fraction(a, b, x):
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (1e-300 if abs(d) < 1e-300 else d)
    h = d
    for m in range(1, 100_000):
        for an in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + an * d
            d = 1.0 / (1e-300 if abs(d) < 1e-300 else d)
            c = 1.0 + an / c
            c = 1e-300 if abs(c) < 1e-300 else c
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            break
    return h


def beta_regularized(a, b, x):
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def t_two_sided(df, t):
    """P(|T_df| > t)."""
    return beta_regularized(df / 2, 0.5, df / (df + t * t))


def binomial_outside(n, p, low, high):
    """P(K < low or K > high) for K ~ Binomial(n, p)."""
    total = 0.0
    for k in range(n + 1):
        if k < low or k > high:
            total += math.exp(
                math.lgamma(n + 1)
                - math.lgamma(k + 1)
                - math.lgamma(n - k + 1)
                + k * math.log(p)
                + (n - k) * math.log1p(-p)
            )
    return total


def kolmogorov_upper(lam):
    """P(sqrt(n) D > lam) in Kolmogorov's limit (an upper bound for finite n)."""
    return 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 100))


def kurtosis_two_sided(n, threshold):
    """P(|b2 - 3| > threshold), b2 the sample kurtosis of n normal draws (Anscombe-Glynn)."""
    mean = 3 * (n - 1) / (n + 1)
    var = 24 * n * (n - 2) * (n - 3) / ((n + 1) ** 2 * (n + 3) * (n + 5))
    skew = (
        6
        * (n * n - 5 * n + 2)
        / ((n + 7) * (n + 9))
        * math.sqrt(6 * (n + 3) * (n + 5) / (n * (n - 2) * (n - 3)))
    )
    a = 6 + 8 / skew * (2 / skew + math.sqrt(1 + 4 / skew**2))

    def z(b2):
        x = (b2 - mean) / math.sqrt(var)
        inner = (1 - 2 / a) / (1 + x * math.sqrt(2 / (a - 4)))
        root = math.copysign(abs(inner) ** (1 / 3), inner)
        return ((1 - 2 / (9 * a)) - root) / math.sqrt(2 / (9 * a))

    upper = 0.5 * math.erfc(z(3 + threshold) / math.sqrt(2))
    lower = 0.5 * math.erfc(-z(3 - threshold) / math.sqrt(2))
    return upper + lower


def test_the_tails_are_right():  # against known values
    assert chi2_upper(10, 18.307) == pytest.approx(0.05, rel=1e-3)
    assert chi2_lower(10, 3.940) == pytest.approx(0.05, rel=1e-3)
    assert t_two_sided(10, 2.228) == pytest.approx(0.05, rel=1e-3)
    assert normal_two_sided(5.0) == pytest.approx(5.733e-7, rel=1e-3)
    assert kolmogorov_upper(1.358) == pytest.approx(0.05, rel=1e-2)
    assert binomial_outside(10, 0.5, 1, 9) == pytest.approx(2 / 1024)
    assert kurtosis_two_sided(10_000, 6 * math.sqrt(24 / 10_000)) < 1e-6


# ---- the grader's shapes --------------------------------------------------------------------

FC_WEIGHTS = [(121, 97), (97, 80), (80, 53)]  # honesty.harden and cases.fc_init_tasks
CONV_HONESTY_WEIGHTS = [(8, 3 * 5 * 5), (8 * 8 * 8, 40), (40, 10)]  # honesty conv_init
CONV_CASES_WEIGHTS = [(6, 3 * 5 * 5), (6 * 5 * 6, 23), (23, 4)]  # cases.conv_net_init_tasks
MASK = (400, 500, 0.6)  # honesty.dropout_forward_tasks


def init_measurement_tails(shape):
    """cs231n.grading.measure.init_measurements: |std/scale - 1| and |mean|/std, with the
    thresholds it gives for this shape."""
    from types import SimpleNamespace

    from cs231n.grading.measure import init_measurements

    n = shape[0] * shape[1]
    model = SimpleNamespace(params={"W1": 0.1 * np.random.randn(*shape)})
    found = {m.label: m.threshold for m in init_measurements(model, {"W1": shape}, 0.1, float)}
    t = found["|std(W1) / weight_scale - 1|"]
    std = chi2_upper(n - 1, n * (1 + t) ** 2) + chi2_lower(n - 1, n * max(0.0, 1 - t) ** 2)
    # |mean| / std_pop <= m  <=>  |T_{n-1}| = |mean| sqrt(n - 1) / std_pop <= m sqrt(n - 1)
    mean = t_two_sided(n - 1, found["|mean(W1)| / std(W1)"] * math.sqrt(n - 1))
    return {f"std {shape}": std, f"mean {shape}": mean}


def honesty_tails():
    Z = honesty.Z
    found = {}
    for label, shapes in (("fc", FC_WEIGHTS), ("conv", CONV_HONESTY_WEIGHTS)):
        n = sum(a * b for a, b in shapes)
        found[f"kurtosis of the pooled {label} weights (n={n})"] = kurtosis_two_sided(
            n, Z * math.sqrt(24 / n)
        )
        lam = honesty.KS_LAMBDA  # gaussian_measurements: distance <= KS_LAMBDA / sqrt(n)
        found[f"KS distance of the pooled {label} weights"] = kolmogorov_upper(lam)
        for rows, cols in shapes:
            for pairs in ((rows - 1) * cols, rows * (cols - 1)):
                if pairs >= 30:
                    found[f"neighbour correlation {rows}x{cols} ({pairs} pairs)"] = (
                        normal_two_sided(Z)
                    )
            found[f"correlation of two constructions {rows}x{cols}"] = normal_two_sided(Z)
    rows, cols, p = MASK
    for counts, size in ((rows, cols), (cols, rows)):
        t = Z * math.sqrt(2 / counts)  # |var / (size p (1-p)) - 1| <= t, var with ddof 0
        found[f"mask variance ratio, {counts} counts of {size}"] = chi2_upper(
            counts - 1, counts * (1 + t)
        ) + chi2_lower(counts - 1, counts * max(0.0, 1 - t))
    for n, p in ((1200, 0.4), (72, 0.5), (60, 0.5)):  # fractions kept
        spread = Z * math.sqrt(p * (1 - p) / n)
        found[f"fraction kept of {n} (p={p})"] = binomial_outside(
            n, p, math.ceil(n * (p - spread) - 1e-9), math.floor(n * (p + spread) + 1e-9)
        )
    return found


def test_every_statistical_check_fails_correct_code_with_probability_under_1e_6():
    tails = honesty_tails()
    for shape in FC_WEIGHTS + CONV_CASES_WEIGHTS:
        tails.update(init_measurement_tails(shape))
    over = {label: f"{p:.2e}" for label, p in tails.items() if not p < LIMIT}
    assert over == {}
