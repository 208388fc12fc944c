//! Domain ratings: many indicator comparisons condensed into one of four
//! levels per domain (and overall), as oversight frameworks publish them.
//!
//! The rule is the bundle publisher's, stated in the manifest as a
//! [`RatingRule`] (thresholds and level names); this file only applies it, so
//! the same comparisons always give the same rating in the app and the CLI.

use super::benchmark::Compared;
use crate::bundle::RatingRule;

/// Counts of a set of comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub better: usize,
    pub similar: usize,
    pub worse: usize,
    /// Not compared, or Higher / Lower (polarity Neither): not rated.
    pub not_rated: usize,
}

impl Tally {
    /// Better + Similar + Worse: the denominator of the rule's shares.
    pub fn rated(&self) -> usize {
        self.better + self.similar + self.worse
    }
}

/// A rating: level 1 (best) … 4 (worst), with the counts behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating {
    pub level: u8,
    pub tally: Tally,
}

impl Rating {
    /// The level's name from the rule (e.g. "Leading"), if the rule names it.
    pub fn label(self, rule: &RatingRule) -> Option<&str> {
        rule.levels.get(usize::from(self.level) - 1).map(String::as_str)
    }
}

/// Counts Better / Similar / Worse and the unrated comparisons (the counts the
/// manifest's [`RatingRule`] is stated in).
pub fn tally(comparisons: &[Compared]) -> Tally {
    comparisons.iter().fold(Tally::default(), |mut t, c| {
        match c {
            Compared::Better => t.better += 1,
            Compared::Similar => t.similar += 1,
            Compared::Worse => t.worse += 1,
            Compared::Higher | Compared::Lower | Compared::NotCompared => t.not_rated += 1,
        }
        t
    })
}

/// A domain's rating from its indicators' comparisons, by the manifest's
/// [`RatingRule`]: level 1 when at least `top_share_better` of the rated
/// indicators are significantly better and none worse; 4 when at least
/// `bottom_share_worse` are significantly worse; otherwise 2 when better ≥
/// worse, else 3. Rated means Better, Similar or Worse. None when nothing is rated.
pub fn domain_rating(comparisons: &[Compared], rule: &RatingRule) -> Option<Rating> {
    let t = tally(comparisons);
    let n = t.rated() as f64;
    if n == 0.0 {
        return None;
    }
    let level = if t.better as f64 / n >= rule.top_share_better && t.worse == 0 {
        1
    } else if t.worse as f64 / n >= rule.bottom_share_worse {
        4
    } else if t.better >= t.worse {
        2
    } else {
        3
    };
    Some(Rating { level, tally: t })
}

/// The overall rating: the same rule applied to every indicator of every
/// domain, each indicator counted once (the caller deduplicates indicators
/// that sit in several domains), so a domain with many indicators weighs more.
pub fn overall_rating(all_indicators: &[Compared], rule: &RatingRule) -> Option<Rating> {
    domain_rating(all_indicators, rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Compared::*;

    fn level(c: &[Compared]) -> Option<u8> {
        domain_rating(c, &RatingRule::default()).map(|r| r.level)
    }

    // Worked by hand against the rule text in bundle/manifest.rs (default thresholds 0.5 / 0.5).
    #[test]
    fn default_rule_worked_examples() {
        assert_eq!(level(&[Better, Better, Similar, Similar]), Some(1)); // 2/4 better, none worse
        assert_eq!(level(&[Better, Better, Similar, Worse]), Some(2)); // one worse blocks level 1; 2 ≥ 1
        assert_eq!(level(&[Worse, Worse, Better, Similar]), Some(4)); // 2/4 worse
        assert_eq!(level(&[Worse, Better, Similar, Similar, Similar, Worse, Similar]), Some(3)); // 2/7 worse > 1 better
        assert_eq!(level(&[Similar, Higher, NotCompared]), Some(2)); // 0 ≥ 0; only Similar is rated
        assert_eq!(level(&[Lower, NotCompared]), None);
        let r = domain_rating(&[Better, Better, Similar, Similar, NotCompared], &RatingRule::default()).unwrap();
        assert_eq!(r.tally, Tally { better: 2, similar: 2, worse: 0, not_rated: 1 });
        assert_eq!(r.label(&RatingRule::default()), Some("Leading"));
    }

    #[test]
    fn thresholds_come_from_the_rule() {
        let strict = RatingRule { top_share_better: 0.75, bottom_share_worse: 0.25, ..RatingRule::default() };
        let c = [Better, Better, Similar, Similar];
        assert_eq!(domain_rating(&c, &strict).unwrap().level, 2);
        assert_eq!(domain_rating(&[Worse, Similar, Similar, Better], &strict).unwrap().level, 4);
        assert_eq!(overall_rating(&c, &RatingRule::default()).unwrap().level, 1);
    }

    proptest! {
        // Turning a Worse into a Better never makes the rating worse.
        #[test]
        fn improving_an_indicator_never_worsens_the_rating(v in prop::collection::vec(0u8..3, 1..20), i in 0usize..20) {
            let to = |x: &u8| [Better, Similar, Worse][*x as usize];
            let mut c: Vec<Compared> = v.iter().map(to).collect();
            let i = i % c.len();
            c[i] = Worse;
            let before = level(&c).unwrap();
            c[i] = Better;
            prop_assert!(level(&c).unwrap() <= before);
            prop_assert!((1..=4).contains(&before));
        }
    }
}
