//! Organisations and how they nest: lookup by code, parents and children,
//! members of a given type anywhere below a parent (providers in a region),
//! and the main chain up to the country (provider → ICB → region → England).
//!
//! Built once from the manifest. An organisation may list several parents
//! (a trust under its ICB and its region); the first is its place in the main
//! hierarchy, the others only widen "members of". Cycles in a malformed
//! manifest are tolerated: every walk remembers where it has been.

use crate::bundle::{Manifest, Organisation};
use std::collections::HashMap;

/// Index of an organisation in the manifest's list.
pub(crate) type OrgId = u32;

#[derive(Debug, Clone, Default)]
pub(crate) struct Hierarchy {
    by_code: HashMap<String, OrgId>,
    parents: Vec<Vec<OrgId>>,
    children: Vec<Vec<OrgId>>,
}

impl Hierarchy {
    pub fn new(manifest: &Manifest) -> Hierarchy {
        let n = manifest.organisations.len();
        let mut by_code = HashMap::with_capacity(n);
        for (i, o) in manifest.organisations.iter().enumerate() {
            by_code.entry(o.code.clone()).or_insert(i as OrgId);
        }
        let mut parents = vec![Vec::new(); n];
        let mut children = vec![Vec::new(); n];
        for (i, o) in manifest.organisations.iter().enumerate() {
            for p in o.parents.iter().filter_map(|c| by_code.get(c).copied()) {
                let Some(mine) = parents.get_mut(i).filter(|mine| p as usize != i && !mine.contains(&p)) else { continue };
                mine.push(p);
                if let Some(theirs) = children.get_mut(p as usize) {
                    theirs.push(i as OrgId);
                }
            }
        }
        Hierarchy { by_code, parents, children }
    }

    pub fn id(&self, code: &str) -> Option<OrgId> {
        self.by_code.get(code).copied()
    }

    pub fn len(&self) -> usize {
        self.parents.len()
    }

    /// Direct parents, main parent first.
    pub fn parents(&self, org: OrgId) -> &[OrgId] {
        self.parents.get(org as usize).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Direct children, in manifest order.
    pub fn children(&self, org: OrgId) -> &[OrgId] {
        self.children.get(org as usize).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The main chain above `org`, nearest first (its parent, grandparent …),
    /// following each organisation's first parent.
    pub fn ancestors(&self, org: OrgId) -> Vec<OrgId> {
        let mut out = Vec::new();
        let mut at = org;
        while let Some(&p) = self.parents(at).first() {
            if p == org || out.contains(&p) {
                break;
            }
            out.push(p);
            at = p;
        }
        out
    }

    /// `org` and every organisation above it through any parent link, in
    /// breadth-first order (compare [`Self::ancestors`], the main chain only).
    pub fn above(&self, org: OrgId) -> Vec<OrgId> {
        let mut out = vec![org];
        let mut i = 0;
        while let Some(&x) = out.get(i) {
            i += 1;
            for &p in self.parents(x) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Every organisation below `org` through any parent link, in breadth-first order.
    pub fn descendants(&self, org: OrgId) -> Vec<OrgId> {
        let mut seen = vec![false; self.len()];
        let mut out = Vec::new();
        let mut queue: Vec<OrgId> = self.children(org).to_vec();
        if let Some(s) = seen.get_mut(org as usize) {
            *s = true;
        }
        let mut i = 0;
        while let Some(&c) = queue.get(i) {
            i += 1;
            if seen.get_mut(c as usize).is_none_or(|s| std::mem::replace(s, true)) {
                continue;
            }
            out.push(c);
            queue.extend_from_slice(self.children(c));
        }
        out
    }
}

/// Public, code-based view of the hierarchy over a manifest's organisations.
#[derive(Clone, Copy)]
pub struct Orgs<'a> {
    pub(crate) manifest: &'a Manifest,
    pub(crate) h: &'a Hierarchy,
}

impl<'a> Orgs<'a> {
    /// The hierarchy was built from this manifest, so every id names one of
    /// its organisations; None only for a hierarchy paired with another.
    fn org(&self, id: OrgId) -> Option<&'a Organisation> {
        self.manifest.organisations.get(id as usize)
    }

    fn list(&self, ids: impl IntoIterator<Item = OrgId>) -> Vec<&'a Organisation> {
        ids.into_iter().filter_map(|i| self.org(i)).collect()
    }

    /// The organisation with this code.
    pub fn get(&self, code: &str) -> Option<&'a Organisation> {
        self.h.id(code).and_then(|i| self.org(i))
    }

    /// Its parent in the main hierarchy (the first listed).
    pub fn parent(&self, code: &str) -> Option<&'a Organisation> {
        let id = self.h.id(code)?;
        self.h.parents(id).first().and_then(|&p| self.org(p))
    }

    /// Organisations listing `code` among their parents.
    pub fn children(&self, code: &str) -> Vec<&'a Organisation> {
        self.h.id(code).map(|id| self.list(self.h.children(id).iter().copied())).unwrap_or_default()
    }

    /// Organisations of type `org_type` anywhere below `code`.
    pub fn members(&self, code: &str, org_type: &str) -> Vec<&'a Organisation> {
        let Some(id) = self.h.id(code) else {
            return Vec::new();
        };
        let mut ids: Vec<OrgId> = self.h.descendants(id).into_iter().filter(|&d| self.org(d).is_some_and(|o| o.org_type == org_type)).collect();
        ids.sort_unstable();
        self.list(ids)
    }

    /// The main chain above `code`, nearest first (ICB, region, England for a provider).
    pub fn ancestors(&self, code: &str) -> Vec<&'a Organisation> {
        self.h.id(code).map(|id| self.list(self.h.ancestors(id))).unwrap_or_default()
    }

    /// Every organisation of type `org_type`, in manifest order.
    pub fn of_type(&self, org_type: &str) -> Vec<&'a Organisation> {
        self.manifest.organisations.iter().filter(|o| o.org_type == org_type).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;

    fn codes(v: Vec<&Organisation>) -> Vec<&str> {
        v.into_iter().map(|o| o.code.as_str()).collect()
    }

    #[test]
    fn walks_the_fixture_hierarchy() {
        let m = fixture::manifest();
        let h = Hierarchy::new(&m);
        let orgs = Orgs { manifest: &m, h: &h };
        assert_eq!(codes(orgs.ancestors("P1")), vec!["I1", "R1", "E92000001"]);
        assert_eq!(orgs.parent("P4").map(|o| o.code.as_str()), Some("I3"));
        assert_eq!(codes(orgs.children("I1")), vec!["P1", "P2"]);
        assert_eq!(codes(orgs.members("R1", "provider")), vec!["P1", "P2", "P3"]);
        assert_eq!(codes(orgs.members("E92000001", "icb")), vec!["I1", "I2", "I3"]);
        assert!(orgs.members("Q", "icb").is_empty());
        assert!(orgs.ancestors("E92000001").is_empty());
    }

    #[test]
    fn cycles_do_not_hang() {
        let mut m = fixture::manifest();
        // R1's parent becomes P1, which sits under R1.
        m.organisations.iter_mut().find(|o| o.code == "R1").unwrap().parents = vec!["P1".into()];
        let h = Hierarchy::new(&m);
        let r1 = h.id("R1").unwrap();
        assert!(h.ancestors(r1).len() <= m.organisations.len());
        assert!(h.descendants(r1).len() <= m.organisations.len());
    }
}
