//! The report view: a printable per-domain summary for a region or ICB. Each
//! domain's rating (against England at 99.8%, by the manifest's rule) and its
//! indicators with value, England value, comparisons, recent trend and SPC
//! verdict, and how many of the organisation's members are better, similar or
//! worse than England; then each member's overall rating.
//!
//! Members are the organisations of the main-hierarchy child type with data
//! (ICBs for a region, providers for an ICB), as in roll-ups.

use super::Ctx;
use crate::bundle::{Indicator, Polarity};
use crate::query::{
    analyse_series, compare_figure, default_member_type, domain_ratings, headline, members_of_type, org_figures, same_type_values, Basis, Comparator, Compared,
    DomainRating, Figure, OrgRef,
};
use crate::stats::trend::Marker;
use serde::Serialize;

/// One indicator's line in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRow {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub polarity: Polarity,
    pub period: Option<String>,
    #[serde(flatten)]
    pub figure: Figure,
    pub england: Option<f64>,
    /// England's published value, or rolled up from its members when the bundle has none.
    pub england_basis: Option<Basis>,
    pub comparison_95: Compared,
    pub comparison_998: Compared,
    /// Recent trend as Fingertips marks it (`increasing_and_getting_better` …, `could_not_be_calculated`).
    pub recent_trend: Marker,
    pub variation: Option<&'static str>,
    /// Members significantly better / similar / worse than England (99.8%), and without a comparison.
    pub members_better: usize,
    pub members_similar: usize,
    pub members_worse: usize,
    pub members_not_compared: usize,
}

/// A domain: its rating and its indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportDomain {
    pub rating: DomainRating,
    pub rows: Vec<ReportRow>,
}

/// One member's overall rating.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberSummary {
    #[serde(flatten)]
    pub org: OrgRef,
    pub overall: DomainRating,
}

/// The report figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportView {
    pub overall: DomainRating,
    pub domains: Vec<ReportDomain>,
    pub member_type: Option<String>,
    pub members: Vec<MemberSummary>,
    pub note: Option<String>,
}

/// `org`'s figure and its comparison with England (95%, 99.8%) for `ind`.
fn against_england(c: &Ctx, ind: &Indicator, e: Option<&Comparator>, org: u32) -> (Option<u32>, Figure, Option<f64>, Compared, Compared) {
    let p = c.period_of(&ind.id);
    let figure = p.and_then(|p| headline(c.ds, &ind.id, org, p)).unwrap_or_default();
    let england = p.and_then(|p| c.england_value(e, ind, p));
    let home = c.ds.manifest().home_organisation().and_then(|h| c.ds.org_id(&h.code));
    let same = || p.map(|p| same_type_values(c.ds, &ind.id, org, p)).unwrap_or_default();
    let (c95, c998, _) = if home == Some(org) { (Compared::NotCompared, Compared::NotCompared, None) } else { compare_figure(ind, &figure, england, same) };
    (p, figure, england, c95, c998)
}

pub(super) fn report(c: &Ctx) -> ReportView {
    let ds = c.ds;
    let m = ds.manifest();
    let loaded: Vec<&Indicator> = m.indicators.iter().filter(|i| ds.is_loaded(&i.id)).collect();
    let has_data = |o: u32| loaded.iter().any(|i| c.period_of(&i.id).and_then(|p| headline(ds, &i.id, o, p)).is_some_and(|f| f.value.is_some()));
    let member_type = default_member_type(ds, c.org, has_data);
    let members: Vec<u32> = member_type.as_deref().map(|t| members_of_type(ds, c.org, t)).unwrap_or_default();
    let mut member_comparisons: Vec<Vec<(&str, Compared)>> = vec![Vec::new(); members.len()];
    let mut rows: Vec<(ReportRow, Compared)> = Vec::new();
    for ind in &m.indicators {
        let e = c.england(ind);
        let (p, figure, england, c95, c998) = against_england(c, ind, e.as_ref(), c.org);
        let mut counts = [0usize; 4];
        for (k, &o) in members.iter().enumerate() {
            let cmp = against_england(c, ind, e.as_ref(), o).4;
            if let Some(list) = member_comparisons.get_mut(k) {
                list.push((&ind.id, cmp));
            }
            let [better, similar, worse, other] = &mut counts;
            *match cmp {
                Compared::Better => better,
                Compared::Similar => similar,
                Compared::Worse => worse,
                _ => other,
            } += 1;
        }
        let t = analyse_series(ind, org_figures(ds, &ind.id, c.org, &crate::bundle::BreakdownKey::whole(), c.from, c.to));
        let row = ReportRow {
            indicator: ind.id.clone(),
            name: ind.name.clone(),
            unit: ind.unit.clone(),
            polarity: ind.polarity,
            period: c.label(&ind.id, p),
            figure,
            england,
            england_basis: e.as_ref().and_then(|e| e.basis()),
            comparison_95: c95,
            comparison_998: c998,
            recent_trend: Marker::of(t.recent.as_ref()),
            variation: t.spc.as_ref().map(|s| s.variation),
            members_better: counts[0],
            members_similar: counts[1],
            members_worse: counts[2],
            members_not_compared: counts[3],
        };
        rows.push((row, c998));
    }
    let pairs: Vec<(&str, Compared)> = rows.iter().map(|(r, k)| (r.indicator.as_str(), *k)).collect();
    let (ratings, overall) = domain_ratings(m, &pairs);
    let domains = ratings
        .into_iter()
        .map(|rating| {
            let rows = m.indicators.iter().zip(&rows).filter(|(i, _)| i.domains.contains(&rating.domain)).map(|(_, r)| r.0.clone()).collect();
            ReportDomain { rating, rows }
        })
        .collect();
    let members = members.iter().zip(&member_comparisons).map(|(&o, cs)| MemberSummary { org: c.org_ref(o), overall: domain_ratings(m, cs).1 }).collect();
    let note = member_type.is_none().then(|| "this organisation has no members with data; the report summarises it alone".to_string());
    ReportView { overall, domains, member_type, members, note }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;
    use crate::query::Compared;

    // R1's ICBs in Mar 2024 (ae) against England 76.47% at 99.8% (Wilson, z = 3.09):
    // I1 2300/3000 = 76.67%, limits about 74.4–78.8 → similar; I2 1200/1500 = 80%,
    // limits (2·1200 + z² ∓ z√(z² + 4·1200·0.2)) / (2(1500 + z²)) = 76.63–82.99 → better.
    // beds and obesity have no ICB rows.
    #[test]
    fn a_region_report_counts_its_members() {
        let Figures::Report(r) = run("view=report&org=R1").figures else { panic!() };
        assert_eq!(r.member_type.as_deref(), Some("icb"));
        assert_eq!(r.members.iter().map(|m| m.org.code.as_str()).collect::<Vec<_>>(), vec!["I1", "I2"]);
        let ae = &r.domains[0].rows[0];
        assert_eq!(ae.indicator, "ae");
        assert_eq!((ae.members_similar, ae.members_better, ae.members_worse), (1, 1, 0));
        assert_eq!(r.domains[0].rows[1].members_not_compared, 2, "no ICB publishes beds");
        // R1 itself: 3500/4500 = 77.8% vs 76.47%, 99.8% limits about 76.0–79.5 → similar.
        assert_eq!(ae.comparison_998, Compared::Similar);
        assert_eq!(r.domains.len(), 3);
        assert!(r.note.is_none());
    }

    #[test]
    fn a_provider_report_says_it_has_no_members() {
        let Figures::Report(r) = run("view=report&org=P3").figures else { panic!() };
        assert!(r.members.is_empty() && r.note.is_some());
    }
}
