#!/usr/bin/python3
"""fit_tanh.py - the polynomial coefficients of mlp.h's tanh (>>activation).

Usage: /usr/bin/python3 tools/fit_tanh.py     (about 10 s; needs numpy and mpmath:
       apt-get install --no-install-recommends python3-numpy python3-mpmath)
Prints the coefficients as C literals, and the constants of the reduction
y = n ln 2 + r (log2 e, and ln 2 split in two parts).

mlp.h computes tanh |z| in two ways, and each needs one polynomial per
precision (float and double):

  small |z| = x < T:  tanh x = x + x^3 P(x^2)
                      P(s) approximates f(s) = (tanh x - x) / x^3,  s = x^2 in [0, T^2]
  larger x:           tanh x = 1 - 2 / (e^(2x) + 1), with e^y = 2^n e^r and
                      e^r = 1 + r + r^2 Q(r)
                      Q(r) approximates g(r) = (e^r - 1 - r) / r^2,  r in [-R, R]

What matters is the relative error of the final result, so each fit minimizes
the largest weighted error w |poly - target| with the weight that turns an
error in the polynomial into a relative error of the result:

  P: x^3 (P - f) / tanh x   ->  w(s) = x^3 / tanh x
  Q: r^2 (Q - g) / e^r      ->  w(r) = r^2 / e^r

The fit is Lawson's algorithm: weighted least squares on a grid (Chebyshev
points, denser at the ends), where each round multiplies the weight of every
point by its current error, so that the weights gather where the error is
largest and the result tends to the minimax (equal-ripple) polynomial.
Everything is computed with mpmath at 50 digits: f and g lose most of their
digits to cancellation in double, and the least squares need more than 16
digits to get the 16th digit of a coefficient right. The coefficients are
then rounded to the target precision (numpy's float32 for float).

The printed error is that of the polynomial with its coefficients rounded to
the target precision, evaluated exactly (mpmath), in ulps of the result
(2^-24 for float, 2^-53 for double, for results in [1/2, 1)); it does not
include the rounding of the arithmetic, which tools/tanh_accuracy.c measures.
"""
import mpmath
import numpy as np

mpmath.mp.dps = 50

T = 0.55        # the switch point: tanh(0.5493...) = 1/2, see mlp.h
R = 0.35        # |r| <= ln(2)/2 = 0.3466 plus the rounding of n


def f_tanh(s):
    x = mpmath.sqrt(s)
    if s == 0:
        return mpmath.mpf(-1) / 3
    return (mpmath.tanh(x) - x) / x**3


def w_tanh(s):
    x = mpmath.sqrt(s)
    return x**2 if s == 0 else x**3 / mpmath.tanh(x)


def g_exp(r):
    if r == 0:
        return mpmath.mpf(1) / 2
    return (mpmath.exp(r) - 1 - r) / r**2


def w_exp(r):
    return r**2 / mpmath.exp(r)


def lawson(t, target, weight, degree, rounds=40):
    """Near-minimax weighted polynomial fit: coefficients c[0..degree] (c[0] first)."""
    hi = max(abs(v) for v in t)
    # the variable scaled to [-1, 1] (or [0, 1]) keeps the least squares well conditioned
    rows = [[(v / hi) ** k for k in range(degree + 1)] for v in t]
    lw = [mpmath.mpf(1)] * len(t)
    for _ in range(rounds):
        sw = [mpmath.sqrt(a) * b for a, b in zip(lw, weight)]
        A = mpmath.matrix([[c * s for c in row] for row, s in zip(rows, sw)])
        b = mpmath.matrix([y * s for y, s in zip(target, sw)])
        a, _ = mpmath.qr_solve(A, b)
        err = [abs(sum(c * r for c, r in zip(a, row)) - y) * w for row, y, w in zip(rows, target, weight)]
        lw = [x * e for x, e in zip(lw, err)]
        total = sum(lw)
        lw = [x / total for x in lw]
    return [a[k] / hi**k for k in range(degree + 1)]


def round_to(c, prec):
    return [float(np.float32(float(v))) if prec == "float" else float(v) for v in c]


def horner(c, t):
    p = mpmath.mpf(c[-1])
    for v in reversed(c[:-1]):
        p = p * t + mpmath.mpf(v)
    return p


def max_ulps_tanh(c, prec, npts=4000):
    ulp_half = mpmath.mpf(2) ** (-24 if prec == "float" else -53)
    worst = 0
    for i in range(1, npts + 1):
        x = mpmath.mpf(T) * i / npts
        exact = mpmath.tanh(x)
        approx = x + x**3 * horner(c, x * x)
        # ulp of the result: 2^(e - p) for results in [2^e, 2^(e+1))
        e = mpmath.floor(mpmath.log(exact, 2))
        ulp = ulp_half * 2 ** (e + 1)
        worst = max(worst, abs(approx - exact) / ulp)
    return float(worst)


def max_ulps_exp(c, prec, npts=4000):
    eps = mpmath.mpf(2) ** (-23 if prec == "float" else -52)
    worst = 0
    for i in range(-npts, npts + 1):
        r = mpmath.mpf(R) * i / npts
        exact = mpmath.exp(r)
        approx = 1 + r + r * r * horner(c, r)
        e = mpmath.floor(mpmath.log(exact, 2))
        worst = max(worst, abs(approx - exact) / (eps * 2**e))
    return float(worst)


def fit(prec, p_degree, q_degree, npts=200):
    # grids denser near the ends (Chebyshev points), where the error peaks;
    # without the points t = 0, whose weight is 0
    cheb = [(1 - mpmath.cos(mpmath.pi * (i + 0.5) / npts)) / 2 for i in range(npts)]
    s = [mpmath.mpf(T) ** 2 * c for c in cheb]
    cp = round_to(lawson(s, [f_tanh(v) for v in s], [w_tanh(v) for v in s], p_degree), prec)
    r = [mpmath.mpf(R) * (2 * c - 1) for c in cheb]
    cq = round_to(lawson(r, [g_exp(v) for v in r], [w_exp(v) for v in r], q_degree), prec)
    return cp, cq


def c_literal(v, prec):
    return ("%.9g" % v) + "f" if prec == "float" else "%.17g" % v


def reduction_constants(prec):
    """log2(e), and ln 2 = ln2_hi + ln2_lo with ln2_hi a multiple of 2^-16
    (float) or 2^-32 (double): with n < 64, n ln2_hi then fits in 22 (float)
    or 38 (double) bits and is exact."""
    ln2 = mpmath.log(2)
    bits = 16 if prec == "float" else 32
    hi = mpmath.floor(ln2 * 2**bits + mpmath.mpf(1) / 2) / 2**bits
    cast = (lambda v: float(np.float32(float(v)))) if prec == "float" else float
    return cast(1 / ln2), cast(hi), cast(ln2 - hi)


def main():
    # Degrees: the smallest for which the polynomial's own error is a small
    # fraction of an ulp, so that the rounding of the arithmetic dominates.
    for prec, pd, qd in (("float", 4, 4), ("double", 10, 9)):
        cp, cq = fit(prec, pd, qd)
        print("/* %s: P of degree %d in s = x^2 (max error %.3f ulp of tanh on [0, %g]),"
              % (prec, pd, max_ulps_tanh(cp, prec), T))
        print("   Q of degree %d in r (max error %.3f ulp of e^r on [-%g, %g]) */"
              % (qd, max_ulps_exp(cq, prec), R, R))
        for k, v in enumerate(cp):
            print("p%d = %s" % (k, c_literal(v, prec)))
        for k, v in enumerate(cq):
            print("q%d = %s" % (k, c_literal(v, prec)))
        log2e, hi, lo = reduction_constants(prec)
        print("log2e = %s\nln2_hi = %r\nln2_lo = %s" % (c_literal(log2e, prec), hi, c_literal(lo, prec)))
        print()


if __name__ == "__main__":
    main()
