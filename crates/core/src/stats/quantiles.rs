//! Quantiles, percentile ranks and ranks: where one organisation sits among
//! its peers, and the peer medians and best quartiles that targets come from.
//!
//! One quantile definition is used everywhere so that a median shown in a
//! table, a box plot and an opportunity target always agree: Hyndman & Fan
//! (1996) type 7, linear interpolation between order statistics — the default
//! of R `quantile`, numpy `quantile` and spreadsheet `PERCENTILE.INC`, and the
//! definition Fingertips uses for its quartile and quintile bands. Missing
//! values (NaN) are ignored throughout.

use crate::bundle::Polarity;

/// Sorted copy of the finite values.
pub(crate) fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Quantile `p` (0 ≤ p ≤ 1) of already sorted finite values, type 7:
/// h = (n − 1)p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
pub(crate) fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Quantile `p` (0 ≤ p ≤ 1) of `values`, ignoring NaN.
///
/// Hyndman & Fan (1996), "Sample quantiles in statistical packages", The
/// American Statistician 50:361–365, definition 7. None when there are no
/// finite values or p is outside 0..=1.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    quantile_sorted(&sorted_finite(values), p)
}

/// Median (Hyndman & Fan type 7 at p = 0.5, the usual median).
pub fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// Lower quartile, median and upper quartile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quartiles {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

/// Quartiles by Hyndman & Fan (1996) type 7.
pub fn quartiles(values: &[f64]) -> Option<Quartiles> {
    let s = sorted_finite(values);
    Some(Quartiles { q1: quantile_sorted(&s, 0.25)?, median: quantile_sorted(&s, 0.5)?, q3: quantile_sorted(&s, 0.75)? })
}

/// The nine deciles (10th … 90th percentiles), Hyndman & Fan (1996) type 7.
pub fn deciles(values: &[f64]) -> Option<[f64; 9]> {
    let s = sorted_finite(values);
    let mut out = [0.0; 9];
    for (i, d) in out.iter_mut().enumerate() {
        *d = quantile_sorted(&s, (i + 1) as f64 / 10.0)?;
    }
    Some(out)
}

/// Percentile rank of `value` among `values`, 0–100, where 100 is best.
///
/// The "mean" percentile rank of scipy `percentileofscore(kind="mean")`
/// (Roscoe 1975, *Fundamental Research Statistics*; the midpoint convention):
/// 100 × (number worse + ½ × number equal) / n. "Worse" is lower for
/// higher-is-better and higher for lower-is-better; with polarity Neither a
/// higher value ranks higher. None when `value` is NaN or there are no values.
pub fn percentile_rank(value: f64, values: &[f64], polarity: Polarity) -> Option<f64> {
    let (worse, equal, n) = tally(value, values, polarity)?;
    Some(100.0 * (worse as f64 + 0.5 * equal as f64) / n as f64)
}

/// Rank of `value` among `values` (which should include it): 1 is best, ties
/// share the best rank ("1224" standard competition ranking), out of n.
/// With polarity Neither, rank 1 is the highest value. Returns (rank, n).
pub fn rank_of(value: f64, values: &[f64], polarity: Polarity) -> Option<(usize, usize)> {
    let (worse, equal, n) = tally(value, values, polarity)?;
    Some((n - worse - equal + 1, n))
}

/// (number of values worse than `value`, number equal, number of finite values).
fn tally(value: f64, values: &[f64], polarity: Polarity) -> Option<(usize, usize, usize)> {
    if !value.is_finite() {
        return None;
    }
    let finite = values.iter().filter(|x| x.is_finite());
    let (mut worse, mut equal, mut n) = (0, 0, 0);
    for &x in finite {
        n += 1;
        if x == value {
            equal += 1;
        } else if (x < value) != (polarity == Polarity::LowerIsBetter) {
            worse += 1;
        }
    }
    (n > 0).then_some((worse, equal, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DATA: [f64; 10] = [3.2, 7.5, 1.0, 9.9, 4.4, 4.4, 12.0, 0.5, 6.1, 8.0];

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    // numpy.quantile(DATA, p) (default method "linear" = type 7), printed with repr().
    #[test]
    fn quantiles_match_numpy() {
        close(quantile(&DATA, 0.0).unwrap(), 0.5);
        close(quantile(&DATA, 1.0).unwrap(), 12.0);
        close(median(&DATA).unwrap(), 5.25);
        let q = quartiles(&DATA).unwrap();
        close(q.q1, 3.5);
        close(q.q3, 7.875);
        let d = deciles(&DATA).unwrap();
        let numpy = [0.95, 2.76, 4.04, 4.4, 5.25, 6.66, 7.65, 8.38, 10.11];
        for (got, want) in d.iter().zip(numpy) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        close(quantile(&[f64::NAN, 2.0, 4.0], 0.5).unwrap(), 3.0);
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&DATA, 1.5), None);
    }

    // Fingertips QuintilesCalculatorTest (fingertips-open): values 1..=50 give
    // quintile bounds 10.8, 20.6, 30.4, 40.2 with the same percentile definition.
    #[test]
    fn fingertips_quintile_bounds() {
        let v: Vec<f64> = (1..=50).map(f64::from).collect();
        for (p, want) in [(0.2, 10.8), (0.4, 20.6), (0.6, 30.4), (0.8, 40.2)] {
            assert!((quantile(&v, p).unwrap() - want).abs() < 1e-9);
        }
    }

    // scipy.stats.percentileofscore(DATA, x, kind="mean"); lower-is-better is 100 minus it.
    #[test]
    fn percentile_rank_matches_scipy() {
        close(percentile_rank(4.4, &DATA, Polarity::HigherIsBetter).unwrap(), 40.0);
        close(percentile_rank(12.0, &DATA, Polarity::HigherIsBetter).unwrap(), 95.0);
        close(percentile_rank(5.0, &DATA, Polarity::Neither).unwrap(), 50.0);
        close(percentile_rank(12.0, &DATA, Polarity::LowerIsBetter).unwrap(), 5.0);
        assert_eq!(percentile_rank(f64::NAN, &DATA, Polarity::Neither), None);
    }

    // Hand-ranked: sorted descending 12, 9.9, 8, 7.5, 6.1, 4.4, 4.4, 3.2, 1, 0.5.
    #[test]
    fn ranks_are_competition_ranks_best_first() {
        assert_eq!(rank_of(12.0, &DATA, Polarity::HigherIsBetter), Some((1, 10)));
        assert_eq!(rank_of(4.4, &DATA, Polarity::HigherIsBetter), Some((6, 10)));
        assert_eq!(rank_of(4.4, &DATA, Polarity::LowerIsBetter), Some((4, 10)));
        assert_eq!(rank_of(0.5, &DATA, Polarity::LowerIsBetter), Some((1, 10)));
    }

    proptest! {
        #[test]
        fn percentile_rank_is_within_0_100_and_mirrors(v in prop::collection::vec(-1e6f64..1e6, 1..50), i in 0usize..50) {
            let x = v[i % v.len()];
            let hi = percentile_rank(x, &v, Polarity::HigherIsBetter).unwrap();
            let lo = percentile_rank(x, &v, Polarity::LowerIsBetter).unwrap();
            prop_assert!((0.0..=100.0).contains(&hi) && (0.0..=100.0).contains(&lo));
            prop_assert!((hi + lo - 100.0).abs() < 1e-9);
            let (r, n) = rank_of(x, &v, Polarity::HigherIsBetter).unwrap();
            prop_assert!(1 <= r && r <= n && n == v.len());
        }

        #[test]
        fn quantiles_are_monotone_and_within_range(v in prop::collection::vec(-1e6f64..1e6, 1..50), a in 0.0f64..=1.0, b in 0.0f64..=1.0) {
            let (p, q) = if a <= b { (a, b) } else { (b, a) };
            let (qp, qq) = (quantile(&v, p).unwrap(), quantile(&v, q).unwrap());
            let s = sorted_finite(&v);
            prop_assert!(s[0] <= qp && qp <= qq + 1e-9 && qq <= s[s.len() - 1]);
        }
    }
}
