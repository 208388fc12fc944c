//! Inequality between deprivation groups: the simple gap between the most and
//! least deprived, and the Slope and Relative Index of Inequality, which use
//! every group and its population rather than only the two extremes.
//!
//! Method: Low & Low (2004), "Measuring the gap: quantifying and comparing
//! local health inequalities", J Public Health 26:388–395, as OHID defines it
//! in the *Slope Index of Inequality* technical guidance and its reference
//! implementation PHEindicatormethods `phe_sii` (with `transform = FALSE`, its
//! default). Groups are ranked from most deprived (x = 0) to least deprived
//! (x = 1) by the midpoint of their cumulative population share, and the value
//! is regressed on that rank by population-weighted least squares. The SII is
//! the slope: the modelled difference least − most deprived. The RII is the
//! ratio of the fitted ends, (Y₀ + SII) / Y₀ with Y₀ the fitted value at x = 0
//! (the most deprived end): below 1 when the least deprived have lower values.
//!
//! Confidence limits by OHID's simulation (`phe_sii`, `SimulationFunc`): each
//! group's value is drawn from a normal distribution centred on it with the
//! standard error implied by its own 95% limits, se = (upper − lower) / (2 ×
//! 1.959964) — on the log scale for rates and the logit scale for proportions,
//! then transformed back —, the line refitted, and the 2.5th and 97.5th
//! percentiles of the [`SII_DRAWS`] simulated SIIs (and RIIs) taken, at
//! positions round(0.025 × draws) and round(0.975 × draws) as the package does.
//! The draws come from a fixed seed ([`SII_SEED`], `stats::sampling`), so the
//! limits are the same on every run.

use super::ci::Limits;
use super::sampling::SplitMix64;

/// Simulated refits per SII, `phe_sii`'s default `repetitions`.
pub const SII_DRAWS: usize = 100_000;
/// The simulation's fixed seed.
pub const SII_SEED: u64 = 19;

/// One deprivation group (decile, quintile …): its value, population and its
/// own 95% confidence limits (needed only for the SII's limits).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Group {
    pub value: f64,
    pub population: f64,
    pub limits_95: Option<Limits>,
}

/// The scale a group's uncertainty is simulated on (`phe_sii`'s `value_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiiScale {
    /// value_type 0: normal on the value's own scale (e.g. life expectancy).
    Normal,
    /// value_type 1, rates: normal on ln(value).
    Log,
    /// value_type 2, proportions (on 0..1): normal on logit(value).
    Logit,
}

impl SiiScale {
    fn forward(self, v: f64) -> f64 {
        match self {
            SiiScale::Normal => v,
            SiiScale::Log => libm::log(v),
            SiiScale::Logit => libm::log(v / (1.0 - v)),
        }
    }

    fn back(self, t: f64) -> f64 {
        match self {
            SiiScale::Normal => t,
            SiiScale::Log => libm::exp(t),
            SiiScale::Logit => 1.0 / (1.0 + libm::exp(-t)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SiiScale::Normal => "normal",
            SiiScale::Log => "log",
            SiiScale::Logit => "logit",
        }
    }
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

/// The weighted regression of a set of groups: x midpoints, weights and the
/// coefficients turning values into the slope and intercept.
struct Design {
    weights: Vec<f64>,
    /// slope = Σ slope_coef · y.
    slope_coef: Vec<f64>,
    x_bar: f64,
}

impl Design {
    fn new(groups: &[Group]) -> Option<Design> {
        if groups.len() < 3 || groups.iter().any(|g| !(g.population > 0.0 && g.population.is_finite() && g.value.is_finite())) {
            return None;
        }
        let total: f64 = groups.iter().map(|g| g.population).sum();
        let mut cum = 0.0;
        let (weights, x): (Vec<f64>, Vec<f64>) = groups
            .iter()
            .map(|g| {
                let w = g.population / total;
                let x = cum + w / 2.0;
                cum += w;
                (w, x)
            })
            .unzip();
        let x_bar: f64 = weights.iter().zip(&x).map(|(w, x)| w * x).sum();
        let sxx: f64 = weights.iter().zip(&x).map(|(w, x)| w * (x - x_bar).powi(2)).sum();
        let slope_coef = weights.iter().zip(&x).map(|(w, x)| w * (x - x_bar) / sxx).collect();
        Some(Design { weights, slope_coef, x_bar })
    }

    /// (slope, intercept at x = 0, weighted mean) of values `y`.
    fn fit(&self, y: impl Iterator<Item = f64> + Clone) -> (f64, f64, f64) {
        let slope: f64 = self.slope_coef.iter().zip(y.clone()).map(|(c, y)| c * y).sum();
        let mean: f64 = self.weights.iter().zip(y).map(|(w, y)| w * y).sum();
        (slope, mean - slope * self.x_bar, mean)
    }
}

/// Slope and Relative Index of Inequality (point estimates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeIndex {
    /// Fitted least − most deprived.
    pub sii: f64,
    /// The fitted value at x = 0, the most deprived end (Y₀).
    pub intercept: f64,
    /// Population-weighted mean of the group values (the fitted value at x = ½).
    pub weighted_mean: f64,
    /// (Y₀ + SII) / Y₀, `phe_sii`'s RII; None when Y₀ is 0.
    pub rii: Option<f64>,
}

/// SII and RII of `groups`, ordered most deprived first (module docs: Low &
/// Low 2004; OHID `phe_sii`). None with fewer than three groups, a
/// non-positive population or a NaN value.
pub fn slope_index(groups: &[Group]) -> Option<SlopeIndex> {
    let d = Design::new(groups)?;
    let (sii, intercept, weighted_mean) = d.fit(groups.iter().map(|g| g.value));
    Some(SlopeIndex { sii, intercept, weighted_mean, rii: (intercept != 0.0).then(|| (intercept + sii) / intercept) })
}

/// Simulated confidence limits of the SII and RII.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeLimits {
    pub sii: Limits,
    pub rii: Limits,
    pub scale: SiiScale,
    pub draws: usize,
}

/// The SII's and RII's limits at `confidence` (e.g. 0.95) by OHID's simulation
/// (module docs), `draws` refits from seed `seed`. None when the SII is, when a
/// group has no limits, when a value or limit is outside the scale (≤ 0 for
/// log, outside (0, 1) for logit), or with fewer than 40 draws.
pub fn slope_limits(groups: &[Group], scale: SiiScale, confidence: f64, draws: usize, seed: u64) -> Option<SlopeLimits> {
    let d = Design::new(groups)?;
    let inside = |v: f64| match scale {
        SiiScale::Normal => v.is_finite(),
        SiiScale::Log => v > 0.0 && v.is_finite(),
        SiiScale::Logit => v > 0.0 && v < 1.0,
    };
    let z = 1.959963984540054; // the groups' limits are 95% (phe_sii hard-codes qnorm(0.975))
    let params: Vec<(f64, f64)> = groups
        .iter()
        .map(|g| {
            let l = g.limits_95?;
            (inside(g.value) && inside(l.lower) && inside(l.upper) && l.upper >= l.lower)
                .then(|| (scale.forward(g.value), (scale.forward(l.upper) - scale.forward(l.lower)) / (2.0 * z)))
        })
        .collect::<Option<_>>()?;
    if draws < 40 || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let mut spare: Option<f64> = None;
    let mut normal = || match spare.take() {
        Some(n) => n,
        None => {
            let (a, b) = rng.normal_pair();
            spare = Some(b);
            a
        }
    };
    let mut y = vec![0.0; params.len()];
    let (mut siis, mut riis) = (Vec::with_capacity(draws), Vec::with_capacity(draws));
    for _ in 0..draws {
        for (yi, &(m, se)) in y.iter_mut().zip(&params) {
            *yi = scale.back(m + se * normal());
        }
        let (slope, intercept, _) = d.fit(y.iter().copied());
        siis.push(slope);
        riis.push((intercept + slope) / intercept);
    }
    let tail = (1.0 - confidence) / 2.0;
    let (lo, hi) = (((draws as f64 * tail).round() as usize).max(1) - 1, ((draws as f64 * (1.0 - tail)).round() as usize).min(draws) - 1);
    let pick = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        Limits { lower: v[lo], upper: v[hi] }
    };
    Some(SlopeLimits { sii: pick(&mut siis), rii: pick(&mut riis), scale, draws })
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // published figures, quoted as the package prints them
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Row = (f64, f64, f64, f64); // population, value, lower 95%, upper 95%

    fn groups(rows: &[Row]) -> Vec<Group> {
        rows.iter().map(|&(population, value, lower, upper)| Group { value, population, limits_95: Some(Limits { lower, upper }) }).collect()
    }

    fn near(got: f64, want: f64, rel: f64) {
        assert!((got - want).abs() <= rel * want.abs(), "{got} vs {want}");
    }

    // PHEindicatormethods tests/testthat/testdata_SII.xlsx, records 1–10 ("default (e.g. life
    // expectancy)", area1, value_type 0): SII 6.9346164736688189, RII 1.0888180804446217, 95%
    // limits SII 3.1275946176508169 … 10.7586873680794, RII 1.0383690591642838 … 1.1412993360251238.
    // The point estimates are deterministic; the limits are simulated (R's generator there, ours
    // here), so they agree to Monte Carlo error: within 2% (the package's own tests allow 5%).
    const AREA1: [Row; 10] = [
        (7291.0, 75.933459010308098, 72.722053054645301, 79.144864965970797),
        (7997.0, 78.344238272784295, 75.250980219080205, 81.4374963264884),
        (6105.0, 83.836063104165405, 80.869729512475899, 86.802396695854895),
        (7666.0, 83.637539966493094, 80.157578356035998, 87.117501576950104),
        (5790.0, 80.465503152955904, 77.130878596927502, 83.800127708984206),
        (6934.0, 81.115675985702197, 78.049998681117799, 84.181353290286594),
        (5918.0, 81.693083571856207, 79.011578491948001, 84.374588651764398),
        (5974.0, 84.190006206098701, 81.445728276934304, 86.934284135263098),
        (7147.0, 80.595564108147201, 75.827185168894005, 85.363943047400397),
        (7534.0, 86.289434957862397, 83.2190593454592, 89.359810570265594),
    ];

    #[test]
    fn life_expectancy_matches_phe_sii() {
        let g = groups(&AREA1);
        let s = slope_index(&g).unwrap();
        near(s.sii, 6.9346164736688189, 1e-12);
        near(s.rii.unwrap(), 1.0888180804446217, 1e-12);
        let l = slope_limits(&g, SiiScale::Normal, 0.95, SII_DRAWS, SII_SEED).unwrap();
        near(l.sii.lower, 3.1275946176508169, 0.02);
        near(l.sii.upper, 10.7586873680794, 0.02);
        near(l.rii.lower, 1.0383690591642838, 0.002);
        near(l.rii.upper, 1.1412993360251238, 0.002);
        // Records 21–30, the same data at 99%: 1.9243274437391116 … 11.99208403800279.
        let l = slope_limits(&g, SiiScale::Normal, 0.99, SII_DRAWS, SII_SEED).unwrap();
        near(l.sii.lower, 1.9243274437391116, 0.04);
        near(l.sii.upper, 11.99208403800279, 0.02);
        // Fixed seed: the same limits every run.
        assert_eq!(slope_limits(&g, SiiScale::Normal, 0.99, SII_DRAWS, SII_SEED), Some(l));
    }

    // testdata_SII.xlsx records 71–80 ("rate (e.g. infant mortality)", area1, value_type 1, limits
    // supplied): SII −3.2752012326471758, RII 0.40600068953980034, limits SII −3.5868233016744155 …
    // −2.9653170017272723, RII 0.36888170199068804 … 0.44624776652446996.
    #[test]
    fn rates_are_simulated_on_the_log_scale_as_phe_sii() {
        let g = groups(&[
            (279012.0, 5.8922196894757208, 5.6149596624107483, 6.1830853575761537),
            (255993.0, 4.7345044591063035, 4.4759207707810038, 5.0079519402470885),
            (236961.0, 3.827634083245766, 3.5869260554450242, 4.0844291026854505),
            (214315.0, 3.8681380211371112, 3.6140791140579505, 4.1399822998098585),
            (192812.0, 3.6771570234217785, 3.4166969870147965, 3.9573934822289045),
            (183546.0, 3.1436261209723995, 2.8977176350029272, 3.4103317188858107),
            (168593.0, 3.1258711808912585, 2.8704938092859789, 3.4038909874130083),
            (164822.0, 2.9425683464586041, 2.6924041297904315, 3.2159015715579464),
            (154836.0, 2.8287995039913199, 2.5763057378752698, 3.1059621495836955),
            (138165.0, 2.7648101907140012, 2.5014206190884578, 3.0558486661833499),
        ]);
        let s = slope_index(&g).unwrap();
        near(s.sii, -3.2752012326471758, 1e-12);
        near(s.rii.unwrap(), 0.40600068953980034, 1e-12);
        let l = slope_limits(&g, SiiScale::Log, 0.95, SII_DRAWS, SII_SEED).unwrap();
        near(l.sii.lower, -3.5868233016744155, 0.01);
        near(l.sii.upper, -2.9653170017272723, 0.01);
        near(l.rii.lower, 0.36888170199068804, 0.01);
        near(l.rii.upper, 0.44624776652446996, 0.01);
    }

    // testdata_SII.xlsx records 91–100 ("proportion (e.g. child obesity)", area1, value_type 2):
    // SII −0.10720032333730493, RII 0.53340153064655071, limits SII −0.11220857220984691 …
    // −0.1021798062145461, RII 0.51712731963580183 … 0.55015384129130041.
    #[test]
    fn proportions_are_simulated_on_the_logit_scale_as_phe_sii() {
        let g = groups(&[
            (34353.0, 0.21212121212121202, 0.20783049922555499, 0.21647630081289901),
            (32112.0, 0.214281265570503, 0.209827711465288, 0.218803170788612),
            (27715.0, 0.204077214504781, 0.19937351725899902, 0.208862933590925),
            (25372.0, 0.19186504808450303, 0.187066648694241, 0.19675673996564999),
            (23889.0, 0.17480848926284101, 0.17004464070303801, 0.17967690552753499),
            (23260.0, 0.16663800515907098, 0.16190410576997, 0.17148199783416998),
            (23180.0, 0.15603968938740301, 0.15142507546851799, 0.16076828867592699),
            (24193.0, 0.14657132228330499, 0.142170753783533, 0.15108411052992399),
            (23609.0, 0.140370197805921, 0.13599767093637602, 0.144859737537153),
            (24488.0, 0.12087553087226401, 0.11685200990738201, 0.12501798050476101),
        ]);
        let s = slope_index(&g).unwrap();
        near(s.sii, -0.10720032333730493, 1e-12);
        near(s.rii.unwrap(), 0.53340153064655071, 1e-12);
        let l = slope_limits(&g, SiiScale::Logit, 0.95, SII_DRAWS, SII_SEED).unwrap();
        near(l.sii.lower, -0.11220857220984691, 0.01);
        near(l.sii.upper, -0.1021798062145461, 0.01);
        near(l.rii.lower, 0.51712731963580183, 0.01);
        near(l.rii.upper, 0.55015384129130041, 0.01);
        let mut outside = g.clone();
        outside[0].limits_95 = Some(Limits { lower: 0.0, upper: 0.3 });
        assert_eq!(slope_limits(&outside, SiiScale::Logit, 0.95, SII_DRAWS, SII_SEED), None);
    }

    // A made-up falling gradient: the gap is the two ends' difference and ratio.
    #[test]
    fn falling_gradient_gives_negative_gap() {
        let g = groups(&[(52000.0, 612.0, 600.0, 624.0), (50500.0, 540.0, 530.0, 550.0), (49800.0, 498.0, 488.0, 508.0), (48700.0, 401.0, 392.0, 410.0)]);
        let gp = gap(&g).unwrap();
        assert_eq!(gp.absolute, 401.0 - 612.0);
        assert!((gp.relative.unwrap() - 401.0 / 612.0).abs() < 1e-15);
        assert_eq!(slope_index(&g[..2]), None);
        let mut zero = g.clone();
        zero[1].population = 0.0;
        assert_eq!(slope_index(&zero), None);
    }

    proptest! {
        #[test]
        fn signs_agree_and_rii_is_the_ratio_of_the_ends(pops in prop::collection::vec(1.0f64..1e5, 3..12), start in 1.0f64..100.0, steps in prop::collection::vec(0.01f64..10.0, 12)) {
            let mut v = start;
            let g: Vec<Group> = pops.iter().zip(&steps).map(|(&population, s)| { v += s; Group { value: v, population, limits_95: None } }).collect();
            let s = slope_index(&g).unwrap();
            // values rise from most to least deprived: the SII and the gap are positive, and the RII
            // above 1 whenever the fitted most deprived end is positive (extrapolated to x = 0 it may not be)
            prop_assert!(s.sii > 0.0 && gap(&g).unwrap().absolute > 0.0);
            prop_assert!(s.intercept <= 0.0 || s.rii.unwrap() > 1.0);
            prop_assert!((s.intercept + s.sii / 2.0 - s.weighted_mean).abs() < 1e-9 * s.weighted_mean.abs().max(1.0));
        }
    }
}
