#!/usr/bin/python3
"""The reference values of tests/engine/test_odds.cpp that need high precision.

Run by hand (it needs Debian's python3-mpmath, which the build does not): each line
gives n, q, k, P(Binomial(n, q) >= k) and P(Binomial(n, q) = k) at 60 digits, for
the double q's exact value. The tail is summed term by term outward from k, the
terms by the ratio of neighbours from a pmf computed with log-gamma at 60 digits,
until a term falls below 1e-40 of the sum. Where that takes too many terms (a
standard deviation of millions), the tail is I_q(k, n - k + 1), the Beta(k, n - k + 1)
density integrated by mpmath's quad over its mean +- 40 standard deviations; both
ways agree to 25 digits on the first case of QUAD_CASES.
"""
from mpmath import mp, mpf, exp, log, log1p, loggamma, nstr, quad, sqrt

mp.dps = 60


def pmf(n, q, j):
    n, q, j = mpf(n), mpf(q), mpf(j)
    return exp(loggamma(n + 1) - loggamma(j + 1) - loggamma(n - j + 1)
               + j * log(q) + (n - j) * log1p(-q))


def at_least(n, q, k):
    """P(X >= k): the upper terms from k up, or 1 minus the lower ones from k - 1 down."""
    n, q = mpf(n), mpf(q)
    upward = k > n * q
    j = mpf(k) if upward else mpf(k - 1)
    term = pmf(n, q, j)
    total = term
    while 0 < j < n:
        if upward:
            term *= (n - j) / (j + 1) * q / (1 - q)
            j += 1
        else:
            term *= j / (n - j + 1) * (1 - q) / q
            j -= 1
        total += term
        if term < total * mpf(10) ** -40:
            break
    return total if upward else 1 - total


def at_least_by_quad(n, q, k):
    """P(X >= k) as the integral of the Beta(k, n - k + 1) density from 0 to q."""
    a, q = mpf(k), mpf(q)
    b = mpf(n) - a + 1
    log_beta = loggamma(a) + loggamma(b) - loggamma(a + b)

    def density(t):
        return exp((a - 1) * log(t) + (b - 1) * log1p(-t) - log_beta)

    mode = (a - 1) / (a + b - 2)
    sd = sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    lo, hi = mode - 40 * sd, mode + 40 * sd
    if q <= mode:
        return quad(density, [lo + (q - lo) * j / 8 for j in range(9)])
    return 1 - quad(density, [q + (hi - q) * j / 8 for j in range(9)])


QUAD_CASES = [
    (1e7, 0.3, 3000000), (1e15, 0.1, 10**14 + 10**7), (1e15, 0.1, 10**14 - 2 * 10**7),
    (1e13, 0.7, 7 * 10**12 + 10**6),
]

CASES = [
    (1e15, 1e-11, 10000), (1e7, 1e-3, 10000), (1e15, 1e-14, 5), (1e15, 1e-14, 60),
    (1e6, 0.5, 502500), (1e6, 0.5, 510000), (10128303, 1e-3, 10000), (10128302, 1e-3, 10000),
    (1e7, 0.3, 3000000), (1e9, 0.1, 100009487), (1e8, 0.01, 970150),
]

if __name__ == "__main__":
    for n, q, k in CASES:
        print(n, q, k, nstr(at_least(n, q, k), 25), nstr(pmf(n, q, k), 25))
    for n, q, k in QUAD_CASES:
        print(n, q, k, nstr(at_least_by_quad(n, q, k), 25), "(quad)")
