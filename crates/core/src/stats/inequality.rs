//! Inequality between deprivation groups: the simple gap between the most and
//! least deprived, and the Slope and Relative Index of Inequality, which use
//! every group and its population rather than only the two extremes.
//!
//! Method: Low & Low (2004), "Measuring the gap: quantifying and comparing
//! local health inequalities", J Public Health 26:388–395, as in the PHE
//! technical guide *Slope Index of Inequality* and PHEindicatormethods
//! `phe_sii`. Groups are ranked from most deprived (x = 0) to least deprived
//! (x = 1) by the midpoint of their cumulative population share, and the value
//! is regressed on that rank by population-weighted least squares. The SII is
//! the slope: the modelled difference least − most deprived.
//!
//! Confidence limits: PHE simulates from each group's own confidence interval,
//! which is random. healthdash uses instead the analytic standard error of the
//! weighted regression slope with a Student t quantile on k − 2 degrees of
//! freedom (the usual WLS interval, e.g. statsmodels `WLS.conf_int`). It is
//! deterministic; it reflects scatter about the line, not the sampling error
//! within each group.

use super::ci::{Level, Limits};
use super::special::t_critical;

/// One deprivation group (decile, quintile …): its value and population.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    pub value: f64,
    pub population: f64,
}

/// The gap between the least and the most deprived group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap {
    /// least deprived − most deprived (same sign convention as the SII).
    pub absolute: f64,
    /// least deprived ÷ most deprived; None when the most deprived value is 0.
    pub relative: Option<f64>,
}

/// Absolute and relative gap; `groups` ordered most deprived first. Range
/// difference and rate ratio (Mackenbach & Kunst (1997), Soc Sci Med
/// 44:757–771). None with fewer than two groups or a NaN end value.
pub fn gap(groups: &[Group]) -> Option<Gap> {
    let (most, least) = (groups.first()?.value, groups.last()?.value);
    if groups.len() < 2 || !most.is_finite() || !least.is_finite() {
        return None;
    }
    Some(Gap { absolute: least - most, relative: (most != 0.0).then(|| least / most) })
}

/// Slope and Relative Index of Inequality with confidence limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeIndex {
    pub sii: f64,
    pub sii_limits: Limits,
    /// Standard error of the SII (weighted regression, residual scale).
    pub se: f64,
    /// Population-weighted mean of the group values.
    pub weighted_mean: f64,
    /// SII ÷ weighted mean (Low & Low 2004); None when the mean is 0.
    pub rii: Option<f64>,
    /// SII limits ÷ weighted mean (the mean treated as fixed).
    pub rii_limits: Option<Limits>,
}

/// SII and RII of `groups`, ordered most deprived first (see module docs for
/// the method: Low & Low 2004; PHE *Slope Index of Inequality* guidance).
///
/// Note PHEindicatormethods' own RII is (Y₀ + SII) / Y₀, the ratio of the
/// fitted ends; here RII = SII / population-weighted mean, Low & Low's
/// definition. None with fewer than three groups, a non-positive population
/// or a NaN value.
pub fn slope_index(groups: &[Group], level: Level) -> Option<SlopeIndex> {
    let k = groups.len();
    let total: f64 = groups.iter().map(|g| g.population).sum();
    if k < 3 || groups.iter().any(|g| !(g.population > 0.0 && g.population.is_finite() && g.value.is_finite())) {
        return None;
    }
    let mut cum = 0.0;
    let pts: Vec<(f64, f64, f64)> = groups
        .iter()
        .map(|g| {
            let w = g.population / total;
            let x = cum + w / 2.0;
            cum += w;
            (w, x, g.value)
        })
        .collect();
    let x_bar: f64 = pts.iter().map(|&(w, x, _)| w * x).sum();
    let y_bar: f64 = pts.iter().map(|&(w, _, y)| w * y).sum();
    let sxx: f64 = pts.iter().map(|&(w, x, _)| w * (x - x_bar).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|&(w, x, y)| w * (x - x_bar) * (y - y_bar)).sum();
    let sii = sxy / sxx;
    let intercept = y_bar - sii * x_bar;
    let rss: f64 = pts.iter().map(|&(w, x, y)| w * (y - intercept - sii * x).powi(2)).sum();
    let se = (rss / (k - 2) as f64 / sxx).sqrt();
    let half = t_critical(level.alpha(), (k - 2) as f64) * se;
    let sii_limits = Limits { lower: sii - half, upper: sii + half };
    let (rii, rii_limits) = if y_bar != 0.0 {
        let (a, b) = (sii_limits.lower / y_bar, sii_limits.upper / y_bar);
        (Some(sii / y_bar), Some(Limits { lower: a.min(b), upper: a.max(b) }))
    } else {
        (None, None)
    };
    Some(SlopeIndex { sii, sii_limits, se, weighted_mean: y_bar, rii, rii_limits })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn groups(pop: &[f64], val: &[f64]) -> Vec<Group> {
        pop.iter().zip(val).map(|(&population, &value)| Group { value, population }).collect()
    }

    // Data: "Area1" of the phe_sii example in PHEindicatormethods (life expectancy by
    // decile). Expected: statsmodels WLS(val, [1, x], weights=pop).fit() — params[1],
    // bse[1], conf_int(0.05) and conf_int(0.002); mean = numpy.average(val, weights=pop).
    #[test]
    fn matches_statsmodels_wls_on_the_phe_example() {
        let pop = [7291.0, 7997.0, 6105.0, 7666.0, 5790.0, 6934.0, 5918.0, 5974.0, 7147.0, 7534.0];
        let val = [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3];
        let g = groups(&pop, &val);
        let s = slope_index(&g, Level::P95).unwrap();
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        close(s.sii, 7.000234760079877);
        close(s.se, 2.706672390206926);
        close(s.sii_limits.lower, 0.7586370356197625);
        close(s.sii_limits.upper, 13.24183248453999);
        close(s.weighted_mean, 81.53219614956991);
        close(s.rii.unwrap(), 0.0858585330786138);
        close(s.rii_limits.unwrap().lower, 0.009304754090372486);
        close(s.rii_limits.unwrap().upper, 0.1624123120668551);
        let s = slope_index(&g, Level::P998).unwrap();
        close(s.sii_limits.lower, -5.181931794323777);
        close(s.sii_limits.upper, 19.18240131448353);
    }

    // Mortality rate per 100 000 by quintile (made-up), statsmodels WLS as above:
    // SII −253.86927013583116, 95% CI −299.6104549964959 to −208.12808527516643.
    #[test]
    fn falling_gradient_gives_negative_sii_and_gap() {
        let g = groups(&[52000.0, 50500.0, 49800.0, 51200.0, 48700.0], &[612.0, 540.0, 498.0, 455.0, 401.0]);
        let s = slope_index(&g, Level::P95).unwrap();
        assert!((s.sii + 253.86927013583116).abs() < 1e-8);
        assert!((s.sii_limits.lower + 299.6104549964959).abs() < 1e-8);
        assert!((s.sii_limits.upper + 208.12808527516643).abs() < 1e-8);
        let gp = gap(&g).unwrap();
        assert_eq!(gp.absolute, 401.0 - 612.0);
        assert!((gp.relative.unwrap() - 401.0 / 612.0).abs() < 1e-15);
        assert_eq!(slope_index(&g[..2], Level::P95), None);
        assert_eq!(slope_index(&groups(&[1.0, 0.0, 1.0], &[1.0, 2.0, 3.0]), Level::P95), None);
    }

    proptest! {
        #[test]
        fn limits_bracket_sii_and_signs_agree(pops in prop::collection::vec(1.0f64..1e5, 3..12), start in -100.0f64..100.0, steps in prop::collection::vec(0.01f64..10.0, 12)) {
            let mut v = start;
            let g: Vec<Group> = pops.iter().zip(&steps).map(|(&population, s)| { v += s; Group { value: v, population } }).collect();
            let s = slope_index(&g, Level::P95).unwrap();
            prop_assert!(s.sii_limits.lower <= s.sii && s.sii <= s.sii_limits.upper);
            // values rise from most to least deprived: the SII and the gap are both positive
            prop_assert!(s.sii > 0.0 && gap(&g).unwrap().absolute > 0.0);
        }
    }
}
