//! The compare view: every organisation of a level for one indicator and
//! period, ranked best first, each compared with England, with the selected
//! organisation and its peers flagged; the England value and the peer median;
//! funnel-plot limits around England; box-plot statistics by peer cluster.
//! The statistics come from [`crate::query::ranking`].

use super::Ctx;
use crate::bundle::{Indicator, Polarity};
use crate::params::BenchMethod;
use crate::query::{by_method, compare_figure, of_type, quintiles, ranking, Basis, BoxStats, Compared, Figure, Funnel, OrgRef};
use serde::Serialize;

/// One organisation's bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// 1 = best; ties share a rank; None without a value.
    pub rank: Option<usize>,
    #[serde(flatten)]
    pub org: OrgRef,
    #[serde(flatten)]
    pub figure: Figure,
    /// England's value against this organisation's 95% limits.
    pub comparison_95: Compared,
    pub comparison_998: Compared,
    /// The comparison the link's method shows (`method=`: 95% or 99.8%; none with quintiles).
    pub comparison: Compared,
    /// Quintile among the level's values (1 the best fifth; the lowest with no better direction).
    pub quintile: Option<u8>,
    pub selected: bool,
    pub peer: bool,
    pub cluster: Option<String>,
}

/// The compare figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareView {
    /// How bars are coloured: comparison at 95% or 99.8%, or quintile.
    pub method: BenchMethod,
    pub level: String,
    pub level_name: String,
    pub england: Option<f64>,
    /// England's published value, or rolled up from its members when the bundle has none.
    pub england_basis: Option<Basis>,
    /// The organisation type summed when rolled up.
    pub england_member_type: Option<String>,
    pub peer_median: Option<f64>,
    /// Ranked best first; organisations without a value last.
    pub orgs: Vec<CompareRow>,
    pub funnel: Option<Funnel>,
    pub boxes: Vec<BoxStats>,
}

pub(super) fn compare(c: &Ctx, ind: &Indicator) -> CompareView {
    let ds = c.ds;
    let own_type = ds.org_at(c.org).map(|o| o.org_type.clone()).unwrap_or_default();
    let level = c.s.level.clone().unwrap_or(own_type);
    let level_name = ds.manifest().org_types.iter().find(|t| t.id == level).map(|t| t.name.clone()).unwrap_or_else(|| level.clone());
    let p = c.period_of(&ind.id);
    let rows = p.map(|p| of_type(ds, &ind.id, p, &level)).unwrap_or_default();
    let e = c.england(ind);
    let england = p.and_then(|p| c.england_value(e.as_ref(), ind, p));
    let stats = ranking(ds, ind, &rows, england, &c.peers);
    let bands = quintiles(ind, &rows);
    let mut orgs: Vec<CompareRow> = rows
        .iter()
        .zip(&stats.ranks)
        .zip(bands.iter().copied().chain(std::iter::repeat(None)))
        .map(|(((o, f), rank), quintile)| {
            let (c95, c998, _) = compare_figure(ind, f, england, Vec::new);
            CompareRow {
                rank: *rank,
                org: c.org_ref(*o),
                figure: *f,
                comparison_95: c95,
                comparison_998: c998,
                comparison: by_method(c.s.method, c95, c998),
                quintile,
                selected: *o == c.org,
                peer: c.peers.contains(o),
                cluster: ds.org_at(*o).and_then(|x| x.clusters.first().cloned()),
            }
        })
        .collect();
    let descending = ind.polarity != Polarity::LowerIsBetter;
    orgs.sort_by(|a, b| {
        let key = |r: &CompareRow| r.rank.unwrap_or(usize::MAX);
        key(a).cmp(&key(b)).then_with(|| {
            let (x, y) = (a.figure.value.unwrap_or(0.0), b.figure.value.unwrap_or(0.0));
            if descending { y.total_cmp(&x) } else { x.total_cmp(&y) }.then_with(|| a.org.code.cmp(&b.org.code))
        })
    });
    let (england_basis, england_member_type) = (e.as_ref().and_then(|e| e.basis()), e.as_ref().and_then(|e| e.member_type()));
    CompareView {
        method: c.s.method,
        level,
        level_name,
        england,
        england_basis,
        england_member_type,
        peer_median: stats.peer_median,
        orgs,
        funnel: stats.funnel,
        boxes: stats.boxes,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Figures;
    use crate::params::BenchMethod;
    use crate::query::Compared;
    use crate::stats::ci::{wilson, Level}; // the funnel's published method, checked from outside

    fn compare(q: &str) -> super::CompareView {
        match run(q).figures {
            Figures::Compare(c) => c,
            other => panic!("{other:?}"),
        }
    }

    // Providers in Mar 2024: P4 90, P1 80, P3 80, P2 75, P5 70 (higher is better):
    // ranks 1, 2, 2, 4, 5. Peers of P1 (teaching cluster) P2 and P5: median 72.5.
    #[test]
    fn providers_ranked_with_flags() {
        let c = compare("view=compare&org=P1&ind=ae");
        let got: Vec<(&str, Option<usize>, bool, bool)> = c.orgs.iter().map(|r| (r.org.code.as_str(), r.rank, r.selected, r.peer)).collect();
        assert_eq!(
            got,
            vec![
                ("P4", Some(1), false, false),
                ("P1", Some(2), true, false),
                ("P3", Some(2), false, false),
                ("P2", Some(4), false, true),
                ("P5", Some(5), false, true)
            ]
        );
        assert_eq!((c.level.as_str(), c.peer_median), ("provider", Some(72.5)));
        assert!((c.england.unwrap() - 6500.0 / 85.0).abs() < 1e-9);
        // P5 70% (2100/3000) lies below England: worse.
        assert_eq!(c.orgs[4].comparison_95, Compared::Worse);
        // Box plots: teaching P1 80, P2 75, P5 70 → median 75; general P3 80, P4 90 → median 85.
        let b: Vec<(&str, usize, f64)> = c.boxes.iter().map(|b| (b.cluster.as_str(), b.n, b.median)).collect();
        assert_eq!(b, vec![("teaching", 3, 75.0), ("general", 2, 85.0)]);
    }

    // The benchmark method (Fingertips' three): the bars show the 95% comparison by default,
    // the 99.8% one with method=ci998, and quintiles with method=quintiles. P4 (90%) is the best
    // fifth of five providers, P5 (70%) the worst.
    #[test]
    fn the_method_chooses_what_the_bars_show() {
        let c = compare("view=compare&org=P1&ind=ae");
        assert!(c.orgs.iter().all(|r| r.comparison == r.comparison_95));
        let c = compare("view=compare&org=P1&ind=ae&method=ci998");
        assert_eq!(c.method, BenchMethod::Ci998);
        assert!(c.orgs.iter().all(|r| r.comparison == r.comparison_998));
        assert!(c.orgs.iter().any(|r| r.comparison_95 != r.comparison_998), "the fixture tells the two apart");
        let c = compare("view=compare&org=P1&ind=ae&method=quintiles");
        let q: Vec<(&str, Option<u8>, Compared)> = c.orgs.iter().map(|r| (r.org.code.as_str(), r.quintile, r.comparison)).collect();
        assert_eq!((q[0].0, q[0].1, q[0].2), ("P4", Some(1), Compared::NotCompared));
        assert_eq!((q[4].0, q[4].1), ("P5", Some(5)));
    }

    // Funnel at denominator d (PHEindicatormethods' inverted Wilson): the lower 99.8% limit is
    // the proportion whose own Wilson 99.8% upper limit at d is England's value.
    #[test]
    fn funnel_limits_follow_the_indicators_method() {
        let c = compare("view=compare&org=I1&ind=ae&level=icb");
        assert_eq!(c.orgs.len(), 3);
        let f = c.funnel.unwrap();
        let (first, last) = (&f.points[0], f.points.last().unwrap());
        // ICB denominators 3000, 1500, 4000 → from 750 to 6000.
        assert!((first.denominator - 750.0).abs() < 1e-6 && (last.denominator - 6000.0).abs() < 1e-6);
        let p0 = f.centre / 100.0;
        let w = wilson(first.lower_998 / 100.0 * 750.0, 750.0, Level::P998).unwrap();
        assert!((w.upper - p0).abs() < 1e-9, "{} vs {p0}", w.upper);
        let w = wilson(first.upper_998 / 100.0 * 750.0, 750.0, Level::P998).unwrap();
        assert!((w.lower - p0).abs() < 1e-9, "{} vs {p0}", w.lower);
        assert!(first.upper_95 - first.lower_95 > last.upper_95 - last.lower_95, "the funnel narrows");
        assert!(f.points.iter().all(|p| p.lower_998 <= p.lower_95 && p.lower_95 <= f.centre && f.centre <= p.upper_95 && p.upper_95 <= p.upper_998));
    }
}
