//! Releases kept side by side and recipes replayed: `healthdash catalogue`
//! lists a bundle's kept releases and writes its `releases.json`;
//! `healthdash query` opens the release a link names (or says it is not kept);
//! `--recipe` replays an export to the app's CSV bytes on the recipe's release.

use super::common::run;
use healthdash_core::bundle::{parse_releases, Manifest};
use serde_json::Value;
use std::path::Path;

fn synth(dir: &Path, seed: &str) {
    let out = run(&["synth", "--out", dir.to_str().unwrap(), "--seed", seed]);
    assert_eq!(out.code, 0, "synth failed: {}", out.stderr);
}

/// `site/b` holds release 2025-10-09 (seed 1) and keeps release 2020-01-01 (seed 2, other numbers).
fn site(tmp: &Path) -> std::path::PathBuf {
    let b = tmp.join("site/b");
    synth(&b, "1");
    let kept = b.join("releases/2020-01-01");
    synth(&kept, "2");
    let path = kept.join("manifest.json");
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    m["release"] = "2020-01-01".into();
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let out = run(&["catalogue".as_ref(), "--out".as_ref(), tmp.join("site/catalogue.json").as_os_str(), b.as_os_str()]);
    assert_eq!(out.code, 0, "catalogue failed: {}", out.stderr);
    b
}

fn query(dir: &Path, q: &str) -> Value {
    let out = run(&["query".as_ref(), dir.as_os_str(), q.as_ref()]);
    assert_eq!(out.code, 0, "query {q} failed: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn the_catalogue_lists_kept_releases_and_a_link_opens_one() {
    let tmp = tempfile::tempdir().unwrap();
    let b = site(tmp.path());
    let catalogue: Value = serde_json::from_str(&std::fs::read_to_string(tmp.path().join("site/catalogue.json")).unwrap()).unwrap();
    let entry = &catalogue["bundles"][0];
    assert_eq!(entry["release"], "2025-10-09");
    assert_eq!(entry["releases"][0]["id"], "2020-01-01");
    assert_eq!(entry["releases"][0]["manifest"], "releases/2020-01-01/manifest.json");
    let index = parse_releases("releases.json", &std::fs::read_to_string(b.join("releases.json")).unwrap()).unwrap();
    assert_eq!((index.current.as_str(), index.kept.len()), ("2025-10-09", 1));

    // The kept release's numbers, exactly: the same as querying its folder on its own.
    let pinned = query(&b, "view=trend&org=E54000008&release=2020-01-01");
    let alone = query(&b.join("releases/2020-01-01"), "view=trend&org=E54000008");
    assert_eq!(pinned["points"], alone["points"]);
    assert_ne!(pinned["points"], query(&b, "view=trend&org=E54000008")["points"], "the releases differ");
    assert_eq!(pinned["bundle"]["release"], "2020-01-01");
    // The host keeps two releases, so the canonical link names the one shown.
    assert_eq!(pinned["query"], "view=trend&org=E54000008&release=2020-01-01");
    assert_eq!(query(&b, "view=trend&org=E54000008")["query"], "view=trend&org=E54000008&release=2025-10-09");

    // A release that is not kept: the current one, with a notice naming both.
    let missing = query(&b, "view=trend&release=1999-01-01");
    let notices: Vec<String> = missing["notices"].as_array().unwrap().iter().map(|n| n["reason"].as_str().unwrap().to_string()).collect();
    assert_eq!(notices, ["release 1999-01-01 is not kept on this host; showing release 2025-10-09, the current one"]);
    assert_eq!(missing["bundle"]["release"], "2025-10-09");

    // Without kept releases the list says so (the app's request for it is never a 404) and links stay short.
    std::fs::remove_dir_all(b.join("releases")).unwrap();
    let out = run(&["catalogue".as_ref(), "--out".as_ref(), tmp.path().join("site/catalogue.json").as_os_str(), b.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let index = parse_releases("releases.json", &std::fs::read_to_string(b.join("releases.json")).unwrap()).unwrap();
    assert_eq!((index.current.as_str(), index.kept.len()), ("2025-10-09", 0));
    assert_eq!(query(&b, "view=trend&org=E54000008")["query"], "view=trend&org=E54000008");
}

#[test]
fn a_recipe_replays_to_the_csv_of_its_release() {
    let tmp = tempfile::tempdir().unwrap();
    let b = site(tmp.path());
    let recipe = serde_json::json!({
        "healthdash_recipe": 1, "bundle": "https://example.org/b/manifest.json", "release": "2020-01-01",
        "query": "view=trend&org=E54000008&release=2020-01-01", "link": "https://example.org/?view=trend&org=E54000008&release=2020-01-01",
        "accessed": "2026-11-30", "healthdash": "0.1.0"
    });
    let path = tmp.path().join("recipe.json");
    std::fs::write(&path, recipe.to_string()).unwrap();
    let out = run(&["query".as_ref(), b.as_os_str(), "--recipe".as_ref(), path.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.split("\r\n").collect();
    assert_eq!(lines[3], "# Release: 2020-01-01");
    assert_eq!(lines[4], "# Link: https://example.org/?view=trend&org=E54000008&release=2020-01-01");
    assert_eq!(lines[5], "# Accessed: 2026-11-30");
    let table = lines[7..].join("\r\n");
    let alone = run(&["query".as_ref(), b.join("releases/2020-01-01").as_os_str(), "view=trend&org=E54000008".as_ref(), "--csv".as_ref()]);
    assert_eq!(table, alone.stdout, "the table is the kept release's");
    let manifest = Manifest::from_json("m", &std::fs::read_to_string(b.join("manifest.json")).unwrap()).unwrap();
    assert!(lines[0].contains(&manifest.publisher), "{}", lines[0]);

    // A recipe whose release the folder does not hold is refused, not replayed on other numbers.
    let mut gone = recipe.clone();
    gone["release"] = "1999-01-01".into();
    std::fs::write(&path, gone.to_string()).unwrap();
    let out = run(&["query".as_ref(), b.as_os_str(), "--recipe".as_ref(), path.as_os_str()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("release 1999-01-01 of this bundle is not here (it holds release 2025-10-09)"), "{}", out.stderr);
}
