//! How figures read on screen: numbers with thousands separators and the
//! indicator's precision, money and carbon, comparison words with a shape as
//! well as a colour (WCAG 2.2 SC 1.4.1, "use of colour"), and plain-English
//! names for the identifiers in view results. The app shows only text made
//! here, so the browser and the CLI word things the same way and the app
//! itself formats nothing.

use super::csv::Cell;
use crate::bundle::{Indicator, Polarity, ValueType};
use crate::params::{Bench, BenchMethod, Breakdown, Colour, PeerSpec, Target, View};
use crate::query::{Basis, Compared};
use crate::stats::trend::Marker;

/// What is shown where there is no value.
pub const MISSING: &str = "–";

/// What is shown, in place of a value, where the publisher withheld it under
/// the small-number rule "counts below `below`" (the manifest's
/// `suppression`): "suppressed to protect counts under 10", never
/// [`MISSING`], so a reader can tell a protected count from a figure nobody
/// published. The words hold for both kinds of withheld cell: one whose own
/// count is under 10, and one withheld with it (complementary suppression)
/// so that it cannot be worked out from a total, whose count may be any
/// size. Both read alike on purpose: telling them apart would point to the
/// small ones.
pub fn suppressed(below: u32) -> String {
    if below > 1 {
        format!("suppressed to protect counts under {below}")
    } else {
        "suppressed".to_string()
    }
}

/// A figure's value with the indicator's unit, the [`suppressed`] marker for
/// a withheld row, or [`MISSING`].
pub fn figure_value(f: &crate::query::Figure, ind: &Indicator) -> String {
    match f.suppressed {
        Some(below) => suppressed(below),
        None => value_with_unit(f.value, ind),
    }
}

/// `x` with `decimals` decimals and commas between thousands; [`MISSING`]
/// for None or a non-finite value.
pub fn number(x: Option<f64>, decimals: usize) -> String {
    let Some(x) = x.filter(|v| v.is_finite()) else {
        return MISSING.to_string();
    };
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let negative = x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "−" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Decimals shown for an indicator's values: whole numbers for counts, two
/// for ratios, one otherwise.
pub fn decimals(ind: &Indicator) -> usize {
    match ind.value_type {
        ValueType::Count => 0,
        ValueType::Ratio => 2,
        _ => 1,
    }
}

/// A value of `ind`, at its precision.
pub fn value(x: Option<f64>, ind: &Indicator) -> String {
    number(x, decimals(ind))
}

/// A value with the indicator's unit: `76.4%`, `12.1 per 1,000`.
pub fn value_with_unit(x: Option<f64>, ind: &Indicator) -> String {
    let v = value(x, ind);
    if x.is_none() || ind.unit.is_empty() {
        v
    } else if ind.unit == "%" {
        format!("{v}%")
    } else {
        format!("{v} {}", ind.unit)
    }
}

/// Pounds sterling, whole pounds: `£1,234,567`.
pub fn pounds(x: Option<f64>) -> String {
    match x.filter(|v| v.is_finite()) {
        Some(v) if v < 0.0 => format!("−£{}", number(Some(-v), 0)),
        Some(v) => format!("£{}", number(Some(v), 0)),
        None => MISSING.to_string(),
    }
}

/// Tonnes of CO2 equivalent, one decimal: `12.3 t CO2e`.
pub fn tonnes(x: Option<f64>) -> String {
    match x.filter(|v| v.is_finite()) {
        Some(v) => format!("{} t CO2e", number(Some(v), 1)),
        None => MISSING.to_string(),
    }
}

/// A confidence or control interval, "12.3 to 14.5" in the indicator's
/// display form, or [`MISSING`] when either end is missing.
pub fn interval(lower: Option<f64>, upper: Option<f64>, ind: &Indicator) -> String {
    match (lower, upper) {
        (Some(_), Some(_)) => format!("{} to {}", value(lower, ind), value(upper, ind)),
        _ => MISSING.to_string(),
    }
}

/// The periods a bundle covers, from its first and last labels: "Apr 2022 to Sep 2025", one label, or "not stated".
pub fn period_range(first: Option<&str>, last: Option<&str>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) | (_, Some(a)) => a.to_string(),
        _ => "not stated".to_string(),
    }
}

/// A whole number of things, with thousands separators and the right plural: "1 indicator", "1,204 organisations".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(Some(n as f64), 0), if n == 1 { one } else { many })
}

/// `n` organisations of a type named `level`: "1 NHS trust", "42 integrated
/// care boards". A capitalised first word is lower-cased (not an acronym);
/// a name whose last word already ends in a plural `s` ("NHS regions",
/// "Counties and unitary authorities", as some bundles name their types) is
/// kept as it is.
pub fn orgs(n: usize, level: &str) -> String {
    let mut chars = level.chars();
    let lower: String = match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => a.to_lowercase().chain(level.chars().skip(1)).collect(),
        _ => level.to_string(),
    };
    let plural_already = lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us");
    if n == 1 || plural_already {
        return format!("{} {lower}", number(Some(n as f64), 0));
    }
    let plural = if let Some(stem) = lower.strip_suffix('y').filter(|_| !lower.ends_with("ey") && !lower.ends_with("ay")) {
        format!("{stem}ies")
    } else if lower.ends_with('s') || lower.ends_with('x') || lower.ends_with("ch") || lower.ends_with("sh") {
        format!("{lower}es")
    } else {
        format!("{lower}s")
    };
    format!("{} {plural}", number(Some(n as f64), 0))
}

/// The words of a domain card of the home organisation's overview, which
/// counts its `members` (organisations of the type named `type_name`)
/// compared with it at 99.8%, one comparison per member and indicator:
/// a headline ("5 better · 12 similar · 4 worse") and what was counted
/// ("7 regions × 3 indicators against England, 1 without a value"). A
/// domain where no member has a value says so instead of three zeros.
pub fn member_card(r: &crate::query::DomainRating, members: usize, type_name: &str, home: &str) -> (String, String) {
    let counted = r.better + r.similar + r.worse;
    let total = counted + r.not_rated;
    let indicators = total.checked_div(members).unwrap_or(0);
    let who = orgs(members, type_name);
    if counted == 0 {
        return ("No comparison".to_string(), format!("None of the {who} has a value to compare with {home}"));
    }
    let missing = if r.not_rated > 0 { format!(", {} without a value", number(Some(r.not_rated as f64), 0)) } else { String::new() };
    (
        format!("{} better · {} similar · {} worse", r.better, r.similar, r.worse),
        format!("{who} × {} against {home}{missing}", count(indicators, "indicator", "indicators")),
    )
}

/// The two headings of an overview that change at the home organisation
/// (named `home`), which is rated by its members rather than itself: the
/// ratings' ("Ratings"; "7 NHS regions compared with England (99.8% limits)")
/// and the comparison column's ("Against England", the benchmark; "7 NHS
/// regions against England", its rows being [`member_counts`]).
pub fn overview_headings(o: &super::compute::Overview, home: &str) -> (String, String) {
    match &o.members {
        Some(t) => {
            let who = orgs(o.member_count, t);
            (format!("{who} compared with {home} (99.8% limits)"), format!("{who} against {home}"))
        }
        None => ("Ratings".to_string(), format!("Against {}", bench_name(o.bench))),
    }
}

/// How the home organisation's members compare with it on one indicator,
/// for its overview row (where it would otherwise read "Not compared":
/// nothing compares England with itself), worded as its cards
/// ([`member_card`]): "1 better · 3 similar · 0 worse", with ", 2 without a
/// value" when some have none; "No comparison" when none was compared.
pub fn member_counts(n: &super::compute::MemberCounts) -> String {
    if n.better + n.similar + n.worse == 0 {
        return "No comparison".to_string();
    }
    let missing = if n.not_compared > 0 { format!(", {} without a value", number(Some(n.not_compared as f64), 0)) } else { String::new() };
    // No-break spaces keep each count with its word, and the dot after it,
    // when a narrow cell wraps.
    format!("{}\u{a0}better\u{a0}· {}\u{a0}similar\u{a0}· {}\u{a0}worse{missing}", n.better, n.similar, n.worse)
}

/// A byte count for download progress: `812 KB`, `2.4 MB`.
pub fn bytes(n: u64) -> String {
    if n < 1024 * 1024 {
        format!("{} KB", number(Some(n as f64 / 1024.0), 0))
    } else {
        format!("{} MB", number(Some(n as f64 / (1024.0 * 1024.0)), 1))
    }
}

/// A percentile rank: `73rd percentile`.
pub fn percentile(x: Option<f64>) -> String {
    let Some(p) = x.filter(|v| v.is_finite()) else {
        return MISSING.to_string();
    };
    let n = p.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix} percentile")
}

/// A comparison as it is shown: a word, a shape that does not rely on
/// colour, and the CSS class that colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    pub word: &'static str,
    pub symbol: &'static str,
    pub class: &'static str,
}

/// The badge of a benchmark comparison.
pub fn compared(c: Compared) -> Badge {
    match c {
        Compared::Better => Badge { word: "Better", symbol: "▲", class: "cmp-better" },
        Compared::Similar => Badge { word: "Similar", symbol: "●", class: "cmp-similar" },
        Compared::Worse => Badge { word: "Worse", symbol: "▼", class: "cmp-worse" },
        Compared::Higher => Badge { word: "Higher", symbol: "△", class: "cmp-higher" },
        Compared::Lower => Badge { word: "Lower", symbol: "▽", class: "cmp-lower" },
        Compared::NotCompared => Badge { word: "Not compared", symbol: "○", class: "cmp-none" },
    }
}

/// The badge of a domain rating level (1 = lowest of four, 4 = highest).
pub fn rating_class(level: Option<u8>) -> &'static str {
    match level {
        Some(4) => "rating-4",
        Some(3) => "rating-3",
        Some(2) => "rating-2",
        Some(1) => "rating-1",
        _ => "rating-none",
    }
}

/// A quintile as a table cell says it: "Quintile 1 (best)" … (Fingertips'
/// numbering: 1 is the best fifth, or the lowest with no better direction).
pub fn quintile(q: Option<u8>, polarity: Polarity) -> String {
    let (first, last) = if polarity == Polarity::Neither { ("lowest", "highest") } else { ("best", "worst") };
    match q {
        Some(1) => format!("Quintile 1 ({first})"),
        Some(5) => format!("Quintile 5 ({last})"),
        Some(q) => format!("Quintile {q}"),
        None => "No quintile".to_string(),
    }
}

/// Plain English for polarity.
pub fn polarity(p: Polarity) -> &'static str {
    match p {
        Polarity::HigherIsBetter => "Higher is better",
        Polarity::LowerIsBetter => "Lower is better",
        Polarity::Neither => "Neither higher nor lower is better",
    }
}

/// Plain English for the identifiers in results: SPC variation and
/// assurance (NHS England, *Making Data Count*), recent-trend directions and
/// SPC point types. Unknown ids are shown with underscores as spaces.
pub fn verdict(id: &str) -> String {
    let known = match id {
        "common_cause" => "Common cause variation",
        "special_cause_improving" => "Special cause: improving",
        "special_cause_concerning" => "Special cause: concerning",
        "special_cause_neither" => "Special cause: neither better nor worse",
        "consistently_passing" => "Consistently passing the target",
        "consistently_failing" => "Consistently failing the target",
        "hit_and_miss" => "Hit and miss against the target",
        "improvement" => "Improvement",
        "concern" => "Concern",
        "neither" => "Special cause (neither)",
        id if Marker::from_id(id).is_some() => return Marker::from_id(id).map(|m| m.words().to_string()).unwrap_or_default(),
        "better" | "similar" | "worse" | "higher" | "lower" | "not_compared" => {
            return compared_from_id(id).map(|c| compared(c).word.to_string()).unwrap_or_default()
        }
        other => return other.replace('_', " "),
    };
    known.to_string()
}

/// Plain English for how an XmR chart's mR̄ was computed (`stats::spc::MovingRanges`).
pub fn moving_ranges(method: &str, excluded: usize) -> String {
    match method {
        "screened_outliers" if excluded == 0 => "all moving ranges (none reached 3.267 × the average, the outlier screen)".to_string(),
        "screened_outliers" => format!("moving ranges screened: {excluded} above 3.267 × the average left out (NHSRplotthedots default)"),
        "all_moving_ranges" => "all moving ranges (no outlier screening)".to_string(),
        other => other.replace('_', " "),
    }
}

/// Words for a comparator that is not the publisher's own figure: "rolled up
/// from trust figures" when England or the parent was summed from its members
/// (`query::rollup::series_basis`); None for published rows.
pub fn comparator_basis(basis: Option<Basis>, member_type: Option<&str>) -> Option<String> {
    match (basis?, member_type) {
        (Basis::Published, _) => None,
        (Basis::RolledUp, Some(t)) => Some(format!("rolled up from {} figures", t.replace('_', " "))),
        (Basis::RolledUp, None) => Some("rolled up from its members".to_string()),
    }
}

#[cfg(test)]
#[test]
fn comparator_basis_is_worded_only_when_rolled_up() {
    assert_eq!(comparator_basis(Some(Basis::RolledUp), Some("nhs_trust")).as_deref(), Some("rolled up from nhs trust figures"));
    assert_eq!(comparator_basis(Some(Basis::Published), None), None);
    assert_eq!(comparator_basis(None, None), None);
}

#[cfg(test)]
#[test]
fn moving_ranges_are_worded() {
    assert!(moving_ranges("screened_outliers", 2).contains("2 above 3.267"));
    assert!(moving_ranges("all_moving_ranges", 0).contains("no outlier screening"));
}

fn compared_from_id(id: &str) -> Option<Compared> {
    [Compared::Better, Compared::Similar, Compared::Worse, Compared::Higher, Compared::Lower, Compared::NotCompared].into_iter().find(|c| c.id() == id)
}

/// The heading of a view-table column.
pub fn column(name: &str) -> String {
    let known = match name {
        "value" => "Value",
        "lower_95" => "Lower 95% limit",
        "upper_95" => "Upper 95% limit",
        "lower_998" => "Lower 99.8% limit",
        "upper_998" => "Upper 99.8% limit",
        "comparison_95" => "Compared (95%)",
        "comparison_998" => "Compared (99.8%)",
        "peer_median" => "Peer median",
        "peer_percentile" => "Peer percentile",
        "peer_rank" => "Rank among peers",
        "peer_of" => "Peers with a value",
        "period_start" => "Period start",
        "lower_process_limit" => "Lower process limit",
        "upper_process_limit" => "Upper process limit",
        "point_type" => "SPC point",
        "carbon_tonnes" => "Carbon (t CO2e)",
        "cost" => "Cost (£)",
        "sii" => "SII",
        "rii" => "RII",
        "code" => "Code",
        "org_name" => "Organisation",
        "org" => "Code",
        "type" => "Type",
        other => {
            let mut s = other.replace('_', " ");
            if let Some(first) = s.get(0..1) {
                s.replace_range(0..1, &first.to_uppercase());
            }
            return s;
        }
    };
    known.to_string()
}

/// A table cell as text: numbers to at most three decimals (trailing zeros
/// dropped), text as it is, comparison ids as words.
pub fn cell(c: &Cell) -> String {
    match c {
        Cell::Empty => MISSING.to_string(),
        Cell::Number(x) => {
            let s = number(Some(*x), 3);
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        }
        Cell::Text(t) => match compared_from_id(t) {
            Some(c) => compared(c).word.to_string(),
            None => t.clone(),
        },
    }
}

/// Whether a cell is right-aligned as a number.
pub fn is_number(c: &Cell) -> bool {
    matches!(c, Cell::Number(_))
}

/// A view's name in navigation and titles.
pub fn view_name(v: View) -> &'static str {
    match v {
        View::Overview => "Overview",
        View::Trend => "Trend",
        View::Compare => "Compare",
        View::Inequalities => "Inequalities",
        View::Peers => "Peers and opportunity",
        View::Report => "Report",
        View::Table => "Table",
        View::Map => "Map",
    }
}

/// What a benchmark choice reads as.
pub fn bench_name(b: Bench) -> &'static str {
    match b {
        Bench::England => "England",
        Bench::Parent => "Parent organisation",
        Bench::Peers => "Peer median",
    }
}

/// What a comparison method reads as (OHID Fingertips' methods: the
/// organisation's 95% or 99.8% confidence interval against the benchmark's
/// value, or its quintile among organisations of its type).
pub fn method_name(m: BenchMethod) -> &'static str {
    match m {
        BenchMethod::Ci95 => "95% confidence interval",
        BenchMethod::Ci998 => "99.8% confidence interval",
        BenchMethod::Quintiles => "Quintiles",
    }
}

/// What a map's colouring reads as.
pub fn colour_name(c: Colour) -> &'static str {
    match c {
        Colour::Significance => "Comparison with the benchmark",
        Colour::Quintile => "Quintile",
    }
}

/// What an opportunity target reads as.
pub fn target_name(t: Target) -> &'static str {
    match t {
        Target::Median => "Peer median",
        Target::Quartile => "Best quartile of peers",
        Target::Decile => "Best decile of peers",
    }
}

/// What a breakdown reads as.
pub fn breakdown_name(b: Option<Breakdown>) -> &'static str {
    match b {
        None => "Whole population",
        Some(Breakdown::Ethnicity) => "Ethnic group",
        Some(Breakdown::Deprivation) => "Deprivation",
        Some(Breakdown::Sex) => "Sex",
        Some(Breakdown::Age) => "Age",
    }
}

/// What a peer group choice reads as.
pub fn peers_name(p: &PeerSpec) -> String {
    match p {
        PeerSpec::Cluster => "Same peer cluster".into(),
        PeerSpec::Type => "All of the same type".into(),
        PeerSpec::Nearest(k) => format!("{k} most similar (nearest neighbours)"),
        PeerSpec::List(codes) => format!("Chosen organisations ({})", codes.len()),
    }
}

/// A file name stem for downloads of a view: `healthdash-trend-E54000008-ae_4_hours`,
/// with anything but ASCII letters, digits, `-` and `_` replaced, and at most 120 characters.
pub fn file_stem(result: &super::ViewResult, key: Option<&str>) -> String {
    use super::Figures as F;
    let view = match &result.figures {
        F::Overview(_) => "overview",
        F::Trend(_) => "trend",
        F::Compare(_) => "compare",
        F::Inequalities(_) => "inequalities",
        F::Peers(_) => "peers",
        F::Report(_) => "report",
        F::Table(_) => "table",
        F::Map(_) => "map",
        F::NoData { .. } => "view",
    };
    let mut parts = vec!["healthdash".to_string(), view.to_string()];
    if let Some(o) = &result.org {
        parts.push(o.code.clone());
    }
    if let Some(i) = &result.indicator {
        parts.push(i.id.clone());
    }
    if let Some(k) = key {
        parts.push(k.to_string());
    }
    let stem: String = parts.join("-").chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    stem.chars().take(120).collect()
}

/// The heading over a cross-tab's per-row slopes: "Ethnic group across
/// deprivation quintile: slope and relative index of inequality".
pub fn crosstab_slopes_heading(x: &crate::query::CrossTab) -> String {
    format!("{} across {}: slope and relative index of inequality", x.rows_name, lower_first(&x.columns_name))
}

/// One row's slope across the columns of a cross-tab, in words:
/// "SII 13.64 (95% CI 10.2 to 17.1); RII 1.21 (95% CI 1.15 to 1.27)".
pub fn slope_words(s: Option<&crate::query::Slope>) -> String {
    match s {
        Some(s) => format!(
            "SII {} (95% CI {} to {}); RII {} (95% CI {} to {})",
            number(Some(s.sii), 2),
            number(s.sii_lower_95, 2),
            number(s.sii_upper_95, 2),
            number(s.rii, 2),
            number(s.rii_lower_95, 2),
            number(s.rii_upper_95, 2)
        ),
        None => "not computed: a group lacks a value or a population".into(),
    }
}

/// `s` with its first letter in lower case, for a name inside a sentence
/// ("Ethnic group (ONS 2021)" → "ethnic group (ONS 2021)": acronyms kept).
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_and_period_ranges_read_as_text() {
        let ind = crate::table::fixture::manifest().indicator("ae").cloned().unwrap();
        assert_eq!(interval(Some(74.0), Some(76.25), &ind), format!("{} to {}", value(Some(74.0), &ind), value(Some(76.25), &ind)));
        assert_eq!(interval(Some(74.0), None, &ind), MISSING);
        assert_eq!(period_range(Some("Apr 2022"), Some("Sep 2025")), "Apr 2022 to Sep 2025");
        assert_eq!(period_range(Some("2023"), Some("2023")), "2023");
        assert_eq!(period_range(None, None), "not stated");
    }

    #[test]
    fn counts_take_the_right_plural() {
        assert_eq!(count(1, "indicator", "indicators"), "1 indicator");
        assert_eq!(count(0, "indicator", "indicators"), "0 indicators");
        assert_eq!(count(1204, "organisation", "organisations"), "1,204 organisations");
    }
    use crate::table::fixture;

    #[test]
    fn numbers_group_thousands_and_round() {
        assert_eq!(number(Some(1234567.891), 1), "1,234,567.9");
        assert_eq!(number(Some(999.96), 1), "1,000.0");
        assert_eq!(number(Some(-1234.5), 0), "−1,234");
        assert_eq!(number(Some(-0.04), 1), "0.0");
        assert_eq!(number(Some(12.0), 0), "12");
        assert_eq!(number(None, 1), MISSING);
        assert_eq!(number(Some(f64::NAN), 1), MISSING);
    }

    #[test]
    fn money_carbon_bytes_and_percentiles() {
        assert_eq!(pounds(Some(1_250_000.4)), "£1,250,000");
        assert_eq!(pounds(Some(-20.0)), "−£20");
        assert_eq!(tonnes(Some(12.345)), "12.3 t CO2e");
        assert_eq!(bytes(2048), "2 KB");
        assert_eq!(bytes(3 * 1024 * 1024 + 400 * 1024), "3.4 MB");
        assert_eq!(percentile(Some(72.6)), "73rd percentile");
        assert_eq!(percentile(Some(11.0)), "11th percentile");
        assert_eq!(percentile(Some(21.0)), "21st percentile");
        assert_eq!(percentile(Some(112.0)), "112th percentile");
    }

    #[test]
    fn values_follow_the_indicator() {
        let m = fixture::manifest();
        let ae = m.indicator("ae").unwrap();
        assert_eq!(value_with_unit(Some(76.43), ae), format!("76.4{}", if ae.unit == "%" { "%".to_string() } else { format!(" {}", ae.unit) }));
        assert_eq!(value_with_unit(None, ae), MISSING);
    }

    #[test]
    fn every_comparison_has_a_word_and_a_distinct_shape() {
        let all = [Compared::Better, Compared::Similar, Compared::Worse, Compared::Higher, Compared::Lower, Compared::NotCompared];
        let symbols: std::collections::HashSet<_> = all.iter().map(|c| compared(*c).symbol).collect();
        assert_eq!(symbols.len(), all.len());
        assert_eq!(cell(&Cell::Text("not_compared".into())), "Not compared");
        assert_eq!(verdict("better"), "Better");
    }

    #[test]
    fn file_names_are_safe() {
        let ds = fixture::dataset();
        let (s, _) = crate::view::resolve(crate::view::parse_query("view=trend&org=P1&ind=obesity"), ds.manifest());
        let mut r = crate::view::compute(&ds, &s);
        assert_eq!(file_stem(&r, Some("xmr")), "healthdash-trend-P1-obesity-xmr");
        r.org.as_mut().unwrap().code = "../<x>".into();
        assert_eq!(file_stem(&r, None), "healthdash-trend-____x_-obesity");
    }

    #[test]
    fn ids_read_as_words() {
        assert_eq!(verdict("special_cause_concerning"), "Special cause: concerning");
        assert_eq!(verdict("something_new"), "something new");
        assert_eq!(column("lower_95"), "Lower 95% limit");
        assert_eq!(column("members_with_opportunity"), "Members with opportunity");
        assert_eq!(cell(&Cell::Number(2.5)), "2.5");
        assert_eq!(cell(&Cell::Number(1234.0)), "1,234");
        assert_eq!(cell(&Cell::Number(0.1234)), "0.123");
        assert_eq!(cell(&Cell::Empty), MISSING);
    }

    #[test]
    fn member_cards_count_members_and_never_read_as_three_zeros() {
        let card = |b, s, w, n| crate::query::DomainRating {
            domain: "urgent".into(),
            name: "Urgent care".into(),
            kind: String::new(),
            level: None,
            label: None,
            better: b,
            similar: s,
            worse: w,
            not_rated: n,
        };
        assert_eq!(
            member_card(&card(5, 12, 4, 0), 7, "NHS England region", "England"),
            ("5 better · 12 similar · 4 worse".to_string(), "7 NHS England regions × 3 indicators against England".to_string())
        );
        assert_eq!(
            member_card(&card(1, 0, 0, 1), 2, "Integrated care boards", "England").1,
            "2 integrated care boards × 1 indicator against England, 1 without a value"
        );
        let none = member_card(&card(0, 0, 0, 14), 7, "NHS regions", "England");
        assert_eq!(none.0, "No comparison");
        assert!(none.1.contains("7 NHS regions") && !none.1.contains('0'), "{none:?}");
    }

    // England's overview row for one indicator: its 7 regions against it.
    #[test]
    fn a_member_count_row_reads_like_the_cards() {
        use crate::view::compute::MemberCounts;
        let n = |better, similar, worse, not_compared| MemberCounts { better, similar, worse, not_compared };
        assert_eq!(member_counts(&n(2, 4, 1, 0)), "2\u{a0}better\u{a0}· 4\u{a0}similar\u{a0}· 1\u{a0}worse");
        assert_eq!(member_counts(&n(0, 5, 0, 2)), "0\u{a0}better\u{a0}· 5\u{a0}similar\u{a0}· 0\u{a0}worse, 2 without a value");
        assert_eq!(member_counts(&n(0, 0, 0, 7)), "No comparison");
    }

    #[test]
    fn organisation_counts_take_the_plural_once() {
        assert_eq!(orgs(42, "Integrated care board"), "42 integrated care boards");
        assert_eq!(orgs(7, "NHS regions"), "7 NHS regions");
        assert_eq!(orgs(1, "NHS trust"), "1 NHS trust");
        assert_eq!(orgs(1204, "GP practice"), "1,204 GP practices");
        assert_eq!(orgs(3, "local authority"), "3 local authorities");
    }
}

#[cfg(test)]
#[test]
fn quintiles_name_their_best_end_by_polarity() {
    assert_eq!(quintile(Some(1), Polarity::HigherIsBetter), "Quintile 1 (best)");
    assert_eq!(quintile(Some(5), Polarity::Neither), "Quintile 5 (highest)");
    assert_eq!(quintile(Some(3), Polarity::LowerIsBetter), "Quintile 3");
    assert_eq!(quintile(None, Polarity::LowerIsBetter), "No quintile");
}
