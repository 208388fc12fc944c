//! Special functions the statistical methods need: log-gamma, the regularised
//! incomplete gamma function and the chi-square distribution built on it.
//!
//! The core takes no numerical dependency (it must stay small for wasm), so
//! these are written out here from the standard published algorithms:
//! Lanczos (1964) for log-gamma and the series / continued-fraction
//! evaluations of Press et al., *Numerical Recipes* (3rd ed., 2007, §6.2).
//! Private to `stats`: callers use the methods, not these building blocks.

const EPS: f64 = 1e-15;
const TINY: f64 = 1e-300;
const MAX_ITER: usize = 10_000;

/// ln Γ(x) for x > 0, Lanczos approximation (g = 7, n = 9), |error| < 1e-14.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return libm::log(std::f64::consts::PI / libm::sin(std::f64::consts::PI * x)) - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let a = C[1..].iter().enumerate().fold(C[0], |a, (i, c)| a + c / (x + i as f64 + 1.0));
    let t = x + 7.5;
    0.5 * libm::log(2.0 * std::f64::consts::PI) + (x + 0.5) * libm::log(t) - t + libm::log(a)
}

/// Regularised lower incomplete gamma P(a, x) and upper Q(a, x) = 1 − P,
/// each evaluated where it is accurate (series for x < a + 1, else Lentz's
/// continued fraction), Numerical Recipes §6.2.
pub(crate) fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    let front = libm::exp(-x + a * libm::log(x) - ln_gamma(a));
    if x < a + 1.0 {
        let (mut ap, mut del) = (a, 1.0 / a);
        let mut sum = del;
        for _ in 0..MAX_ITER {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * EPS {
                break;
            }
        }
        let p = (sum * front).min(1.0);
        (p, 1.0 - p)
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..MAX_ITER {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            d = if d.abs() < TINY { TINY } else { d };
            c = b + an / c;
            c = if c.abs() < TINY { TINY } else { c };
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < EPS {
                break;
            }
        }
        let q = (front * h).min(1.0);
        (1.0 - q, q)
    }
}

/// The x with P(a, x) = p, by bisection on a bracket that doubles until it
/// holds the root (monotone, so always converges; about 1e-15 relative).
pub(crate) fn gamma_p_inv(a: f64, p: f64) -> f64 {
    if p <= 0.0 {
        return 0.0;
    }
    let mut hi = a.max(1.0);
    while gamma_pq(a, hi).0 < p {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if gamma_pq(a, mid).0 < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= hi * 1e-15 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Quantile of the chi-square distribution with `df` degrees of freedom.
pub(crate) fn chi2_quantile(p: f64, df: f64) -> f64 {
    2.0 * gamma_p_inv(df / 2.0, p)
}

/// Upper tail of the chi-square distribution: P(X > x).
pub(crate) fn chi2_sf(x: f64, df: f64) -> f64 {
    gamma_pq(df / 2.0, x / 2.0).1
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from Python 3 scipy.special / scipy.stats (gammaln,
    // gammainc, chi2.ppf, chi2.sf), printed with repr().
    #[test]
    fn matches_scipy() {
        let close = |a: f64, b: f64| assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
        close(ln_gamma(0.5), 0.5723649429247); // gammaln(0.5) = ln √π
        close(ln_gamma(10.0), 12.801827480081469); // gammaln(10) = ln 9!
        close(ln_gamma(0.1), 2.252712651734206);
        close(gamma_pq(3.0, 2.0).0, 0.32332358381693654);
        close(gamma_pq(3.0, 10.0).1, 0.0027693957155115775);
        close(chi2_quantile(0.025, 10.0), 3.2469727802368413);
        close(chi2_quantile(0.999, 2.0), 13.815510557964274);
        close(chi2_sf(3.841458820694124, 1.0), 0.05);
    }
}
