//! Special functions the statistical methods need: log-gamma, the regularised
//! incomplete gamma and beta functions and the distributions built on them
//! (chi-square, Student's t).
//!
//! The core takes no numerical dependency (it must stay small for wasm), so
//! these are written out here from the standard published algorithms:
//! Lanczos (1964) for log-gamma and the series / continued-fraction
//! evaluations of Press et al., *Numerical Recipes* (3rd ed., 2007, §6.2, §6.4).
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
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let a = C[1..].iter().enumerate().fold(C[0], |a, (i, c)| a + c / (x + i as f64 + 1.0));
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised lower incomplete gamma P(a, x) and upper Q(a, x) = 1 − P,
/// each evaluated where it is accurate (series for x < a + 1, else Lentz's
/// continued fraction), Numerical Recipes §6.2.
pub(crate) fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    if x <= 0.0 {
        return (0.0, 1.0);
    }
    let front = (-x + a * x.ln() - ln_gamma(a)).exp();
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

/// Regularised incomplete beta I_x(a, b), continued fraction (NR §6.4).
pub(crate) fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let clamp = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / clamp(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..MAX_ITER {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / clamp(1.0 + aa * d);
        c = clamp(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / clamp(1.0 + aa * d);
        c = clamp(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// Two-sided p-value of Student's t statistic with `df` degrees of freedom:
/// P(|T| > |t|) = I_{df/(df+t²)}(df/2, ½).
pub(crate) fn t_two_sided_p(t: f64, df: f64) -> f64 {
    beta_inc(df / 2.0, 0.5, df / (df + t * t))
}

/// The t > 0 with P(|T| > t) = `alpha` for Student's t with `df` degrees of
/// freedom (two-sided critical value), by bisection.
pub(crate) fn t_critical(alpha: f64, df: f64) -> f64 {
    let mut hi = 1.0;
    while t_two_sided_p(hi, df) > alpha {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_two_sided_p(mid, df) > alpha {
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

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from Python 3 scipy.special / scipy.stats (gammaln,
    // gammainc, chi2.ppf, chi2.sf, betainc, t.sf, t.ppf), printed with repr().
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
        close(beta_inc(2.0, 3.0, 0.4), 0.5248);
        close(t_two_sided_p(2.5, 3.0), 0.08770664700806556);
        close(t_critical(0.05, 8.0), 2.306004135204166); // t.ppf(0.975, 8)
        close(t_critical(0.002, 3.0), 10.214531852407383); // t.ppf(0.999, 3)
    }
}
