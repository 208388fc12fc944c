//! Search-as-you-type over a bundle's organisations, for the organisation
//! picker: by name or code, optionally of one type, best matches first.
//!
//! Ranking, most relevant first: the code exactly; a code starting with the
//! text; a name word starting with the text; the text anywhere in the name.
//! Ties keep the bundle's order (which lists the hierarchy top-down). Case
//! and surrounding spaces are ignored.

use crate::bundle::{Manifest, Organisation};

/// Up to `limit` organisations matching `text`, of type `org_type` when
/// given, best first. Empty text lists organisations in bundle order.
pub fn search_orgs<'a>(manifest: &'a Manifest, text: &str, org_type: Option<&str>, limit: usize) -> Vec<&'a Organisation> {
    let needle = text.trim().to_lowercase();
    let mut hits: Vec<(u8, usize, &Organisation)> = manifest
        .organisations
        .iter()
        .enumerate()
        .filter(|(_, o)| org_type.is_none_or(|t| o.org_type == t))
        .filter_map(|(i, o)| rank(o, &needle).map(|r| (r, i, o)))
        .collect();
    hits.sort_by_key(|(r, i, _)| (*r, *i));
    hits.into_iter().take(limit).map(|(_, _, o)| o).collect()
}

fn rank(o: &Organisation, needle: &str) -> Option<u8> {
    if needle.is_empty() {
        return Some(0);
    }
    let code = o.code.to_lowercase();
    let name = o.name.to_lowercase();
    if code == needle {
        Some(0)
    } else if code.starts_with(needle) {
        Some(1)
    } else if name.starts_with(needle) || name.split(|c: char| !c.is_alphanumeric()).any(|w| w.starts_with(needle)) {
        Some(2)
    } else if name.contains(needle) {
        Some(3)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    fn codes(v: Vec<&Organisation>) -> Vec<String> {
        v.into_iter().map(|o| o.code.clone()).collect()
    }

    #[test]
    fn code_matches_come_before_name_matches() {
        let mut m = fixture::manifest();
        m.organisations[1].name = "Provider P1 partnership".into();
        let found = codes(search_orgs(&m, " p1 ", None, 10));
        assert_eq!(found.first().map(String::as_str), Some("P1"), "{found:?}");
        assert!(found.contains(&m.organisations[1].code));
    }

    #[test]
    fn type_filter_limit_and_no_match() {
        let m = fixture::manifest();
        let t = m.organisations.last().unwrap().org_type.clone();
        let all = search_orgs(&m, "", Some(&t), 100);
        assert!(!all.is_empty() && all.iter().all(|o| o.org_type == t));
        assert_eq!(search_orgs(&m, "", None, 2).len(), 2);
        assert!(search_orgs(&m, "zzzz-no-such", None, 10).is_empty());
    }
}
