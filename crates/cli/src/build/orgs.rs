//! Organisations and their hierarchy, gathered from the inputs.
//!
//! Importers add what their files say (code, name, type, parent); an optional
//! `--areas` table (the layout of Fingertips' `areas.csv`: `AreaCode`,
//! `AreaName`, `AreaType`, `Level`, `Children`) fills in missing names, types
//! and parents and completes the chain up to the root. [`OrgTable::finish`]
//! makes the manifest's organisation list: every parent an organisation
//! names is itself listed, so the hierarchy is closed.

use super::csvin::CsvInput;
use healthdash_core::bundle::{OrgType, Organisation};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct OrgRecord {
    pub name: String,
    /// An org type id (see [`KNOWN_TYPES`]) or "" when not yet known.
    pub org_type: String,
    pub parents: Vec<String>,
}

/// Organisations by code, merged from all inputs.
#[derive(Debug, Default)]
pub struct OrgTable {
    orgs: BTreeMap<String, OrgRecord>,
}

/// Organisation types healthdash knows: id, display name, level in the hierarchy.
pub const KNOWN_TYPES: [(&str, &str, u32); 11] = [
    ("country", "Country", 0),
    ("region", "Regions", 1),
    ("nhs_region", "NHS regions", 1),
    ("combined_authority", "Combined authorities", 1),
    ("county_ua", "Counties and unitary authorities", 2),
    ("icb", "Integrated care boards", 2),
    ("district_ua", "Districts and unitary authorities", 3),
    ("sub_icb", "Sub-ICB locations", 3),
    ("trust", "NHS trusts", 3),
    ("pcn", "Primary care networks", 4),
    ("gp", "GP practices", 5),
];

/// The type id for a Fingertips `Area Type` name ("NHS Sub Integrated Care
/// Boards" → `sub_icb`); names healthdash does not know become a slug.
pub fn type_from_area_type(area_type: &str) -> String {
    let l = area_type.to_lowercase();
    let rules: [(&str, &str); 12] = [
        ("sub integrated care", "sub_icb"),
        ("sub-icb", "sub_icb"),
        ("integrated care board", "icb"),
        ("primary care network", "pcn"),
        ("gp", "gp"),
        ("district", "district_ua"),
        ("count", "county_ua"),
        ("combined authorit", "combined_authority"),
        ("nhs region", "nhs_region"),
        ("region", "region"),
        ("england", "country"),
        ("trust", "trust"),
    ];
    if let Some((_, id)) = rules.iter().find(|(k, _)| l.contains(k)) {
        return id.to_string();
    }
    let slug: String = l.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    slug.split('_').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("_")
}

/// The type an ONS/ODS code's pattern implies, when it is unambiguous.
pub fn type_from_code(code: &str) -> Option<&'static str> {
    let b = code.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if code.len() == 9 && code.starts_with('E') && digits(&b[1..]) {
        return match &code[..3] {
            "E92" => Some("country"),
            "E12" => Some("region"),
            "E40" => Some("nhs_region"),
            "E47" => Some("combined_authority"),
            "E54" => Some("icb"),
            "E38" => Some("sub_icb"),
            "E06" | "E08" | "E09" | "E10" => Some("county_ua"),
            "E07" => Some("district_ua"),
            _ => None,
        };
    }
    if code.len() == 6 && b[0] == b'U' && digits(&b[1..]) {
        return Some("pcn");
    }
    if code.len() == 6 && b[0].is_ascii_uppercase() && digits(&b[1..]) {
        return Some("gp");
    }
    if code.len() == 3 && b[0] == b'R' && b[1..].iter().all(u8::is_ascii_alphanumeric) {
        return Some("trust");
    }
    None
}

impl OrgTable {
    /// Adds or merges an organisation: empty fields are filled, parents are unioned.
    pub fn add(&mut self, code: &str, name: &str, org_type: &str, parent: Option<&str>) {
        let o = self.orgs.entry(code.to_string()).or_default();
        if o.name.is_empty() {
            o.name = name.to_string();
        }
        if o.org_type.is_empty() {
            o.org_type = org_type.to_string();
        }
        if let Some(p) = parent.filter(|p| !p.is_empty() && *p != code) {
            if !o.parents.iter().any(|x| x == p) {
                o.parents.push(p.to_string());
            }
        }
    }

    /// Names an organisation already in the table that has no name yet.
    pub fn name_if_present(&mut self, code: &str, name: &str) {
        if let Some(o) = self.orgs.get_mut(code).filter(|o| o.name.is_empty()) {
            o.name = name.to_string();
        }
    }

    pub fn contains(&self, code: &str) -> bool {
        self.orgs.contains_key(code)
    }

    /// Renames organisation codes (a code crosswalk), as codes and as parents.
    /// A renamed organisation merges into one already holding the new code.
    pub fn rename(&mut self, renames: &HashMap<String, String>) {
        let old = std::mem::take(&mut self.orgs);
        for (code, mut o) in old {
            for p in o.parents.iter_mut() {
                if let Some(n) = renames.get(p) {
                    *p = n.clone();
                }
            }
            let code = renames.get(&code).cloned().unwrap_or(code);
            let mut one = OrgTable::default();
            one.orgs.insert(code, o);
            self.merge(one);
        }
    }

    pub fn merge(&mut self, other: OrgTable) {
        for (code, o) in other.orgs {
            if o.parents.is_empty() {
                self.add(&code, &o.name, &o.org_type, None);
            }
            for p in &o.parents {
                self.add(&code, &o.name, &o.org_type, Some(p));
            }
        }
    }

    /// The manifest's organisations (sorted by level, then code) and org types.
    /// Missing names, types and parents come from `areas`, then from the code's
    /// pattern; each remaining gap is a warning.
    pub fn finish(mut self, areas: Option<&Areas>, warnings: &mut Vec<String>) -> (Vec<Organisation>, Vec<OrgType>) {
        if let Some(areas) = areas {
            let mut queue: Vec<String> = self.orgs.keys().cloned().collect();
            while let Some(code) = queue.pop() {
                let Some(a) = areas.by_code.get(&code) else {
                    continue;
                };
                let o = self.orgs.entry(code.clone()).or_default();
                if o.name.is_empty() {
                    o.name = a.name.clone();
                }
                if o.org_type.is_empty() {
                    o.org_type = a.org_type.clone();
                }
                if o.parents.is_empty() {
                    o.parents = a.parents.clone();
                }
                let parents = o.parents.clone();
                queue.extend(parents.into_iter().filter(|p| !self.orgs.contains_key(p)));
            }
        }
        // Every parent named must itself be an organisation.
        let missing: Vec<String> = self.orgs.values().flat_map(|o| o.parents.iter()).filter(|p| !self.orgs.contains_key(*p)).cloned().collect();
        for code in missing {
            self.orgs.entry(code).or_default();
        }
        let (mut unnamed, mut untyped) = (Vec::new(), Vec::new());
        for (code, o) in self.orgs.iter_mut() {
            if o.name.is_empty() {
                o.name = code.clone();
                unnamed.push(code.clone());
            }
            if o.org_type.is_empty() {
                match type_from_code(code) {
                    Some(t) => o.org_type = t.to_string(),
                    None => {
                        o.org_type = "unknown".into();
                        untyped.push(code.clone());
                    }
                }
            }
        }
        let few = |v: &[String]| {
            let head: Vec<&str> = v.iter().take(8).map(String::as_str).collect();
            format!("{}{}", head.join(", "), if v.len() > 8 { ", …" } else { "" })
        };
        if !unnamed.is_empty() {
            warnings.push(format!("{} organisations have no name in any input (named by their code): {}", unnamed.len(), few(&unnamed)));
        }
        if !untyped.is_empty() {
            warnings.push(format!("{} organisations have no known type (typed \"unknown\"): {}", untyped.len(), few(&untyped)));
        }
        let level_of = |t: &str| -> (u32, String) {
            if let Some((_, name, level)) = KNOWN_TYPES.iter().find(|(id, _, _)| *id == t) {
                return (*level, name.to_string());
            }
            let level = areas.and_then(|a| a.type_levels.get(t).copied()).unwrap_or(9);
            (level, t.replace('_', " "))
        };
        let mut types: BTreeMap<String, (u32, String)> = BTreeMap::new();
        for o in self.orgs.values() {
            types.entry(o.org_type.clone()).or_insert_with(|| level_of(&o.org_type));
        }
        let mut orgs: Vec<Organisation> = self
            .orgs
            .into_iter()
            .map(|(code, o)| Organisation {
                code,
                name: o.name,
                org_type: o.org_type,
                parents: o.parents,
                population: None,
                context: BTreeMap::new(),
                clusters: vec![],
            })
            .collect();
        orgs.sort_by(|a, b| (types[&a.org_type].0, &a.code).cmp(&(types[&b.org_type].0, &b.code)));
        let mut org_types: Vec<OrgType> = types.into_iter().map(|(id, (level, name))| OrgType { id, name, level }).collect();
        org_types.sort_by(|a, b| (a.level, &a.id).cmp(&(b.level, &b.id)));
        (orgs, org_types)
    }
}

/// One row of an areas table.
#[derive(Debug, Clone)]
pub struct AreaInfo {
    pub name: String,
    pub org_type: String,
    pub parents: Vec<String>,
}

/// An areas table (`--areas`): names, types and parent links by code.
#[derive(Debug, Default)]
pub struct Areas {
    pub file: String,
    pub by_code: HashMap<String, AreaInfo>,
    /// Levels the table gives for types healthdash does not know.
    type_levels: HashMap<String, u32>,
}

/// Reads an areas table. `Children` lists child codes separated by `|`; each
/// child gets this area as a parent.
pub fn read_areas(path: &Path) -> Result<Areas, Vec<String>> {
    const FORMAT: &str = "areas table";
    let mut input = CsvInput::open(path).map_err(|e| vec![e])?;
    let code = input.require("AreaCode", FORMAT).map_err(|e| vec![e])?;
    let name = input.require("AreaName", FORMAT).map_err(|e| vec![e])?;
    let area_type = input.optional("AreaType");
    let level = input.optional("Level");
    let children = input.optional("Children");
    let mut areas = Areas { file: input.file.clone(), ..Areas::default() };
    let mut links: Vec<(String, String)> = Vec::new();
    input.for_each(|row| {
        let c = row.required_text(code, "an area code")?.to_string();
        let t = type_from_area_type(row.text(area_type));
        if let Some(l) = row.integer(level, 0..=99)? {
            areas.type_levels.entry(t.clone()).or_insert(l as u32);
        }
        for child in row.text(children).split('|').map(str::trim).filter(|s| !s.is_empty()) {
            links.push((child.to_string(), c.clone()));
        }
        areas.by_code.insert(c, AreaInfo { name: row.text(name).to_string(), org_type: t, parents: vec![] });
        Ok(())
    })?;
    for (child, parent) in links {
        if let Some(a) = areas.by_code.get_mut(&child) {
            if !a.parents.contains(&parent) {
                a.parents.push(parent);
            }
        }
    }
    Ok(areas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_from_names_and_codes() {
        assert_eq!(type_from_area_type("NHS Sub Integrated Care Boards"), "sub_icb");
        assert_eq!(type_from_area_type("NHS Integrated Care Boards"), "icb");
        assert_eq!(type_from_area_type("Counties and Unitary Authorities"), "county_ua");
        assert_eq!(type_from_area_type("Districts and Unitary Authorities"), "district_ua");
        assert_eq!(type_from_area_type("GPs"), "gp");
        assert_eq!(type_from_area_type("Police Force Areas"), "police_force_areas");
        assert_eq!(type_from_code("E38000014"), Some("sub_icb"));
        assert_eq!(type_from_code("U28237"), Some("pcn"));
        assert_eq!(type_from_code("A82071"), Some("gp"));
        assert_eq!(type_from_code("RWH"), Some("trust"));
        assert_eq!(type_from_code("XYZ123"), None);
    }

    #[test]
    fn finish_closes_the_hierarchy_and_sorts_by_level() {
        let mut t = OrgTable::default();
        t.add("A82003", "Surgery", "gp", Some("U25520"));
        t.add("U25520", "Mid Furness PCN", "pcn", None);
        t.add("U25520", "", "", Some("E38000215"));
        let mut warnings = Vec::new();
        let (orgs, types) = t.finish(None, &mut warnings);
        let codes: Vec<&str> = orgs.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["E38000215", "U25520", "A82003"]);
        assert_eq!(orgs[0].org_type, "sub_icb");
        assert_eq!(orgs[1].parents, ["E38000215"]);
        assert_eq!(types.iter().map(|t| t.level).collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("E38000215"));
    }
}
