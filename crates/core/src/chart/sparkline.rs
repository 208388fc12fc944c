//! Sparklines: a series as the `d` attribute of an inline SVG `<path>`, for
//! the small trend lines in overview and report tables, where a whole ECharts
//! instance per row would cost far more than a few bytes of markup.
//!
//! Points are spaced evenly across `width` by position (a missing period
//! keeps its place); the lowest value is drawn at the bottom (`y = height`)
//! and the highest at the top (`y = 0`), a flat series across the middle. A
//! missing value breaks the line: the next value starts a new subpath with
//! `M`. A value with no neighbour on either side becomes a zero-length
//! segment (`M x y L x y`), which a round line cap draws as a dot. Numbers are
//! rounded to 0.1 and written without trailing zeros.

/// The SVG path of `points` in a `width` × `height` box; None with fewer
/// than two values (non-finite numbers count as missing).
pub fn sparkline_path(points: &[Option<f64>], width: f64, height: f64) -> Option<String> {
    let values: Vec<Option<f64>> = points.iter().map(|p| p.filter(|v| v.is_finite())).collect();
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    if known.len() < 2 {
        return None;
    }
    let (lo, hi) = known.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let step = if values.len() > 1 { width / (values.len() - 1) as f64 } else { 0.0 };
    let y = |v: f64| {
        if hi > lo {
            height - (v - lo) / (hi - lo) * height
        } else {
            height / 2.0
        }
    };
    let xy = |i: usize, v: f64| format!("{} {}", tenth(i as f64 * step), tenth(y(v)));
    let mut d = String::new();
    for (i, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        let follows = i.checked_sub(1).and_then(|j| values.get(j)).is_some_and(Option::is_some);
        let followed = values.get(i + 1).is_some_and(Option::is_some);
        if follows {
            d.push_str(&format!("L{}", xy(i, v)));
        } else if followed {
            d.push_str(&format!("M{}", xy(i, v)));
        } else {
            d.push_str(&format!("M{0}L{0}", xy(i, v)));
        }
    }
    Some(d)
}

/// `v` rounded to 0.1, written shortest ("3", "2.5", never "-0").
fn tenth(v: f64) -> String {
    format!("{}", (v * 10.0).round() / 10.0 + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Five periods across 100 × 20: x = 0, 25, 50, 75, 100. Values 10 … 20, so
    // y = 20 − (v − 10) × 2: 10 → 20, 15 → 10, 20 → 0, 12.34 → 15.32 → 15.3.
    // The missing third value breaks the line; the lone fifth is a dot.
    #[test]
    fn worked_example() {
        let d = sparkline_path(&[Some(10.0), Some(15.0), None, Some(20.0), Some(12.34)], 100.0, 20.0);
        assert_eq!(d.as_deref(), Some("M0 20L25 10M75 0L100 15.3"));
        let d = sparkline_path(&[Some(10.0), None, Some(20.0), None, Some(15.0)], 100.0, 20.0);
        assert_eq!(d.as_deref(), Some("M0 20L0 20M50 0L50 0M100 10L100 10"));
    }

    #[test]
    fn flat_series_run_across_the_middle() {
        assert_eq!(sparkline_path(&[Some(5.0), Some(5.0), Some(5.0)], 10.0, 4.0).as_deref(), Some("M0 2L5 2L10 2"));
    }

    #[test]
    fn fewer_than_two_values_draw_nothing() {
        assert_eq!(sparkline_path(&[], 10.0, 4.0), None);
        assert_eq!(sparkline_path(&[None, Some(1.0), None], 10.0, 4.0), None);
        assert_eq!(sparkline_path(&[Some(1.0), Some(f64::NAN)], 10.0, 4.0), None);
    }
}
