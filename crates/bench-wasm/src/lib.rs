//! The healthdash engine behind a small wasm-bindgen API for `make bench`.
//!
//! The benchmark page (bench/bench.mjs) creates a [`Bench`] from a bundle's
//! manifest, adds the Parquet files it downloaded, and runs the standard
//! queries of `crates/cli/benches/engine.rs` with the same parameters. Each
//! query has a timed form (`run_*`: the query itself, its result dropped, a
//! count returned so it is not optimised away) and an answer form (`answer_*`:
//! a small JSON string the page compares with DuckDB-wasm's and hyparquet's).
//! Nothing here computes a statistic: every figure comes from healthdash-core.

use healthdash_core::bundle::{decode_values, Manifest};
use healthdash_core::query::{inequalities, level_peer_stats, opportunities, peer_group, roll_up};
use healthdash_core::table::Dataset;
use healthdash_core::view::{PeerSpec, Target};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// A dataset being loaded and queried.
#[wasm_bindgen]
pub struct Bench {
    ds: Dataset,
}

/// Decodes one Parquet file (no checksum, no checks, no index): the row count.
#[wasm_bindgen]
pub fn decode_only(path: &str, bytes: &[u8]) -> Result<usize, JsError> {
    decode_values(path, bytes).map(|t| t.len()).map_err(err)
}

#[wasm_bindgen]
impl Bench {
    /// An empty dataset for the bundle described by `manifest_json`.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest_json: &str) -> Result<Bench, JsError> {
        let m = Manifest::from_json("manifest.json", manifest_json).map_err(err)?;
        Ok(Bench { ds: Dataset::new(m) })
    }

    /// Adds the manifest's file `path` as the app does (`Dataset::add_file`:
    /// SHA-256 check, Parquet decode, value checks, index).
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), JsError> {
        let file = self.ds.manifest().files.iter().find(|f| f.path == path).cloned().ok_or_else(|| err(format!("{path} is not in the manifest")))?;
        self.ds.add_file(&file, bytes).map_err(err)
    }

    /// Rows indexed so far.
    pub fn rows(&self) -> usize {
        self.ds.rows()
    }

    /// (a) Peer statistics of `indicator` for every organisation of `level`,
    /// peers = every other organisation of the type, latest period.
    pub fn run_peer_stats(&self, indicator: &str, level: &str) -> usize {
        level_peer_stats(&self.ds, indicator, level, None, &PeerSpec::Type).len()
    }

    pub fn answer_peer_stats(&self, indicator: &str, level: &str) -> String {
        let rows: Vec<Value> = level_peer_stats(&self.ds, indicator, level, None, &PeerSpec::Type)
            .into_iter()
            .map(|p| {
                json!({"org": p.org.code, "value": p.value, "peers_with_value": p.stats.peers_with_value, "q1": p.stats.q1,
                       "median": p.stats.median, "q3": p.stats.q3, "percentile": p.stats.percentile, "rank": p.stats.rank, "of": p.stats.of})
            })
            .collect();
        Value::Array(rows).to_string()
    }

    /// (b) Ethnicity and deprivation slice of `indicator` for `org`, latest
    /// period, with the gap over every period.
    pub fn run_inequalities(&self, indicator: &str, org: &str) -> usize {
        inequalities(&self.ds, indicator, org, None, None, None, None).map(|q| q.slice.gap_over_time.len() + q.slice.ethnicity.len()).unwrap_or(0)
    }

    pub fn answer_inequalities(&self, indicator: &str, org: &str) -> String {
        let Some(q) = inequalities(&self.ds, indicator, org, None, None, None, None) else {
            return "null".into();
        };
        let groups = |g: &[healthdash_core::query::GroupValue]| -> Vec<Value> {
            g.iter().map(|x| json!({"group": x.group, "value": x.figure.value, "numerator": x.figure.numerator, "denominator": x.figure.denominator})).collect()
        };
        json!({
            "period": q.period,
            "ethnicity": groups(&q.slice.ethnicity),
            "deciles": groups(&q.slice.deprivation_deciles),
            "quintiles": groups(&q.slice.deprivation_quintiles),
            "gap_over_time": q.slice.gap_over_time.iter().map(|g| json!({"period": g.period, "absolute": g.absolute})).collect::<Vec<_>>(),
        })
        .to_string()
    }

    /// (c) Roll-up of `indicator` to `parent` from members of `member_type`
    /// (or the default type below the parent), latest period.
    pub fn run_roll_up(&self, indicator: &str, parent: &str, member_type: Option<String>) -> usize {
        roll_up(&self.ds, indicator, parent, member_type.as_deref(), None).map(|r| r.members.len()).unwrap_or(0)
    }

    pub fn answer_roll_up(&self, indicator: &str, parent: &str, member_type: Option<String>) -> String {
        match roll_up(&self.ds, indicator, parent, member_type.as_deref(), None) {
            Some(r) => json!({"period": r.period, "member_type": r.member_type, "members": r.members.len(), "missing": r.missing.len(),
                              "numerator": r.figure.numerator, "denominator": r.figure.denominator, "value": r.figure.value})
            .to_string(),
            None => "null".into(),
        }
    }

    /// (d) Opportunity across all indicators for `org` against its `k`
    /// nearest neighbours, best-quartile target, each indicator's latest period.
    pub fn run_opportunities(&self, org: &str, k: u32) -> usize {
        opportunities(&self.ds, org, &PeerSpec::Nearest(k), Target::Quartile, None).map(|t| t.rows.len()).unwrap_or(0)
    }

    pub fn answer_opportunities(&self, org: &str, k: u32) -> String {
        let Some(t) = opportunities(&self.ds, org, &PeerSpec::Nearest(k), Target::Quartile, None) else {
            return "null".into();
        };
        let peers = peer_group(&self.ds, org, &PeerSpec::Nearest(k)).codes();
        let rows: Vec<Value> = t
            .rows
            .iter()
            .map(|r| {
                json!({"indicator": r.indicator, "period": r.period, "value": r.value, "target": r.target_value, "median": r.peer_median,
                            "activity": r.activity, "cost": r.cost})
            })
            .collect();
        json!({"peers": peers, "rows": rows, "totals": {"cost": t.totals.cost, "carbon_tonnes": t.totals.carbon_tonnes, "with_opportunity": t.totals.with_opportunity}})
            .to_string()
    }
}
