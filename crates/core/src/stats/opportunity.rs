//! Opportunity: how much activity, money and carbon would change if an
//! organisation performed at a target level — the "what would it mean for us"
//! figure beside an unwarranted-variation chart.
//!
//! The method is that of NHS RightCare's *Commissioning for Value* packs and
//! the Model Hospital: the gap between the organisation's rate and a benchmark
//! drawn from its peers (median, best quartile or best decile), converted back
//! to events by its own denominator, then priced with a unit cost and a carbon
//! factor.

use super::quantiles::quantile;
use crate::bundle::Polarity;
use crate::params::Target;

/// The target value from peers' values, by Hyndman & Fan type-7 percentiles
/// (RightCare *Commissioning for Value* "best quartile" / "best decile"
/// benchmarks): the peer median; the quartile at the better end (75th
/// percentile when higher is better, 25th when lower); or the decile at the
/// better end (90th or 10th). None with no finite values, or for a best-end target with polarity Neither.
pub fn target_from_peers(peer_values: &[f64], kind: Target, polarity: Polarity) -> Option<f64> {
    let better_high = match polarity {
        Polarity::HigherIsBetter => true,
        Polarity::LowerIsBetter => false,
        Polarity::Neither if kind == Target::Median => true,
        Polarity::Neither => return None,
    };
    let p = match kind {
        Target::Median => 0.5,
        Target::Quartile => 0.75,
        Target::Decile => 0.9,
    };
    quantile(peer_values, if better_high { p } else { 1.0 - p })
}

/// The opportunity for one organisation and indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opportunity {
    /// Events (admissions, prescriptions, people …) that would change; never negative.
    pub activity: f64,
    /// £, when a unit cost is known.
    pub cost: Option<f64>,
    /// Tonnes CO2e, when a carbon factor (kg CO2e per event) is known.
    pub carbon_tonnes: Option<f64>,
}

/// Opportunity of moving from `value` to `target` (both in display units).
///
/// activity = max(0, (v − t) / m × d) when lower is better, max(0, (t − v) / m × d)
/// when higher is better, 0 for polarity Neither (RightCare *Commissioning for
/// Value* "opportunity" method); cost = activity × unit cost; carbon =
/// activity × kg factor / 1000 (factors as in the DESNZ *Greenhouse gas
/// reporting: conversion factors* and *Delivering a 'Net Zero' NHS*, 2020).
/// None when an input is NaN, the denominator is negative or the multiplier not positive.
pub fn opportunity(
    value: f64,
    denominator: f64,
    multiplier: f64,
    target: f64,
    polarity: Polarity,
    unit_cost: Option<f64>,
    carbon_factor_kg: Option<f64>,
) -> Option<Opportunity> {
    if !(value.is_finite() && target.is_finite() && denominator.is_finite() && denominator >= 0.0 && multiplier > 0.0) {
        return None;
    }
    let gap = match polarity {
        Polarity::LowerIsBetter => value - target,
        Polarity::HigherIsBetter => target - value,
        Polarity::Neither => 0.0,
    };
    let activity = (gap / multiplier * denominator).max(0.0);
    Some(Opportunity {
        activity,
        cost: unit_cost.filter(|c| c.is_finite()).map(|c| activity * c),
        carbon_tonnes: carbon_factor_kg.filter(|c| c.is_finite()).map(|kg| activity * kg / 1000.0),
    })
}

/// Sum of opportunities across indicators or across member organisations.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Total {
    /// Only meaningful across members for one indicator (activities of different indicators differ in kind).
    pub activity: f64,
    pub cost: f64,
    pub carbon_tonnes: f64,
    /// Items with activity but no unit cost (their £ is missing from `cost`).
    pub uncosted: usize,
    /// Items with activity but no carbon factor.
    pub uncarboned: usize,
}

/// Adds opportunities up, counting those whose cost or carbon is unknown.
pub fn total(items: &[Opportunity]) -> Total {
    items.iter().fold(Total::default(), |mut t, o| {
        t.activity += o.activity;
        t.cost += o.cost.unwrap_or(0.0);
        t.carbon_tonnes += o.carbon_tonnes.unwrap_or(0.0);
        t.uncosted += usize::from(o.activity > 0.0 && o.cost.is_none());
        t.uncarboned += usize::from(o.activity > 0.0 && o.carbon_tonnes.is_none());
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Hand arithmetic: (1250 − 1000) / 100 000 × 250 000 = 625 admissions;
    // 625 × £1 800 = £1 125 000; 625 × 150 kg / 1000 = 93.75 t CO2e.
    #[test]
    fn lower_is_better_rate() {
        let o = opportunity(1250.0, 250_000.0, 100_000.0, 1000.0, Polarity::LowerIsBetter, Some(1800.0), Some(150.0)).unwrap();
        assert!((o.activity - 625.0).abs() < 1e-9);
        assert!((o.cost.unwrap() - 1_125_000.0).abs() < 1e-6);
        assert!((o.carbon_tonnes.unwrap() - 93.75).abs() < 1e-9);
    }

    // Hand arithmetic: (80 − 70) / 100 × 12 000 = 1 200 people; beating the target or
    // polarity Neither gives 0.
    #[test]
    fn higher_is_better_percentage_and_zero_cases() {
        let o = opportunity(70.0, 12_000.0, 100.0, 80.0, Polarity::HigherIsBetter, None, None).unwrap();
        assert!((o.activity - 1200.0).abs() < 1e-9);
        assert_eq!((o.cost, o.carbon_tonnes), (None, None));
        assert_eq!(opportunity(85.0, 12_000.0, 100.0, 80.0, Polarity::HigherIsBetter, Some(5.0), None).unwrap().activity, 0.0);
        assert_eq!(opportunity(70.0, 12_000.0, 100.0, 80.0, Polarity::Neither, None, None).unwrap().activity, 0.0);
        assert_eq!(opportunity(f64::NAN, 1.0, 100.0, 80.0, Polarity::HigherIsBetter, None, None), None);
        assert_eq!(opportunity(70.0, 1.0, 0.0, 80.0, Polarity::HigherIsBetter, None, None), None);
    }

    // numpy.quantile(PEERS, [0.1, 0.25, 0.5, 0.75, 0.9]) = 5.7, 6.75, 8.5, 11.25, 12.6.
    #[test]
    fn targets_come_from_the_better_end() {
        const PEERS: [f64; 8] = [12.0, 5.0, 7.0, 9.0, 6.0, 14.0, 8.0, 11.0];
        let t = |k, p| target_from_peers(&PEERS, k, p).unwrap();
        assert!((t(Target::Median, Polarity::LowerIsBetter) - 8.5).abs() < 1e-12);
        assert!((t(Target::Quartile, Polarity::LowerIsBetter) - 6.75).abs() < 1e-12);
        assert!((t(Target::Quartile, Polarity::HigherIsBetter) - 11.25).abs() < 1e-12);
        assert!((t(Target::Decile, Polarity::LowerIsBetter) - 5.7).abs() < 1e-12);
        assert!((t(Target::Decile, Polarity::HigherIsBetter) - 12.6).abs() < 1e-12);
        assert_eq!(target_from_peers(&PEERS, Target::Decile, Polarity::Neither), None);
    }

    #[test]
    fn totals_add_up_and_count_the_unpriced() {
        let a = Opportunity { activity: 10.0, cost: Some(100.0), carbon_tonnes: Some(1.5) };
        let b = Opportunity { activity: 5.0, cost: None, carbon_tonnes: Some(0.5) };
        let c = Opportunity { activity: 0.0, cost: None, carbon_tonnes: None };
        let t = total(&[a, b, c]);
        assert_eq!(t, Total { activity: 15.0, cost: 100.0, carbon_tonnes: 2.0, uncosted: 1, uncarboned: 0 });
        assert_eq!(total(&[a]).cost, 100.0);
    }

    proptest! {
        #[test]
        fn opportunity_is_never_negative(v in -1e5f64..1e5, t in -1e5f64..1e5, d in 0.0f64..1e7, m in prop::sample::select(vec![1.0, 100.0, 1000.0, 100_000.0]), cost in 0.0f64..1e4) {
            for p in [Polarity::HigherIsBetter, Polarity::LowerIsBetter, Polarity::Neither] {
                let o = opportunity(v, d, m, t, p, Some(cost), Some(cost)).unwrap();
                prop_assert!(o.activity >= 0.0 && o.cost.unwrap() >= 0.0 && o.carbon_tonnes.unwrap() >= 0.0);
            }
            let lo = opportunity(v, d, m, t, Polarity::LowerIsBetter, None, None).unwrap().activity;
            let hi = opportunity(v, d, m, t, Polarity::HigherIsBetter, None, None).unwrap().activity;
            prop_assert!(lo == 0.0 || hi == 0.0);
        }
    }
}
