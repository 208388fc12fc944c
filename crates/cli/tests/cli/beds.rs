//! The real NHS England bed availability and occupancy file with the trust
//! lookups: occupancy as a proportion of occupied over available general and
//! acute beds, ICBs and regions as their trusts summed, every row accounted for.

use crate::common::*;
use std::path::PathBuf;

#[test]
fn bed_occupancy_by_trust_icb_and_region() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("beds");
    let mut args: Vec<PathBuf> = vec!["build".into()];
    for p in [
        "beds/england_critical_general_acute_beds.csv",
        "lookups/lookup_nhs_trusts22_icb22.csv",
        "lookups/lookup_nhs_trusts22_nhs_region21.csv",
        "boundaries/code_crosswalk.csv",
        "imd/imd2025_england_icb24.csv",
    ] {
        args.push(data.join(p));
    }
    let meta = workspace().join("bundles/beds.toml");
    args.extend(["--meta".into(), meta, "--published".into(), "2025-09-01".into(), "--out".into(), out.clone()]);
    let b = run(&args);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert_valid(&out);
    let m = manifest(&out);
    let ind = m.indicator("ga_bed_occupancy").unwrap();
    assert_eq!((ind.multiplier, ind.aggregatable), (100.0, true));
    let beds = csv_rows(&data.join("beds/england_critical_general_acute_beds.csv"));
    // (occupied, available) of a trust in a month, when the file has the month.
    let get = |trust: &str, month: &str| -> Option<(f64, f64)> {
        let r = beds.iter().find(|r| r["nhs_trust22_code"] == trust && r["date"] == month)?;
        Some((r["general_acute_beds_occupied"].parse().unwrap(), r["general_acute_beds_available"].parse().unwrap()))
    };
    let t = values(&out, "ga_bed_occupancy");
    // R0A, April 2022: 2 031 of 2 286 beds occupied.
    let r = find(&t, "R0A", "Apr 2022", "");
    close(r.numerator, 2031.0);
    close(r.denominator, 2286.0);
    close(r.value, 2031.0 / 2286.0 * 100.0);
    assert!(r.lower_95.unwrap() < r.value.unwrap() && r.value.unwrap() < r.upper_95.unwrap());
    // An ICB and a region: their trusts' beds summed.
    for parent in [m.organisation("R0A").unwrap().parents[0].as_str(), "E40000014"] {
        let members: Vec<&str> =
            m.organisations.iter().filter(|o| o.org_type == "trust" && o.parents.iter().any(|p| p == parent)).map(|o| o.code.as_str()).collect();
        assert!(!members.is_empty());
        let (occ, avail) = members.iter().filter_map(|c| get(c, "June 2024")).fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        let r = find(&t, parent, "Jun 2024", "");
        close(r.numerator, occ);
        close(r.denominator, avail);
        close(r.value, occ / avail * 100.0);
    }
    // North West carries its current code (E40000010 → E40000014).
    assert!(m.organisation("E40000010").is_none());
    // Every line of the file is a trust row or a report line (4 trust-months with no beds).
    let trust_rows = t.rows().filter(|r| m.organisation(&r.org).unwrap().org_type == "trust").count();
    let report = report_lines(&out);
    assert_eq!(report.iter().filter(|l| &l[6] == "no_denominator").count(), 4);
    assert_eq!(trust_rows + report.len(), beds.len());
    // Trusts and ICBs have a size for nearest-neighbour peers.
    assert!(m.organisation("R0A").unwrap().context.contains_key("ga_beds"));
    let v = query(&out, "view=compare&org=R0A&ind=ga_bed_occupancy&peers=nn:5");
    assert_eq!(v["orgs"].as_array().unwrap().iter().filter(|o| o["peer"] == true).count(), 5);
    assert_every_view(&out, "R0A", "ga_bed_occupancy");
    assert_every_view(&out, "E54000057", "ga_bed_occupancy");
}
