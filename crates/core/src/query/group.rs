//! Grouping filtered rows by organisation, parent, breakdown value or period —
//! the shapes tables and small multiples are drawn from. Groups keep the
//! order in which their first row arrives (filter output is in period, then
//! organisation order), so grouping never reorders what the user sees.

use super::filter::Record;
use crate::table::Dataset;
use serde::Serialize;
use std::collections::HashMap;

/// What to group rows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Org,
    /// The organisation's parent in the main hierarchy ("" for none).
    Parent,
    BreakdownValue,
    Period,
}

/// Rows sharing one key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub records: Vec<Record>,
}

/// Groups `records` by `by`.
pub fn group_by(ds: &Dataset, records: Vec<Record>, by: GroupBy) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for r in records {
        let key = match by {
            GroupBy::Org => r.org.clone(),
            GroupBy::Parent => ds.orgs().parent(&r.org).map(|o| o.code.clone()).unwrap_or_default(),
            GroupBy::BreakdownValue => r.breakdown_value.clone(),
            GroupBy::Period => r.period.clone(),
        };
        let i = *at.entry(key.clone()).or_insert_with(|| {
            groups.push(Group { key, records: Vec::new() });
            groups.len() - 1
        });
        groups[i].records.push(r);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::BreakdownType;
    use crate::query::{filter, Filter};
    use crate::table::fixture;

    #[test]
    fn groups_keep_arrival_order() {
        let ds = fixture::dataset();
        let rows = filter(&ds, &Filter { indicator: "beds".into(), breakdowns: Some(vec![BreakdownType::None]), ..Filter::default() });
        let by_period = group_by(&ds, rows.clone(), GroupBy::Period);
        assert_eq!(by_period.iter().map(|g| (g.key.as_str(), g.records.len())).collect::<Vec<_>>(), vec![("2022/23", 6), ("2023/24", 6)]);
        let by_parent = group_by(&ds, rows.clone(), GroupBy::Parent);
        let keys: Vec<&str> = by_parent.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, vec!["", "I1", "I2", "I3"], "England has no parent");
        assert_eq!(by_parent[1].records.len(), 4, "P1 and P2, two years each");
        assert_eq!(group_by(&ds, rows, GroupBy::Org).len(), 6);
    }
}
