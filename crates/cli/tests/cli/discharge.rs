//! The real NHS England discharge files (daily criteria to reside by trust and
//! ICB, monthly delay reasons by trust) with the bed file, lookups, code
//! crosswalk and IMD 2025: monthly means checked against the daily rows, delay
//! families against the reasons, every input line accounted for, a reason
//! left out of the families stopping the build, and ICBs compared with their
//! nearest neighbours.

use crate::common::*;
use std::path::{Path, PathBuf};

fn inputs(data: &Path) -> Vec<PathBuf> {
    [
        "discharge/england_trust_criteria_to_reside.csv",
        "discharge/england_icb_criteria_to_reside.csv",
        "discharge/england_delayed_discharge_reasons_trust.csv",
        "beds/england_critical_general_acute_beds.csv",
        "lookups/lookup_nhs_trusts22_icb22.csv",
        "lookups/lookup_nhs_trusts22_nhs_region21.csv",
        "boundaries/code_crosswalk.csv",
        "imd/imd2025_england_icb24.csv",
    ]
    .iter()
    .map(|p| data.join(p))
    .collect()
}

fn build(meta: &Path, out: &Path) -> Out {
    let mut args: Vec<PathBuf> = vec!["build".into()];
    args.extend(inputs(&shared_data()));
    args.extend(["--meta".into(), meta.to_path_buf(), "--published".into(), "2025-09-01".into(), "--out".into(), out.to_path_buf()]);
    run(&args)
}

fn meta_file() -> PathBuf {
    workspace().join("bundles/discharge.toml")
}

/// A reason's family as `bundles/discharge.toml` assigns it: NHS England's
/// "Hospital process" and "Wellbeing concerns" groups are the hospital side.
fn hospital_side(reason: &str) -> bool {
    reason.starts_with("Hospital process") || reason.starts_with("Wellbeing concerns")
}

#[test]
fn discharge_bundle_matches_the_daily_and_monthly_rows() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("discharge");
    let b = build(&meta_file(), &out);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert_valid(&out);
    let m = manifest(&out);

    // Monthly mean of daily counts: RAJ, April 2022, from the trust file's daily rows.
    let daily = csv_rows(&data.join("discharge/england_trust_criteria_to_reside.csv"));
    let days: Vec<f64> = daily
        .iter()
        .filter(|r| r["nhs_trust22_code"] == "RAJ" && r["date"].starts_with("2022-04-"))
        .map(|r| r["do_not_meet_criteria_to_reside"].parse::<f64>().unwrap())
        .collect();
    assert_eq!(days.len(), 30);
    let mean = days.iter().sum::<f64>() / 30.0;
    let t = values(&out, "ctr_mean");
    let r = find(&t, "RAJ", "Apr 2022", "");
    close(r.value, mean);
    close(r.numerator, days.iter().sum());
    close(r.denominator, 30.0);

    // Per 100 occupied general and acute beds, from the bed file's same month.
    let beds = csv_rows(&data.join("beds/england_critical_general_acute_beds.csv"));
    let occupied = |trust: &str, month: &str| -> f64 {
        beds.iter().find(|r| r["nhs_trust22_code"] == trust && r["date"] == month).unwrap()["general_acute_beds_occupied"].parse().unwrap()
    };
    let rate = values(&out, "ctr_per_100_beds");
    close(find(&rate, "RAJ", "Apr 2022", "").value, mean / occupied("RAJ", "April 2022") * 100.0);

    // Delay families: RAJ, June 2024, summed from the 37 reason rows.
    let reasons = csv_rows(&data.join("discharge/england_delayed_discharge_reasons_trust.csv"));
    let month: Vec<_> = reasons.iter().filter(|r| r["nhs_trust22_code"] == "RAJ" && r["date"] == "2024-06-01").collect();
    assert_eq!(month.len(), 37);
    let sum =
        |hospital: bool| month.iter().filter(|r| hospital_side(&r["delay_reason"]) == hospital).map(|r| r["delay_count"].parse::<f64>().unwrap()).sum::<f64>();
    let (hospital, social) = (sum(true), sum(false));
    assert!(hospital > 0.0 && social > 0.0);
    close(find(&values(&out, "delays_hospital_mean"), "RAJ", "Jun 2024", "").value, hospital);
    close(find(&values(&out, "delays_social_care_mean"), "RAJ", "Jun 2024", "").value, social);
    close(find(&values(&out, "delays_social_care_share"), "RAJ", "Jun 2024", "").value, social / (hospital + social) * 100.0);
    close(find(&values(&out, "delays_hospital_per_100_beds"), "RAJ", "Jun 2024", "").value, hospital / occupied("RAJ", "June 2024") * 100.0);
    // An ICB's delays are its trusts' (by main ICB) summed.
    let icb = m.organisation("RAJ").unwrap().parents[0].clone();
    let members: Vec<String> = m.organisations.iter().filter(|o| o.org_type == "trust" && o.parents.first() == Some(&icb)).map(|o| o.code.clone()).collect();
    let icb_sum: f64 = reasons
        .iter()
        .filter(|r| members.contains(&r["nhs_trust22_code"]) && r["date"] == "2024-06-01" && !hospital_side(&r["delay_reason"]))
        .map(|r| r["delay_count"].parse::<f64>().unwrap_or(0.0))
        .sum();
    close(find(&values(&out, "delays_social_care_mean"), &icb, "Jun 2024", "").value, icb_sum);

    // Every input line is in the bundle or the build report.
    let report = report_lines(&out);
    let listed = |file: &str| report.iter().filter(|l| l[0].ends_with(file)).count();
    let trust_days: f64 = values(&out, "ctr_mean")
        .rows()
        .filter(|r| r.denominator.is_some() && m.organisation(&r.org).unwrap().org_type == "trust")
        .map(|r| r.denominator.unwrap())
        .sum();
    assert_eq!(trust_days as usize + listed("england_trust_criteria_to_reside.csv"), daily.len());
    let no_code = report.iter().filter(|l| l[0].ends_with("england_trust_criteria_to_reside.csv") && &l[6] == "no_area_code").count();
    assert_eq!(no_code, 243, "the January 2025 rows with no trust code");
    let trust_months = values(&out, "delays_hospital_mean").rows().filter(|r| m.organisation(&r.org).unwrap().org_type == "trust").count();
    assert_eq!(trust_months * 37 + listed("england_delayed_discharge_reasons_trust.csv"), reasons.len());
    let icb_days: f64 = values(&out, "ctr_mean").rows().filter(|r| m.organisation(&r.org).unwrap().org_type == "icb").map(|r| r.denominator.unwrap()).sum();
    assert_eq!(icb_days as usize, csv_rows(&data.join("discharge/england_icb_criteria_to_reside.csv")).len());

    // Old codes carry their current ones: ICB22 → ICB23, renumbered regions.
    assert!(m.organisation("E54000063").is_some_and(|o| o.name.contains("Surrey Heartlands")));
    assert!(m.organisation("E54000052").is_none() && m.organisation("E40000010").is_none());
    assert_eq!(m.organisation("E54000057").unwrap().parents, ["E40000014"]);

    // ICBs have IMD 2025 and bed context, so nearest neighbours find peers on each side of the interface.
    let surrey = m.organisation("E54000063").unwrap();
    assert!(surrey.context.contains_key("imd_average_score") && surrey.context.contains_key("ga_beds"), "{:?}", surrey.context);
    for ind in ["delays_hospital_per_100_beds", "delays_social_care_per_100_beds"] {
        let v = query(&out, &format!("view=compare&org=E54000063&ind={ind}&peers=nn:5"));
        let peers: Vec<&serde_json::Value> = v["orgs"].as_array().unwrap().iter().filter(|o| o["peer"] == true).collect();
        assert_eq!(peers.len(), 5, "{ind}: {}", v["orgs"]);
        assert!(peers.iter().all(|p| p["type"] == "icb" && p["value"].is_number()));
        assert!(v["peer_median"].is_number());
    }
    assert_every_view(&out, "E54000063", "delays_social_care_per_100_beds");
    assert_every_view(&out, "RAJ", "ctr_per_100_beds");
}

#[test]
fn a_delay_reason_in_no_family_stops_the_build_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(meta_file()).unwrap();
    let reason = "Capacity – Housing adaptations not yet completed (Pathway 1 or 3)";
    let line = format!("  \"{reason}\",\n");
    assert!(text.contains(&line));
    let meta = write(dir.path(), "meta.toml", &text.replace(&line, ""));
    let out = dir.path().join("out");
    let b = build(&meta, &out);
    assert_eq!(b.code, 2, "{}", b.stderr);
    assert!(b.stderr.contains(&format!("reason \"{reason}\" (1423 rows) is in no [[delay_families]]")), "{}", b.stderr);
    assert!(!out.exists());
}
