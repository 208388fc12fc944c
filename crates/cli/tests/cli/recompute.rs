//! Independent recomputation on real data: Python scripts in `tests/recompute/`
//! rebuild figures from the published methods' own definitions (not from
//! healthdash's code) and compare them with what `healthdash query` answers —
//! the XmR limits of every A&E series (NHSRplotthedots, with its moving-range
//! screening) and every point of a proportion's funnel (PHEindicatormethods'
//! inverted Wilson limits). They need only `python3`.

use crate::ae::build_ae;
use std::path::Path;
use std::process::Command;

/// Runs `script` with the healthdash binary and `args`; asserts it agreed everywhere.
fn recompute(script: &str, args: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new("python3")
        .arg(root.join(script))
        .arg(env!("CARGO_BIN_EXE_healthdash"))
        .args(args)
        .output()
        .expect("python3 runs (the recomputation scripts need it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{script} {args:?} disagrees:\n{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let last = stdout.lines().last().unwrap_or("");
    assert!(last.ends_with(" passed, 0 failed") && !last.starts_with("0 "), "{last}");
}

#[test]
fn xmr_limits_of_every_real_ae_series_match_plot_the_dots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ae");
    build_ae(&out);
    recompute("tests/recompute/spc_ptd.py", &[out.to_str().unwrap(), "ae_4_hours"]);
}

#[test]
fn funnel_limits_on_real_ae_data_match_phe_indicator_methods() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ae");
    build_ae(&out);
    for level in ["icb", "trust"] {
        recompute("tests/recompute/funnel_phe.py", &[out.to_str().unwrap(), "ae_4_hours", "E54000008", level]);
    }
}
