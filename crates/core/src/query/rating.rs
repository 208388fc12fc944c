//! Domain ratings of one organisation: each domain's indicators' benchmark
//! comparisons condensed by the manifest's rating rule (`stats::rating`), and
//! an overall rating counting each indicator once.
//!
//! The comparisons rated are at 99.8% limits, the level the default rule
//! states; the caller passes them in, so the overview and the report rate
//! from exactly the comparisons they show.

use super::Compared;
use crate::bundle::Manifest;
use crate::stats::rating::{domain_rating, overall_rating, tally, Rating};
use serde::Serialize;

/// A domain's (or the overall) rating with the counts behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DomainRating {
    /// Domain id ("" for the overall rating).
    pub domain: String,
    pub name: String,
    pub kind: String,
    /// 1 (best) … 4; None when no indicator could be rated.
    pub level: Option<u8>,
    /// The level's name from the manifest's rule.
    pub label: Option<String>,
    pub better: usize,
    pub similar: usize,
    pub worse: usize,
    pub not_rated: usize,
}

fn rated(manifest: &Manifest, domain: &str, name: &str, kind: &str, comparisons: &[Compared], rating: Option<Rating>) -> DomainRating {
    let t = tally(comparisons);
    DomainRating {
        domain: domain.to_string(),
        name: name.to_string(),
        kind: kind.to_string(),
        level: rating.map(|r| r.level),
        label: rating.and_then(|r| r.label(&manifest.rating_rule).map(str::to_string)),
        better: t.better,
        similar: t.similar,
        worse: t.worse,
        not_rated: t.not_rated,
    }
}

/// Ratings of every domain of `manifest` (in its order) and overall, from
/// `(indicator id, comparison)` pairs; indicators not in the list count as not rated.
pub fn domain_ratings(manifest: &Manifest, comparisons: &[(&str, Compared)]) -> (Vec<DomainRating>, DomainRating) {
    let of = |id: &str| comparisons.iter().find(|(i, _)| *i == id).map(|(_, c)| *c).unwrap_or(Compared::NotCompared);
    let domains = manifest
        .domains
        .iter()
        .map(|d| {
            let cs: Vec<Compared> = manifest.indicators.iter().filter(|i| i.domains.contains(&d.id)).map(|i| of(&i.id)).collect();
            rated(manifest, &d.id, &d.name, &d.kind, &cs, domain_rating(&cs, &manifest.rating_rule))
        })
        .collect();
    let all: Vec<Compared> = manifest.indicators.iter().map(|i| of(&i.id)).collect();
    let overall = rated(manifest, "", "Overall", "", &all, overall_rating(&all, &manifest.rating_rule));
    (domains, overall)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    // Default rule: level 1 when ≥ 50% of rated indicators are better and none worse,
    // 4 when ≥ 50% are worse, else 2 when better ≥ worse, else 3.
    #[test]
    fn domains_rate_by_the_manifest_rule() {
        let m = fixture::manifest();
        let (d, overall) = domain_ratings(&m, &[("ae", Compared::Better), ("beds", Compared::Similar), ("obesity", Compared::Worse)]);
        let by: Vec<(&str, Option<u8>, Option<&str>)> = d.iter().map(|r| (r.domain.as_str(), r.level, r.label.as_deref())).collect();
        // urgent: ae better, beds similar → 1/2 better, none worse → 1 "Leading".
        // prevention: obesity worse → 1/1 worse → 4. green: beds similar → 2.
        assert_eq!(by, vec![("urgent", Some(1), Some("Leading")), ("prevention", Some(4), Some("Needs support")), ("green", Some(2), Some("Good"))]);
        // Overall: 1 better, 1 similar, 1 worse → 1/3 worse < 50%, better ≥ worse → 2.
        assert_eq!((overall.level, overall.better, overall.worse), (Some(2), 1, 1));
        let (d, overall) = domain_ratings(&m, &[("ae", Compared::Higher)]);
        assert!(d.iter().all(|r| r.level.is_none()) && overall.level.is_none());
        assert_eq!(overall.not_rated, 3);
    }
}
