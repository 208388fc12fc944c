//! The real ERIC estates file with the UK Government carbon conversion
//! factors: energy, cost, water and carbon per m² checked against the source
//! rows and factor rows by hand, the split-name rows read back, every row
//! accounted for, and £ and t CO2e opportunities against peers of the same
//! ERIC organisation type.

use crate::common::*;
use std::collections::HashMap;
use std::path::PathBuf;

const FUELS: [&str; 8] =
    ["electricity_kwh", "electricity_renewable_kwh", "gas_kwh", "oil_kwh", "coal_kwh", "steam_kwh", "hot_water_kwh", "non_fossil_renewable_kwh"];

fn near(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

#[test]
fn sustainability_bundle_matches_eric_and_the_factor_rows() {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sustainability");
    let eric_path = data.join("sustainability/eric_trust_energy_water_2013-14_to_2016-17.csv");
    let factors_path = data.join("sustainability/carbon_factors_defra.csv");
    let meta = workspace().join("bundles/sustainability.toml");
    let args: Vec<PathBuf> = vec![
        "build".into(),
        eric_path.clone(),
        factors_path.clone(),
        "--meta".into(),
        meta,
        "--published".into(),
        "2025-09-01".into(),
        "--out".into(),
        out.clone(),
    ];
    let b = run(&args);
    assert_eq!(b.code, 0, "build failed:\n{}", b.stderr);
    assert_valid(&out);
    let m = manifest(&out);
    let eric = csv_rows(&eric_path);
    let factors = csv_rows(&factors_path);
    let factor = |name: &str, year: &str| -> f64 { factors.iter().find(|r| r["name"] == name).unwrap()[year].parse().unwrap() };
    let row = |code: &str, year: &str| eric.iter().find(|r| r["org_code"] == code && r["financial_year"] == year).unwrap();
    let x = |r: &HashMap<String, String>, c: &str| -> f64 { r[c].parse().unwrap() };

    // University Hospital Birmingham (RRK), 2016-17, by hand from its row and the 2016-17 factor rows.
    let r = row("RRK", "2016-17");
    let area = x(r, "gross_internal_floor_area_m2");
    let kwh: f64 = FUELS.iter().map(|c| x(r, c)).sum();
    let kg = (x(r, "electricity_kwh") + x(r, "electricity_renewable_kwh")) * factor("Electricity UK total", "2016-17")
        + x(r, "gas_kwh") * factor("Gas total", "2016-17")
        + x(r, "oil_kwh") * factor("Fuel oil total", "2016-17")
        + x(r, "coal_kwh") * factor("Coal (industrial) total", "2016-17")
        + (x(r, "steam_kwh") + x(r, "hot_water_kwh")) * factor("Imported heat/steam total", "2016-17");
    assert!(kg > 0.0);
    let e = find(&values(&out, "energy_kwh_per_m2"), "RRK", "2016/17", "");
    near(e.value.unwrap(), kwh / area);
    near(e.denominator.unwrap(), area);
    let c = find(&values(&out, "energy_co2e_per_m2"), "RRK", "2016/17", "");
    near(c.numerator.unwrap() / 1000.0, kg / 1000.0); // tonnes CO2e
    near(c.value.unwrap(), kg / area);
    near(find(&values(&out, "energy_cost_per_m2"), "RRK", "2016/17", "").value.unwrap(), x(r, "energy_cost_gbp") / area);
    near(find(&values(&out, "water_m3_per_m2"), "RRK", "2016/17", "").value.unwrap(), x(r, "water_volume_m3") / area);

    // The indicators' prices: England's 2016-17 average £ per kWh and £ per m³, the water factors.
    let latest: Vec<_> = eric.iter().filter(|r| r["financial_year"] == "2016-17" && !r["energy_cost_gbp"].is_empty()).collect();
    let total_kwh: f64 = latest.iter().map(|r| FUELS.iter().map(|c| x(r, c)).sum::<f64>()).sum();
    let total_cost: f64 = latest.iter().map(|r| x(r, "energy_cost_gbp")).sum();
    let energy = m.indicator("energy_kwh_per_m2").unwrap();
    near(energy.unit_cost.unwrap(), total_cost / total_kwh);
    let water = m.indicator("water_m3_per_m2").unwrap();
    near(water.carbon_factor.unwrap(), factor("Mains water total", "2016-17") + factor("Drains waste water total", "2016-17"));
    assert!(m.indicator("energy_cost_per_m2").unwrap().unit_cost.is_none() && m.indicator("energy_co2e_per_m2").unwrap().carbon_factor.is_none());

    // A row whose name was split at its comma is read back, its type from its other years.
    let rf4 = m.organisation("RF4").unwrap();
    assert_eq!(rf4.name, "BARKING, HAVERING AND REDBRIDGE UNIVERSITY HOSPITALS NHS TRUST");
    assert_eq!(rf4.parents, ["Y56"]);
    assert_eq!(rf4.clusters.len(), 1);

    // Every row is in the bundle or the report, for each indicator.
    let report = report_lines(&out);
    for id in ["energy_kwh_per_m2", "energy_cost_per_m2", "water_m3_per_m2", "energy_co2e_per_m2"] {
        let rows = values(&out, id).rows().filter(|r| m.organisation(&r.org).unwrap().org_type == "trust").count();
        assert_eq!(rows + report.iter().filter(|l| &l[2] == id).count(), eric.len(), "{id}");
    }
    // Leeds's negative steam in 2014-15 keeps it out of energy and carbon, with the reason.
    assert!(report.iter().any(|l| &l[1] == "388" && &l[2] == "energy_kwh_per_m2" && &l[6] == "negative_quantity"));

    // Opportunity against real peers: RRK among the other acute teaching trusts.
    let v = query(&out, "view=peers&org=RRK");
    assert_eq!(v["peers"]["basis"], "cluster");
    assert_eq!(v["peers"]["cluster"], "acute_teaching");
    let peers = v["peers"]["members"].as_array().unwrap();
    assert!(peers.len() >= 20, "{}", peers.len());
    assert!(peers.iter().all(|p| p["clusters"][0] == "acute_teaching" && !p["name"].as_str().unwrap().is_empty() && p["code"] != "RRK"));
    assert!(v["totals"]["cost"].as_f64().unwrap() > 0.0 && v["totals"]["carbon_tonnes"].as_f64().unwrap() > 0.0, "{}", v["totals"]);
    let opp = v["opportunity"].as_array().unwrap().iter().find(|o| o["indicator"] == "energy_kwh_per_m2").unwrap();
    let (value, target, den) = (opp["value"].as_f64().unwrap(), opp["target_value"].as_f64().unwrap(), opp["denominator"].as_f64().unwrap());
    let kwh_gap = (value - target) * den;
    assert!(kwh_gap > 0.0);
    near(opp["activity"].as_f64().unwrap(), kwh_gap);
    near(opp["cost"].as_f64().unwrap(), kwh_gap * energy.unit_cost.unwrap());
    near(opp["carbon_tonnes"].as_f64().unwrap(), kwh_gap * energy.carbon_factor.unwrap() / 1000.0);
    // Nearest neighbours by floor area find peers of the same type too.
    let nn = query(&out, "view=peers&org=RRK&peers=nn:5");
    assert_eq!(nn["peers"]["members"].as_array().unwrap().len(), 5);
    assert_every_view(&out, "RRK", "energy_kwh_per_m2");
    assert_every_view(&out, "Y55", "energy_co2e_per_m2");
}
