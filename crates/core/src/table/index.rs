//! The per-indicator index that makes lookups cheap: every row of an
//! indicator, across all loaded partitions, as a compact [`Entry`], sorted by
//! (period, organisation, breakdown key).
//!
//! One sorted array serves both keys the views need: the rows of an
//! (indicator, period) are one contiguous range (found through
//! `period_offsets`), and the rows of an (indicator, organisation, period) a
//! contiguous run inside it, found by binary search — so no lookup scans the
//! table. A series is one binary search per period.

use serde::Serialize;
use std::collections::HashMap;

/// A period of an indicator: its label and inclusive dates (days since 1970-01-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub label: String,
    pub start: i32,
    pub end: i32,
}

/// One row of the index: where the row lives and the keys it is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub period: u32,
    pub org: u32,
    /// Dataset-wide breakdown key number (see `Dataset::key`); 0 is the whole population.
    pub key: u32,
    pub part: u32,
    pub row: u32,
}

impl Entry {
    fn key(&self) -> u128 {
        ((self.period as u128) << 64) | ((self.org as u128) << 32) | self.key as u128
    }
}

/// The index of one indicator.
#[derive(Debug, Clone, Default)]
pub(crate) struct IndicatorIndex {
    /// Sorted by start, then end, then label.
    pub periods: Vec<Period>,
    label_to_period: HashMap<String, u32>,
    entries: Vec<Entry>,
    /// `entries[period_offsets[p]..period_offsets[p + 1]]` are period p's rows.
    period_offsets: Vec<u32>,
}

/// A period as first met while scanning, before periods are put in order.
pub(crate) struct RawPeriod {
    pub label: String,
    pub start: i32,
    pub end: i32,
}

impl IndicatorIndex {
    /// Builds the index from entries whose `period` numbers `raw_periods`
    /// (in any order).
    pub fn build(raw_periods: Vec<RawPeriod>, mut entries: Vec<Entry>) -> IndicatorIndex {
        let mut raw: Vec<Option<RawPeriod>> = raw_periods.into_iter().map(Some).collect();
        let mut order: Vec<usize> = (0..raw.len()).collect();
        let key = |i: usize| raw.get(i).and_then(Option::as_ref).map(|p| (p.start, p.end, p.label.as_str()));
        order.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let mut rank = vec![0u32; raw.len()];
        for (r, &i) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(i) {
                *slot = r as u32;
            }
        }
        // An entry numbering no period (the dataset never makes one) is dropped.
        entries.retain_mut(|e| match rank.get(e.period as usize) {
            Some(&r) => {
                e.period = r;
                true
            }
            None => false,
        });
        entries.sort_unstable_by_key(Entry::key);
        let periods: Vec<Period> =
            order.iter().filter_map(|&i| raw.get_mut(i).and_then(Option::take)).map(|p| Period { label: p.label, start: p.start, end: p.end }).collect();
        // A label used twice (unusual) names its latest period.
        let label_to_period = periods.iter().enumerate().map(|(i, p)| (p.label.clone(), i as u32)).collect();
        let mut period_offsets = Vec::with_capacity(periods.len() + 1);
        let mut at = 0usize;
        for p in 0..periods.len() as u32 {
            period_offsets.push(at as u32);
            at += entries.get(at..).map_or(0, |rest| rest.partition_point(|e| e.period == p));
        }
        period_offsets.push(entries.len() as u32);
        IndicatorIndex { periods, label_to_period, entries, period_offsets }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn period_id(&self, label: &str) -> Option<u32> {
        self.label_to_period.get(label).copied()
    }

    /// Every row of period `p`, sorted by organisation then breakdown.
    pub fn period_rows(&self, p: u32) -> &[Entry] {
        let (Some(&a), Some(&b)) = (self.period_offsets.get(p as usize), self.period_offsets.get(p as usize + 1)) else {
            return &[];
        };
        self.entries.get(a as usize..b as usize).unwrap_or_default()
    }

    /// Every row of organisation `org` in period `p` (all breakdowns; the
    /// whole-population row, if any, first).
    pub fn cell(&self, p: u32, org: u32) -> &[Entry] {
        let rows = self.period_rows(p);
        let a = rows.partition_point(|e| e.org < org);
        let (_, from) = rows.split_at(a);
        let (cell, _) = from.split_at(from.partition_point(|e| e.org == org));
        cell
    }

    /// The whole-population row of `org` in period `p`.
    pub fn headline(&self, p: u32, org: u32) -> Option<&Entry> {
        self.cell(p, org).first().filter(|e| e.key == 0)
    }

    /// The row of `org` in period `p` for one breakdown key.
    pub fn find(&self, p: u32, org: u32, key: u32) -> Option<&Entry> {
        let cell = self.cell(p, org);
        let i = cell.partition_point(|e| e.key < key);
        cell.get(i).filter(|e| e.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(period: u32, org: u32, key: u32, row: u32) -> Entry {
        Entry { period, org, key, part: 0, row }
    }

    #[test]
    fn periods_are_ordered_and_cells_found_by_binary_search() {
        let periods = vec![
            RawPeriod { label: "2023".into(), start: 300, end: 399 },
            RawPeriod { label: "2021".into(), start: 100, end: 199 },
            RawPeriod { label: "2022".into(), start: 200, end: 299 },
        ];
        let entries = vec![e(0, 5, 0, 0), e(0, 2, 2, 1), e(0, 2, 0, 2), e(0, 2, 1, 3), e(1, 2, 0, 4), e(2, 9, 0, 5)];
        let ix = IndicatorIndex::build(periods, entries);
        let labels: Vec<&str> = ix.periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, vec!["2021", "2022", "2023"]);
        let p2023 = ix.period_id("2023").unwrap();
        assert_eq!(p2023, 2);
        assert_eq!(ix.period_rows(p2023).len(), 4);
        assert_eq!(ix.cell(p2023, 2).iter().map(|e| e.row).collect::<Vec<_>>(), vec![2, 3, 1]);
        assert_eq!(ix.headline(p2023, 2).map(|e| e.row), Some(2));
        assert_eq!(ix.find(p2023, 2, 2).map(|e| e.row), Some(1));
        assert_eq!(ix.find(p2023, 2, 7), None);
        assert!(ix.cell(p2023, 3).is_empty());
        assert_eq!(ix.headline(ix.period_id("2021").unwrap(), 2).map(|e| e.row), Some(4));
        assert!(ix.period_rows(99).is_empty());
    }
}
