//! Shared helpers for the integration tests.

use healthdash_core::bundle::{decode_values, Manifest, ValueRow, ValuesTable};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The result of one run of the binary.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `healthdash` with `args`.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_healthdash")).args(args).output().expect("the healthdash binary runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The workspace root (two levels above this crate).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/data`, the real public data the project tests against. Fails
/// (does not skip) when it is missing.
pub fn shared_data() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    assert!(
        p.join("SOURCES.md").is_file(),
        "real data folder {} is missing: this test needs ../shared/data beside the workspace (see SOURCES.md there)",
        p.display()
    );
    p
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs `healthdash validate` and asserts the bundle is valid.
pub fn assert_valid(dir: &Path) {
    let v = run(&[Path::new("validate"), dir]);
    assert_eq!(v.code, 0, "validate failed:\n{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("valid bundle"), "{}", v.stdout);
}

pub fn manifest(dir: &Path) -> Manifest {
    Manifest::from_json("manifest.json", &std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// Decodes one indicator's values from a bundle folder: every file holding
/// it (one per organisation type), rows sorted by organisation, period and
/// breakdown.
pub fn values(dir: &Path, indicator: &str) -> ValuesTable {
    let m = manifest(dir);
    let files: Vec<_> = m.files.iter().filter(|f| f.indicators.iter().any(|i| i == indicator)).collect();
    assert!(!files.is_empty(), "no file for indicator {indicator}");
    let mut rows: Vec<ValueRow> =
        files.iter().flat_map(|f| decode_values(&f.path, &std::fs::read(dir.join(&f.path)).unwrap()).unwrap().rows().collect::<Vec<_>>()).collect();
    rows.sort_by(|a, b| (a.org.as_str(), a.period_start, &a.breakdown).cmp(&(b.org.as_str(), b.period_start, &b.breakdown)));
    ValuesTable::from_rows(&rows)
}

/// The one row with this organisation, period label and breakdown, the
/// breakdown as its label (`"sex=Male"`, `"age=0-4 yrs; sex=Male"`; "" for
/// the whole population).
pub fn find(t: &ValuesTable, org: &str, label: &str, breakdown: &str) -> ValueRow {
    let mut hits = t.rows().filter(|r| r.org == org && r.period_label == label && r.breakdown.label() == breakdown);
    let row = hits.next().unwrap_or_else(|| panic!("no row for {org} {label} {breakdown}"));
    assert!(hits.next().is_none(), "more than one row for {org} {label} {breakdown}");
    row
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Asserts two numbers are equal to 12 significant digits.
pub fn close(a: Option<f64>, b: f64) {
    let a = a.unwrap_or_else(|| panic!("expected {b}, found a missing value"));
    assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} != {b}");
}

/// Runs `healthdash query <dir> <link>` and returns its JSON, asserting success.
pub fn query(dir: &Path, link: &str) -> serde_json::Value {
    let q = run(&[std::ffi::OsStr::new("query"), dir.as_os_str(), std::ffi::OsStr::new(link)]);
    assert_eq!(q.code, 0, "query {link} failed:\n{}", q.stderr);
    serde_json::from_str(&q.stdout).unwrap_or_else(|e| panic!("query {link}: not JSON ({e}):\n{}", q.stdout))
}

/// Every view answers for `org` and `ind`: exit 0 and JSON naming the view.
pub fn assert_every_view(dir: &Path, org: &str, ind: &str) {
    for view in ["overview", "trend", "compare", "inequalities", "peers", "report", "table"] {
        let v = query(dir, &format!("view={view}&org={org}&ind={ind}"));
        assert_eq!(v["view"], view, "{view}: {v}");
        assert_eq!(v["org"]["code"], org, "{view}");
    }
}

/// The build report's lines (header left out), each split into its cells.
pub fn report_lines(dir: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(dir.join("build-report.csv")).unwrap().records().map(Result::unwrap).collect()
}

/// A CSV file's data rows, as maps from column name to text.
pub fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}
