//! Period labels ⇄ inclusive date ranges.
//!
//! Publishers name periods in words ("2018/19", "2021/22 Q3", "Apr 2023",
//! "2016 - 18"); a bundle stores each period as start and end dates plus the
//! label. [`parse_label`] reads the forms Fingertips and NHS England use;
//! [`label_for`] writes a label for a date range when an input gives only dates.

use healthdash_core::period::{civil_from_days, days_from_civil, days_in_month};

/// How a split-year label such as `2018/19` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitYear {
    /// 1 April – 31 March (the NHS and local-government year; Fingertips' default).
    Financial,
    /// 1 September – 31 August (school years, e.g. the National Child Measurement Programme).
    Academic,
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_LABELS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The forms [`parse_label`] accepts, for error messages.
pub const LABEL_FORMS: &str = "a period like 2020, 2018/19, 2021/22 Q3, 2023 Q1, Apr 2023, April 2023, 2016 - 18 or 2016/17 - 18/19";

fn month_end(y: i32, m: u32) -> i32 {
    days_from_civil(y, m, days_in_month(y, m))
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn month(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    let l = l.trim_end_matches('.');
    let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    MONTHS.iter().zip(full).position(|(short, long)| l == *short || l == long || (l == "sept" && *short == "sep")).map(|i| i as u32 + 1)
}

/// `2018/19` or `2018/2019` → the first year, when the second follows it.
fn split_year(s: &str) -> Option<i32> {
    let (a, b) = s.split_once('/')?;
    let y = year(a)?;
    let next = match b.len() {
        2 => (y / 100) * 100 + b.parse::<i32>().ok()?,
        4 => b.parse::<i32>().ok()?,
        _ => return None,
    };
    (next == y + 1 || (b.len() == 2 && next + 100 == y + 1)).then_some(y)
}

fn quarter(s: &str) -> Option<u32> {
    let q = s.strip_prefix('Q').or_else(|| s.strip_prefix('q'))?;
    q.parse::<u32>().ok().filter(|q| (1..=4).contains(q))
}

/// Parses one period (no range).
fn single(s: &str, split: SplitYear) -> Option<(i32, i32)> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.as_slice() {
        [y] => {
            if let Some(y) = year(y) {
                return Some((days_from_civil(y, 1, 1), days_from_civil(y, 12, 31)));
            }
            if let Some(y) = split_year(y) {
                let m = if split == SplitYear::Financial { 4 } else { 9 };
                return Some((days_from_civil(y, m, 1), days_from_civil(y + 1, m, 1) - 1));
            }
            healthdash_core::period::parse_iso_date(y).map(|d| (d, d))
        }
        [a, b] => {
            if let Some((y, q)) = either(a, b, split_year, quarter) {
                // Financial quarters: Q1 = April–June … Q4 = January–March of the next year.
                let (yy, m) = if q == 4 { (y + 1, 1) } else { (y, 3 * q + 1) };
                return Some((days_from_civil(yy, m, 1), month_end(yy, m + 2)));
            }
            if let Some((y, q)) = either(a, b, year, quarter) {
                let m = 3 * q - 2;
                return Some((days_from_civil(y, m, 1), month_end(y, m + 2)));
            }
            let (m, y) = (month(a)?, year(b)?);
            Some((days_from_civil(y, m, 1), month_end(y, m)))
        }
        _ => None,
    }
}

/// `f(a)` and `g(b)`, or else `f(b)` and `g(a)`: "2021/22 Q3" and "Q3 2021/22" alike.
fn either<A, B>(a: &str, b: &str, f: fn(&str) -> Option<A>, g: fn(&str) -> Option<B>) -> Option<(A, B)> {
    f(a).zip(g(b)).or_else(|| f(b).zip(g(a)))
}

/// Parses a period label into inclusive (start, end) day counts.
pub fn parse_label(label: &str, split: SplitYear) -> Option<(i32, i32)> {
    let s = label.trim();
    if let Some(p) = single(s, split) {
        return Some(p);
    }
    // Ranges: "2016 - 18", "2016/17 - 18/19", "Apr 2022 - Mar 2023", "2016-18".
    let (left, right) = s.split_once(" - ").or_else(|| s.split_once(" – ")).or_else(|| {
        let (a, b) = s.split_once('-')?;
        (year(a).is_some() && b.len() == 2).then_some((a, b))
    })?;
    let (left, right) = (left.trim(), right.trim());
    let (start, first_end) = single(left, split)?;
    let century = civil_from_days(start).0 / 100 * 100;
    let end = single(right, split)
        .or_else(|| {
            let expanded = if right.len() == 2 {
                format!("{}", century + right.parse::<i32>().ok()?)
            } else {
                let (a, b) = right.split_once('/')?;
                format!("{}/{b}", century + a.parse::<i32>().ok()?)
            };
            single(&expanded, split)
        })?
        .1;
    (end >= first_end).then_some((start, end))
}

/// A label for an inclusive date range: `2020`, `2020/21`, `Apr 2023`,
/// `2021/22 Q3` (financial) or `2021 Q4` (calendar), `2016 - 18`, else
/// `2020-01-05 to 2020-02-04`.
pub fn label_for(start: i32, end: i32, financial: bool) -> String {
    let (y0, m0, d0) = civil_from_days(start);
    let (y1, m1, d1) = civil_from_days(end);
    let whole_months = d0 == 1 && d1 == days_in_month(y1, m1);
    let months = (y1 - y0) * 12 + m1 as i32 - m0 as i32 + 1;
    if whole_months {
        match (months, m0) {
            (1, _) => return format!("{} {y0}", MONTH_LABELS[m0 as usize - 1]),
            (3, m) if financial && m % 3 == 1 => {
                let fy = if m == 1 { y0 - 1 } else { y0 };
                let q = if m == 1 { 4 } else { (m - 1) / 3 };
                return format!("{fy}/{:02} Q{q}", (fy + 1) % 100);
            }
            (3, m) if m % 3 == 1 => return format!("{y0} Q{}", m.div_ceil(3)),
            (12, 1) => return format!("{y0}"),
            (12, 4) | (12, 9) => return format!("{y0}/{:02}", (y0 + 1) % 100),
            (n, 1) if n % 12 == 0 => return format!("{y0} - {:02}", y1 % 100),
            (n, 4) if n % 12 == 0 => return format!("{y0}/{:02} - {:02}/{:02}", (y0 + 1) % 100, (y1 - 1) % 100, y1 % 100),
            _ => {}
        }
    }
    format!("{} to {}", healthdash_core::period::iso_date(start), healthdash_core::period::iso_date(end))
}

/// The manifest's `period_type` for a date range: `month`, `quarter`, `year`,
/// `financial_year`, `academic_year`, or `other`.
pub fn period_type_of(start: i32, end: i32) -> &'static str {
    let (y0, m0, d0) = civil_from_days(start);
    let (y1, m1, d1) = civil_from_days(end);
    if d0 != 1 || d1 != days_in_month(y1, m1) {
        return "other";
    }
    match ((y1 - y0) * 12 + m1 as i32 - m0 as i32 + 1, m0) {
        (1, _) => "month",
        (3, _) => "quarter",
        (12, 1) => "year",
        (12, 4) => "financial_year",
        (12, 9) => "academic_year",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthdash_core::period::iso_date;

    fn p(s: &str) -> (String, String) {
        let (a, b) = parse_label(s, SplitYear::Financial).unwrap_or_else(|| panic!("{s} did not parse"));
        (iso_date(a), iso_date(b))
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn fingertips_and_nhs_labels() {
        assert_eq!(p("2020"), pair("2020-01-01", "2020-12-31"));
        assert_eq!(p("2018/19"), pair("2018-04-01", "2019-03-31"));
        assert_eq!(p("1999/00"), pair("1999-04-01", "2000-03-31"));
        assert_eq!(p("2021/22 Q3"), pair("2021-10-01", "2021-12-31"));
        assert_eq!(p("2021/22 Q4"), pair("2022-01-01", "2022-03-31"));
        assert_eq!(p("2023 Q1"), pair("2023-01-01", "2023-03-31"));
        assert_eq!(p("Apr 2023"), pair("2023-04-01", "2023-04-30"));
        assert_eq!(p("February 2024"), pair("2024-02-01", "2024-02-29"));
        assert_eq!(p("2016 - 18"), pair("2016-01-01", "2018-12-31"));
        assert_eq!(p("2016/17 - 18/19"), pair("2016-04-01", "2019-03-31"));
        assert_eq!(p("Apr 2022 - Mar 2023"), pair("2022-04-01", "2023-03-31"));
        assert_eq!(p("2024-02-29"), pair("2024-02-29", "2024-02-29"));
        let (a, b) = parse_label("2018/19", SplitYear::Academic).unwrap();
        assert_eq!((iso_date(a), iso_date(b)), pair("2018-09-01", "2019-08-31"));
    }

    #[test]
    fn nonsense_is_rejected() {
        for s in ["", "2018/20", "Q5 2020", "Smarch 2020", "20", "2018 - 16", "2020/21 Q0", "soon"] {
            assert_eq!(parse_label(s, SplitYear::Financial), None, "{s}");
        }
    }

    #[test]
    fn labels_round_trip() {
        for s in ["2020", "2018/19", "Apr 2023", "2021/22 Q3", "2021/22 Q4", "2016 - 18", "2016/17 - 18/19"] {
            let (a, b) = parse_label(s, SplitYear::Financial).unwrap();
            assert_eq!(label_for(a, b, true), s);
        }
        let (a, b) = parse_label("2023 Q2", SplitYear::Financial).unwrap();
        assert_eq!(label_for(a, b, false), "2023 Q2");
        assert_eq!(label_for(10, 20, false), "1970-01-11 to 1970-01-21");
        assert_eq!(period_type_of(a, b), "quarter");
    }
}
