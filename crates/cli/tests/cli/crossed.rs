//! Crossed breakdowns through `healthdash query`, on a small demonstration
//! bundle (two months): ethnic groups within a deprivation quintile, the
//! sex × age pyramid and the ethnicity × deprivation cross-tab, as the JSON
//! the page renders from, the CSV it downloads and the charts it draws.

use crate::common::*;
use std::path::Path;

const LINK: &str = "view=inequalities&org=E54000008&ind=flu_65";

fn bundle(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("b");
    let s = run(&[Path::new("synth"), Path::new("--out"), &out, Path::new("--periods"), Path::new("2"), Path::new("--boundaries"), &dir.join("none")]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    out
}

fn query(b: &Path, link: &str, flag: Option<&str>) -> String {
    let mut args = vec!["query".to_string(), b.display().to_string(), link.to_string()];
    args.extend(flag.map(str::to_string));
    let q = run(&args);
    assert_eq!(q.code, 0, "{}", q.stderr);
    q.stdout
}

#[test]
fn the_crosstab_in_json_csv_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path());
    let link = format!("{LINK}&layout=crosstab");
    let json: serde_json::Value = serde_json::from_str(&query(&b, &link, None)).unwrap();
    assert_eq!(json["notices"], serde_json::json!([]));
    let x = &json["crosstab"];
    assert_eq!((x["rows_dimension"].as_str(), x["columns_dimension"].as_str()), (Some("ethnicity"), Some("deprivation_quintile")));
    let rows = x["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for r in rows {
        let cells = r["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 5);
        // Uptake rises from the most to the least deprived (the demonstration's
        // model): a positive slope index, and RII above 1, with limits around them.
        let s = &r["slope"];
        assert!(s["sii"].as_f64().unwrap() > 0.0 && s["rii"].as_f64().unwrap() > 1.0, "{s}");
        assert!(s["sii_lower_95"].as_f64().unwrap() < s["sii"].as_f64().unwrap());
        assert!(cells.iter().all(|c| ["better", "similar", "worse"].contains(&c["comparison_95"].as_str().unwrap())));
    }
    let csv = query(&b, &link, Some("--csv"));
    assert!(csv.starts_with("row_dimension,row_group,column_dimension,column_group,value,"), "{csv}");
    // 5 groups × (5 cells, total, SII, RII), 5 column totals, the overall row.
    assert_eq!(csv.lines().count(), 1 + 5 * 8 + 5 + 1);
    assert_eq!(csv.lines().filter(|l| l.starts_with("ethnicity,White,deprivation_quintile,")).count(), 8);
    let charts: serde_json::Value = serde_json::from_str(&query(&b, &link, Some("--charts"))).unwrap();
    let keys: Vec<&str> = charts.as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"crosstab") && !keys.contains(&"pyramid"), "{keys:?}");
}

#[test]
fn nested_slices_and_the_pyramid() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path());
    // Ethnic groups within the most deprived quintile, compared with that quintile.
    let csv = query(&b, &format!("{LINK}&slice=ethnicity&within=deprivation_quintile:1"), Some("--csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 1 + 5, "{csv}");
    assert!(lines[1].starts_with("ethnicity,,deprivation_quintile,1,"));
    assert!(lines[2..].iter().all(|l| l.starts_with("ethnicity,") && l.ends_with(",category")), "{csv}");
    // Within every quintile: five panels, one chart each.
    let charts: serde_json::Value = serde_json::from_str(&query(&b, &format!("{LINK}&slice=ethnicity&within=deprivation_quintile"), Some("--charts"))).unwrap();
    let keys: Vec<&str> = charts.as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert_eq!(keys.iter().filter(|k| k.starts_with("slice-")).count(), 5, "{keys:?}");
    // The pyramid: two sexes either side of four age bands.
    let json: serde_json::Value = serde_json::from_str(&query(&b, &format!("{LINK}&layout=pyramid"), None)).unwrap();
    let p = &json["pyramid"];
    assert_eq!(p["sexes"], serde_json::json!(["Female", "Male"]));
    assert_eq!(p["rows"].as_array().unwrap().len(), 4);
    assert!(p["rows"][0]["cells"][1]["value"].as_f64().is_some());
    // A dimension the bundle does not have is a notice, not an error.
    let json: serde_json::Value = serde_json::from_str(&query(&b, &format!("{LINK}&slice=religion"), None)).unwrap();
    assert_eq!(json["notices"][0]["param"], "slice");
}
