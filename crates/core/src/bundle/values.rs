//! Indicator values: one row per indicator × organisation × period × breakdown.
//!
//! [`ValueRow`] is the owned row a publisher builds; [`ValuesTable`] is the
//! columnar form the engine queries (dictionary-coded strings, primitive
//! numeric columns, missing numbers as NaN).

use std::collections::HashMap;

/// The values file's fixed string columns, in the documented order
/// (`docs/bundle-format.md`). Breakdown columns (`dim_<dimension id>`) follow
/// `period_label`; format 1.x files carry `breakdown_type` and
/// `breakdown_value` instead ([`LEGACY_BREAKDOWN_COLUMNS`]).
pub const STRING_COLUMNS: [&str; 3] = ["indicator_id", "org_code", "period_label"];

/// The two breakdown columns of a format 1.x values file: one breakdown a
/// row. Readers map them onto a one-dimension [`BreakdownKey`].
pub const LEGACY_BREAKDOWN_COLUMNS: [&str; 2] = ["breakdown_type", "breakdown_value"];

/// The name prefix of a format 2.0 breakdown column: `dim_sex`, `dim_ethnicity` …
pub const DIMENSION_PREFIX: &str = "dim_";

/// The optional column saying a row's numbers were withheld under the
/// manifest's `suppression` rule (nullable BOOLEAN; null reads as false).
pub const SUPPRESSED_COLUMN: &str = "suppressed";

/// The values file's number columns (nullable doubles), in the documented order.
/// The one list every reader, writer and check uses.
pub const NUMBER_COLUMNS: [&str; 7] = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"];

/// How a row is cut: one category of each of any number of dimensions, as
/// (dimension id, category) pairs in dimension-id order, each dimension at
/// most once. No pairs: the whole population. A value "of women aged 0–4"
/// is `[("age", "0-4 yrs"), ("sex", "Female")]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BreakdownKey(Vec<(String, String)>);

impl BreakdownKey {
    /// The whole population, as a constant.
    pub const WHOLE: BreakdownKey = BreakdownKey(Vec::new());

    /// The whole population: no dimension cut.
    pub fn whole() -> BreakdownKey {
        BreakdownKey(Vec::new())
    }

    /// One category of one dimension.
    pub fn one(dimension: &str, category: &str) -> BreakdownKey {
        BreakdownKey(vec![(dimension.to_string(), category.to_string())])
    }

    /// A key from (dimension, category) pairs in any order; a dimension named
    /// twice keeps its last category.
    pub fn of<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> BreakdownKey {
        pairs.into_iter().fold(BreakdownKey::whole(), |k, (d, c)| k.with(d, c))
    }

    /// This key with `dimension` set to `category` (replacing any category it had).
    pub fn with(mut self, dimension: &str, category: &str) -> BreakdownKey {
        match self.0.binary_search_by(|(d, _)| d.as_str().cmp(dimension)) {
            Ok(i) => {
                if let Some(pair) = self.0.get_mut(i) {
                    pair.1 = category.to_string();
                }
            }
            Err(i) => self.0.insert(i, (dimension.to_string(), category.to_string())),
        }
        self
    }

    pub fn is_whole(&self) -> bool {
        self.0.is_empty()
    }

    /// The (dimension, category) pairs, in dimension-id order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The dimensions cut, in id order.
    pub fn dimensions(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(d, _)| d.as_str())
    }

    /// The category of `dimension`, when the key cuts it.
    pub fn category(&self, dimension: &str) -> Option<&str> {
        self.0.iter().find(|(d, _)| d == dimension).map(|(_, c)| c.as_str())
    }

    /// True when the key cuts exactly the dimensions `dims` (in any order).
    pub fn cuts_exactly(&self, dims: &[&str]) -> bool {
        self.0.len() == dims.len() && dims.iter().all(|d| self.category(d).is_some())
    }

    /// `dimension=category` pairs joined by `; `, empty for the whole
    /// population: how CSVs and messages name a key.
    pub fn label(&self) -> String {
        self.0.iter().map(|(d, c)| format!("{d}={c}")).collect::<Vec<_>>().join("; ")
    }
}

/// As JSON: an object of dimension id → category (`{}` for the whole population).
impl serde::Serialize for BreakdownKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(d, c)| (d, c)))
    }
}

/// One value row as a publisher writes it. Missing numbers are `None`.
/// `ValueRow::new` fills in the keys and leaves every number missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueRow {
    pub indicator: String,
    pub org: String,
    /// Inclusive period start and end as days since 1970-01-01.
    pub period_start: i32,
    pub period_end: i32,
    pub period_label: String,
    /// The categories the row is cut by; empty for the whole population.
    pub breakdown: BreakdownKey,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub lower_95: Option<f64>,
    pub upper_95: Option<f64>,
    pub lower_998: Option<f64>,
    pub upper_998: Option<f64>,
    /// `Some(true)`: the numbers were withheld under the manifest's
    /// suppression rule (they must then all be missing). `None`: not stated.
    pub suppressed: Option<bool>,
}

impl ValueRow {
    /// A whole-population row with every number missing.
    pub fn new(indicator: &str, org: &str, period_start: i32, period_end: i32, period_label: &str) -> ValueRow {
        ValueRow {
            indicator: indicator.to_string(),
            org: org.to_string(),
            period_start,
            period_end,
            period_label: period_label.to_string(),
            ..ValueRow::default()
        }
    }

    /// The row's key for ordering and duplicate checks: indicator,
    /// organisation, period start and end, breakdown.
    pub fn key(&self) -> (&str, &str, i32, i32, &BreakdownKey) {
        (&self.indicator, &self.org, self.period_start, self.period_end, &self.breakdown)
    }
}

/// A string column stored as a dictionary of distinct values plus one code per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DictColumn {
    pub values: Vec<String>,
    pub codes: Vec<u32>,
}

impl DictColumn {
    pub fn get(&self, row: usize) -> &str {
        self.codes.get(row).and_then(|&c| self.values.get(c as usize)).map_or("", String::as_str)
    }

    /// The code of `value`, if it occurs in the column.
    pub fn code_of(&self, value: &str) -> Option<u32> {
        self.values.iter().position(|v| v == value).map(|p| p as u32)
    }

    /// Builds a column from strings, assigning codes in order of first appearance.
    pub fn from_strs<'a>(items: impl IntoIterator<Item = &'a str>) -> DictColumn {
        let mut index: HashMap<&'a str, u32> = HashMap::new();
        let mut col = DictColumn::default();
        for s in items {
            let code = *index.entry(s).or_insert_with(|| {
                col.values.push(s.to_string());
                (col.values.len() - 1) as u32
            });
            col.codes.push(code);
        }
        col
    }
}

/// The breakdown of every row: the distinct [`BreakdownKey`]s a file holds
/// (few: tens or hundreds) and one code per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyColumn {
    pub values: Vec<BreakdownKey>,
    pub codes: Vec<u32>,
}

impl KeyColumn {
    pub fn get(&self, row: usize) -> Option<&BreakdownKey> {
        self.codes.get(row).and_then(|&c| self.values.get(c as usize))
    }

    /// Builds a column from keys, assigning codes in order of first appearance.
    pub fn from_keys<'a>(items: impl IntoIterator<Item = &'a BreakdownKey>) -> KeyColumn {
        let mut index: HashMap<&'a BreakdownKey, u32> = HashMap::new();
        let mut col = KeyColumn::default();
        for k in items {
            let code = *index.entry(k).or_insert_with(|| {
                col.values.push(k.clone());
                (col.values.len() - 1) as u32
            });
            col.codes.push(code);
        }
        col
    }

    /// Every dimension some key of the column cuts, in id order.
    pub fn dimensions(&self) -> Vec<&str> {
        let mut dims: Vec<&str> = self.values.iter().flat_map(BreakdownKey::dimensions).collect();
        dims.sort_unstable();
        dims.dedup();
        dims
    }
}

/// Decoded values in columnar form. All columns have the same length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValuesTable {
    pub indicator: DictColumn,
    pub org: DictColumn,
    pub period_start: Vec<i32>,
    pub period_end: Vec<i32>,
    pub period_label: DictColumn,
    pub breakdown: KeyColumn,
    pub numerator: Vec<f64>,
    pub denominator: Vec<f64>,
    pub value: Vec<f64>,
    pub lower_95: Vec<f64>,
    pub upper_95: Vec<f64>,
    pub lower_998: Vec<f64>,
    pub upper_998: Vec<f64>,
    /// One per row: true when the row's numbers were withheld (the
    /// `suppressed` column; a null or an absent column reads as false).
    pub suppressed: Vec<bool>,
}

fn opt(x: f64) -> Option<f64> {
    if x.is_nan() {
        None
    } else {
        Some(x)
    }
}

impl ValuesTable {
    pub fn len(&self) -> usize {
        self.period_start.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `breakdown_rows` declaration its rows bear out (format 2.1):
    /// `None` (the variant) when no row is cut by a dimension, `Only` when
    /// every row is, and no declaration (`Option::None`) for a mix. An empty
    /// table holds no breakdown row: "none".
    pub fn breakdown_rows(&self) -> Option<super::BreakdownRows> {
        let cut = self.breakdown.codes.iter().filter(|&&c| self.breakdown.values.get(c as usize).is_some_and(|k| !k.is_whole())).count();
        match cut {
            0 => Some(super::BreakdownRows::None),
            n if n == self.len() => Some(super::BreakdownRows::Only),
            _ => None,
        }
    }

    /// Row `i` as an owned [`ValueRow`] (for export and round-trip checks);
    /// a column too short for it reads as missing.
    pub fn row(&self, i: usize) -> ValueRow {
        let num = |col: &Vec<f64>| col.get(i).copied().and_then(opt);
        ValueRow {
            indicator: self.indicator.get(i).to_string(),
            org: self.org.get(i).to_string(),
            period_start: self.period_start.get(i).copied().unwrap_or_default(),
            period_end: self.period_end.get(i).copied().unwrap_or_default(),
            period_label: self.period_label.get(i).to_string(),
            breakdown: self.breakdown.get(i).cloned().unwrap_or_default(),
            numerator: num(&self.numerator),
            denominator: num(&self.denominator),
            value: num(&self.value),
            lower_95: num(&self.lower_95),
            upper_95: num(&self.upper_95),
            lower_998: num(&self.lower_998),
            upper_998: num(&self.upper_998),
            suppressed: self.suppressed.get(i).copied().filter(|s| *s),
        }
    }

    /// The number columns with their names, in [`NUMBER_COLUMNS`] order.
    pub fn number_columns(&self) -> [(&'static str, &Vec<f64>); 7] {
        let [numerator, denominator, value, lower_95, upper_95, lower_998, upper_998] = NUMBER_COLUMNS;
        [
            (numerator, &self.numerator),
            (denominator, &self.denominator),
            (value, &self.value),
            (lower_95, &self.lower_95),
            (upper_95, &self.upper_95),
            (lower_998, &self.lower_998),
            (upper_998, &self.upper_998),
        ]
    }

    /// Why the table is not rectangular, if it is not: a column whose length
    /// differs from `period_start`'s, or a dictionary code past its values.
    /// The Parquet reader never makes such a table, but the fields are public;
    /// `validate::check_values` refuses one before it reads any row.
    pub fn shape_problem(&self) -> Option<String> {
        let n = self.len();
        let dicts = [("indicator_id", &self.indicator), ("org_code", &self.org), ("period_label", &self.period_label)];
        let numbers = self.number_columns();
        let lengths = dicts.iter().map(|(c, d)| (*c, d.codes.len())).chain(numbers.iter().map(|(c, v)| (*c, v.len())));
        let lengths =
            lengths.chain([("period_end", self.period_end.len()), ("breakdown", self.breakdown.codes.len()), (SUPPRESSED_COLUMN, self.suppressed.len())]);
        for (column, len) in lengths {
            if len != n {
                return Some(format!("column \"{column}\" has {len} rows, \"period_start\" {n}"));
            }
        }
        for (column, d) in dicts {
            if let Some(row) = d.codes.iter().position(|&c| c as usize >= d.values.len()) {
                return Some(format!("column \"{column}\", row {row}: dictionary code past the column's {} values", d.values.len()));
            }
        }
        if let Some(row) = self.breakdown.codes.iter().position(|&c| c as usize >= self.breakdown.values.len()) {
            return Some(format!("breakdown, row {row}: code past the column's {} keys", self.breakdown.values.len()));
        }
        None
    }

    pub fn rows(&self) -> impl Iterator<Item = ValueRow> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Builds a table from rows (used by publishers and tests).
    pub fn from_rows(rows: &[ValueRow]) -> ValuesTable {
        let f = |g: fn(&ValueRow) -> Option<f64>| rows.iter().map(|r| g(r).unwrap_or(f64::NAN)).collect::<Vec<_>>();
        ValuesTable {
            indicator: DictColumn::from_strs(rows.iter().map(|r| r.indicator.as_str())),
            org: DictColumn::from_strs(rows.iter().map(|r| r.org.as_str())),
            period_start: rows.iter().map(|r| r.period_start).collect(),
            period_end: rows.iter().map(|r| r.period_end).collect(),
            period_label: DictColumn::from_strs(rows.iter().map(|r| r.period_label.as_str())),
            breakdown: KeyColumn::from_keys(rows.iter().map(|r| &r.breakdown)),
            numerator: f(|r| r.numerator),
            denominator: f(|r| r.denominator),
            value: f(|r| r.value),
            lower_95: f(|r| r.lower_95),
            upper_95: f(|r| r.upper_95),
            lower_998: f(|r| r.lower_998),
            upper_998: f(|r| r.upper_998),
            suppressed: rows.iter().map(|r| r.suppressed == Some(true)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_by_dimension_and_compare_as_sets() {
        let a = BreakdownKey::of([("sex", "Female"), ("age", "0-4 yrs")]);
        let b = BreakdownKey::whole().with("age", "0-4 yrs").with("sex", "Male").with("sex", "Female");
        assert_eq!(a, b);
        assert_eq!(a.dimensions().collect::<Vec<_>>(), ["age", "sex"]);
        assert_eq!(a.label(), "age=0-4 yrs; sex=Female");
        assert!(a.cuts_exactly(&["sex", "age"]) && !a.cuts_exactly(&["sex"]));
        assert!(BreakdownKey::whole() < BreakdownKey::one("age", "x"), "the whole population sorts first");
        assert_eq!(a.category("sex"), Some("Female"));
        assert_eq!(a.category("ethnicity"), None);
    }

    #[test]
    fn rows_round_trip_through_the_columnar_form() {
        let mut r = ValueRow::new("i", "o", 1, 2, "P");
        r.breakdown = BreakdownKey::of([("sex", "Male")]);
        r.value = Some(3.0);
        let mut s = ValueRow::new("i", "o", 1, 2, "P");
        s.suppressed = Some(true);
        let t = ValuesTable::from_rows(&[r.clone(), s.clone()]);
        assert_eq!(t.shape_problem(), None);
        assert_eq!(t.rows().collect::<Vec<_>>(), [r, s]);
        assert_eq!(t.breakdown.dimensions(), ["sex"]);
    }

    #[test]
    fn a_tables_rows_bear_out_one_breakdown_rows_declaration_or_none() {
        use crate::bundle::BreakdownRows;
        let whole = ValueRow::new("i", "o", 1, 2, "P");
        let mut cut = whole.clone();
        cut.breakdown = BreakdownKey::one("sex", "Male");
        let of = |rows: &[ValueRow]| ValuesTable::from_rows(rows).breakdown_rows();
        assert_eq!(of(&[whole.clone(), whole.clone()]), Some(BreakdownRows::None));
        assert_eq!(of(&[cut.clone()]), Some(BreakdownRows::Only));
        assert_eq!(of(&[whole, cut]), None);
        assert_eq!(of(&[]), Some(BreakdownRows::None));
    }
}
