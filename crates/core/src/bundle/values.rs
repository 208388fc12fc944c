//! Indicator values: one row per indicator × organisation × period × breakdown.
//!
//! [`ValueRow`] is the owned row a publisher builds; [`ValuesTable`] is the
//! columnar form the engine queries (dictionary-coded strings, primitive
//! numeric columns, missing numbers as NaN).

use std::collections::HashMap;

/// The values file's string columns, in the documented order (`docs/bundle-format.md`).
pub const STRING_COLUMNS: [&str; 5] = ["indicator_id", "org_code", "period_label", "breakdown_type", "breakdown_value"];

/// The values file's number columns (nullable doubles), in the documented order.
/// The one list every reader, writer and check uses.
pub const NUMBER_COLUMNS: [&str; 7] = ["numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998"];

/// How a value is cut. `None` is the whole population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BreakdownType {
    None,
    Ethnicity,
    DeprivationDecile,
    DeprivationQuintile,
    Sex,
    Age,
}

impl BreakdownType {
    pub const ALL: [BreakdownType; 6] = [
        BreakdownType::None,
        BreakdownType::Ethnicity,
        BreakdownType::DeprivationDecile,
        BreakdownType::DeprivationQuintile,
        BreakdownType::Sex,
        BreakdownType::Age,
    ];

    pub fn id(self) -> &'static str {
        match self {
            BreakdownType::None => "none",
            BreakdownType::Ethnicity => "ethnicity",
            BreakdownType::DeprivationDecile => "deprivation_decile",
            BreakdownType::DeprivationQuintile => "deprivation_quintile",
            BreakdownType::Sex => "sex",
            BreakdownType::Age => "age",
        }
    }

    pub fn from_id(s: &str) -> Option<BreakdownType> {
        BreakdownType::ALL.into_iter().find(|b| b.id() == s)
    }
}

/// One value row as a publisher writes it. Missing numbers are `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    pub indicator: String,
    pub org: String,
    /// Inclusive period start and end as days since 1970-01-01.
    pub period_start: i32,
    pub period_end: i32,
    pub period_label: String,
    pub breakdown_type: BreakdownType,
    /// Empty for [`BreakdownType::None`].
    pub breakdown_value: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub lower_95: Option<f64>,
    pub upper_95: Option<f64>,
    pub lower_998: Option<f64>,
    pub upper_998: Option<f64>,
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

/// Decoded values in columnar form. All columns have the same length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValuesTable {
    pub indicator: DictColumn,
    pub org: DictColumn,
    pub period_start: Vec<i32>,
    pub period_end: Vec<i32>,
    pub period_label: DictColumn,
    pub breakdown_type: Vec<BreakdownType>,
    pub breakdown_value: DictColumn,
    pub numerator: Vec<f64>,
    pub denominator: Vec<f64>,
    pub value: Vec<f64>,
    pub lower_95: Vec<f64>,
    pub upper_95: Vec<f64>,
    pub lower_998: Vec<f64>,
    pub upper_998: Vec<f64>,
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
            breakdown_type: self.breakdown_type.get(i).copied().unwrap_or(BreakdownType::None),
            breakdown_value: self.breakdown_value.get(i).to_string(),
            numerator: num(&self.numerator),
            denominator: num(&self.denominator),
            value: num(&self.value),
            lower_95: num(&self.lower_95),
            upper_95: num(&self.upper_95),
            lower_998: num(&self.lower_998),
            upper_998: num(&self.upper_998),
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
        let dicts =
            [("indicator_id", &self.indicator), ("org_code", &self.org), ("period_label", &self.period_label), ("breakdown_value", &self.breakdown_value)];
        let numbers = self.number_columns();
        let lengths = dicts.iter().map(|(c, d)| (*c, d.codes.len())).chain(numbers.iter().map(|(c, v)| (*c, v.len())));
        let lengths = lengths.chain([("period_end", self.period_end.len()), ("breakdown_type", self.breakdown_type.len())]);
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
            breakdown_type: rows.iter().map(|r| r.breakdown_type).collect(),
            breakdown_value: DictColumn::from_strs(rows.iter().map(|r| r.breakdown_value.as_str())),
            numerator: f(|r| r.numerator),
            denominator: f(|r| r.denominator),
            value: f(|r| r.value),
            lower_95: f(|r| r.lower_95),
            upper_95: f(|r| r.upper_95),
            lower_998: f(|r| r.lower_998),
            upper_998: f(|r| r.upper_998),
        }
    }
}
