//! CSV of exactly what a view shows: [`view_table`] flattens a
//! [`ViewResult`] into the table behind it (one row per indicator, period,
//! organisation or group, by view) and [`to_csv`] writes it. The app's CSV
//! download and `healthdash query --csv` both call [`view_csv`], so they give
//! the same bytes.
//!
//! Format: RFC 4180 — fields with a comma, quote, CR or LF are quoted and
//! quotes doubled; records end in CRLF. Numbers are written in Rust's
//! shortest round-trip form. Spreadsheet formula injection (OWASP, "CSV
//! Injection") is neutralised: a *text* cell starting with `=`, `+`, `-`,
//! `@`, tab or CR gets a leading `'`; numbers are never altered, so −3.5 stays
//! a number.

use super::compute::{Figures, ViewResult};
use crate::period::iso_date;
use crate::query::{Basis, Compared, Figure, GroupValue};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Cell {
        match x {
            Some(v) if v.is_finite() => Cell::Number(v),
            _ => Cell::Empty,
        }
    }
}
impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Some(x).into()
    }
}
impl From<Option<usize>> for Cell {
    fn from(x: Option<usize>) -> Cell {
        x.map(|v| Cell::Number(v as f64)).unwrap_or(Cell::Empty)
    }
}
impl From<usize> for Cell {
    fn from(x: usize) -> Cell {
        Cell::Number(x as f64)
    }
}
impl From<Option<String>> for Cell {
    fn from(x: Option<String>) -> Cell {
        x.map(Cell::Text).unwrap_or(Cell::Empty)
    }
}
impl From<Option<&str>> for Cell {
    fn from(x: Option<&str>) -> Cell {
        x.map(Cell::from).unwrap_or(Cell::Empty)
    }
}
impl From<Compared> for Cell {
    fn from(c: Compared) -> Cell {
        Cell::from(c.id())
    }
}
impl From<Option<Basis>> for Cell {
    fn from(b: Option<Basis>) -> Cell {
        b.map(|b| Cell::from(b.id())).unwrap_or(Cell::Empty)
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::from(if b { "yes" } else { "no" })
    }
}

/// A table: column names and rows of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(columns: &[&str]) -> Table {
        Table { columns: columns.iter().map(|c| c.to_string()).collect(), rows: Vec::new() }
    }
}

fn field(cell: &Cell) -> String {
    let text = match cell {
        Cell::Empty => return String::new(),
        Cell::Number(x) => return format!("{x}"),
        Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        Cell::Text(t) => t.clone(),
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Writes `table` as CSV (see the module docs).
pub fn to_csv(table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<Cell> = table.columns.iter().map(|c| Cell::from(c.as_str())).collect();
    for row in std::iter::once(&header).chain(&table.rows) {
        out.push_str(&row.iter().map(field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

const FIGURE: [&str; 7] = ["value", "lower_95", "upper_95", "lower_998", "upper_998", "numerator", "denominator"];

/// A figure's cells; a withheld row's value cell carries the marker the page
/// shows ("suppressed to protect counts under N", `display::suppressed`), its other
/// cells stay empty.
fn figure_cells(f: &Figure) -> Vec<Cell> {
    if let Some(below) = f.suppressed {
        return std::iter::once(Cell::Text(super::display::suppressed(below))).chain(std::iter::repeat_n(Cell::Empty, FIGURE.len() - 1)).collect();
    }
    [f.value, f.lower_95, f.upper_95, f.lower_998, f.upper_998, f.numerator, f.denominator].into_iter().map(Cell::from).collect()
}

fn columns(lead: &[&str], tail: &[&str]) -> Table {
    let all: Vec<&str> = lead.iter().chain(FIGURE.iter()).chain(tail.iter()).copied().collect();
    Table::new(&all)
}

fn row(lead: Vec<Cell>, f: &Figure, tail: Vec<Cell>) -> Vec<Cell> {
    lead.into_iter().chain(figure_cells(f)).chain(tail).collect()
}

/// The table behind a cross-tab, a pyramid or a nested slice (whichever the
/// link asked for): one row per cell, dimensions named by their ids as in
/// the bundle, then (cross-tab) each row's and column's total and SII/RII.
fn layout_table(q: &crate::query::InequalitySlice) -> Table {
    if let Some(x) = &q.crosstab {
        let mut t = columns(&["row_dimension", "row_group", "column_dimension", "column_group"], &["comparison_95"]);
        let (r, c) = (x.rows_dimension.as_str(), x.columns_dimension.as_str());
        for row_ in &x.rows {
            for cell in &row_.cells {
                t.rows.push(row(
                    vec![r.into(), row_.group.clone().into(), c.into(), cell.column.clone().into()],
                    &cell.figure,
                    vec![cell.comparison_95.into()],
                ));
            }
            t.rows.push(row(vec![r.into(), row_.group.clone().into(), c.into(), "".into()], &row_.total, vec![Cell::Empty]));
            if let Some(s) = &row_.slope {
                let sii = Figure { value: Some(s.sii), lower_95: s.sii_lower_95, upper_95: s.sii_upper_95, ..Figure::default() };
                let rii = Figure { value: s.rii, lower_95: s.rii_lower_95, upper_95: s.rii_upper_95, ..Figure::default() };
                t.rows.push(row(vec![r.into(), row_.group.clone().into(), c.into(), "sii".into()], &sii, vec![Cell::Empty]));
                t.rows.push(row(vec![r.into(), row_.group.clone().into(), c.into(), "rii".into()], &rii, vec![Cell::Empty]));
            }
        }
        for (col, total) in x.columns.iter().zip(&x.column_totals) {
            t.rows.push(row(vec![r.into(), "".into(), c.into(), col.clone().into()], total, vec![Cell::Empty]));
        }
        t.rows.push(row(vec!["".into(), "".into(), "".into(), "".into()], &x.overall, vec![Cell::Empty]));
        return t;
    }
    if let Some(p) = &q.pyramid {
        let mut t = columns(&["age_dimension", "age", "sex_dimension", "sex"], &[]);
        for r in &p.rows {
            for cell in &r.cells {
                t.rows.push(row(
                    vec![p.age_dimension.clone().into(), r.age.clone().into(), p.sex_dimension.clone().into(), cell.sex.clone().into()],
                    &cell.figure,
                    vec![],
                ));
            }
        }
        return t;
    }
    let mut t = columns(&["dimension", "group", "within_dimension", "within_group"], &["comparison_95", "compared_with"]);
    if let Some(n) = &q.nested {
        let within = n.within.clone().unwrap_or_default();
        for panel in &n.panels {
            let category = panel.category.clone().unwrap_or_default();
            t.rows.push(row(
                vec![n.dimension.clone().into(), "".into(), within.clone().into(), category.clone().into()],
                &panel.total,
                vec![Cell::Empty, Cell::Empty],
            ));
            for g in &panel.groups {
                t.rows.push(row(
                    vec![n.dimension.clone().into(), g.group.clone().into(), within.clone().into(), category.clone().into()],
                    &g.figure,
                    vec![g.comparison_95.into(), panel.compared_with.into()],
                ));
            }
        }
    }
    t
}

fn groups(t: &mut Table, kind: &str, groups: &[GroupValue]) {
    for g in groups {
        t.rows.push(row(vec![kind.into(), g.group.clone().into()], &g.figure, vec![g.comparison_95.into()]));
    }
}

/// The table behind a view's figures.
pub fn view_table(result: &ViewResult) -> Table {
    match &result.figures {
        Figures::Overview(o) => {
            let mut t = columns(
                &["domain", "indicator", "name", "unit", "period"],
                &[
                    "comparator",
                    "comparator_value",
                    "comparator_basis",
                    "comparator_member_type",
                    "comparison_95",
                    "comparison_998",
                    "quintile",
                    "peer_median",
                    "peer_percentile",
                    "peer_rank",
                    "peer_of",
                    "variation",
                    "assurance",
                    "recent_trend",
                    "members_better",
                    "members_similar",
                    "members_worse",
                    "members_not_compared",
                ],
            );
            for d in &o.domains {
                for r in &d.rows {
                    let b = &r.benchmark;
                    t.rows.push(row(
                        vec![d.name.clone().into(), r.indicator.clone().into(), r.name.clone().into(), r.unit.clone().into(), r.period.clone().into()],
                        &r.figure,
                        vec![
                            b.comparator.clone().into(),
                            b.comparator_value.into(),
                            b.comparator_basis.into(),
                            b.comparator_member_type.clone().into(),
                            b.comparison_95.into(),
                            b.comparison_998.into(),
                            b.quintile.map(usize::from).into(),
                            r.peer_median.into(),
                            r.peer_percentile.into(),
                            r.peer_rank.into(),
                            r.peer_of.into(),
                            r.variation.into(),
                            r.assurance.into(),
                            r.recent_trend.id().into(),
                            r.members.map(|n| n.better).into(),
                            r.members.map(|n| n.similar).into(),
                            r.members.map(|n| n.worse).into(),
                            r.members.map(|n| n.not_compared).into(),
                        ],
                    ));
                }
            }
            t
        }
        Figures::Trend(v) => {
            let mut t = columns(
                &["period", "period_start"],
                &["point_type", "mean", "lower_process_limit", "upper_process_limit", "target", "benchmark", "benchmark_basis"],
            );
            let spc = v.trend.spc.as_ref();
            for (i, p) in v.trend.points.iter().enumerate() {
                t.rows.push(row(
                    vec![p.period.clone().into(), iso_date(p.start).into()],
                    &p.figure,
                    vec![
                        p.point_type.into(),
                        spc.map(|s| s.mean).into(),
                        spc.map(|s| s.lower).into(),
                        spc.map(|s| s.upper).into(),
                        v.trend.target.into(),
                        v.benchmark.points.get(i).and_then(|b| b.value).into(),
                        v.benchmark.basis.into(),
                    ],
                ));
            }
            t
        }
        Figures::Compare(c) => {
            let mut t = columns(&["rank", "code", "name", "type"], &["comparison_95", "comparison_998", "selected", "peer", "cluster"]);
            for r in &c.orgs {
                t.rows.push(row(
                    vec![r.rank.into(), r.org.code.clone().into(), r.org.name.clone().into(), r.org.org_type.clone().into()],
                    &r.figure,
                    vec![r.comparison_95.into(), r.comparison_998.into(), r.selected.into(), r.peer.into(), r.cluster.clone().into()],
                ));
            }
            t
        }
        Figures::Inequalities(q) if q.crosstab.is_some() || q.pyramid.is_some() || q.nested.is_some() => layout_table(q),
        Figures::Inequalities(q) => {
            let mut t = columns(&["breakdown", "group"], &["comparison_95"]);
            t.rows.push(row(vec!["overall".into(), "".into()], &q.overall, vec![Cell::Empty]));
            groups(&mut t, "ethnicity", &q.ethnicity);
            groups(&mut t, "deprivation_decile", &q.deprivation_deciles);
            groups(&mut t, "deprivation_quintile", &q.deprivation_quintiles);
            groups(&mut t, "sex", &q.sex);
            groups(&mut t, "age", &q.age);
            if let Some(c) = &q.core20 {
                t.rows.push(row(vec!["core20".into(), "most deprived 20%".into()], &c.core20, vec![c.comparison_95.into()]));
                t.rows.push(row(vec!["core20".into(), "rest".into()], &c.rest, vec![Cell::Empty]));
                let plain = |v: Option<f64>| Figure { value: v, ..Figure::default() };
                t.rows.push(row(vec!["core20_difference".into(), c.basis.into()], &plain(c.difference), vec![Cell::Empty]));
                t.rows.push(row(vec!["core20_ratio".into(), c.basis.into()], &plain(c.ratio), vec![Cell::Empty]));
            }
            // The summary figures the view shows, one row each: the group column names their basis,
            // the value and limit columns carry the figure and its 95% limits.
            if let Some(g) = &q.gap {
                t.rows.push(row(vec!["gap_absolute".into(), g.basis.into()], &Figure { value: Some(g.absolute), ..Figure::default() }, vec![Cell::Empty]));
                t.rows.push(row(vec!["gap_relative".into(), g.basis.into()], &Figure { value: g.relative, ..Figure::default() }, vec![Cell::Empty]));
            }
            if let Some(s) = &q.slope {
                let sii = Figure { value: Some(s.sii), lower_95: s.sii_lower_95, upper_95: s.sii_upper_95, ..Figure::default() };
                let rii = Figure { value: s.rii, lower_95: s.rii_lower_95, upper_95: s.rii_upper_95, ..Figure::default() };
                t.rows.push(row(vec!["sii".into(), s.basis.into()], &sii, vec![Cell::Empty]));
                t.rows.push(row(vec!["rii".into(), s.basis.into()], &rii, vec![Cell::Empty]));
            }
            t
        }
        // England has no opportunity of its own: its members' summed per indicator (`compute::peers`).
        Figures::Peers(p) if p.counted_at_members => {
            let mut t = Table::new(&["indicator", "name", "unit", "member_type", "activity", "cost", "carbon_tonnes", "members_with_opportunity"]);
            let member_type = p.members.as_ref().and_then(|m| m.member_type.clone());
            for b in p.members.iter().flat_map(|m| &m.by_indicator) {
                t.rows.push(vec![
                    b.indicator.clone().into(),
                    b.name.clone().into(),
                    b.unit.clone().into(),
                    member_type.clone().into(),
                    b.activity.into(),
                    b.cost.into(),
                    b.carbon_tonnes.into(),
                    b.members_with_opportunity.into(),
                ]);
            }
            t
        }
        Figures::Peers(p) => {
            let mut t = Table::new(&[
                "indicator",
                "name",
                "unit",
                "period",
                "value",
                "denominator",
                "target_value",
                "peer_median",
                "percentile",
                "rank",
                "of",
                "activity",
                "cost",
                "carbon_tonnes",
                "note",
            ]);
            for r in &p.opportunity {
                t.rows.push(vec![
                    r.indicator.clone().into(),
                    r.name.clone().into(),
                    r.unit.clone().into(),
                    r.period.clone().into(),
                    r.value.into(),
                    r.denominator.into(),
                    r.target_value.into(),
                    r.peer_median.into(),
                    r.percentile.into(),
                    r.rank.into(),
                    r.of.into(),
                    r.activity.into(),
                    r.cost.into(),
                    r.carbon_tonnes.into(),
                    r.note.clone().into(),
                ]);
            }
            t
        }
        Figures::Report(r) => {
            let mut t = columns(
                &["domain", "rating", "indicator", "name", "unit", "period"],
                &[
                    "england",
                    "england_basis",
                    "comparison_95",
                    "comparison_998",
                    "recent_trend",
                    "variation",
                    "members_better",
                    "members_similar",
                    "members_worse",
                    "members_not_compared",
                ],
            );
            for d in &r.domains {
                for x in &d.rows {
                    t.rows.push(row(
                        vec![
                            d.rating.name.clone().into(),
                            d.rating.label.clone().into(),
                            x.indicator.clone().into(),
                            x.name.clone().into(),
                            x.unit.clone().into(),
                            x.period.clone().into(),
                        ],
                        &x.figure,
                        vec![
                            x.england.into(),
                            x.england_basis.into(),
                            x.comparison_95.into(),
                            x.comparison_998.into(),
                            x.recent_trend.id().into(),
                            x.variation.into(),
                            x.members_better.into(),
                            x.members_similar.into(),
                            x.members_worse.into(),
                            x.members_not_compared.into(),
                        ],
                    ));
                }
            }
            t
        }
        Figures::Table(v) => {
            // One column per dimension the rows cut, named as in the bundle
            // (`dim_sex`), empty for the whole population of that dimension.
            let mut dims: Vec<&str> = v.rows.iter().flat_map(|r| r.breakdown.dimensions()).collect();
            dims.sort_unstable();
            dims.dedup();
            let dim_columns: Vec<String> = dims.iter().map(|d| format!("{}{d}", crate::bundle::DIMENSION_PREFIX)).collect();
            // The organisation by name, then its code (a spreadsheet joins on the code).
            let mut names = vec!["indicator", "org_name", "org", "period", "period_start", "period_end"];
            names.extend(dim_columns.iter().map(String::as_str));
            let mut t = columns(&names, &[]);
            for r in &v.rows {
                let mut cells: Vec<Cell> = vec![
                    r.indicator.clone().into(),
                    v.names.get(&r.org).cloned().into(),
                    r.org.clone().into(),
                    r.period.clone().into(),
                    iso_date(r.period_start).into(),
                    iso_date(r.period_end).into(),
                ];
                cells.extend(dims.iter().map(|d| Cell::from(r.breakdown.category(d).unwrap_or_default().to_string())));
                t.rows.push(row(cells, &r.figure, vec![]));
            }
            t
        }
        Figures::Map(m) => {
            let mut t = columns(&["code", "name", "type"], &["comparator_value", "comparison_95", "quintile", "selected"]);
            for r in &m.orgs {
                t.rows.push(row(
                    vec![r.org.code.clone().into(), r.org.name.clone().into(), r.org.org_type.clone().into()],
                    &r.figure,
                    vec![r.comparator_value.into(), r.comparison_95.into(), r.quintile.map(usize::from).into(), r.selected.into()],
                ));
            }
            t
        }
        Figures::NoData { reason } => Table { columns: vec!["no_data".into()], rows: vec![vec![reason.clone().into()]] },
    }
}

/// The view's table as CSV: what the app downloads and `healthdash query --csv` prints.
pub fn view_csv(result: &ViewResult) -> String {
    to_csv(&view_table(result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::compute::tests::run;

    // Every ICB of the map with its value, limits, comparison and quintile (too few for one).
    #[test]
    fn the_map_table_lists_every_area() {
        let t = view_table(&run("view=map&org=I1&ind=ae"));
        assert_eq!(t.columns[..3], ["code", "name", "type"]);
        assert_eq!(t.columns[t.columns.len() - 4..], ["comparator_value", "comparison_95", "quintile", "selected"]);
        let codes: Vec<&Cell> = t.rows.iter().map(|r| &r[0]).collect();
        assert_eq!(codes, vec![&Cell::from("I1"), &Cell::from("I3"), &Cell::from("I2")]);
        let i3 = &t.rows[1];
        assert_eq!(
            (&i3[3], &i3[i3.len() - 3], &i3[i3.len() - 2], &i3[i3.len() - 1]),
            (&Cell::Number(75.0), &Cell::from("worse"), &Cell::Empty, &Cell::from("no"))
        );
        assert!(matches!((&i3[4], &i3[5]), (Cell::Number(l), Cell::Number(u)) if *l < 75.0 && *u > 75.0), "95% limits: {:?}", &i3[4..6]);
        let csv = view_csv(&run("view=map&org=P1&ind=ae&colour=quintile"));
        assert!(csv.lines().any(|l| l.starts_with("P4,Provider Four,provider,90,") && l.ends_with(",better,1,no")), "{csv}");
    }

    // A row the publisher withheld (P4's A&E rows, rule "counts below 10") keeps its place in
    // the table: its value cell says why it has no number, its limits and counts are empty, the
    // CSV carries the same words, and its ICB (I3 = P4 + P5) is not re-summed from P5 alone.
    #[test]
    fn a_suppressed_row_keeps_its_key_and_says_so_in_place_of_its_numbers() {
        use crate::bundle::{Suppression, ValuesTable};
        let mut m = crate::table::fixture::manifest();
        m.suppression = Some(Suppression { below: 10, complementary: true, description: String::new(), indicators: Default::default() });
        let mut ds = crate::table::Dataset::new(m);
        for id in ["ae", "obesity", "beds"] {
            let part: Vec<crate::bundle::ValueRow> = crate::table::fixture::rows()
                .into_iter()
                .filter(|r| r.indicator == id)
                .map(|r| {
                    if r.org == "P4" && id == "ae" {
                        crate::bundle::ValueRow {
                            suppressed: Some(true),
                            ..crate::bundle::ValueRow::new(&r.indicator, &r.org, r.period_start, r.period_end, &r.period_label)
                        }
                    } else {
                        r
                    }
                })
                .collect();
            ds.add_partition(&format!("values/{id}.parquet"), ValuesTable::from_rows(&part));
        }
        let (s, _) = crate::view::resolve(crate::view::parse_query("view=map&org=P1&ind=ae"), ds.manifest());
        let t = view_table(&crate::view::compute(&ds, &s));
        let p4 = t.rows.iter().find(|r| r[0] == Cell::from("P4")).expect("P4 is still listed");
        assert_eq!(p4[3], Cell::from("suppressed to protect counts under 10"));
        assert!(p4[4..10].iter().all(|c| *c == Cell::Empty), "{p4:?}");
        assert_eq!(crate::view::display::cell(&p4[3]), "suppressed to protect counts under 10");
        let csv = view_csv(&crate::view::compute(&ds, &s));
        assert!(csv.lines().any(|l| l.starts_with("P4,Provider Four,provider,suppressed to protect counts under 10,,,,,,,")), "{csv}");
        let r = crate::query::roll_up(&ds, "ae", "I3", Some("provider"), None).unwrap();
        assert!(r.figure.is_empty() && r.missing == vec!["P4"] && r.note.unwrap().contains("suppressed"));
        // Not available stays "–": a missing value is not a suppressed one.
        assert_eq!(crate::view::display::figure_value(&Figure::default(), ds.manifest().indicator("ae").unwrap()), crate::view::display::MISSING);
    }

    // The table view reads by organisation name (the page's table), and its CSV
    // keeps the code beside it for joining.
    #[test]
    fn the_table_view_names_each_organisation_and_keeps_its_code() {
        let t = view_table(&run("view=table&org=P1&ind=ae&time=Mar+2024.."));
        assert_eq!(t.columns[..4], ["indicator", "org_name", "org", "period"]);
        let who: Vec<(&Cell, &Cell)> = t.rows.iter().map(|r| (&r[1], &r[2])).collect();
        assert_eq!(who[0], (&Cell::from("England"), &Cell::from("E92000001")));
        assert_eq!(who[3], (&Cell::from("Provider One"), &Cell::from("P1")));
        assert_eq!(t.columns[1..3].iter().map(|c| crate::view::display::column(c)).collect::<Vec<_>>(), vec!["Organisation", "Code"]);
        let csv = view_csv(&run("view=table&org=P1&ind=ae&time=Mar+2024.."));
        assert!(csv.starts_with("indicator,org_name,org,period,period_start,period_end,value,"), "{csv}");
        assert!(csv.contains("\r\nae,Provider One,P1,Mar 2024,2024-03-01,2024-03-31,80,"), "{csv}");
    }

    #[test]
    fn rfc_4180_quoting() {
        let t = Table { columns: vec!["a".into(), "b".into()], rows: vec![vec!["x,y".into(), "say \"hi\"".into()], vec!["line\nbreak".into(), Cell::Empty]] };
        assert_eq!(to_csv(&t), "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",\r\n");
    }

    #[test]
    fn formulas_in_text_are_neutralised_but_numbers_are_not() {
        let t = Table {
            columns: vec!["c".into()],
            rows: vec![
                vec!["=HYPERLINK(\"x\")".into()],
                vec!["+1".into()],
                vec!["-2".into()],
                vec!["@SUM(A1)".into()],
                vec![Cell::Number(-3.5)],
                vec!["plain".into()],
            ],
        };
        assert_eq!(to_csv(&t), "c\r\n\"'=HYPERLINK(\"\"x\"\")\"\r\n'+1\r\n'-2\r\n'@SUM(A1)\r\n-3.5\r\nplain\r\n");
    }

    #[test]
    fn every_view_has_a_table_with_a_header_and_rows() {
        for (q, rows) in [
            ("org=P1", 4),
            ("view=trend&org=P1&ind=ae", 12),
            ("view=compare&org=P1&ind=ae", 5),
            ("view=inequalities&org=P1&ind=obesity", 1 + 5 + 10 + 5 + 2 + 2 + 2 + 2),
            ("view=peers&org=P1", 3),
            ("view=report&org=R1", 4),
            ("view=table&org=P1&ind=beds", 2 * 4),
        ] {
            let t = view_table(&run(q));
            assert_eq!(t.rows.len(), rows, "{q}");
            assert!(t.rows.iter().all(|r| r.len() == t.columns.len()), "{q}");
        }
        let csv = view_csv(&run("view=compare&org=P1&ind=ae"));
        assert!(csv.starts_with("rank,code,name,type,value,lower_95,"));
        assert!(csv.contains("\r\n1,P4,Provider Four,provider,90,"));
    }

    #[test]
    fn crosstab_pyramid_and_nested_slices_have_their_own_tables() {
        // Cross-tab: 2 groups × 5 quintiles, each group's total, SII and RII, 5 column totals, overall.
        let csv = view_csv(&run("view=inequalities&org=P1&ind=obesity&layout=crosstab"));
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("row_dimension,row_group,column_dimension,column_group,value,lower_95,"), "{}", lines[0]);
        assert_eq!(lines.len(), 1 + 2 * (5 + 1 + 2) + 5 + 1);
        assert!(lines[1].starts_with("ethnicity,White,deprivation_quintile,1,30,") && lines[1].ends_with(",worse"), "{}", lines[1]);
        assert!(lines.iter().any(|l| l.starts_with("ethnicity,White,deprivation_quintile,sii,-12.5")), "{csv}");
        // Pyramid: 3 age bands × 2 sexes.
        let csv = view_csv(&run("view=inequalities&org=P1&ind=obesity&layout=pyramid"));
        assert!(csv.starts_with("age_dimension,age,sex_dimension,sex,value,"));
        assert!(csv.contains("\r\nage,65+,sex,Male,34,"), "{csv}");
        assert_eq!(csv.lines().count(), 1 + 6);
        // Nested: quintile 1's total, then its two ethnic groups compared with it.
        let csv = view_csv(&run("view=inequalities&org=P1&ind=obesity&slice=ethnicity&within=deprivation_quintile:1"));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 3);
        assert!(lines[1].starts_with("ethnicity,,deprivation_quintile,1,29.5,"), "{}", lines[1]);
        assert!(lines[3].starts_with("ethnicity,Asian,deprivation_quintile,1,40,") && lines[3].ends_with(",worse,category"), "{}", lines[3]);
    }

    // The CSV names where the comparator's value comes from: England's published rows, or
    // (beds: I1 publishes none) the parent summed from its providers.
    #[test]
    fn the_csv_names_the_comparator_basis() {
        let csv = view_csv(&run("org=P1"));
        assert!(csv.lines().next().unwrap().contains(",comparator_value,comparator_basis,comparator_member_type,"), "{csv}");
        assert!(csv.contains(",England,"));
        assert!(csv.lines().filter(|l| l.contains(",England,")).all(|l| l.contains(",published,,")), "{csv}");
        let csv = view_csv(&run("org=P1&bench=parent"));
        let beds = csv.lines().find(|l| l.contains(",beds,")).unwrap();
        assert!(beds.contains(",ICB One,") && beds.contains(",rolled_up,provider,"), "{beds}");
        let csv = view_csv(&run("view=trend&org=P1&ind=beds&bench=parent"));
        assert!(csv.lines().skip(1).all(|l| l.ends_with(",rolled_up")), "{csv}");
    }

    // The inequalities CSV carries every summary figure the view shows: the gap, Core20's
    // difference and ratio, and the SII and RII with their limits (one row each).
    #[test]
    fn the_inequalities_csv_has_the_summary_figures() {
        let r = run("view=inequalities&org=P1&ind=obesity");
        let Figures::Inequalities(q) = &r.figures else { panic!() };
        let csv = view_csv(&r);
        let line = |lead: &str| csv.split("\r\n").find(|l| l.starts_with(lead)).unwrap_or_else(|| panic!("no {lead} row in\n{csv}")).to_string();
        let s = q.slope.as_ref().unwrap();
        assert!(line("sii,deprivation_decile,").starts_with(&format!(
            "sii,deprivation_decile,{},{},{}",
            s.sii,
            s.sii_lower_95.unwrap(),
            s.sii_upper_95.unwrap()
        )));
        assert!(line("rii,deprivation_decile,").starts_with(&format!("rii,deprivation_decile,{},", s.rii.unwrap())));
        assert!(line("gap_absolute,").starts_with(&format!("gap_absolute,deprivation_decile,{},", q.gap.as_ref().unwrap().absolute)));
        assert!(line("gap_relative,").contains(",0.7"));
        assert!(line("core20_difference,").starts_with(&format!("core20_difference,deprivation_decile,{},", q.core20.as_ref().unwrap().difference.unwrap())));
        line("core20_ratio,");
    }
}
