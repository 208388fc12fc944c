//! URL parameters: for any query string, `parse_query` then `resolve` against
//! a small bundle (`fuzz/url-manifest.json`) never panics, and the canonical
//! link `ViewState::to_query` writes is a fixed point: read again it gives the
//! same state with no notices. Every view is then computed and exported
//! (`compute`, `view_csv`, JSON) both with no values loaded and with a few
//! made-up values loaded, and the link a computed view reports
//! (`ViewResult::query`, after period checks) is a fixed point too.
#![no_main]

use healthdash_core::bundle::{BreakdownKey, Manifest, ValueRow, ValuesTable};
use healthdash_core::period::days_from_civil;
use healthdash_core::table::Dataset;
use healthdash_core::view::{compute, display, parse_query, resolve, view_csv, view_table, ViewResult, ViewState};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct Bundle {
    manifest: Manifest,
    /// The manifest alone: every view with no data.
    empty: Dataset,
    /// `ae` and `obesity` loaded (plus a row for an organisation the manifest
    /// does not list); `beds` and `sat` not.
    loaded: Dataset,
}

fn row(ind: &str, org: &str, (start, end, label): (i32, i32, &str), cut: &[(&str, &str)], num: f64, den: f64) -> ValueRow {
    let value = num / den * 100.0;
    ValueRow {
        breakdown: BreakdownKey::of(cut.iter().copied()),
        numerator: Some(num),
        denominator: Some(den),
        value: Some(value),
        lower_95: Some(value * 0.9),
        upper_95: Some(value * 1.1),
        lower_998: (num > 50.0).then_some(value * 0.8),
        upper_998: (num > 50.0).then_some(value * 1.2),
        ..ValueRow::new(ind, org, start, end, label)
    }
}

fn bundle() -> &'static Bundle {
    static B: OnceLock<Bundle> = OnceLock::new();
    B.get_or_init(|| {
        let manifest = Manifest::from_json("url-manifest.json", include_str!("../url-manifest.json")).expect("fuzz/url-manifest.json parses");
        let none: &[(&str, &str)] = &[];
        let orgs = ["E92000001", "R1", "R2", "I1", "I2", "I3", "P1", "P2", "P3", "P4", "P5", "X9"];
        let months = [(2024, 1, "Jan 2024"), (2024, 2, "Feb 2024"), (2024, 3, "Mar 2024")];
        let mut ae = Vec::new();
        for (m, (y, mo, label)) in months.iter().enumerate() {
            let p = (days_from_civil(*y, *mo, 1), days_from_civil(*y, *mo, 28), *label);
            for (i, org) in orgs.iter().enumerate() {
                // P3 has no value in Feb: a gap in its series.
                if !(*org == "P3" && m == 1) {
                    ae.push(row("ae", org, p, none, 700.0 + 20.0 * i as f64 + 5.0 * m as f64, 1000.0));
                }
            }
        }
        let mut obesity = Vec::new();
        for (k, y) in (2021..=2023).enumerate() {
            let label = y.to_string();
            let p = (days_from_civil(y, 1, 1), days_from_civil(y, 12, 31), label.as_str());
            for (i, org) in orgs.iter().take(11).enumerate() {
                obesity.push(row("obesity", org, p, none, 200.0 + 7.0 * i as f64 - k as f64, 1000.0));
            }
            for d in 1..=10 {
                obesity.push(row("obesity", "P1", p, &[("deprivation_decile", &d.to_string())], 300.0 - 10.0 * d as f64, 1000.0));
            }
            for (g, num) in [("White", 200.0), ("Asian", 30.0), ("Black", 0.0), ("Mixed", 9.0)] {
                obesity.push(row("obesity", "P1", p, &[("ethnicity", g)], num, 800.0));
                // Crossed: each ethnic group within deprivation quintiles 1 and 5.
                for q in ["1", "5"] {
                    obesity.push(row("obesity", "P1", p, &[("ethnicity", g), ("deprivation_quintile", q)], num / 2.0, 400.0));
                }
            }
            obesity.push(row("obesity", "P2", p, &[("sex", "Female")], 120.0, 500.0));
            obesity.push(row("obesity", "P2", p, &[("sex", "Male")], 100.0, 500.0));
            obesity.push(row("obesity", "P2", p, &[("deprivation_quintile", "1")], 60.0, 200.0));
            obesity.push(row("obesity", "P2", p, &[("age", "65+ yrs")], 40.0, 100.0));
            // Sex × age: a pyramid of two bands.
            for (sex, age, num) in [("Female", "0-64", 50.0), ("Male", "0-64", 45.0), ("Female", "65+ yrs", 20.0), ("Male", "65+ yrs", 20.0)] {
                obesity.push(row("obesity", "P2", p, &[("sex", sex), ("age", age)], num, 250.0));
            }
        }
        let mut loaded = Dataset::new(manifest.clone());
        loaded.add_partition("values/ae.parquet", ValuesTable::from_rows(&ae));
        loaded.add_partition("values/obesity.parquet", ValuesTable::from_rows(&obesity));
        Bundle { empty: Dataset::new(manifest.clone()), loaded, manifest }
    })
}

/// Reads `query` against the bundle; the state and the notices.
fn read(query: &str) -> (ViewState, Vec<String>) {
    let (s, n) = resolve(parse_query(query), &bundle().manifest);
    (s, n.iter().map(|n| n.to_string()).collect())
}

/// Computes a view and exports it as the app and the CLI do.
fn show(ds: &Dataset, state: &ViewState) -> ViewResult {
    let result = compute(ds, state);
    let _ = view_csv(&result);
    let _ = view_table(&result);
    let _ = display::file_stem(&result, None);
    result
}

fuzz_target!(|query: &str| {
    let b = bundle();
    let (state, _) = read(query);
    let link = state.to_query();
    let (again, notices) = read(&link);
    assert!(notices.is_empty(), "the canonical link {link:?} (from {query:?}) reads with notices: {notices:?}");
    assert_eq!(again, state, "the canonical link {link:?} (from {query:?}) reads as another state");

    show(&b.empty, &state);
    let result = show(&b.loaded, &state);
    // The link of what is shown (period labels checked against the data) is a fixed point as well.
    let (shown, notices) = read(&result.query);
    assert!(notices.is_empty(), "the shown link {:?} (from {query:?}) reads with notices: {notices:?}", result.query);
    let again = compute(&b.loaded, &shown);
    assert!(again.notices.is_empty(), "the shown link {:?} (from {query:?}) gets notices from the data: {:?}", result.query, again.notices);
    assert_eq!(again.query, result.query, "the shown link (from {query:?}) is not a fixed point");
});
