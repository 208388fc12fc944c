//! Nearest-neighbour peers: the organisations most like this one on context
//! variables (population, deprivation, age profile …), so that comparisons are
//! like with like where no defined peer cluster exists.
//!
//! Distance is the standardised Euclidean distance, as in CIPFA's nearest
//! neighbours model and the Fingertips / RightCare "similar areas" groupings:
//! each variable is turned into z-scores over the whole population of
//! candidates, so no variable dominates by its units.

/// One organisation that may be a peer: its code and its context variables, in
/// the same order for every candidate (None where the variable is missing).
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub code: &'a str,
    pub context: &'a [Option<f64>],
}

/// A peer, with its distance from the target and the number of variables the
/// distance rests on (fewer than the target has when the peer lacks some).
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub code: String,
    pub distance: f64,
    pub shared: usize,
}

/// The `k` candidates nearest to `target` (a code among `candidates`), nearest first.
///
/// Standardised Euclidean distance (e.g. Everitt et al. (2011), *Cluster
/// Analysis*, 5th ed., §3.3; scipy `seuclidean` with V = sample variances): d² = Σⱼ (zᵀⱼ − zᶜⱼ)², with
/// zⱼ = (xⱼ − meanⱼ) / sdⱼ over every candidate (target included) that has
/// variable j, sd with n − 1. Missing values are handled explicitly:
/// - a variable with fewer than two values, or no spread, is not used;
/// - the target's missing variables are not used;
/// - for a candidate missing some of the target's variables the sum runs over
///   the shared ones and is scaled by (target's variables / shared), so
///   distances stay comparable; a candidate sharing none is not a neighbour.
///
/// Ties are broken by code, so the result is deterministic. Empty when the
/// target is not among the candidates or has no usable variable.
pub fn nearest_neighbours(target: &str, candidates: &[Candidate], k: usize) -> Vec<Neighbour> {
    let Some(t) = candidates.iter().find(|c| c.code == target) else {
        return Vec::new();
    };
    let vars = candidates.iter().map(|c| c.context.len()).max().unwrap_or(0);
    let value = |c: &Candidate, j: usize| c.context.get(j).copied().flatten().filter(|x| x.is_finite());
    // (mean, sd) per variable; None when the variable cannot be standardised.
    let scale: Vec<Option<(f64, f64)>> = (0..vars)
        .map(|j| {
            let xs: Vec<f64> = candidates.iter().filter_map(|c| value(c, j)).collect();
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            (xs.len() >= 2 && sd > 0.0).then_some((mean, sd))
        })
        .collect();
    let target_vars: Vec<(usize, f64, f64)> = (0..vars).filter_map(|j| Some((j, value(t, j)?, scale[j]?.1))).collect();
    if target_vars.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Neighbour> = candidates
        .iter()
        .filter(|c| c.code != target)
        .filter_map(|c| {
            let (sum, shared) =
                target_vars.iter().filter_map(|&(j, tv, sd)| value(c, j).map(|cv| ((tv - cv) / sd).powi(2))).fold((0.0, 0usize), |(s, n), d| (s + d, n + 1));
            (shared > 0).then(|| Neighbour { code: c.code.to_string(), distance: (sum * target_vars.len() as f64 / shared as f64).sqrt(), shared })
        })
        .collect();
    out.sort_by(|a, b| a.distance.total_cmp(&b.distance).then_with(|| a.code.cmp(&b.code)));
    out.truncate(k);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ROWS: [[f64; 3]; 6] = [[1.0, 200.0, 0.3], [2.0, 180.0, 0.5], [1.5, 260.0, 0.1], [4.0, 210.0, 0.35], [0.5, 190.0, 0.45], [3.0, 230.0, 0.2]];
    const CODES: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

    fn run(rows: &[Vec<Option<f64>>], k: usize) -> Vec<Neighbour> {
        let c: Vec<Candidate> = rows.iter().zip(CODES).map(|(r, code)| Candidate { code, context: r }).collect();
        nearest_neighbours("A", &c, k)
    }

    fn full() -> Vec<Vec<Option<f64>>> {
        ROWS.iter().map(|r| r.iter().map(|&x| Some(x)).collect()).collect()
    }

    // scipy.spatial.distance.cdist(ROWS[:1], ROWS, "seuclidean", V=numpy.var(ROWS, axis=0, ddof=1)).
    #[test]
    fn distances_match_scipy_seuclidean() {
        let got = run(&full(), 10);
        let want = [("E", 1.1209091844849293), ("B", 1.6792460351328806), ("F", 1.9607909895362057), ("D", 2.349711318910391), ("C", 2.472670486788029)];
        assert_eq!(got.len(), 5);
        for (n, (code, d)) in got.iter().zip(want) {
            assert_eq!(n.code, code);
            assert!((n.distance - d).abs() < 1e-12, "{} {} vs {}", code, n.distance, d);
            assert_eq!(n.shared, 3);
        }
        assert_eq!(run(&full(), 2).len(), 2);
    }

    // E lacks variable 3: numpy nanmean / nanstd(ddof=1) z-scores, sum over the two
    // shared variables × 3/2, square root — computed in Python.
    #[test]
    fn missing_variables_are_scaled_not_dropped_silently() {
        let mut rows = full();
        rows[4][2] = None;
        let got = run(&rows, 10);
        assert_eq!(got[0].code, "E");
        assert!((got[0].distance - 0.6290353818019373).abs() < 1e-12);
        assert_eq!(got[0].shared, 2);
        assert!((got[1].distance - 1.6716135315733618).abs() < 1e-12);
        // A candidate with no shared variable is not a neighbour; an unknown target has none.
        rows[2] = vec![None, None, None];
        assert!(run(&rows, 10).iter().all(|n| n.code != "C"));
        assert!(nearest_neighbours("Z", &[], 3).is_empty());
    }

    #[test]
    fn ties_are_broken_by_code() {
        let rows = [vec![Some(0.0)], vec![Some(1.0)], vec![Some(-1.0)], vec![Some(1.0)]];
        let got = run(&rows, 3);
        let codes: Vec<&str> = got.iter().map(|n| n.code.as_str()).collect();
        assert_eq!(codes, ["B", "C", "D"]);
    }

    proptest! {
        #[test]
        fn sorted_nonnegative_and_excludes_target(v in prop::collection::vec(prop::collection::vec(prop::option::of(-100.0f64..100.0), 3), 6), k in 0usize..8) {
            let got = run(&v, k);
            prop_assert!(got.len() <= k.min(5));
            prop_assert!(got.iter().all(|n| n.code != "A" && n.distance >= 0.0 && n.shared >= 1));
            prop_assert!(got.windows(2).all(|w| (w[0].distance, &w[0].code) <= (w[1].distance, &w[1].code)));
        }
    }
}
