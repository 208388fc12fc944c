//! The choices of the inequalities view's slicing control: how to draw
//! (bars, pyramid, cross-tab), which dimension's groups, and within which
//! category of another dimension — each option with the link state it
//! leads to, worked out from the manifest alone (the indicator's
//! `breakdowns` combinations, the dimensions' categories), so the app only
//! draws the lists and follows the one picked.

use super::display::lower_first;
use super::ViewState;
use crate::bundle::{DimensionKind, Manifest};
use crate::params::{Layout, Within};
use serde::Serialize;

/// One option of a list: what it reads as and the state picking it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SliceOption {
    pub label: String,
    #[serde(skip)]
    pub state: ViewState,
}

/// One list of the control, with the option the state has selected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SliceChoice {
    /// Stable id (the element's id and test hook): `layout`, `slice`, `within`.
    pub id: &'static str,
    pub label: &'static str,
    pub options: Vec<SliceOption>,
    pub selected: Option<usize>,
}

/// True when `ind` may hold rows cut by exactly `dims` (it lists that
/// combination, or lists none at all: unknown).
fn has(m: &Manifest, ind: &str, dims: &[&str]) -> bool {
    m.indicator(ind).is_none_or(|i| i.breakdowns.is_empty() || i.has_breakdown(dims))
}

/// The control's lists for `s` (empty when the indicator is cut by no
/// dimension). Options the indicator cannot show are left out: no pyramid
/// without sex × age, no cross-tab without an ethnicity × deprivation
/// combination, only dimensions it is cut by and, within, only those crossed
/// with the chosen slice.
pub fn slicing(m: &Manifest, s: &ViewState) -> Vec<SliceChoice> {
    let ind = s.ind.as_str();
    let cut_by: Vec<&crate::bundle::Dimension> =
        m.dimensions.iter().filter(|d| m.indicator(ind).is_some_and(|i| i.breakdowns.iter().any(|c| c.contains(&d.id)))).collect();
    if cut_by.is_empty() {
        return Vec::new();
    }
    let with = |f: &dyn Fn(&mut ViewState)| {
        let mut n = s.clone();
        f(&mut n);
        n
    };
    let of_kind = |k: DimensionKind| cut_by.iter().filter(move |d| d.kind == k);
    let pyramid = of_kind(DimensionKind::Sex).any(|sex| of_kind(DimensionKind::Age).any(|age| has(m, ind, &[&sex.id, &age.id])));
    let crosstab = of_kind(DimensionKind::Ethnicity).any(|e| of_kind(DimensionKind::Deprivation).any(|d| has(m, ind, &[&e.id, &d.id])));
    let mut layouts = vec![(Layout::Bars, "Bars, one per group")];
    if pyramid {
        layouts.push((Layout::Pyramid, "Pyramid: sex by age band"));
    }
    if crosstab {
        layouts.push((Layout::Crosstab, "Cross-tab: ethnic group by deprivation"));
    }
    let layout = SliceChoice {
        id: "layout",
        label: "Show",
        selected: layouts.iter().position(|(l, _)| *l == s.layout),
        options: layouts
            .into_iter()
            .map(|(l, label)| SliceOption {
                label: label.into(),
                state: with(&|n| {
                    n.layout = l;
                    // A pyramid has no slice; a cross-tab keeps slice and within as rows and columns.
                    if l == Layout::Pyramid {
                        (n.slice, n.within) = (None, None);
                    }
                }),
            })
            .collect(),
    };
    let mut out = vec![layout];
    if s.layout == Layout::Pyramid {
        return out;
    }
    let mut slices =
        vec![SliceOption { label: "Each kind (ethnic group, deprivation, sex, age)".into(), state: with(&|n| (n.slice, n.within) = (None, None)) }];
    slices.extend(cut_by.iter().map(|d| SliceOption {
        label: d.name.clone(),
        state: with(&|n| {
            n.slice = Some(d.id.clone());
            if n.within.as_ref().is_some_and(|w| w.dimension == d.id) {
                n.within = None;
            }
        }),
    }));
    let selected = match &s.slice {
        None => Some(0),
        Some(id) => cut_by.iter().position(|d| d.id == *id).map(|i| i + 1),
    };
    out.push(SliceChoice { id: "slice", label: if s.layout == Layout::Crosstab { "Rows" } else { "Groups" }, options: slices, selected });
    // Within: a dimension crossed with the slice (the default slice, ethnic group, when none is chosen).
    let slice_id = s.slice.clone().or_else(|| of_kind(DimensionKind::Ethnicity).next().map(|d| d.id.clone()));
    let Some(slice_id) = slice_id else {
        return out;
    };
    let mut within = vec![SliceOption {
        label: if s.layout == Layout::Crosstab { "A deprivation dimension".into() } else { "The whole population".into() },
        state: with(&|n| n.within = None),
    }];
    let mut selected = s.within.is_none().then_some(0);
    for d in cut_by.iter().filter(|d| d.id != slice_id && has(m, ind, &[&slice_id, &d.id])) {
        let mut add = |w: Within, label: String| {
            if s.within.as_ref() == Some(&w) {
                selected = Some(within.len());
            }
            within.push(SliceOption { label, state: with(&|n| n.within = Some(w.clone())) });
        };
        add(Within { dimension: d.id.clone(), category: None }, format!("Each {}", lower_first(&d.name)));
        if s.layout != Layout::Crosstab {
            for c in d.most_deprived_first() {
                let which = match (d.kind, d.most_deprived_first().first() == Some(&c), d.most_deprived_first().last() == Some(&c)) {
                    (DimensionKind::Deprivation, true, _) => " (most deprived)",
                    (DimensionKind::Deprivation, _, true) => " (least deprived)",
                    _ => "",
                };
                add(Within { dimension: d.id.clone(), category: Some(c.to_string()) }, format!("{}: {c}{which}", d.name));
            }
        }
    }
    if within.len() > 1 {
        out.push(SliceChoice { id: "within", label: if s.layout == Layout::Crosstab { "Columns" } else { "Within" }, options: within, selected });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::fixture;
    use crate::view::{parse_query, resolve};

    fn lists(q: &str) -> Vec<(&'static str, Vec<String>, Option<usize>)> {
        let m = fixture::manifest();
        let (s, _) = resolve(parse_query(q), &m);
        slicing(&m, &s).into_iter().map(|c| (c.id, c.options.iter().map(|o| o.label.clone()).collect(), c.selected)).collect()
    }

    #[test]
    fn the_lists_follow_what_the_indicator_is_cut_by() {
        let l = lists("view=inequalities&org=P1&ind=obesity");
        assert_eq!(l[0].1, ["Bars, one per group", "Pyramid: sex by age band", "Cross-tab: ethnic group by deprivation"]);
        assert_eq!((l[0].2, l[1].2, l[2].2), (Some(0), Some(0), Some(0)));
        assert_eq!(l[1].1.len(), 1 + 5, "each kind, then the five dimensions obesity is cut by");
        // Within (ethnic group by default): quintiles, each or one, most deprived first.
        assert_eq!(l[2].1[..3], ["The whole population", "Each deprivation quintile", "Deprivation quintile: 1 (most deprived)"]);
        assert_eq!(l[2].1.len(), 2 + 5);
        // ae is cut by nothing: no control.
        assert!(lists("view=inequalities&org=P1&ind=ae").is_empty());
    }

    #[test]
    fn each_option_leads_to_its_link_and_the_current_one_is_selected() {
        let m = fixture::manifest();
        let (s, _) = resolve(parse_query("view=inequalities&org=P1&ind=obesity&slice=ethnicity&within=deprivation_quintile:1"), &m);
        let c = slicing(&m, &s);
        assert_eq!((c[1].selected, c[2].selected), (Some(1), Some(2)));
        let pyramid = &c[0].options[1].state;
        assert_eq!(pyramid.to_query(), "view=inequalities&org=P1&layout=pyramid", "a pyramid drops slice and within");
        assert_eq!(slicing(&m, pyramid).len(), 1, "only the layout list with a pyramid");
        let each = &c[2].options[1].state;
        assert_eq!(each.to_query(), "view=inequalities&org=P1&slice=ethnicity&within=deprivation_quintile");
        // Sex is crossed with age only: within sex, the age bands.
        let sex = c[1].options.iter().find(|o| o.label == "Sex").unwrap();
        let within: Vec<String> = slicing(&m, &sex.state)[2].options.iter().map(|o| o.label.clone()).collect();
        assert_eq!(within, ["The whole population", "Each age", "Age: 0-15", "Age: 16-64", "Age: 65+"]);
    }
}
