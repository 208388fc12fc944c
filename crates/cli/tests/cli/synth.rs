use crate::common::*;
use healthdash_core::bundle::ValueType;
use std::fs;

fn synth(dir: &std::path::Path, seed: &str) {
    let out = run(&["synth", "--out", dir.to_str().unwrap(), "--seed", seed]);
    assert_eq!(out.code, 0, "synth failed: {}", out.stderr);
}

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut all = vec![("manifest.json".to_string(), fs::read(dir.join("manifest.json")).unwrap())];
    // values/<indicator>/<type>.parquet
    let mut names = Vec::new();
    for folder in fs::read_dir(dir.join("values")).unwrap() {
        let folder = folder.unwrap().path();
        for file in fs::read_dir(&folder).unwrap() {
            names.push(file.unwrap().path().strip_prefix(dir).unwrap().to_string_lossy().into_owned());
        }
    }
    names.sort();
    for n in names {
        all.push((n.clone(), fs::read(dir.join(&n)).unwrap()));
    }
    all
}

#[test]
fn same_seed_gives_byte_identical_bundles_and_another_seed_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    synth(&a, "1");
    synth(&b, "1");
    synth(&c, "2");
    assert_eq!(files(&a), files(&b));
    assert_ne!(files(&a), files(&c));
}

#[test]
fn default_bundle_is_valid_with_real_geography_and_every_domain() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("b");
    synth(&dir, "1");
    assert_valid(&dir);
    let m = manifest(&dir);
    assert!(m.demonstration);
    let count = |t: &str| m.organisations.iter().filter(|o| o.org_type == t).count();
    assert_eq!((count("country"), count("region"), count("icb")), (1, 7, 42));
    assert_eq!((count("provider"), count("local_authority")), (137, 296));
    // A real trust under its main ICB and region: Manchester University NHS FT.
    let mft = m.organisation("R0A").unwrap();
    assert_eq!(mft.parents, vec!["E54000057".to_string(), "E40000010".to_string()]);
    assert_eq!(m.organisation("E54000008").unwrap().name, "NHS Cheshire and Merseyside Integrated Care Board");
    assert_eq!(m.organisation("E54000008").unwrap().parents, vec!["E40000010".to_string()]);
    for domain in [
        "emergency_care",
        "elective_care",
        "safety",
        "general_practice",
        "mental_health",
        "cancer",
        "prevention",
        "finance",
        "system_leadership",
        "inequalities",
        "sustainability",
        "social_care",
    ] {
        assert!(m.indicators.iter().any(|i| i.domains.iter().any(|d| d == domain)), "no indicator in {domain}");
    }
    assert!(m.indicators.iter().any(|i| i.unit_cost.is_some() && i.carbon_factor.is_some()));
    let t = values(&dir, "flu_65");
    let cut = |dims: &[&str]| t.breakdown.values.iter().any(|k| k.cuts_exactly(dims));
    assert!(cut(&["ethnicity"]) && cut(&["deprivation_decile"]) && cut(&["deprivation_quintile"]));
    // Crossed breakdowns, for the nested slices, the cross-tab and the pyramid.
    assert!(cut(&["ethnicity", "deprivation_quintile"]) && cut(&["sex", "age"]) && cut(&["sex"]) && cut(&["age"]));
    assert!(m.indicator("flu_65").unwrap().has_breakdown(&["sex", "age"]));
    let dims: Vec<&str> = m.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dims, ["ethnicity", "deprivation_decile", "deprivation_quintile", "sex", "age"]);
}

#[test]
fn crossed_cells_sum_to_their_margins() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("b");
    synth(&dir, "1");
    let t = values(&dir, "flu_65");
    let icb = "E54000008";
    // White in each quintile sums to White; quintiles within an ethnic group to that group.
    let white: f64 = (1..=5).map(|q| find(&t, icb, "Sep 2025", &format!("deprivation_quintile={q}; ethnicity=White")).denominator.unwrap()).sum();
    assert_eq!(white, find(&t, icb, "Sep 2025", "ethnicity=White").denominator.unwrap());
    let female: f64 =
        ["0-17 yrs", "18-44 yrs", "45-64 yrs", "65+ yrs"].iter().map(|a| find(&t, icb, "Sep 2025", &format!("age={a}; sex=Female")).numerator.unwrap()).sum();
    assert_eq!(female, find(&t, icb, "Sep 2025", "sex=Female").numerator.unwrap());
}

#[test]
fn regions_and_england_are_sums_of_their_icbs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("b");
    synth(&dir, "1");
    let m = manifest(&dir);
    let ind = m.indicator("ae_4hr").unwrap();
    assert_eq!(ind.value_type, ValueType::Proportion);
    let t = values(&dir, "ae_4hr");
    let icbs: Vec<_> = m.organisations.iter().filter(|o| o.org_type == "icb" && o.parents[0] == "E40000003").collect();
    let (mut num, mut den) = (0.0, 0.0);
    for icb in &icbs {
        let r = find(&t, &icb.code, "Sep 2025", "");
        assert!(r.numerator.unwrap() <= r.denominator.unwrap());
        num += r.numerator.unwrap();
        den += r.denominator.unwrap();
    }
    let london = find(&t, "E40000003", "Sep 2025", "");
    assert_eq!((london.numerator.unwrap(), london.denominator.unwrap()), (num, den));
    close(london.value, num / den * 100.0);
    assert!(london.lower_95.unwrap() < london.value.unwrap() && london.value.unwrap() < london.upper_95.unwrap());
}
