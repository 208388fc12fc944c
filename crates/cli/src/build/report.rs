//! The build report: every published row that is not in the bundle as a row
//! of its own, with the reason, so that nothing a publisher published is lost
//! without a trace.
//!
//! Importers and the assembler record each such row as an [`Omitted`] with
//! the input file and line it came from and what it was (indicator, area,
//! period and how it was cut). `healthdash build` writes them all to
//! `build-report.csv` inside the bundle folder (beside `manifest.json`; it is
//! not part of the bundle format and readers ignore it) and prints a summary
//! of counts per indicator and reason on the terminal.

use healthdash_core::view::{to_csv, Cell, Table};
use std::collections::BTreeMap;

/// Why a row is not in the bundle.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The row repeats an earlier row (same key, same figures) exactly; the
    /// two are one published value and are kept once.
    ExactDuplicate { line: u64, file: String },
    /// The row repeats an earlier row's key with other figures and the meta
    /// file says `duplicates = "first"`; the named row was kept.
    DuplicateKept { line: u64, file: String },
    /// The meta file says `skip = true` for the indicator.
    SkippedIndicator,
    /// The row names no organisation (`NA` where the code should be).
    NoAreaCode,
    /// The row's figure is missing (`NA` or empty), so it adds nothing to any value.
    NoValue,
    /// The row has no usable denominator (no beds available, no floor area).
    NoDenominator,
    /// A quantity that cannot be negative is (ERIC: Leeds's steam in 2014-15, −79 GWh).
    Negative { column: String },
}

impl Reason {
    /// The reason without the row it refers to, for the terminal summary.
    pub fn summary(&self) -> String {
        match self {
            Reason::ExactDuplicate { .. } => "repeat an earlier row exactly (kept once)".into(),
            Reason::DuplicateKept { .. } => "repeat an earlier row's key with other figures; the first with a value is kept (duplicates = \"first\")".into(),
            Reason::Negative { .. } => "a quantity consumed is negative".into(),
            other => other.detail(),
        }
    }

    /// A short id for the CSV's `reason` column and the summary.
    pub fn id(&self) -> &'static str {
        match self {
            Reason::ExactDuplicate { .. } => "exact_duplicate",
            Reason::DuplicateKept { .. } => "duplicate_key_first_kept",
            Reason::SkippedIndicator => "indicator_skipped",
            Reason::NoAreaCode => "no_area_code",
            Reason::NoValue => "no_value",
            Reason::NoDenominator => "no_denominator",
            Reason::Negative { .. } => "negative_quantity",
        }
    }

    /// The sentence for the CSV's `detail` column.
    pub fn detail(&self) -> String {
        match self {
            Reason::ExactDuplicate { line, file } => format!("repeats line {line} of {file} exactly; kept once"),
            Reason::DuplicateKept { line, file } => format!("same key as line {line} of {file} with other figures; kept that row (duplicates = \"first\")"),
            Reason::SkippedIndicator => "the --meta file skips this indicator (skip = true)".into(),
            Reason::NoAreaCode => "the row has no organisation code".into(),
            Reason::NoValue => "the row's figure is missing (NA or empty)".into(),
            Reason::NoDenominator => "the row has no denominator to divide by (none available or zero)".into(),
            Reason::Negative { column } => format!("column \"{column}\" is negative, which a quantity consumed cannot be"),
        }
    }
}

/// One row left out of the bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Omitted {
    pub file: String,
    pub line: u64,
    pub indicator: String,
    pub area: String,
    pub period: String,
    /// How the row was cut: `age=5-9 yrs; sex=Male` (its breakdown key), or as
    /// the input says when it was left out before one was made; "" for none.
    pub cut: String,
    pub reason: Reason,
}

/// Every row left out by one build.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub omitted: Vec<Omitted>,
    /// Rows kept but withheld under `suppress_below` (their numbers null), per indicator.
    pub withheld: super::suppress::Tally,
}

impl BuildReport {
    /// The report as CSV: one line per row left out, in input order, written
    /// by the core's CSV writer (quoting, and formula-like text neutralised,
    /// as in every CSV download).
    pub fn to_csv(&self) -> String {
        let columns = ["file", "line", "indicator_id", "area_code", "period", "cut", "reason", "detail"];
        let mut omitted: Vec<&Omitted> = self.omitted.iter().collect();
        omitted.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
        let rows = omitted
            .into_iter()
            .map(|o| {
                [&o.file, &o.line.to_string(), &o.indicator, &o.area, &o.period, &o.cut, o.reason.id(), &o.reason.detail()]
                    .into_iter()
                    .map(Cell::from)
                    .collect()
            })
            .collect();
        to_csv(&Table { columns: columns.iter().map(|c| c.to_string()).collect(), rows })
    }

    /// The terminal's line on small-number suppression: how many values were
    /// withheld, primary and complementary; None when nothing was.
    pub fn withheld_summary(&self) -> Option<String> {
        let (primary, complementary) = self.withheld.total();
        (primary + complementary > 0).then(|| {
            format!(
                "{} values withheld under the small-number rule ({primary} primary: counts below the threshold; {complementary} complementary: so that none can be worked out by subtraction), in {} indicators",
                primary + complementary,
                self.withheld.by_indicator.values().filter(|(p, c)| p + c > 0).count()
            )
        })
    }

    /// One line per indicator and reason: how many rows, and one example of how they were cut.
    pub fn summary(&self) -> Vec<String> {
        let mut counts: BTreeMap<(&str, &'static str), (usize, &Omitted)> = BTreeMap::new();
        for o in &self.omitted {
            counts.entry((o.indicator.as_str(), o.reason.id())).or_insert((0, o)).0 += 1;
        }
        counts
            .into_iter()
            .map(|((id, _), (n, first))| {
                let example = if first.cut.is_empty() { String::new() } else { format!(", e.g. {}", first.cut) };
                format!("indicator {id}: {n} rows not in the bundle: {}{example}", first.reason.summary())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn omitted(line: u64, cut: &str, reason: Reason) -> Omitted {
        Omitted { file: "x.csv".into(), line, indicator: "92708".into(), area: "E06000008".into(), period: "2021".into(), cut: cut.into(), reason }
    }

    #[test]
    fn csv_lists_every_row_in_input_order_quoted() {
        let r = BuildReport {
            omitted: vec![
                omitted(9, "age=5-9 yrs; sex=Male", Reason::ExactDuplicate { line: 8, file: "x.csv".into() }),
                omitted(3, "\"Ethnic groups\" Pakistani", Reason::SkippedIndicator),
            ],
            ..BuildReport::default()
        };
        let csv = r.to_csv();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "file,line,indicator_id,area_code,period,cut,reason,detail");
        assert!(lines[1].starts_with("x.csv,3,92708,E06000008,2021,\"\"\"Ethnic groups\"\" Pakistani\",indicator_skipped,"), "{}", lines[1]);
        assert_eq!(lines[2], "x.csv,9,92708,E06000008,2021,age=5-9 yrs; sex=Male,exact_duplicate,repeats line 8 of x.csv exactly; kept once");
        assert_eq!(lines.len(), 4, "header, two rows, and the final line break");
    }

    #[test]
    fn summary_counts_per_indicator_and_reason() {
        let r = BuildReport {
            omitted: vec![
                omitted(1, "\"Ethnic groups\" Pakistani", Reason::SkippedIndicator),
                omitted(2, "", Reason::SkippedIndicator),
                omitted(3, "", Reason::ExactDuplicate { line: 1, file: "x.csv".into() }),
            ],
            ..BuildReport::default()
        };
        assert_eq!(
            r.summary(),
            vec![
                "indicator 92708: 1 rows not in the bundle: repeat an earlier row exactly (kept once)",
                "indicator 92708: 2 rows not in the bundle: the --meta file skips this indicator (skip = true), e.g. \"Ethnic groups\" Pakistani",
            ]
        );
    }
}
